using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Two app servers over one PostgreSQL database and one Redis, as the scale-out path runs them.</summary>
public sealed class ScaleOutFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public RedisServer Redis { get; } = new();
    public PostgresServer Postgres { get; } = new();
    public CrmAppFactory ServerA { get; private set; } = default!;
    public CrmAppFactory ServerB { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        var database = Postgres.NewDatabase();
        ServerA = new CrmAppFactory(database, Redis.ConnectionString);
        ServerB = new CrmAppFactory(database, Redis.ConnectionString);
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await ServerB.DisposeAsync();
        await ServerA.DisposeAsync();
        Redis.Dispose();
        Npgsql.NpgsqlConnection.ClearAllPools();
        Postgres.Dispose();
    }
}

public sealed class ScaleOutTests(ScaleOutFixture fixture) : IClassFixture<ScaleOutFixture>
{
    [Fact]
    public async Task MoveOnServerA_BoardOpenOnServerB_SeesTheCardArrive()
    {
        var (deal, board) = await fixture.ServerA.NewDealAsync("Crosses servers");
        var target = board.Columns[1].Stage.Id;
        var page = await BrowserFixture.SignInAsync(fixture.Browser, fixture.ServerB.BaseUrl, "anna@demo.crm");
        await Expect(page.Locator($"[data-deal-id='{deal.Id}']")).ToBeVisibleAsync();

        var moved = await fixture.ServerA.Get<DealService>().MoveAsync(new MoveDeal(deal.Id, target, deal.Version), await fixture.ServerA.ActorAsync("manager@demo.crm"));

        Assert.True(moved.IsOk);
        await Expect(page.Locator($".board-column[data-stage-id='{target}'] [data-deal-id='{deal.Id}']")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DealPageOnEachServer_EachUserSeesTheOther_AndAClosedTabLeavesTheOtherServersPage()
    {
        var (deal, _) = await fixture.ServerA.NewDealAsync("Seen across servers", "anna@demo.crm");
        var marta = await BrowserFixture.SignInAsync(fixture.Browser, fixture.ServerA.BaseUrl, "manager@demo.crm", $"/deals/{deal.Id}");
        var anna = await BrowserFixture.SignInAsync(fixture.Browser, fixture.ServerB.BaseUrl, "anna@demo.crm", $"/deals/{deal.Id}");

        await Expect(marta.Locator("[data-testid=presence-user][data-user='Anna Wiśniewska']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(anna.Locator("[data-testid=presence-user][data-user='Marta Kowalska']")).ToBeVisibleAsync(new() { Timeout = 20_000 });

        await anna.Context.CloseAsync();
        await Expect(marta.GetByTestId("presence-user")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await marta.Context.CloseAsync();
    }

    [Fact]
    public async Task HubConnections_StandInFrontOfRedisManager_AndKnowTheirServersOpenConnectionsOnly()
    {
        var connections = fixture.ServerA.Get<CrmBlazor.Hubs.HubConnections>();
        Assert.Same(connections, fixture.ServerA.Get<Microsoft.AspNetCore.SignalR.HubLifetimeManager<CrmBlazor.Hubs.CrmHub>>());
        Assert.IsType<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisHubLifetimeManager<CrmBlazor.Hubs.CrmHub>>(connections.Inner);
        var cookie = await BrowserFixture.CookieHeaderAsync(fixture.Browser, fixture.ServerA.BaseUrl, "piotr@demo.crm");
        var connection = new HubConnectionBuilder().WithUrl(fixture.ServerA.BaseUrl + "/hubs/crm", o => o.Headers["Cookie"] = cookie).Build();
        await connection.StartAsync();
        var id = connection.ConnectionId!;

        Assert.True(connections.TryGet(id, out var context));
        Assert.Equal(id, context.ConnectionId);
        Assert.False(fixture.ServerB.Get<CrmBlazor.Hubs.HubConnections>().TryGet(id, out _));
        await connection.DisposeAsync();
        // The server ends its side of the connection after the client has gone: wait for that, at most 10 s.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (connections.TryGet(id, out _))
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    [Fact]
    public async Task MoveOnServerA_HubClientsOnBothServers_GetTheEventExactlyOnce()
    {
        var (deal, board) = await fixture.ServerA.NewDealAsync("Heard once everywhere");
        var manager = await fixture.ServerA.ActorAsync("manager@demo.crm");
        var cookie = await BrowserFixture.CookieHeaderAsync(fixture.Browser, fixture.ServerA.BaseUrl, "piotr@demo.crm");
        var received = new List<(string Server, int Version)>();
        var sentinelEverywhere = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connections = new List<HubConnection>();
        var sentinelVersion = deal.Version + 2;
        foreach (var (name, server) in new[] { ("A", fixture.ServerA), ("B", fixture.ServerB) })
        {
            var connection = new HubConnectionBuilder().WithUrl(server.BaseUrl + "/hubs/crm", o => o.Headers["Cookie"] = cookie).Build();
            connection.On<JsonElement>("dealChanged", e =>
            {
                if (e.GetProperty("dealId").GetInt32() != deal.Id)
                {
                    return;
                }
                lock (received)
                {
                    received.Add((name, e.GetProperty("version").GetInt32()));
                    if (received.Count(r => r.Version == sentinelVersion) == 2)
                    {
                        sentinelEverywhere.TrySetResult();
                    }
                }
            });
            await connection.StartAsync();
            await connection.InvokeAsync("WatchPipeline", board.Pipeline.Id);
            connections.Add(connection);
        }

        var first = await fixture.ServerA.Get<DealService>().MoveAsync(new MoveDeal(deal.Id, board.Columns[2].Stage.Id, deal.Version), manager);
        // A second move is the sentinel: once both clients have it, a duplicate of the first would have come too.
        await fixture.ServerA.Get<DealService>().MoveAsync(new MoveDeal(deal.Id, board.Columns[1].Stage.Id, first.Value!.Version), manager);
        await sentinelEverywhere.Task.WaitAsync(TimeSpan.FromSeconds(10));
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        Assert.Equal(1, received.Count(r => r.Server == "A" && r.Version == first.Value.Version));
        Assert.Equal(1, received.Count(r => r.Server == "B" && r.Version == first.Value.Version));
    }

    [Fact]
    public async Task ChangesOnServerA_RestrictedHubClientOnServerB_HearsOnlyItsScope_AndAGivenAwayDealWithoutItsData()
    {
        var email = $"own-{Guid.NewGuid():N}@test.crm";
        using (var scope = fixture.ServerA.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<CrmUser>>();
            var user = new CrmUser { UserName = email, Email = email, DisplayName = "Own Only B", EmailConfirmed = true, AccessRoleId = BuiltInRoles.SalesOwnOnlyId };
            Assert.True((await users.CreateAsync(user, BrowserFixture.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, CrmRoles.Sales)).Succeeded);
        }
        var me = await fixture.ServerA.ActorAsync(email);
        var manager = await fixture.ServerA.ActorAsync("manager@demo.crm");
        var cookie = await BrowserFixture.CookieHeaderAsync(fixture.Browser, fixture.ServerB.BaseUrl, email);
        await using var connection = new HubConnectionBuilder().WithUrl(fixture.ServerB.BaseUrl + "/hubs/crm", o => o.Headers["Cookie"] = cookie).Build();
        var heard = new List<JsonElement>();
        var sentinelTitle = "Sentinel B " + Guid.NewGuid().ToString("N")[..6];
        var sentinel = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<JsonElement>("dealChanged", e =>
        {
            lock (heard)
            {
                heard.Add(e);
            }
            if (e.GetProperty("after") is { ValueKind: JsonValueKind.Object } after && after.GetProperty("title").GetString() == sentinelTitle)
            {
                sentinel.TrySetResult();
            }
        });
        await connection.StartAsync();
        var board = (await fixture.ServerA.Get<DealBoardService>().GetBoardAsync(null))!;
        await connection.InvokeAsync("WatchPipeline", board.Pipeline.Id);

        async Task<DealCard> NewAsync(string title, Actor responsible) =>
            (await fixture.ServerA.Get<DealService>().CreateAsync(new DealInput
            {
                Title = title, Amount = 10m, Currency = "PLN", StageId = board.Columns[0].Stage.Id, ResponsibleUserId = responsible.UserId,
            }, manager)).Value!;
        var others = await NewAsync("Not for B " + Guid.NewGuid().ToString("N")[..6], manager);
        var mine = await NewAsync("Mine on B " + Guid.NewGuid().ToString("N")[..6], me);
        Assert.True((await fixture.ServerA.Get<DealService>().UpdateAsync(mine.Id, mine.Version, new DealInput
        {
            Title = mine.Title, Amount = mine.Amount, Currency = mine.Currency, StageId = mine.StageId, ResponsibleUserId = manager.UserId,
        }, manager)).IsOk);
        await NewAsync(sentinelTitle, me);
        await sentinel.Task.WaitAsync(TimeSpan.FromSeconds(15));

        List<JsonElement> events;
        lock (heard)
        {
            events = [.. heard];
        }
        Assert.DoesNotContain(events, e => e.GetProperty("dealId").GetInt32() == others.Id);
        var aboutMine = events.Where(e => e.GetProperty("dealId").GetInt32() == mine.Id).ToList();
        Assert.Equal(2, aboutMine.Count);
        Assert.Equal(JsonValueKind.Null, aboutMine[1].GetProperty("after").ValueKind);
    }

    [Fact]
    public async Task BoardOnServerA_DroppedPastItsRetention_ResumesOnServerB_WithoutAReload_AndShowsTheMoveMadeThere()
    {
        // Two servers of their own that keep a disconnected circuit 2 s: server A closes Anna's, its state goes to
        // Redis, and her page, whose connection now reaches server B, resumes there (decision 032).
        var database = fixture.Postgres.NewDatabase();
        var (logA, logB) = (new CircuitLog(), new CircuitLog());
        await using var serverA = new CrmAppFactory(database, fixture.Redis.ConnectionString, CircuitResumeBrowserTests.ShortRetention, logA.AddTo);
        await using var serverB = new CrmAppFactory(database, fixture.Redis.ConnectionString, CircuitResumeBrowserTests.ShortRetention, logB.AddTo);

        var page = await CircuitResumeBrowserTests.DropAsync(fixture.Browser, serverA, drop: async relay =>
        {
            var before = logB.Opened;
            await CircuitResumeBrowserTests.CutUntilClosedAsync(relay, logA);
            return new CircuitResumeBrowserTests.Back(serverB, logB, before);
        }, newCircuit: true);

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ServerAStopsWithABoardOpenOnIt_ThePagePausesAndResumesOnServerB_WithoutAReload_AndShowsTheMoveMadeThere()
    {
        // A planned stop (a deploy): server A asks the page to pause its circuit, so the browser holds its state, and
        // resumes it on server B once its connection gets there (decision 032).
        var database = fixture.Postgres.NewDatabase();
        var logB = new CircuitLog();
        var serverA = new CrmAppFactory(database, fixture.Redis.ConnectionString);
        try
        {
            await using var serverB = new CrmAppFactory(database, fixture.Redis.ConnectionString, services: logB.AddTo);

            // Without the pause the page could only reload: server A never closed the circuit, so no state was kept.
            var page = await CircuitResumeBrowserTests.DropAsync(fixture.Browser, serverA, drop: async _ =>
            {
                var before = logB.Opened;
                await serverA.DisposeAsync();
                return new CircuitResumeBrowserTests.Back(serverB, logB, before);
            }, newCircuit: true);

            await page.Context.CloseAsync();
        }
        finally
        {
            await serverA.DisposeAsync();
        }
    }

    [Fact]
    public async Task UserDeactivatedOnServerA_IdleHubClientOnServerB_IsClosedBeforeServerBsOwnCheck()
    {
        // Two servers of their own, each checking its connections only once a minute: only the relayed AccessChanged
        // can end server B's connection within the wait below.
        var database = fixture.Postgres.NewDatabase();
        var slowChecks = new Dictionary<string, string> { ["Crm:SignIn:RevalidateSeconds"] = "60" };
        await using var serverA = new CrmAppFactory(database, fixture.Redis.ConnectionString, slowChecks);
        await using var serverB = new CrmAppFactory(database, fixture.Redis.ConnectionString, slowChecks);
        var email = $"leaving-{Guid.NewGuid():N}@test.crm";
        using (var scope = serverA.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<CrmUser>>();
            var user = new CrmUser { UserName = email, Email = email, DisplayName = "Leaving User", EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, BrowserFixture.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, CrmRoles.Sales)).Succeeded);
        }
        var cookies = new System.Net.CookieContainer();
        using (var client = serverB.Client(cookies))
        {
            Assert.Equal(System.Net.HttpStatusCode.Redirect, (await AppHttp.PostSignInAsync(client, email, BrowserFixture.Password)).StatusCode);
        }
        await using var connection = new HubConnectionBuilder()
            .WithUrl(serverB.BaseUrl + "/hubs/crm", o => o.Headers["Cookie"] = cookies.GetCookieHeader(new Uri(serverB.BaseUrl)))
            .Build();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await connection.StartAsync();
        Assert.Equal(1, await connection.InvokeAsync<int>("Echo", 1));

        var deactivated = await serverA.Get<UserAdminService>().SetActiveAsync(
            (await serverA.ActorAsync(email)).UserId, false, await serverA.ActorAsync("admin@demo.crm"));

        Assert.True(deactivated.IsOk);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }
}
