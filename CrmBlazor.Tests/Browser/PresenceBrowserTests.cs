using Microsoft.Playwright;
using static CrmBlazor.Tests.Infrastructure.InPlaceFields;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// Issue 17, presence: who else has an element page or a board open shows there, live; a field open for editing warns
/// the others; a card carried on one board is marked with the carrier's name on the others; a closed tab leaves.
/// </summary>
public sealed class PresenceBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Long = new() { Timeout = 20_000 };

    private static ILocator Avatar(IPage page, string name) =>
        page.GetByTestId("presence").Locator($"[data-testid=presence-user][data-user='{name}']");

    [Fact]
    public async Task DealPage_TwoUsersSeeEachOther_AFieldOpenForEditingWarnsTheOther_AClosedTabLeaves()
    {
        var (deal, _) = await Fixture.App.NewDealAsync("Presence " + Guid.NewGuid().ToString("N")[..6], "anna@demo.crm");
        var marta = await Fixture.SignInAsync("manager@demo.crm", $"/deals/{deal.Id}");
        var anna = await Fixture.SignInAsync("anna@demo.crm", $"/deals/{deal.Id}");

        await Expect(Avatar(marta, "Anna Wiśniewska")).ToBeVisibleAsync(Long);
        await Expect(Avatar(anna, "Marta Kowalska")).ToBeVisibleAsync(Long);
        await Expect(Avatar(marta, "Anna Wiśniewska")).ToHaveAttributeAsync("aria-label", "Anna Wiśniewska is looking at this");
        await Expect(marta.GetByTestId("presence-user")).ToHaveCountAsync(1);   // not herself

        // Anna opens the title for editing: Marta is warned; Escape ends it.
        await Shown(anna, "Title").FocusAsync();
        await anna.Keyboard.PressAsync("Enter");
        await Expect(Editor(anna, "Title").Locator("input")).ToBeFocusedAsync();
        await Expect(marta.GetByTestId("presence-editing")).ToContainTextAsync("Anna Wiśniewska is editing this right now", new() { Timeout = 20_000 });
        await Expect(Avatar(marta, "Anna Wiśniewska")).ToHaveAttributeAsync("data-activity", "Editing");
        await Expect(anna.GetByTestId("presence-editing")).ToHaveCountAsync(0);
        await Axe.AssertAccessibleAsync(marta);
        await anna.Keyboard.PressAsync("Escape");
        await Expect(marta.GetByTestId("presence-editing")).ToHaveCountAsync(0, new() { Timeout = 20_000 });

        // Anna closes her tab: she leaves Marta's page (her connection went down).
        await CloseCheckedAsync(anna);
        await Expect(marta.GetByTestId("presence-user")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await CloseCheckedAsync(marta);
    }

    [Fact]
    public async Task Board_ACardPickedUpByKeys_IsMarkedWithTheCarriersNameOnAnotherUsersBoard_UntilPutBack()
    {
        var (deal, board) = await Fixture.App.NewDealAsync("Carried " + Guid.NewGuid().ToString("N")[..6]);
        var mover = await Fixture.SignInAsync("manager@demo.crm");
        var watcher = await Fixture.SignInAsync("anna@demo.crm");
        await Expect(BoardPage.Column(watcher, board.Columns[0].Stage.Id).Locator($"[data-deal-id='{deal.Id}']")).ToBeVisibleAsync();
        await Expect(Avatar(watcher, "Marta Kowalska")).ToBeVisibleAsync(Long);

        await Expect(mover.Locator(".board-host[data-drag-ready='true']")).ToHaveCountAsync(1);
        await BoardPage.Column(mover, board.Columns[0].Stage.Id).Locator(".column-add").FocusAsync();
        await mover.Keyboard.PressAsync("Tab");
        await Expect(mover.Locator($"[data-deal-id='{deal.Id}'] .deal-title")).ToBeFocusedAsync();
        await mover.Keyboard.PressAsync("Space");
        await Expect(mover.Locator($"[data-deal-id='{deal.Id}'].grabbed")).ToHaveCountAsync(1);

        // The watcher's board names the carrier on the card, as the card shows it (the CSS's ::before).
        await Expect(Avatar(watcher, "Marta Kowalska")).ToHaveAttributeAsync("data-activity", "Moving", new() { Timeout = 20_000 });
        try
        {
            await watcher.WaitForFunctionAsync(
                "id => getComputedStyle(document.querySelector(`[data-deal-id='${id}']`), '::before').content.includes('Marta Kowalska is moving this')",
                deal.Id, new() { Timeout = 20_000 });
        }
        catch (TimeoutException)
        {
            var seen = await watcher.EvaluateAsync<string>(
                "id => [document.querySelector('[data-testid=board-movers]')?.outerHTML ?? 'no style', document.querySelectorAll(`[data-deal-id='${id}']`).length, document.querySelector(`[data-deal-id='${id}']`)?.outerHTML, getComputedStyle(document.querySelector(`[data-deal-id='${id}']`), '::before').content].join(' | ')", deal.Id);
            Assert.Fail(seen);
        }
        await Axe.AssertAccessibleAsync(watcher);

        await mover.Keyboard.PressAsync("Escape");
        await Expect(watcher.GetByTestId("board-movers")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await Expect(Avatar(watcher, "Marta Kowalska")).ToHaveAttributeAsync("data-activity", "Viewing");
        await CloseCheckedAsync(mover, watcher);
    }
}
