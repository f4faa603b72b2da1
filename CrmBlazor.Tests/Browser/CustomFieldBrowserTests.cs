using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Custom fields in a real browser: an admin adds one, a user fills it, filters by it and completes the lead into a deal that carries it.</summary>
public sealed partial class CustomFieldBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task AdminAddsAListField_AUserFillsItOnALead_FiltersByIt_AndTheDealFromCompleteLeadCarriesIt()
    {
        // A field of the test's own (never required), so other tests' forms still save.
        var suffix = Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var code = $"UF_TIER{suffix}";
        var name = $"Tier {suffix}";
        var adminEmail = await Fixture.EnsureAdminAsync("fields-admin@test.crm");
        var admin = await Fixture.SignInAsync(adminEmail, "/settings/custom-fields");
        await admin.GetByRole(AriaRole.Textbox, new() { Name = "Code" }).FillAsync($"tier{suffix}");
        await admin.GetByLabel("Type").ClickAsync();
        await admin.GetByRole(AriaRole.Option, new() { Name = "List", Exact = true }).ClickAsync();
        await admin.GetByRole(AriaRole.Textbox, new() { Name = "Name in English" }).FillAsync(name);
        await admin.GetByRole(AriaRole.Textbox, new() { Name = "Name in Polish" }).FillAsync($"Poziom {suffix}");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add an option" }).ClickAsync();
        await admin.GetByRole(AriaRole.Textbox, new() { Name = "Option 1" }).FillAsync("Gold");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add an option" }).ClickAsync();
        await admin.GetByRole(AriaRole.Textbox, new() { Name = "Option 2" }).FillAsync("Silver");
        await admin.GetByRole(AriaRole.Switch, new() { Name = "Shown in the list" }).CheckAsync();
        await admin.GetByTestId("custom-field-save").ClickAsync();
        await Expect(admin.Locator($"[data-code='{code}']")).ToContainTextAsync(name);
        await Axe.AssertAccessibleAsync(admin);
        // The deal's field of the same code, which Complete lead fills.
        var dealField = await Fixture.App.Get<CustomFieldService>().SaveAsync(null, 0, new CustomFieldInput
        {
            EntityKind = ElementKind.Deal, Code = code, Type = CustomFieldType.List, NameEn = $"Deal tier {suffix}", NamePl = $"Poziom dealu {suffix}",
            Options = [new(null, "Silver"), new(null, "Gold")],
        }, await Fixture.App.ActorAsync(adminEmail));
        Assert.True(dealField.IsOk);

        var page = await Fixture.SignInAsync("manager@demo.crm", "/leads/new");
        await Field(page, "Title").FillAsync($"Gold lead {suffix}");
        await Field(page, "Phone").FillAsync("+44 20 7946 0456");
        await page.GetByLabel(name).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Gold" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(LeadUrl());
        var leadId = int.Parse(LeadUrl().Match(page.Url).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var other = await Fixture.App.Get<LeadService>().CreateAsync(new LeadInput { Title = $"Plain lead {suffix}", Emails = [new($"plain{suffix}@example.com")] },
            await Fixture.App.ActorAsync("manager@demo.crm"));
        Assert.True(other.IsOk);

        await page.GotoAsync("/leads");
        await BrowserFixture.WaitInteractiveAsync(page);
        // Words, not the suffix alone: six digits can be a valid Polish number ("640001"), which the list looks up as
        // a phone (an exact match on the normalized numbers) instead of as text.
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Name, company, e-mail or phone" }).FillAsync($"lead {suffix}");
        await Expect(page.Locator($"[data-lead-id='{other.Value!.Id}']")).ToBeVisibleAsync();
        await page.GetByLabel($"Filter by {name}").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Gold" }).ClickAsync();
        var row = page.Locator("tr").Filter(new() { Has = page.Locator($"[data-lead-id='{leadId}']") });
        await Expect(row).ToContainTextAsync("Gold");
        await Expect(page.Locator($"[data-lead-id='{other.Value.Id}']")).ToHaveCountAsync(0);

        await page.GotoAsync($"/leads/{leadId}");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Complete lead" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByTestId("deal-section").GetByTestId("custom-fields-editor")).ToContainTextAsync($"Deal tier {suffix}");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Convert" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/deals\?deal=\d+$"));
        var lead = (await Fixture.App.Get<LeadService>().GetAsync(leadId))!;
        var deal = (await Fixture.App.Get<DealService>().GetForEditAsync(lead.ConvertedDealId!.Value))!;
        var gold = dealField.Value!.Options.Single(o => o.Label == "Gold").Id;
        Assert.Equal([gold], deal.Input.Custom[code].Options);
        await CloseCheckedAsync(page, admin);
    }

    /// <summary>The text box labelled exactly <paramref name="label"/> (a required one carries a trailing *).</summary>
    private static ILocator Field(IPage page, string label) =>
        page.GetByRole(AriaRole.Textbox, new() { NameRegex = new Regex($@"^{Regex.Escape(label)}\s*\*?$") });

    [GeneratedRegex(@"/leads/(\d+)$")]
    private static partial Regex LeadUrl();
}
