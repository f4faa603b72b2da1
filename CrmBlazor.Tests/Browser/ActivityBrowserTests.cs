using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Activities, counters and comments between two people at once, in two browser contexts.</summary>
public sealed class ActivityBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private async Task<int> NewLeadAsync(string title)
    {
        var anna = await Fixture.App.ActorAsync("anna@demo.crm");
        var result = await Fixture.App.Get<LeadService>().CreateAsync(
            new LeadInput { Title = title, FirstName = "Jan", Emails = [new EmailInput($"{Guid.NewGuid():N}@example.com")], Source = LeadSource.Call }, anna);
        Assert.True(result.IsOk);
        return result.Value!.Id;
    }

    private static async Task<int> CounterAsync(IPage page, string name) =>
        int.Parse(await page.Locator($"[data-counter='{name}']").First.TextContentAsync() ?? "", CultureInfo.InvariantCulture);

    [Fact]
    public async Task OverdueActivityForAnotherUser_TheirBadgeGoesUpLive_AndCompletingItShowsDoneForThePlanner()
    {
        var leadId = await NewLeadAsync("Fleet service enquiry");
        var piotr = await Fixture.SignInAsync("piotr@demo.crm", "/activities");
        var anna = await Fixture.SignInAsync("anna@demo.crm", $"/leads/{leadId}");
        await Expect(piotr.Locator("[data-counter='total']")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+$"));
        var total = await CounterAsync(piotr, "total");
        var activities = await CounterAsync(piotr, "activities");
        var leads = await CounterAsync(piotr, "leads");

        await anna.GetByTestId("plan-call").ClickAsync();
        var dialog = anna.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Subject").FillAsync("Call the fleet manager back");
        var time = Fixture.App.Get<CrmTime>();
        var yesterday = time.ToLocal(time.UtcNow).AddDays(-1);
        await dialog.GetByLabel("Deadline").FillAsync(yesterday.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await dialog.GetByLabel("Responsible").ClickAsync();
        await anna.GetByRole(AriaRole.Option, new() { Name = "Piotr Zieliński" }).ClickAsync();
        await dialog.GetByTestId("activity-save").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        var planned = anna.GetByTestId("element-activities").Locator(".activity-row", new() { HasText = "Call the fleet manager back" });
        await Expect(planned).ToHaveAttributeAsync("data-state", "planned");
        await Expect(planned).ToContainTextAsync("overdue");

        // Piotr's counters go up without a reload; the activity is in his list.
        await Expect(piotr.Locator("[data-counter='total']")).ToHaveTextAsync((total + 1).ToString(CultureInfo.InvariantCulture));
        await Expect(piotr.Locator("[data-counter='activities']")).ToHaveTextAsync((activities + 1).ToString(CultureInfo.InvariantCulture));
        await Expect(piotr.Locator("[data-counter='leads']")).ToHaveTextAsync((leads + 1).ToString(CultureInfo.InvariantCulture));
        var row = piotr.GetByTestId("activities-grid").Locator("tr", new() { HasText = "Call the fleet manager back" });
        await Expect(row).ToBeVisibleAsync();

        // Done with an outcome note, which goes on the timeline.
        await row.GetByTestId("complete-activity").ClickAsync();
        var completing = piotr.GetByRole(AriaRole.Dialog);
        await completing.GetByLabel("Outcome (optional)").FillAsync("Agreed to a demo on Friday");
        await Axe.AssertAccessibleAsync(piotr);
        await completing.GetByTestId("activity-complete-save").ClickAsync();

        await Expect(piotr.Locator("[data-counter='total']")).ToHaveTextAsync(total.ToString(CultureInfo.InvariantCulture));
        await Expect(planned).ToHaveAttributeAsync("data-state", "done");
        await Expect(anna.GetByTestId("element-timeline")).ToContainTextAsync("Activity done: Call the fleet manager back — Agreed to a demo on Friday");

        // Undo from the notice: planned again, counted again, for both users.
        await piotr.GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();
        await Expect(piotr.GetByText("Planned again: Call the fleet manager back")).ToBeVisibleAsync();
        await Expect(planned).ToHaveAttributeAsync("data-state", "planned");
        await Expect(piotr.Locator("[data-counter='total']")).ToHaveTextAsync((total + 1).ToString(CultureInfo.InvariantCulture));
        await Expect(anna.GetByTestId("element-timeline")).ToContainTextAsync("Activity planned again: Call the fleet manager back");
        await CloseCheckedAsync(piotr, anna);
    }

    [Fact]
    public async Task DeadlinePassingWithNobodyActing_TheServerMovesTheActivityIntoOverdueOnTheBadge()
    {
        var leadId = await NewLeadAsync("Deadline check lead");
        var piotr = await Fixture.SignInAsync("piotr@demo.crm", "/activities");
        var total = piotr.Locator("[data-counter='total']");
        await Expect(total).ToHaveAttributeAsync("data-overdue", new System.Text.RegularExpressions.Regex(@"^\d+$"));
        var overdue = int.Parse(await total.GetAttributeAsync("data-overdue") ?? "", CultureInfo.InvariantCulture);
        var before = int.Parse(await total.TextContentAsync() ?? "", CultureInfo.InvariantCulture);
        var anna = await Fixture.App.ActorAsync("anna@demo.crm");
        var piotrActor = await Fixture.App.ActorAsync("piotr@demo.crm");
        var time = Fixture.App.Get<CrmTime>();
        var planned = await Fixture.App.Get<CrmBlazor.Core.Activities.ActivityService>().PlanAsync(ElementRef.Lead(leadId), new CrmBlazor.Core.Activities.ActivityInput
        {
            Type = CrmBlazor.Core.Activities.ActivityType.Task, Subject = "Due in a moment", Deadline = time.UtcNow.AddSeconds(3), ResponsibleUserId = piotrActor.UserId,
        }, anna);
        Assert.True(planned.IsOk);

        // Due today, then, a few seconds later, overdue: the server's deadline watcher moves it with no one acting.
        await Expect(total).ToHaveTextAsync((before + 1).ToString(CultureInfo.InvariantCulture));
        await Expect(total).ToHaveAttributeAsync("data-overdue", (overdue + 1).ToString(CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        await Expect(total).ToHaveTextAsync((before + 1).ToString(CultureInfo.InvariantCulture));
        await CloseCheckedAsync(piotr);
    }

    [Fact]
    public async Task CommentAddedByOneUser_AppearsOnAnotherUsersOpenPage_AsText()
    {
        var leadId = await NewLeadAsync("Office chairs quote");
        var anna = await Fixture.SignInAsync("anna@demo.crm", $"/leads/{leadId}");
        var piotr = await Fixture.SignInAsync("piotr@demo.crm", $"/leads/{leadId}");
        await Expect(piotr.GetByTestId("element-timeline")).ToContainTextAsync("Lead created");

        await anna.GetByTestId("comment-input").FillAsync("Client wants **20%** off <b>now</b>");
        await anna.GetByTestId("comment-save").ClickAsync();

        var comment = piotr.GetByTestId("element-timeline").Locator("[data-entry-kind='comment']");
        await Expect(comment).ToContainTextAsync("Client wants 20% off <b>now</b>");
        await Expect(comment.Locator(".comment-text strong")).ToHaveTextAsync("20%");
        await Expect(comment.Locator("b")).ToHaveCountAsync(0);
        await Expect(comment.GetByTestId("comment-edit")).ToHaveCountAsync(0);   // not Piotr's to edit
        await Expect(anna.GetByTestId("comment-input")).ToHaveValueAsync("");

        // Its author edits it; the other page follows.
        await anna.GetByTestId("comment-edit").ClickAsync();
        await anna.GetByTestId("comment-edit-input").FillAsync("Client wants 15% off");
        await anna.GetByTestId("comment-edit-save").ClickAsync();
        await Expect(comment).ToContainTextAsync("Client wants 15% off");
        await Expect(comment).ToContainTextAsync("edited");
        await CloseCheckedAsync(anna, piotr);
    }

    [Fact]
    public async Task History_ListsChangesOfAllElements_FilteredByEventKind()
    {
        var leadId = await NewLeadAsync("History check lead");
        var manager = await Fixture.SignInAsync("manager@demo.crm", "/history");
        await Expect(manager.GetByTestId("history-grid")).ToContainTextAsync("History check lead");

        await BrowserFixture.ChooseAsync(manager, "Event", "Comment");
        await Expect(manager.GetByTestId("history-grid")).Not.ToContainTextAsync("History check lead");

        var anna = await Fixture.App.ActorAsync("anna@demo.crm");
        await Fixture.App.Get<CrmBlazor.Core.Timeline.TimelineService>().AddCommentAsync(ElementRef.Lead(leadId), "Checked the history page", anna);
        await manager.GetByTestId("history-new").ClickAsync();
        await Expect(manager.GetByTestId("history-grid")).ToContainTextAsync("Checked the history page");
        await Axe.AssertAccessibleAsync(manager);
        await CloseCheckedAsync(manager);
    }

    [Fact]
    public async Task HubClient_HearsTheElementsActivityOnce_AndACountersHintForItsUser()
    {
        var leadId = await NewLeadAsync("Hub activity lead");
        var cookie = await BrowserFixture.CookieHeaderAsync(Fixture.Browser, Fixture.App.BaseUrl, "piotr@demo.crm");
        await using var connection = new HubConnectionBuilder()
            .WithUrl(Fixture.App.BaseUrl + "/hubs/crm", options => options.Headers["Cookie"] = cookie)
            .Build();
        var activityEvents = new List<JsonElement>();
        var counterHints = 0;
        var sentinel = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<JsonElement>("activityChanged", e =>
        {
            lock (activityEvents)
            {
                activityEvents.Add(e);
            }
            if (e.GetProperty("kind").GetInt32() == (int)CrmBlazor.Core.Live.ActivityChangeKind.Deleted)
            {
                sentinel.TrySetResult();
            }
        });
        var twoHints = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On("countersChanged", () =>
        {
            if (Interlocked.Increment(ref counterHints) == 2)
            {
                twoHints.TrySetResult();
            }
        });
        await connection.StartAsync();
        await connection.InvokeAsync("WatchElement", ElementKind.Lead, leadId);
        var activities = Fixture.App.Get<CrmBlazor.Core.Activities.ActivityService>();
        var anna = await Fixture.App.ActorAsync("anna@demo.crm");
        var piotr = await Fixture.App.ActorAsync("piotr@demo.crm");

        var planned = await activities.PlanAsync(ElementRef.Lead(leadId), new CrmBlazor.Core.Activities.ActivityInput
        {
            Type = CrmBlazor.Core.Activities.ActivityType.Meeting, Subject = "Heard by a hub client", Deadline = DateTime.UtcNow.AddDays(3), ResponsibleUserId = piotr.UserId,
        }, anna);
        await activities.DeleteAsync(planned.Value!.Id, planned.Value.Version, anna);

        // The deletion is the sentinel: had the planning come twice, both copies would be in by then.
        await sentinel.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["Heard by a hub client", null], activityEvents.Select(e => e.GetProperty("after").ValueKind == JsonValueKind.Null ? null : e.GetProperty("after").GetProperty("subject").GetString()));
        await twoHints.Task.WaitAsync(TimeSpan.FromSeconds(10));   // Piotr's counters: planned for him, then deleted
    }
}
