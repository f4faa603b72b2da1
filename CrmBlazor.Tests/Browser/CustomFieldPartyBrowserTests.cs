using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Custom fields on contacts in a real browser: live in a user's open list, filled on the page, a chosen column remembered, a filter.</summary>
public sealed class CustomFieldPartyBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task AdminAddsAContactField_AUsersOpenListOffersItLive_TheUserFillsIt_ShowsItsColumn_AndFiltersByIt()
    {
        var suffix = Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        var code = $"UF_CTIER{suffix}";
        var name = $"Contact tier {suffix}";
        var adminEmail = await Fixture.EnsureAdminAsync("fields-admin@test.crm");
        var anna = await Fixture.App.ActorAsync("anna@demo.crm");
        var contacts = Fixture.App.Get<ContactService>();
        var gold = await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Goldie", LastName = $"Tier{suffix}" }, anna);
        var plain = await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Plain", LastName = $"Tier{suffix}" }, anna);
        Assert.True(gold.IsOk && plain.IsOk);

        var page = await Fixture.SignInAsync("anna@demo.crm", "/contacts");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Search" }).FillAsync($"Tier{suffix}");
        await Expect(page.GetByTestId("contacts-table").GetByRole(AriaRole.Link, new() { Name = $"Plain Tier{suffix}" })).ToBeVisibleAsync();

        // The admin adds the field while the list is open: the column chooser offers it without a reload.
        var field = await Fixture.App.Get<CustomFieldService>().SaveAsync(null, 0, new CustomFieldInput
        {
            EntityKind = ElementKind.Contact, Code = code, Type = CustomFieldType.List, NameEn = name, NamePl = $"Poziom kontaktu {suffix}",
            Options = [new(null, "Gold"), new(null, "Silver")],
        }, await Fixture.App.ActorAsync(adminEmail));
        Assert.True(field.IsOk);
        await page.GetByTestId("column-chooser").ClickAsync();
        await Expect(page.Locator($"[data-column='{code}']")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = name }).CheckAsync();
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = name })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();

        // The user fills it on the contact's page.
        await page.GotoAsync($"/contacts/{gold.Value!.Id}");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.GetByTestId("edit-Custom").ClickAsync();
        await page.Locator("[data-in-place-editing='Custom']").GetByLabel(name).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Gold" }).ClickAsync();
        await page.Locator("h1").ClickAsync();   // leaving the fields saves them
        await Expect(page.GetByText("Saved.")).ToBeVisibleAsync();

        // Back on the list the chosen column is remembered and shows the value; the filter keeps only that contact.
        await page.GotoAsync("/contacts");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Search" }).FillAsync($"Tier{suffix}");
        var table = page.GetByTestId("contacts-table");
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = name })).ToBeVisibleAsync();
        await Expect(table.Locator("tr").Filter(new() { HasText = $"Goldie Tier{suffix}" })).ToContainTextAsync("Gold");
        await Expect(table.GetByRole(AriaRole.Link, new() { Name = $"Plain Tier{suffix}" })).ToBeVisibleAsync();
        await page.GetByLabel($"Filter by {name}").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Gold" }).ClickAsync();
        await Expect(table.GetByRole(AriaRole.Link, new() { Name = $"Plain Tier{suffix}" })).ToHaveCountAsync(0);
        await Expect(table.GetByRole(AriaRole.Link, new() { Name = $"Goldie Tier{suffix}" })).ToBeVisibleAsync();
        var contact = (await contacts.GetAsync(gold.Value.Id))!;
        Assert.Equal([field.Value!.Options[0].Id], contact.Input.Custom[code].Options);
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task CompanyList_FiltersByANumberRangeAndYesOrNo_TheAddressKeepsThemOverAReload()
    {
        var suffix = Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        var admin = await Fixture.App.ActorAsync(await Fixture.EnsureAdminAsync("fields-admin@test.crm"));
        var fields = Fixture.App.Get<CustomFieldService>();
        var staff = await fields.SaveAsync(null, 0, new CustomFieldInput
        {
            EntityKind = ElementKind.Company, Code = $"UF_STAFF{suffix}", Type = CustomFieldType.Number, NameEn = $"Staff {suffix}", NamePl = $"Kadra {suffix}",
        }, admin);
        var partner = await fields.SaveAsync(null, 0, new CustomFieldInput
        {
            EntityKind = ElementKind.Company, Code = $"UF_PARTNER{suffix}", Type = CustomFieldType.YesNo, NameEn = $"Partner {suffix}", NamePl = $"Partner {suffix}",
        }, admin);
        Assert.True(staff.IsOk && partner.IsOk);
        var anna = await Fixture.App.ActorAsync("anna@demo.crm");
        var companies = Fixture.App.Get<CompanyService>();
        foreach (var (name, people, isPartner) in new[] { ("Big", 500m, true), ("Small", 12m, false), ("Mid", 150m, false) })
        {
            Assert.True((await companies.SaveAsync(null, 0, new CompanyInput
            {
                Name = $"{name} Firm{suffix}",
                Custom = new Dictionary<string, CustomValue> { [staff.Value!.Code] = new() { Number = people }, [partner.Value!.Code] = new() { Flag = isPartner } },
            }, anna)).IsOk);
        }

        var page = await Fixture.SignInAsync("anna@demo.crm", $"/companies?q=Firm{suffix}");
        var table = page.GetByTestId("companies-table");
        var firms = table.GetByRole(AriaRole.Link, new() { Name = $"Firm{suffix}" });
        await Expect(firms).ToHaveCountAsync(3);
        await page.GetByLabel($"Staff {suffix} from", new() { Exact = true }).FillAsync("100");
        await page.GetByLabel($"Staff {suffix} from", new() { Exact = true }).PressAsync("Tab");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"cf{staff.Value!.Id}=100\\.\\."));
        await Expect(firms).ToHaveCountAsync(2);
        await page.GetByLabel($"Filter by Partner {suffix}").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "No" }).ClickAsync();
        await Expect(firms).ToHaveCountAsync(1);
        await Expect(table.GetByRole(AriaRole.Link, new() { Name = $"Mid Firm{suffix}" })).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);

        await page.ReloadAsync();
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(firms).ToHaveCountAsync(1);
        await Expect(table.GetByRole(AriaRole.Link, new() { Name = $"Mid Firm{suffix}" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel($"Staff {suffix} from", new() { Exact = true })).ToHaveValueAsync("100");
        await CloseCheckedAsync(page);
    }
}
