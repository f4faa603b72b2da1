using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Search everywhere from the top bar (decision 019).</summary>
public sealed class SearchBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task TopBar_CtrlK_PartOfAPhone_FindsTheContactAndOpensIt()
    {
        var suffix = Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var name = $"Szukany{suffix}";
        var phone = $"+48 69{suffix[..1]} {suffix[1..4]} {suffix[4..]}1";
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var contact = (await Fixture.App.Get<ContactService>().SaveAsync(null, 0, new ContactInput
        {
            FirstName = name,
            LastName = "Zając",
            Phones = [new PhoneInput(phone, PhoneType.Mobile)],
            ResponsibleUserId = manager.UserId,
        }, manager)).Value!;
        var page = await Fixture.SignInAsync("manager@demo.crm", "/deals");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(page.Locator("[data-global-search-open]")).ToHaveAttributeAsync("data-ready", "true");

        await page.Keyboard.PressAsync("Control+k");
        var box = page.GetByRole(AriaRole.Combobox, new() { Name = "Search everywhere" });
        await Expect(box).ToBeFocusedAsync();
        // Part of the number, typed as people say it: "69x xxx".
        await box.PressSequentiallyAsync($"69{suffix[..1]} {suffix[1..4]}");
        var results = page.GetByRole(AriaRole.Listbox, new() { Name = "Search results" });
        var option = results.GetByRole(AriaRole.Option).Filter(new() { HasText = name });
        await Expect(option).ToBeVisibleAsync();
        await Expect(results.GetByRole(AriaRole.Group, new() { Name = "Contacts" })).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);

        await option.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/contacts/{contact.Id}$"));
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Search everywhere" })).ToHaveCountAsync(0);

        // The keyboard alone: the open button, the name without its diacritics, Enter on the first hit; Escape gives the focus back.
        var open = page.Locator("[data-global-search-open]");
        await open.ClickAsync();
        await box.PressSequentiallyAsync($"{name} zajac");
        await Expect(results.GetByRole(AriaRole.Option).First).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(results.GetByRole(AriaRole.Option)).ToHaveCountAsync(1);
        await box.PressAsync("Escape");
        await Expect(open).ToBeFocusedAsync();
        await open.PressAsync("Enter");
        await box.PressSequentiallyAsync(name);
        await Expect(results.GetByRole(AriaRole.Option)).ToHaveCountAsync(1);
        await page.GotoAsync("/leads");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(open).ToHaveAttributeAsync("data-ready", "true");
        await page.Keyboard.PressAsync("Control+k");
        await box.PressSequentiallyAsync(name);
        await Expect(results.GetByRole(AriaRole.Option)).ToHaveCountAsync(1);
        await box.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/contacts/{contact.Id}$"));
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task TopBar_AProduct_OpensTheCatalogListShowingIt()
    {
        var name = $"Szukany produkt {Guid.NewGuid():N}"[..28];
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        Assert.True((await Fixture.App.Get<ProductService>().SaveAsync(null, 0,
            new ProductInput { Name = name, Unit = "szt.", Price = 10, Currency = "PLN", TaxRate = 23 }, manager)).IsOk);
        var page = await Fixture.SignInAsync("manager@demo.crm", "/deals");
        await Expect(page.Locator("[data-global-search-open]")).ToHaveAttributeAsync("data-ready", "true");

        await page.Locator("[data-global-search-open]").ClickAsync();
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Search everywhere" }).PressSequentiallyAsync(name);
        var option = page.GetByRole(AriaRole.Listbox, new() { Name = "Search results" }).GetByRole(AriaRole.Option).Filter(new() { HasText = name });
        await option.ClickAsync();

        // The catalog list reads the search from its address: the product, and nothing else.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/products\\?search="));
        var rows = page.GetByTestId("products-table").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Expect(rows.First).ToContainTextAsync(name);
        await CloseCheckedAsync(page);
    }
}
