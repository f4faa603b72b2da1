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
        var page = await DropAsync(Fixture.Browser, crm, drop: async relay =>
        {
            var before = log.Opened;
            relay.Cut();
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            return new Back(crm, log, before);
        }, newCircuit: false);
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task BoardDroppedPastTheServersRetention_ResumesOnANewCircuit_WithoutAReload_FilterKept_AndShowsTheMoveMadeMeanwhile()
    {
        var log = new CircuitLog();
        await using var crm = new CrmAppFactory(settings: ShortRetention, services: log.AddTo);
        var page = await DropAsync(Fixture.Browser, crm, drop: async relay =>
        {
            var before = log.Opened;
            await CutUntilClosedAsync(relay, log);
            return new Back(crm, log, before);
        }, newCircuit: true);
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task ServerRestartedWithABoardOpen_ThePagePausesAndResumesOnTheRestartedServer_WithoutAReload()
    {
        // One server on SQLite, stopped and started again on the same database file (a deploy): the stopping server
        // asks the page to pause, the browser holds the circuit's state, and resumes it on the restarted server.
        using var directory = new ScratchDirectory("crm-restart-");
        var database = new Dictionary<string, string> { ["ConnectionStrings:Crm"] = $"Data Source={directory.File("crm.db")}" };
        var before = new CrmAppFactory(settings: database);
        CrmAppFactory? after = null;
        try
        {
            var page = await DropAsync(Fixture.Browser, before, drop: async _ =>
            {
                await before.DisposeAsync();
                var log = new CircuitLog();
                after = new CrmAppFactory(settings: database, services: log.AddTo);
                return new Back(after, log, 0);
            }, newCircuit: true);
            await CloseCheckedAsync(page);
        }
        finally
        {
            await before.DisposeAsync();
            if (after is not null)
            {
                await after.DisposeAsync();
            }
        }
    }

    /// <summary>Cuts the network and returns once the server has closed the circuit (past its retention).</summary>
    internal static Task CutUntilClosedAsync(TcpRelay relay, CircuitLog log)
    {
        var closed = log.Closed;
        relay.Cut();
        return log.ClosedAsync(closed + 1).WaitAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>Where a dropped page's network comes back to: the server, its circuits and how many it had opened before.</summary>
    internal sealed record Back(CrmAppFactory Server, CircuitLog Log, int OpenedBefore);

    /// <summary>
    /// Anna's board (one pipeline, filtered to one new deal), reached through a <see cref="TcpRelay"/> to
    /// <paramref name="first"/>, loses its server: <paramref name="drop"/> cuts the network (or stops the server) and
    /// returns, when the case is ready to end, the server the network comes back to. The deal is moved there, then the
    /// network is back: the board shows the deal in its new column, the same filter and exactly what the database
    /// holds, and the page was not reloaded; on a new circuit when <paramref name="newCircuit"/>, on the circuit it
    /// had otherwise.
    /// </summary>
    internal static async Task<IPage> DropAsync(IBrowser browser, CrmAppFactory first, Func<TcpRelay, Task<Back>> drop, bool newCircuit)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (deal, board) = await first.NewDealAsync($"Resume {tag}");
        var target = board.Columns[1].Stage.Id;
        using var relay = new TcpRelay(first.BaseUrl);
        var page = await BrowserFixture.SignInAsync(browser, relay.BaseUrl, "anna@demo.crm", $"/deals?pipeline={board.Pipeline.Id}&q=Resume%20{tag}");
        await Expect(page.Locator($"[data-deal-id='{deal.Id}']")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => window.crmNotReloaded = true");

        var back = await drop(relay);
        await Expect(page.Locator("#components-reconnect-modal")).ToBeVisibleAsync();
        var moved = await back.Server.Get<DealService>().MoveAsync(new MoveDeal(deal.Id, target, deal.Version), await back.Server.ActorAsync("manager@demo.crm"));
        Assert.True(moved.IsOk);
        relay.Restore(back.Server.BaseUrl);

        await Expect(page.Locator($".board-column[data-stage-id='{target}'] [data-deal-id='{deal.Id}']")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(page.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.crmNotReloaded === true"), "The page was reloaded.");
        await Expect(page.GetByLabel("Search deals", new() { Exact = true })).ToHaveValueAsync($"Resume {tag}");
        await Expect(page.Locator("[data-deal-id]")).ToHaveCountAsync(1); // the board, filtered, agrees with the database
        Assert.Equal(newCircuit, back.Log.Opened > back.OpenedBefore);
        var problems = await Axe.SeriousViolationsAsync(page);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        return page;
    }
}
