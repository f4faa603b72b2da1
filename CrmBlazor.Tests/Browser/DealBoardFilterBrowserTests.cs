using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>The board's filters in a real browser: in the address, kept on reload, live while others change deals.</summary>
public sealed class DealBoardFilterBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task MyDeals_AnotherUserMovesADealInAndOut_TheCardArrivesAndLeaves()
    {
        var title = $"Filtered {Guid.NewGuid():N}"[..20];
        var (deal, _) = await Fixture.App.NewDealAsync(title);
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var anna = await Fixture.App.ActorAsync("anna@demo.crm");
        var page = await Fixture.SignInAsync("anna@demo.crm", "/deals?mine=1");
        await BrowserFixture.WaitInteractiveAsync(page);
        var card = page.Locator($".board-host [data-deal-id='{deal.Id}']");

        await page.GetByLabel("Search deals", new() { Exact = true }).FillAsync(title);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("q=Filtered"));
        await page.ReloadAsync();
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(page.GetByLabel("Search deals", new() { Exact = true })).ToHaveValueAsync(title);
        await Expect(page.GetByLabel("My deals", new() { Exact = true })).ToBeCheckedAsync();
        await Expect(page.GetByTestId("board-no-matches")).ToBeVisibleAsync();
        await Expect(card).ToHaveCountAsync(0);
        await Axe.AssertAccessibleAsync(page);

        var deals = Fixture.App.Get<DealService>();
        var input = new DealInput { Title = title, Amount = deal.Amount, Currency = deal.Currency, StageId = deal.StageId };
        var toAnna = await deals.UpdateAsync(deal.Id, deal.Version, input with { ResponsibleUserId = anna.UserId }, manager);
        Assert.True(toAnna.IsOk);
        await Expect(card).ToBeVisibleAsync();
        await Expect(page.GetByTestId("board-no-matches")).ToHaveCountAsync(0);

        var back = await deals.UpdateAsync(deal.Id, toAnna.Value!.Version, input with { ResponsibleUserId = manager.UserId }, manager);
        Assert.True(back.IsOk);
        await Expect(card).ToHaveCountAsync(0);

        await page.GetByTestId("board-clear-filters").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/deals(\?pipeline=\d+)?$"));
        await CloseCheckedAsync(page);
    }
}
