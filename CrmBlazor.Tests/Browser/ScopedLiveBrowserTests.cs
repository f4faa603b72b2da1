using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// Live events respect read scopes: a user of "Sales (own only)" hears, on the hub and on their open board, only the
/// deals and leads they may read, and a deal given to someone else leaves their board live (issue 11).
/// </summary>
public sealed class ScopedLiveBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    /// <summary>A new user of the built-in "Sales (own only)" role, signed in with the fixture's password.</summary>
    private async Task<(string Email, Actor Actor)> NewOwnOnlyUserAsync()
    {
        var email = $"own-{Guid.NewGuid():N}@test.crm";
        using (var scope = Fixture.App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
            var user = new CrmUser { UserName = email, Email = email, DisplayName = "Own Only " + email[4..10], EmailConfirmed = true, AccessRoleId = BuiltInRoles.SalesOwnOnlyId };
            Assert.True((await users.CreateAsync(user, BrowserFixture.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, CrmRoles.Sales)).Succeeded);
        }
        return (email, await Fixture.App.ActorAsync(email));
    }

    private async Task<DealCard> NewDealAsync(string title, Actor responsible)
    {
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var board = (await Fixture.App.Get<DealBoardService>().GetBoardAsync(null))!;
        var result = await Fixture.App.Get<DealService>().CreateAsync(
            new DealInput { Title = title, Amount = 500m, Currency = "PLN", StageId = board.Columns[0].Stage.Id, ResponsibleUserId = responsible.UserId }, manager);
        Assert.True(result.IsOk);
        return result.Value!;
    }

    private async Task GiveAsync(DealCard deal, Actor to)
    {
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var result = await Fixture.App.Get<DealService>().UpdateAsync(deal.Id, deal.Version,
            new DealInput { Title = deal.Title, Amount = deal.Amount, Currency = deal.Currency, StageId = deal.StageId, ResponsibleUserId = to.UserId }, manager);
        Assert.True(result.IsOk, result.MessageKey);
    }

    [Fact]
    public async Task HubClientOfARestrictedUser_HearsNothingOutsideItsScope_AndADealGivenAwayArrivesWithoutItsData()
    {
        var (email, me) = await NewOwnOnlyUserAsync();
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var cookie = await BrowserFixture.CookieHeaderAsync(Fixture.Browser, Fixture.App.BaseUrl, email);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(Fixture.App.BaseUrl + "/hubs/crm", options => options.Headers["Cookie"] = cookie)
            .Build();
        var heard = new List<(string Method, JsonElement Event)>();
        var sentinelTitle = "Sentinel " + Guid.NewGuid().ToString("N")[..6];
        var sentinel = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        foreach (var method in new[] { "dealChanged", "leadChanged", "activityChanged", "timelineChanged", "elementChanged", "elementHidden" })
        {
            connection.On<JsonElement>(method, e =>
            {
                lock (heard)
                {
                    heard.Add((method, e));
                }
                if (method == "dealChanged" && e.GetProperty("after") is { ValueKind: JsonValueKind.Object } after && after.GetProperty("title").GetString() == sentinelTitle)
                {
                    sentinel.TrySetResult();
                }
            });
        }
        await connection.StartAsync();
        var board = (await Fixture.App.Get<DealBoardService>().GetBoardAsync(null))!;
        await connection.InvokeAsync("WatchPipeline", board.Pipeline.Id);
        await connection.InvokeAsync("WatchLeads");

        var others = await NewDealAsync("Not yours " + Guid.NewGuid().ToString("N")[..6], manager);
        var hubEx = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("WatchElement", ElementKind.Deal, others.Id));
        Assert.Contains("Not readable", hubEx.Message);
        var othersLead = await Fixture.App.Get<LeadService>().CreateAsync(
            new LeadInput { Title = "Someone else's lead", FirstName = "Ewa", Emails = [new EmailInput($"{Guid.NewGuid():N}@example.com")], ResponsibleUserId = manager.UserId }, manager);
        Assert.True(othersLead.IsOk);
        var mine = await NewDealAsync("Yours for now " + Guid.NewGuid().ToString("N")[..6], me);
        await GiveAsync(mine, manager);
        await NewDealAsync(sentinelTitle, me);

        await sentinel.Task.WaitAsync(TimeSpan.FromSeconds(15));
        List<(string Method, JsonElement Event)> events;
        lock (heard)
        {
            events = [.. heard];
        }
        var json = string.Join("\n", events.Select(e => e.Method + " " + e.Event.GetRawText()));
        Assert.DoesNotContain(others.Title, json);
        Assert.DoesNotContain("Someone else's lead", json);
        Assert.DoesNotContain(events, e => e.Method == "leadChanged");
        var aboutMine = events.Where(e => e.Method == "dealChanged" && e.Event.GetProperty("dealId").GetInt32() == mine.Id).ToList();
        Assert.Equal(2, aboutMine.Count);   // created for me, then given away
        Assert.Equal(JsonValueKind.Object, aboutMine[0].Event.GetProperty("after").ValueKind);
        Assert.Equal(JsonValueKind.Null, aboutMine[1].Event.GetProperty("after").ValueKind);
        Assert.Equal(JsonValueKind.Object, aboutMine[1].Event.GetProperty("before").ValueKind);
    }

    [Fact]
    public async Task ADealGivenToSomeoneOutsideARestrictedUsersScope_LeavesTheirOpenBoard_AndStaysOnTheManagers()
    {
        var (email, me) = await NewOwnOnlyUserAsync();
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var deal = await NewDealAsync("Scoped card " + Guid.NewGuid().ToString("N")[..6], me);
        var mine = await Fixture.SignInAsync(email, "/deals");
        var managers = await Fixture.SignInAsync("manager@demo.crm", "/deals");
        var myCard = mine.Locator($"[data-deal-id='{deal.Id}']");
        var managersCard = managers.Locator($"[data-deal-id='{deal.Id}']");
        await Expect(myCard).ToBeVisibleAsync();
        await Expect(managersCard).ToBeVisibleAsync();

        await GiveAsync(deal, manager);

        await Expect(myCard).ToHaveCountAsync(0);
        await Expect(mine.GetByText("outside your view")).ToBeVisibleAsync();
        await Expect(managersCard).ToBeVisibleAsync();
        await Expect(managersCard).ToContainTextAsync(manager.DisplayName);
        await CloseCheckedAsync(mine, managers);
    }
}
