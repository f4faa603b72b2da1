using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// Issue 11's audit of read scopes on live paths, end to end against the real app: a hub client of a "Sales (own only)"
/// user hears its own deals' activities and nothing of other users' deals and activities; watching what a role does not
/// read is refused; a role changed by an admin applies to an open board without a reload; the pages of records outside
/// a user's scope say so.
/// </summary>
public sealed class HubScopeBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly string[] EventMethods =
        ["dealChanged", "leadChanged", "activityChanged", "timelineChanged", "elementChanged", "elementHidden", "activityReminder"];

    private async Task<(string Email, Actor Actor)> NewUserAsync(int roleId)
    {
        var email = $"hub-{Guid.NewGuid():N}@test.crm";
        using (var scope = Fixture.App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
            var user = new CrmUser { UserName = email, Email = email, DisplayName = "Hub User " + email[4..10], EmailConfirmed = true, AccessRoleId = roleId };
            Assert.True((await users.CreateAsync(user, BrowserFixture.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, CrmRoles.Sales)).Succeeded);
        }
        return (email, await Fixture.App.ActorAsync(email));
    }

    private async Task<Actor> AdminAsync() => await Fixture.App.ActorAsync(await Fixture.EnsureAdminAsync("x-hub-admin@test.crm"));

    private async Task<DealCard> NewDealAsync(string title, Actor responsible)
    {
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var board = (await Fixture.App.Get<DealBoardService>().GetBoardAsync(null))!;
        var result = await Fixture.App.Get<DealService>().CreateAsync(
            new DealInput { Title = title, Amount = 700m, Currency = "PLN", StageId = board.Columns[0].Stage.Id, ResponsibleUserId = responsible.UserId }, manager);
        Assert.True(result.IsOk);
        return result.Value!;
    }

    private async Task<DealCard> RetitleAsync(DealCard deal, string title)
    {
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var result = await Fixture.App.Get<DealService>().UpdateAsync(deal.Id, deal.Version,
            new DealInput { Title = title, Amount = deal.Amount + 1, Currency = deal.Currency, StageId = deal.StageId, ResponsibleUserId = deal.ResponsibleUserId }, manager);
        Assert.True(result.IsOk, result.MessageKey);
        return result.Value!;
    }

    private async Task<ActivityRow> PlanAsync(DealCard deal, string subject, string description, Actor responsible, Actor by)
    {
        var result = await Fixture.App.Get<ActivityService>().PlanAsync(ElementRef.Deal(deal.Id), new ActivityInput
        {
            Type = ActivityType.Call, Direction = ActivityDirection.Outgoing, Subject = subject, Description = description,
            Deadline = Fixture.App.Get<CrmTime>().UtcNow.AddDays(2), ResponsibleUserId = responsible.UserId,
        }, by);
        Assert.True(result.IsOk, result.MessageKey);
        return result.Value!;
    }

    /// <summary>A hub connection of <paramref name="email"/>, signed in over plain HTTP with the sign-in form.</summary>
    private async Task<HubConnection> HubAsync(string email)
    {
        var cookies = new CookieContainer();
        using var client = Fixture.App.Client(cookies);
        Assert.Equal(HttpStatusCode.Redirect, (await AppHttp.PostSignInAsync(client, email, BrowserFixture.Password)).StatusCode);
        return new HubConnectionBuilder()
            .WithUrl(Fixture.App.BaseUrl + "/hubs/crm", o => o.Headers["Cookie"] = cookies.GetCookieHeader(new Uri(Fixture.App.BaseUrl)))
            .Build();
    }

    [Fact]
    public async Task HubClientOfAnOwnOnlyUser_HearsItsOwnDealsAndActivities_AndNothingOfAnotherUsers()
    {
        var (email, me) = await NewUserAsync(BuiltInRoles.SalesOwnOnlyId);
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var foreign = await NewDealAsync("Foreign deal " + tag, manager);
        var mine = await NewDealAsync("My deal " + tag, me);
        await using var connection = await HubAsync(email);
        var heard = new List<(string Method, JsonElement Event)>();
        var sentinelSubject = "Sentinel call " + tag;
        var sentinel = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        foreach (var method in EventMethods)
        {
            connection.On<JsonElement>(method, e =>
            {
                lock (heard)
                {
                    heard.Add((method, e));
                }
                if (method == "activityChanged" && e.GetProperty("after") is { ValueKind: JsonValueKind.Object } after
                    && after.GetProperty("subject").GetString() == sentinelSubject)
                {
                    sentinel.TrySetResult();
                }
            });
        }
        await connection.StartAsync();
        await connection.InvokeAsync("WatchPipeline", foreign.PipelineId);
        await connection.InvokeAsync("WatchLeads");

        // The manager's own deal and activity, with a personal description: not a word of it.
        var secret = "Secret " + tag;
        var foreignActivity = await PlanAsync(foreign, "Foreign call " + tag, secret, manager, manager);
        await RetitleAsync(foreign, "Foreign deal renamed " + tag);
        Assert.True((await Fixture.App.Get<ActivityService>().DeleteAsync(foreignActivity.Id, foreignActivity.Version, manager)).IsOk);
        // The manager's activity on my deal (the deal's owner reads its activities), my deal changed, my own activity.
        var onMine = await PlanAsync(mine, "Manager's call on my deal " + tag, "Visible " + tag, manager, manager);
        await RetitleAsync(mine, "My deal renamed " + tag);
        var myOwn = await PlanAsync(mine, sentinelSubject, "Mine " + tag, me, me);

        await sentinel.Task.WaitAsync(TimeSpan.FromSeconds(15));
        List<(string Method, JsonElement Event)> events;
        lock (heard)
        {
            events = [.. heard];
        }
        var json = string.Join("\n", events.Select(e => e.Method + " " + e.Event.GetRawText()));
        Assert.DoesNotContain(secret, json);
        Assert.DoesNotContain("Foreign", json);
        Assert.DoesNotContain(events, e => e.Event.TryGetProperty("dealId", out var id) && id.GetInt32() == foreign.Id);
        Assert.DoesNotContain(events, e => e.Event.TryGetProperty("activityId", out var id) && id.GetInt32() == foreignActivity.Id);
        Assert.DoesNotContain(events, e => e.Event.TryGetProperty("element", out var element) && element.GetProperty("id").GetInt32() == foreign.Id
            && e.Method is "activityChanged" or "timelineChanged");
        var managersOnMine = Assert.Single(events, e => e.Method == "activityChanged" && e.Event.GetProperty("activityId").GetInt32() == onMine.Id);
        Assert.Equal("Visible " + tag, managersOnMine.Event.GetProperty("after").GetProperty("description").GetString());
        Assert.Contains(events, e => e.Method == "dealChanged" && e.Event.GetProperty("dealId").GetInt32() == mine.Id
            && e.Event.GetProperty("after").GetProperty("title").GetString() == "My deal renamed " + tag);
        Assert.Single(events, e => e.Method == "activityChanged" && e.Event.GetProperty("activityId").GetInt32() == myOwn.Id);
    }

    [Fact]
    public async Task AHubClientBackFromADrop_AsksForWhatItMissed_AndGetsItInOrder_WithinItsScope()
    {
        var (email, me) = await NewUserAsync(BuiltInRoles.SalesOwnOnlyId);
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var mine = await NewDealAsync("Dropped deal " + tag, me);
        long lastSeen;
        await using (var before = await HubAsync(email))
        {
            var heard = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            before.On<JsonElement>("dealChanged", e =>
            {
                if (e.GetProperty("dealId").GetInt32() == mine.Id)
                {
                    heard.TrySetResult(e.GetProperty("sequence").GetInt64());
                }
            });
            await before.StartAsync();
            await before.InvokeAsync("WatchPipeline", mine.PipelineId);
            mine = await RetitleAsync(mine, "Dropped deal seen " + tag);
            lastSeen = await heard.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }

        // While the client is away: its deal changes twice, and a deal of another user it may not read is made.
        await RetitleAsync(mine, "Dropped deal missed " + tag);
        var foreign = await NewDealAsync("Foreign while away " + tag, manager);
        var mineAgain = await NewDealAsync("Made while away " + tag, me);

        await using var after = await HubAsync(email);
        await after.StartAsync();
        await after.InvokeAsync("WatchPipeline", mine.PipelineId);
        var catchUp = await after.InvokeAsync<JsonElement>("EventsSince", lastSeen);

        Assert.False(catchUp.GetProperty("reload").GetBoolean());
        var events = catchUp.GetProperty("events").EnumerateArray().ToList();
        var json = catchUp.GetRawText();
        Assert.DoesNotContain("Foreign while away", json);
        Assert.DoesNotContain(events, e => e.TryGetProperty("dealId", out var id) && id.GetInt32() == foreign.Id);
        var deals = events.Where(e => e.GetProperty("type").GetString() == "dealChanged").ToList();
        Assert.Equal([mine.Id, mineAgain.Id], deals.Select(e => e.GetProperty("dealId").GetInt32()));
        Assert.Equal("Dropped deal missed " + tag, deals[0].GetProperty("after").GetProperty("title").GetString());
        var sequences = events.Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.All(sequences, s => Assert.True(s > lastSeen));
        Assert.Equal(sequences.Order(), sequences);
        Assert.True(catchUp.GetProperty("sequence").GetInt64() >= sequences[^1]);
    }

    [Fact]
    public async Task WatchPipelineAndWatchLeads_AreRefused_ForARoleThatReadsNoDealsAndNoLeads()
    {
        var saved = await Fixture.App.Get<TeamSettingsService>().SaveRoleAsync(null, 0, new AccessRoleInput(
            "Contacts only " + Guid.NewGuid().ToString("N")[..6], CrmRoles.Sales,
            new Dictionary<(AccessEntity, AccessAction), AccessScope> { [(AccessEntity.Contact, AccessAction.Read)] = AccessScope.All }), await AdminAsync());
        Assert.True(saved.IsOk, saved.MessageKey);
        var (email, _) = await NewUserAsync(saved.Value!.Id);
        var pipeline = (await Fixture.App.Get<DealBoardService>().GetBoardAsync(null))!.Pipeline.Id;
        await using var connection = await HubAsync(email);
        await connection.StartAsync();

        var pipelineRefused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("WatchPipeline", pipeline));
        var leadsRefused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("WatchLeads"));

        Assert.Contains("Not readable", pipelineRefused.Message);
        Assert.Contains("Not readable", leadsRefused.Message);
        Assert.Equal(HubConnectionState.Connected, connection.State); // refused, not thrown out
    }

    [Fact]
    public async Task ARoleChangedToOwnOnly_TakesAnotherUsersCardOffTheOpenBoard_WithoutAReload()
    {
        var (email, me) = await NewUserAsync(BuiltInRoles.SalesId);
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var foreign = await NewDealAsync("Someone else's card " + tag, manager);
        var mine = await NewDealAsync("My card " + tag, me);
        var page = await Fixture.SignInAsync(email, "/deals");
        var foreignCard = page.Locator($"[data-deal-id='{foreign.Id}']");
        var myCard = page.Locator($"[data-deal-id='{mine.Id}']");
        await Expect(foreignCard).ToBeVisibleAsync();
        await Expect(myCard).ToBeVisibleAsync();
        var loads = 0;
        page.Load += (_, _) => loads++;

        var changed = await Fixture.App.Get<UserAdminService>().ChangeAsync(me.UserId, BuiltInRoles.SalesOwnOnlyId, null, await AdminAsync());
        Assert.True(changed.IsOk, changed.MessageKey);

        await Expect(foreignCard).ToHaveCountAsync(0);
        await Expect(myCard).ToBeVisibleAsync();
        Assert.Equal(0, loads); // the open page followed; nothing reloaded it
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task PagesOfRecordsOutsideAnOwnOnlyUsersScope_SayNotReadable()
    {
        var (email, _) = await NewUserAsync(BuiltInRoles.SalesOwnOnlyId);
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var deal = await NewDealAsync("Not your deal " + tag, manager);
        var lead = await Fixture.App.Get<LeadService>().CreateAsync(
            new LeadInput { Title = "Not your lead " + tag, FirstName = "Ewa", Emails = [new EmailInput($"{Guid.NewGuid():N}@example.com")], ResponsibleUserId = manager.UserId }, manager);
        Assert.True(lead.IsOk);
        var contact = await Fixture.App.Get<ContactService>().SaveAsync(null, 0,
            new ContactInput { FirstName = "Nadia", LastName = "Notyours" + tag, ResponsibleUserId = manager.UserId }, manager);
        Assert.True(contact.IsOk, contact.MessageKey);
        var page = await Fixture.SignInAsync(email, $"/deals/{deal.Id}");

        foreach (var path in new[] { $"/deals/{deal.Id}", $"/leads/{lead.Value!.Id}", $"/contacts/{contact.Value!.Id}" })
        {
            if (page.Url != Fixture.App.BaseUrl + path)
            {
                await page.GotoAsync(path);
                await BrowserFixture.WaitInteractiveAsync(page);
            }
            await Expect(page.GetByTestId("not-readable")).ToBeVisibleAsync();
            await Expect(page.Locator("body")).Not.ToContainTextAsync("Not your");
            await Expect(page.Locator("body")).Not.ToContainTextAsync("Notyours");
            await Axe.AssertAccessibleAsync(page);
        }
        await CloseCheckedAsync(page);
    }
}
