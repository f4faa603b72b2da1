namespace CrmBlazor.Tests.Core.Activities;

/// <summary>The activity calendar: what a range shows, and rescheduling by drag or keyboard (one save, versioned, live).</summary>
/// <remarks>The test clock starts on Monday 2 November 2026 at 09:00 UTC.</remarks>
public class ActivityCalendarTests(TestDatabase? db = null) : CoreTest(db)
{
    private ActivityService Activities => Db.Get<ActivityService>();
    private DateTime Now => Db.Clock.Now.UtcDateTime;

    private async Task<ActivityRow> PlanAsync(Actor responsible, DateTime deadline, string subject)
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Calendar deal");
        var result = await Activities.PlanAsync(ElementRef.Deal(deal.Id), new ActivityInput
        {
            Type = ActivityType.Task, Subject = subject, Deadline = deadline, ResponsibleUserId = responsible.UserId,
        }, Anna);
        Assert.True(result.IsOk);
        return result.Value!;
    }

    [Fact]
    public async Task CalendarAsync_ShowsTheRangesActivities_MineOrAllTheActorSees()
    {
        var annas = await PlanAsync(Anna, Now.AddDays(1), "Anna's task");
        var piotrs = await PlanAsync(Piotr, Now.AddDays(2), "Piotr's task");
        await PlanAsync(Anna, Now.AddDays(40), "Next month");

        var mine = await Activities.CalendarAsync(Now, Now.AddDays(7), mineOnly: true, Anna);
        var all = await Activities.CalendarAsync(Now, Now.AddDays(7), mineOnly: false, Manager);

        Assert.Equal([annas.Id], mine.Select(a => a.Id));
        Assert.Equal([annas.Id, piotrs.Id], all.Select(a => a.Id));
    }

    [Fact]
    public async Task RescheduleAsync_MovesTheDeadlineOnly_PublishesOnce_AndRefusesAStaleVersion()
    {
        var task = await PlanAsync(Piotr, Now.AddDays(1), "Send the offer");
        using var log = new EventLog(Db.Live);

        var moved = await Activities.RescheduleAsync(task.Id, task.Version, Now.AddDays(3), Piotr);

        Assert.True(moved.IsOk);
        Assert.Equal((Now.AddDays(3), "Send the offer", task.Version + 1), (moved.Value!.Deadline, moved.Value.Subject, moved.Value.Version));
        var change = Assert.IsType<ActivityChanged>(Assert.Single(log.Events));
        Assert.Equal((ActivityChangeKind.Updated, Now.AddDays(1), Now.AddDays(3)), (change.Kind, change.Before!.Deadline, change.After!.Deadline));

        var stale = await Activities.RescheduleAsync(task.Id, task.Version, Now.AddDays(5), Piotr);
        Assert.Equal((ResultStatus.Conflict, "Activity.Conflict"), (stale.Status, stale.MessageKey));
        Assert.Equal(Now.AddDays(3), (await Activities.GetAsync(task.Id))!.Deadline);
    }

    [Fact]
    public async Task RescheduleAsync_RefusesOthersActivities_DoneOnes_AndDatesOutOfBounds()
    {
        var task = await PlanAsync(Piotr, Now.AddDays(1), "Call the supplier");
        var foreign = await PlanAsync(Manager, Now.AddDays(1), "Marta's own");

        Assert.Equal(ResultStatus.Forbidden, (await Activities.RescheduleAsync(foreign.Id, foreign.Version, Now.AddDays(2), Piotr)).Status);
        Assert.Equal(ResultStatus.Invalid, (await Activities.RescheduleAsync(task.Id, task.Version, new DateTime(1800, 1, 1, 0, 0, 0, DateTimeKind.Utc), Piotr)).Status);
        var done = await Activities.CompleteAsync(task.Id, task.Version, Piotr);
        var again = await Activities.RescheduleAsync(task.Id, done.Value!.Version, Now.AddDays(2), Piotr);
        Assert.Equal((ResultStatus.Conflict, "Activity.AlreadyDone"), (again.Status, again.MessageKey));
    }
}

public sealed class PostgresActivityCalendarTests(PostgresServer server) : ActivityCalendarTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
