using Microsoft.Playwright;
using static CrmBlazor.Tests.Infrastructure.InPlaceFields;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// Issue 19, element pages: a deal's fields read as text and are edited in place, by keyboard: Enter or F2 opens one,
/// Enter or Tab saves that one change (one save), Escape drops it; another user's open page shows the new value live.
/// </summary>
public sealed class InPlaceBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly LocatorAssertionsToHaveTextOptions Long = new() { Timeout = 15_000 };

    [Fact]
    public async Task DealPage_EditAFieldInPlaceByKeyboard_SavesItAndAnotherUsersPageShowsItLive()
    {
        var title = "In place " + Guid.NewGuid().ToString("N")[..6];
        var (deal, _) = await Fixture.App.NewDealAsync(title);
        var page = await Fixture.SignInAsync("manager@demo.crm", $"/deals/{deal.Id}");
        var watcher = await Fixture.SignInAsync("anna@demo.crm", $"/deals/{deal.Id}");
        await Expect(Shown(page, "Title")).ToContainTextAsync(title);
        await Expect(page.GetByTestId("deal-form").GetByRole(AriaRole.Button, new() { Name = "Save" })).ToHaveCountAsync(0);   // one save: the field's own
        await Axe.AssertAccessibleAsync(page);

        // Enter on the field's text opens its input; Enter saves it.
        await Shown(page, "Title").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var input = Editor(page, "Title").Locator("input");
        await Expect(input).ToBeFocusedAsync();
        await Axe.AssertAccessibleAsync(page);
        await input.FillAsync(title + " renamed");
        await page.Keyboard.PressAsync("Enter");
        await Expect(Shown(page, "Title")).ToContainTextAsync(title + " renamed", new() { Timeout = 15_000 });
        await Expect(Shown(page, "Title")).ToBeFocusedAsync();
        await Expect(page.GetByTestId("deal-title")).ToHaveTextAsync(title + " renamed", Long);
        await Expect(watcher.GetByTestId("deal-title")).ToHaveTextAsync(title + " renamed", Long);
        await Expect(Shown(watcher, "Title")).ToContainTextAsync(title + " renamed");

        // F2 opens the amount; Tab leaves it and saves it.
        await Shown(page, "Amount").FocusAsync();
        await page.Keyboard.PressAsync("F2");
        var amount = Editor(page, "Amount").Locator("input");
        await Expect(amount).ToBeFocusedAsync();
        await amount.FillAsync("4321");
        await page.Keyboard.PressAsync("Tab");
        await Expect(Shown(page, "Amount")).ToContainTextAsync("4,321", new() { Timeout = 15_000 });
        await Expect(watcher.GetByTestId("deal-amount")).ToContainTextAsync("4,321", new() { Timeout = 15_000 });

        // Escape drops what was typed.
        await Shown(page, "Title").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Editor(page, "Title").Locator("input").FillAsync("Not meant");
        await page.Keyboard.PressAsync("Escape");
        await Expect(Shown(page, "Title")).ToContainTextAsync(title + " renamed", new() { Timeout = 15_000 });
        await Expect(Shown(page, "Title")).ToBeFocusedAsync();

        var saved = (await Fixture.App.Get<DealQueryService>().GetDetailsAsync(deal.Id))!;
        Assert.Equal((title + " renamed", 4321m), (saved.Input.Title, saved.Input.Amount));
        Assert.Equal(deal.Version + 2, saved.Version);   // two fields, two saves
        await Axe.AssertAccessibleAsync(watcher);
        await CloseCheckedAsync(page, watcher);
    }

    [Fact]
    public async Task DealPage_RequiredTitleEmptied_ShowsTheErrorNextToTheFieldAndKeepsItOpen()
    {
        var title = "In place empty " + Guid.NewGuid().ToString("N")[..6];
        var (deal, _) = await Fixture.App.NewDealAsync(title);
        var page = await Fixture.SignInAsync("manager@demo.crm", $"/deals/{deal.Id}");

        await Shown(page, "Title").ClickAsync();
        var input = Editor(page, "Title").Locator("input");
        await input.FillAsync("");
        await input.PressAsync("Enter");

        await Expect(Editor(page, "Title")).ToContainTextAsync("Required", new() { Timeout = 15_000 });
        await Expect(input).ToBeVisibleAsync();
        Assert.Equal(title, (await Fixture.App.Get<DealQueryService>().GetDetailsAsync(deal.Id))!.Input.Title);
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task ContactPage_SomeoneSavedFirst_TheSaveSaysSoAndTheFieldShowsTheSavedValue()
    {
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var contacts = Fixture.App.Get<ContactService>();
        var contact = (await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Race" + Guid.NewGuid().ToString("N")[..6], LastName = "Before", ResponsibleUserId = manager.UserId }, manager)).Value!;
        var page = await Fixture.SignInAsync("manager@demo.crm", $"/contacts/{contact.Id}");
        await Shown(page, "Position").ClickAsync();
        var input = Editor(page, "Position").Locator("input");
        await input.FillAsync("Mine");
        await Expect(Editor(page, "Position")).ToHaveAttributeAsync("data-unsaved", "true");

        var current = (await contacts.GetAsync(contact.Id))!;
        Assert.True((await contacts.SaveAsync(contact.Id, current.Version, current.Input with { Position = "Theirs" }, manager)).IsOk);
        await Expect(page.GetByTestId("saved-elsewhere")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await input.PressAsync("Enter");

        // The second save is told who saved first and what they changed (presence, issue 17).
        await Expect(page.GetByText("Marta Kowalska saved this record first and changed: Position.")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(Shown(page, "Position")).ToContainTextAsync("Theirs");
        Assert.Equal("Theirs", (await contacts.GetAsync(contact.Id))!.Input.Position);
        await CloseCheckedAsync(page);
    }
}
