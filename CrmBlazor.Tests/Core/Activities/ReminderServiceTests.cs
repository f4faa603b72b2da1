namespace CrmBlazor.Tests.Core.Activities;

/// <summary>
/// Reminders before a deadline: due at the activity's own time, for its responsible user only, published once (also
/// with two servers at once and after a restart), again after a reschedule, never for done, unwanted or stale ones.
/// </summary>
public class ReminderServiceTests(TestDatabase? db = null) : CoreTest(db)
{
    private ActivityService Activities => Db.Get<ActivityService>();
    private ReminderService Reminders => Db.Get<ReminderService>();
    private DateTime Now => Db.Clock.Now.UtcDateTime;

    private async Task<ActivityRow> PlanAsync(string subject, DateTime deadline, Actor responsible, int? reminderMinutes = ActivityRules.DefaultReminderMinutes, ElementRef? element = null)
    {
        element ??= ElementRef.Deal((await Db.AddDealAsync(responsible, Pipeline.NewStageId, "Deal of " + subject)).Id);
        var result = await Activities.PlanAsync(element.Value, new ActivityInput
        {
            Type = ActivityType.Task, Subject = subject, Deadline = deadline, ResponsibleUserId = responsible.UserId, ReminderMinutes = reminderMinutes,
        }, Manager);
        Assert.True(result.IsOk, $"{result.Status} {string.Join(", ", result.Errors.Select(e => e.Field + " " + e.MessageKey))}");
        return result.Value!;
    }

    private void At(DateTime utc) => Db.Clock.Now = new DateTimeOffset(utc, TimeSpan.Zero);

    [Fact]
    public async Task SendDue_AtTheReminderTime_PublishesOnceForTheResponsibleUserOnly()
    {
        var start = Now;
        var task = await PlanAsync("Send the offer", start.AddHours(1), Anna);
        Assert.Equal(ActivityRules.DefaultReminderMinutes, task.ReminderMinutes);
        using var log = new EventLog(Db.Live);

        Assert.Empty(await Reminders.SendDueAsync());
        Assert.Equal(start.AddMinutes(45), await Reminders.NextDueAsync(start));

        At(start.AddMinutes(45));
        Assert.Equal([task.Id], await Reminders.SendDueAsync());
        Assert.Empty(await Reminders.SendDueAsync());
        Assert.Null(await Reminders.NextDueAsync(Now));

        var reminder = Assert.Single(log.Events.OfType<ActivityReminder>());
        Assert.Equal((task.Id, Anna.UserId, "Send the offer", task.Deadline, task.Element, "Deal of Send the offer"),
            (reminder.ActivityId, reminder.UserId, reminder.Subject, reminder.Deadline, reminder.Element, reminder.ElementTitle));
        Assert.Equal([LiveTopics.User(Anna.UserId)], reminder.Topics);
        Assert.Same(reminder, AccessPolicy.Shown(reminder, Anna));
        Assert.Null(AccessPolicy.Shown(reminder, Manager));
        Assert.Null(AccessPolicy.Shown(reminder, Piotr));
    }

    [Fact]
    public async Task TaskDueInAMinute_ItsReminderTimeHasPassed_IsSentAtOnce()
    {
        var task = await PlanAsync("Call back now", Now.AddMinutes(1), Anna);

        Assert.Equal([task.Id], await Reminders.SendDueAsync());
    }

    [Fact]
    public async Task NoReminder_OrDoneBeforeItsTime_NothingIsSent()
    {
        var start = Now;
        await PlanAsync("Without a reminder", start.AddMinutes(10), Anna, reminderMinutes: null);
        var done = await PlanAsync("Done early", start.AddMinutes(30), Anna);
        Assert.True((await Activities.CompleteAsync(done.Id, done.Version, Anna)).IsOk);
        using var log = new EventLog(Db.Live);

        At(start.AddMinutes(29));
        Assert.Empty(await Reminders.SendDueAsync());
        Assert.Null(await Reminders.NextDueAsync(start));
        Assert.Empty(log.Events.OfType<ActivityReminder>());
    }

    [Fact]
    public async Task Rescheduled_OrPlannedAgain_AfterItsReminderWasSent_RemindsAgainAtTheNewTime()
    {
        var start = Now;
        var task = await PlanAsync("Prepare the demo", start.AddMinutes(10), Anna);
        Assert.Equal([task.Id], await Reminders.SendDueAsync());

        var moved = await Activities.RescheduleAsync(task.Id, task.Version, start.AddHours(3), Anna);
        Assert.True(moved.IsOk);
        Assert.Equal(start.AddHours(3).AddMinutes(-15), await Reminders.NextDueAsync(start));
        At(start.AddHours(3).AddMinutes(-15));
        Assert.Equal([task.Id], await Reminders.SendDueAsync());

        // A different reminder time on the form is a new reminder too.
        var edited = await Activities.UpdateAsync(task.Id, moved.Value!.Version, new ActivityInput
        {
            Type = ActivityType.Task, Subject = "Prepare the demo", Deadline = start.AddHours(3), ResponsibleUserId = Anna.UserId, ReminderMinutes = 5,
        }, Anna);
        Assert.Equal(5, edited.Value!.ReminderMinutes);
        Assert.Empty(await Reminders.SendDueAsync());
        At(start.AddHours(3).AddMinutes(-5));
        Assert.Equal([task.Id], await Reminders.SendDueAsync());

        // Done, then planned again before the deadline: reminded at once.
        var completed = await Activities.CompleteAsync(task.Id, edited.Value.Version, Anna);
        Assert.True((await Activities.ReopenAsync(task.Id, completed.Value!.Version, Anna)).IsOk);
        Assert.Equal([task.Id], await Reminders.SendDueAsync());
        Assert.Empty(await Reminders.SendDueAsync());
    }

    [Fact]
    public async Task NoServerRanPastTheDeadline_TheLateReminderIsDropped_NotSent()
    {
        var start = Now;
        var task = await PlanAsync("Missed while down", start.AddMinutes(20), Anna, reminderMinutes: 5);
        await PlanAsync("Still ahead", start.AddHours(2), Anna);

        At(start.AddMinutes(20) + ReminderService.LateLimit + TimeSpan.FromSeconds(1));
        Assert.Empty(await Reminders.SendDueAsync());

        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.NotNull(await db.Activities.Where(a => a.Id == task.Id).Select(a => a.ReminderSentAt).SingleAsync());
        Assert.Equal(start.AddHours(2).AddMinutes(-15), await Reminders.NextDueAsync(Now));
    }

    [Fact]
    public async Task TwoServers_SendingAtOnce_EachReminderGoesOutOnce_AndNotAgainAfterARestart()
    {
        var start = Now;
        var deal = ElementRef.Deal((await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Busy deal")).Id);
        var planned = new List<int>();
        for (var i = 0; i < 30; i++)
        {
            planned.Add((await PlanAsync($"Task {i}", start.AddMinutes(20 + i % 3), i % 2 == 0 ? Anna : Piotr, element: deal)).Id);
        }
        await using var second = Db.SecondServer();
        second.Clock.Now = Db.Clock.Now = new DateTimeOffset(start.AddMinutes(10), TimeSpan.Zero);
        using var firstLog = new EventLog(Db.Live);
        using var secondLog = new EventLog(second.Live);

        var sent = await Task.WhenAll(
            Task.Run(() => Reminders.SendDueAsync()),
            Task.Run(() => second.Get<ReminderService>().SendDueAsync()));

        Assert.Empty(sent[0].Intersect(sent[1]));
        Assert.Equal(planned.Order(), sent[0].Concat(sent[1]).Order());
        Assert.Equal(planned.Order(), firstLog.Events.Concat(secondLog.Events).OfType<ActivityReminder>().Select(r => r.ActivityId).Order());

        // A server started afterwards (a restart) finds nothing left to send.
        await using var restarted = Db.SecondServer();
        restarted.Clock.Now = Db.Clock.Now;
        Assert.Empty(await restarted.Get<ReminderService>().SendDueAsync());
    }

    [Fact]
    public async Task Plan_AReminderOutsideZeroToAWeek_IsRefusedNextToTheField()
    {
        var deal = ElementRef.Deal((await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Deal")).Id);
        foreach (var minutes in new[] { -1, ActivityRules.MaxReminderMinutes + 1 })
        {
            var result = await Activities.PlanAsync(deal, new ActivityInput
            {
                Type = ActivityType.Task, Subject = "Odd reminder", Deadline = Now.AddDays(1), ReminderMinutes = minutes,
            }, Anna);
            Assert.Equal(ResultStatus.Invalid, result.Status);
            Assert.Equal(nameof(ActivityInput.ReminderMinutes), Assert.Single(result.Errors).Field);
        }
    }
}

public sealed class PostgresReminderServiceTests(PostgresServer server)
    : ReminderServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
