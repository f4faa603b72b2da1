namespace CrmBlazor.Tests.Core.Activities;

/// <summary>The calendar feed: a secret link per user, their own activities only, in a form calendar apps read.</summary>
public class CalendarFeedServiceTests(TestDatabase? db = null) : CoreTest(db)
{
    private static readonly Uri Site = new("https://crm.example/");

    private CalendarFeedService Feeds => Db.Get<CalendarFeedService>();
    private ActivityService Activities => Db.Get<ActivityService>();
    private DateTime Now => Db.Clock.Now.UtcDateTime;

    private static Uri LinkOf(ElementRef element) => new(Site, $"{element.Kind}/{element.Id}");

    private async Task<ActivityRow> PlanAsync(ElementRef element, string subject, DateTime deadline, Actor actor)
    {
        var result = await Activities.PlanAsync(element, new ActivityInput
        {
            Type = ActivityType.Meeting, Subject = subject, Deadline = deadline, DurationMinutes = 45, Description = "Bring the offer",
        }, actor);
        Assert.True(result.IsOk);
        return result.Value!;
    }

    [Fact]
    public async Task Feed_HoldsTheUsersPlannedAndRecentActivities_WithTimesReminderAndLink_NotOthers()
    {
        var deal = ElementRef.Deal((await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Fleet renewal")).Id);
        var meeting = await PlanAsync(deal, "Demo at the client", Now.AddDays(2), Anna);
        var old = await PlanAsync(deal, "Long ago", Now.AddDays(-60), Anna);
        await Activities.CompleteAsync(old.Id, old.Version, Anna, outcome: "Went well");
        var recent = await PlanAsync(deal, "Last week's call", Now.AddDays(-7), Anna);
        await Activities.CompleteAsync(recent.Id, recent.Version, Anna, outcome: "Sent the offer");
        await PlanAsync(deal, "Piotr's own", Now.AddDays(1), Piotr);
        var secret = await Feeds.NewSecretAsync(Anna);

        var text = await Feeds.GetFeedAsync(secret, LinkOf);

        var calendar = Ical.Net.Calendar.Load(Assert.IsType<string>(text))!;
        Assert.Equal(["✓ Last week's call", "Demo at the client"], calendar.Events.OrderBy(e => e.Start!.AsUtc).Select(e => e.Summary));
        var demo = calendar.Events.Single(e => e.Summary == "Demo at the client");
        Assert.Equal(meeting.Deadline, demo.Start!.AsUtc);
        Assert.Equal(meeting.Deadline.AddMinutes(45), demo.End!.AsUtc);
        Assert.Equal(new Uri(Site, $"Deal/{deal.Id}"), demo.Url);
        Assert.Contains("Fleet renewal", demo.Description);
        Assert.Single(demo.Alarms);
        Assert.Empty(calendar.Events.Single(e => e.Summary!.StartsWith('✓')).Alarms);
        Assert.Contains("Sent the offer", calendar.Events.Single(e => e.Summary!.StartsWith('✓')).Description);
    }

    [Fact]
    public async Task Feed_EachAlarmComesAtTheActivitysOwnReminderTime_NoneWithoutAReminder()
    {
        var deal = ElementRef.Deal((await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Alarms")).Id);
        foreach (var (subject, minutes) in new[] { ("An hour ahead", (int?)60), ("No alarm", null) })
        {
            Assert.True((await Activities.PlanAsync(deal, new ActivityInput
            {
                Type = ActivityType.Task, Subject = subject, Deadline = Now.AddDays(1), ReminderMinutes = minutes,
            }, Anna)).IsOk);
        }
        var secret = await Feeds.NewSecretAsync(Anna);

        var calendar = Ical.Net.Calendar.Load(Assert.IsType<string>(await Feeds.GetFeedAsync(secret, LinkOf)))!;

        var alarm = Assert.Single(calendar.Events.Single(e => e.Summary == "An hour ahead").Alarms);
        Assert.Equal(TimeSpan.FromMinutes(-60), alarm.Trigger!.Duration!.Value.ToTimeSpanUnspecified());
        Assert.Empty(calendar.Events.Single(e => e.Summary == "No alarm").Alarms);
    }

    [Fact]
    public async Task Secret_OnlyItsHashIsKept_ANewOneReplacesIt_TurningOffOrDeactivatingEndsTheFeed()
    {
        var first = await Feeds.NewSecretAsync(Anna);
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            var hash = await db.Users.Where(u => u.Id == Anna.UserId).Select(u => u.CalendarFeedHash).SingleAsync();
            Assert.Equal(CrmBlazor.Core.ApiTokens.ApiTokenService.HashOf(first), hash);
        }
        Assert.True(await Feeds.IsOnAsync(Anna));
        Assert.False(await Feeds.IsOnAsync(Piotr));
        Assert.Null(await Feeds.GetFeedAsync("not-a-secret", LinkOf));
        Assert.Null(await Feeds.GetFeedAsync("", LinkOf));

        var second = await Feeds.NewSecretAsync(Anna);
        Assert.Null(await Feeds.GetFeedAsync(first, LinkOf));
        Assert.NotNull(await Feeds.GetFeedAsync(second, LinkOf));

        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == Anna.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false));
        }
        Assert.Null(await Feeds.GetFeedAsync(second, LinkOf));

        await Feeds.TurnOffAsync(Anna);
        Assert.False(await Feeds.IsOnAsync(Anna));
    }
}

public sealed class PostgresCalendarFeedServiceTests(PostgresServer server)
    : CalendarFeedServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
