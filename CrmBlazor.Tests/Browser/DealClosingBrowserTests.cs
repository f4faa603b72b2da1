using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Issue 5 in a real browser: products on a deal's page, closing from the kanban as won or lost, seen live by another user.</summary>
public sealed class DealClosingBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static ILocator Column(IPage page, int stageId) => page.Locator($".board-column[data-stage-id='{stageId}']");

    private static ILocator Card(IPage page, int dealId) => page.Locator($"[data-deal-id='{dealId}']");

    /// <summary>
    /// Drags a card onto a column. The only place that knows the kanban's drag markup (MudDropContainer today), so a new
    /// board changes this helper, not the tests.
    /// </summary>
    private static Task DragToColumnAsync(IPage page, int dealId, int stageId) => BoardPage.DragAsync(page, dealId, stageId);

    /// <summary>A board page wide enough to show every column: a board that scrolls sideways mid-drag drops another card.</summary>
    private async Task<IPage> WideBoardAsync(string email)
    {
        var page = await Fixture.SignInAsync(email);
        await page.SetViewportSizeAsync(2400, 900);
        await Expect(page.Locator(".board-column").Last).ToBeInViewportAsync();
        return page;
    }

    private static async Task AddFromCatalogAsync(IPage page, string search, string productName)
    {
        await page.GetByTestId("catalog-search").FillAsync(search);
        await page.Locator(".mud-popover-open").GetByText(productName).ClickAsync();
        await Expect(page.GetByTestId("line-name").Last).ToHaveValueAsync(productName);
    }

    [Fact]
    public async Task DealPage_TwoCatalogProductsAndATypedOne_ShowsTheTotalsAndTheDealTakesThem()
    {
        var (deal, _) = await Fixture.App.NewDealAsync("Office refit");
        var page = await Fixture.SignInAsync("manager@demo.crm", $"/deals/{deal.Id}");
        await Expect(page.GetByTestId("deal-title")).ToHaveTextAsync("Office refit");

        await AddFromCatalogAsync(page, "Licencja CRM", "Licencja CRM – stanowisko (rok)");
        await AddFromCatalogAsync(page, "Monitor", "Monitor 27\" 4K");
        await page.GetByTestId("line-quantity").First.FillAsync("2");
        await page.GetByTestId("add-line").ClickAsync();
        await Expect(page.GetByTestId("product-line")).ToHaveCountAsync(3);
        await page.GetByTestId("line-name").Last.FillAsync("Installation");
        await page.GetByTestId("line-price").Last.FillAsync("250");

        // 2 × 1188.00 + 23 % = 2922.48; 1599.99 + 23 % (367.9977 → 368.00) = 1967.99; 250.00 + 23 % = 307.50
        await Expect(page.GetByTestId("line-total").Nth(0)).ToHaveTextAsync("2,922.48 PLN");
        await Expect(page.GetByTestId("line-total").Nth(1)).ToHaveTextAsync("1,967.99 PLN");
        await Expect(page.GetByTestId("line-total").Nth(2)).ToHaveTextAsync("307.50 PLN");
        await Expect(page.GetByTestId("total-subtotal")).ToHaveTextAsync("4,225.99 PLN");
        await Expect(page.GetByTestId("total-tax")).ToHaveTextAsync("971.98 PLN");
        await Expect(page.GetByTestId("total-grand")).ToHaveTextAsync("5,197.97 PLN");

        await page.GetByTestId("save-lines").ClickAsync();

        await Expect(page.GetByTestId("deal-amount")).ToHaveTextAsync("5,197.97 PLN");
        var saved = (await Fixture.App.Get<DealService>().GetProductsAsync(deal.Id))!;
        Assert.Equal(["Licencja CRM – stanowisko (rok)", "Monitor 27\" 4K", "Installation"], saved.Lines.Select(l => l.Name));
        Assert.NotNull(saved.Lines[0].ProductId);
        Assert.Null(saved.Lines[2].ProductId);
        Assert.Equal(5197.97m, (await Fixture.App.Get<DealService>().GetForEditAsync(deal.Id))!.Input.Amount);
        await Axe.AssertAccessibleAsync(page);
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task DragToWon_ConfirmTheResult_AnotherUserSeesItLeaveTheOpenSumsLive()
    {
        var (deal, board) = await Fixture.App.NewDealAsync("Signed today");
        var open = board.Columns[0].Stage.Id;
        var won = board.Columns.First(c => c.Stage.Kind == StageKind.Won).Stage.Id;
        var mover = await WideBoardAsync("manager@demo.crm");
        var watcher = await Fixture.SignInAsync("piotr@demo.crm");
        await Expect(Card(watcher, deal.Id)).ToBeVisibleAsync();
        var openCount = int.Parse(await Column(watcher, open).GetByTestId("column-count").InnerTextAsync());
        var openSum = await Column(watcher, open).GetByTestId("column-sum").InnerTextAsync();
        var wonCount = int.Parse(await Column(watcher, won).GetByTestId("column-count").InnerTextAsync());

        await DragToColumnAsync(mover, deal.Id, won);
        var dialog = mover.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByTestId("close-amount").FillAsync("1500");
        await dialog.GetByTestId("close-comment").FillAsync("Signed at the meeting");
        await Axe.AssertAccessibleAsync(mover);
        await dialog.GetByTestId("close-confirm").ClickAsync();

        await Expect(Column(watcher, won).Locator($"[data-deal-id='{deal.Id}']")).ToBeVisibleAsync();
        await Expect(Column(watcher, open).Locator($"[data-deal-id='{deal.Id}']")).ToHaveCountAsync(0);
        await Expect(Column(watcher, open).GetByTestId("column-count")).ToHaveTextAsync((openCount - 1).ToString());
        await Expect(Column(watcher, won).GetByTestId("column-count")).ToHaveTextAsync((wonCount + 1).ToString());
        await Expect(Column(watcher, open).GetByTestId("column-sum")).Not.ToHaveTextAsync(openSum);
        await Expect(Column(mover, won).Locator($"[data-deal-id='{deal.Id}']")).ToContainTextAsync("1,500 PLN");
        var details = (await Fixture.App.Get<DealQueryService>().GetDetailsAsync(deal.Id))!;
        Assert.Equal((StageKind.Won, 1500m, "Signed at the meeting"), (details.StageKind, details.Input.Amount, details.CloseComment));
        Assert.NotNull(details.ClosedAt);
        await CloseCheckedAsync(mover, watcher);
    }

    [Fact]
    public async Task DragToLostThenCancel_PutsTheCardBack_MenuToLostWithAReason_ClosesIt()
    {
        var (deal, board) = await Fixture.App.NewDealAsync("Too expensive for them");
        var open = board.Columns[0].Stage.Id;
        var lost = board.Columns.First(c => c.Stage.Kind == StageKind.Lost).Stage;
        var page = await WideBoardAsync("manager@demo.crm");

        await DragToColumnAsync(page, deal.Id, lost.Id);
        await page.GetByRole(AriaRole.Dialog).GetByTestId("close-cancel").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Expect(Column(page, open).Locator($"[data-deal-id='{deal.Id}']")).ToBeVisibleAsync();
        Assert.Equal(open, (await Fixture.App.Get<DealService>().GetForEditAsync(deal.Id))!.Input.StageId);

        await BoardPage.Actions(page, deal.Id, "Too expensive for them").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = lost.Name, Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("close-confirm").ClickAsync();
        await Expect(dialog.GetByText("Required.")).ToBeVisibleAsync();
        await dialog.GetByTestId("close-reason").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "No budget" }).ClickAsync();
        await dialog.GetByTestId("close-comment").FillAsync("Maybe next year");
        await Axe.AssertAccessibleAsync(page);
        await dialog.GetByTestId("close-confirm").ClickAsync();

        await Expect(Column(page, lost.Id).Locator($"[data-deal-id='{deal.Id}']")).ToBeVisibleAsync();
        var details = (await Fixture.App.Get<DealQueryService>().GetDetailsAsync(deal.Id))!;
        Assert.Equal((StageKind.Lost, "No budget", "Maybe next year"), (details.StageKind, details.LostReasonName, details.CloseComment));
        await CloseCheckedAsync(page);
    }
}
