using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// A board whose connection drops (a real drop: a TCP relay between the browser and the server resets every
/// connection and refuses new ones) comes back without a page reload, at the same place (pipeline and filter), showing
/// what another user changed meanwhile, and agreeing with the database (decision 032): after a short drop to the
/// circuit the server kept; after a drop past the server's retention of disconnected circuits (here 2 s), to a new
/// circuit resumed from the state the server kept; and, with two servers over Redis, on the other server.
/// </summary>
public sealed class CircuitResumeBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    /// <summary>Disconnected circuits are kept 2 s (instead of 3 minutes), so a test's drop outlives them.</summary>
    public static readonly IReadOnlyDictionary<string, string> ShortRetention = new Dictionary<string, string>
    {
        ["Crm:Circuits:DisconnectedCircuitRetentionPeriod"] = "00:00:02",
    };

    // The drop itself lasts the time under test: the relay is cut for 5 s, or 60 s, and the page must come back after.
    [Theory]
    [InlineData(5)]
    [InlineData(60)]
    public async Task BoardDroppedForSeconds_ComesBackToItsCircuit_WithoutAReload_AndShowsTheMoveMadeMeanwhile(int seconds)
    {
        var log = new CircuitLog();
        await using var crm = new CrmAppFactory(services: log.AddTo);
        var page = await DropAsync(Fixture.Browser, crm, crm, log, log, until: _ => Task.Delay(TimeSpan.FromSeconds(seconds)), newCircuit: false);
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task BoardDroppedPastTheServersRetention_ResumesOnANewCircuit_WithoutAReload_FilterKept_AndShowsTheMoveMadeMeanwhile()
    {
        var log = new CircuitLog();
        await using var crm = new CrmAppFactory(settings: ShortRetention, services: log.AddTo);
        var page = await DropAsync(Fixture.Browser, crm, crm, log, log, until: closed => log.ClosedAsync(closed + 1), newCircuit: true);
        await CloseCheckedAsync(page);
    }

    /// <summary>
    /// Anna's board (one pipeline, filtered to one new deal) loses its connection; while it is down, the deal is moved
    /// on <paramref name="second"/>; <paramref name="until"/> (given the circuits <paramref name="firstLog"/> had
    /// closed before) says when the network comes back, to <paramref name="second"/>. Then the board shows the deal in
    /// its new column, the same filter, and the page was not reloaded; on a new circuit of <paramref name="second"/>
    /// when <paramref name="newCircuit"/>, on the circuit it had otherwise.
    /// </summary>
    public static async Task<IPage> DropAsync(IBrowser browser, CrmAppFactory first, CrmAppFactory second, CircuitLog firstLog, CircuitLog secondLog,
        Func<int, Task> until, bool newCircuit)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (deal, board) = await first.NewDealAsync($"Resume {tag}");
        var target = board.Columns[1].Stage.Id;
        using var relay = new TcpRelay(first.BaseUrl);
        var page = await BrowserFixture.SignInAsync(browser, relay.BaseUrl, "anna@demo.crm", $"/deals?pipeline={board.Pipeline.Id}&q=Resume%20{tag}");
        await Expect(page.Locator($"[data-deal-id='{deal.Id}']")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => window.crmNotReloaded = true");
        var closed = firstLog.Closed;
        var opened = secondLog.Opened;

        relay.Cut();
        await Expect(page.Locator("#components-reconnect-modal")).ToBeVisibleAsync();
        var moved = await second.Get<DealService>().MoveAsync(new MoveDeal(deal.Id, target, deal.Version), await second.ActorAsync("manager@demo.crm"));
        Assert.True(moved.IsOk);
        await until(closed).WaitAsync(TimeSpan.FromSeconds(90));
        relay.Restore(second.BaseUrl);

        await Expect(page.Locator($".board-column[data-stage-id='{target}'] [data-deal-id='{deal.Id}']")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(page.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.crmNotReloaded === true"), "The page was reloaded.");
        await Expect(page.GetByLabel("Search deals", new() { Exact = true })).ToHaveValueAsync($"Resume {tag}");
        await Expect(page.Locator("[data-deal-id]")).ToHaveCountAsync(1); // the board, filtered, agrees with the database
        Assert.Equal(newCircuit, secondLog.Opened > opened);
        var problems = await Axe.SeriousViolationsAsync(page);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        return page;
    }
}
