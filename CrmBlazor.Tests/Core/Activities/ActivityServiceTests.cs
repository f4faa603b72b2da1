namespace CrmBlazor.Tests.Core.Activities;

/// <summary>Activities, the counters they drive and the deadline watcher, on a real SQLite database.</summary>
/// <remarks>The test clock starts on Monday 2 November 2026 at 09:00 UTC, 10:00 in Warsaw (the default team time zone).</remarks>
public sealed class ActivityServiceTests() : CoreTest()
{
    private ActivityService Activities => Db.Get<ActivityService>();
    private CounterService Counters => Db.Get<CounterService>();
    private DateTime Now => Db.Clock.Now.UtcDateTime;

    private static ActivityInput Call(DateTime deadline, Actor? responsible = null, string subject = "Call back") => new()
    {
        Type = ActivityType.Call,
        Subject = subject,
        Deadline = deadline,
        DurationMinutes = 15,
        Direction = ActivityDirection.Outgoing,
        ResponsibleUserId = responsible?.UserId,
    };

    private async Task<ActivityRow> PlanAsync(ElementRef element, ActivityInput input, Actor actor)
    {
        var result = await Activities.PlanAsync(element, input, actor);
        Assert.True(result.IsOk, $"{result.Status}: {string.Join(", ", result.Errors.Select(e => e.Field + " " + e.MessageKey))}");
        return result.Value!;
    }

    private async Task<ElementRef> AddDealAsync(Actor owner, string title = "Deal") =>
        ElementRef.Deal((await Db.AddDealAsync(owner, Pipeline.NewStageId, title)).Id);

    [Fact]
    public async Task PlanAsync_ForAnotherUser_SavesWithTimelineEntryAndWakesTheirCounters()
    {
        var deal = await AddDealAsync(Anna);
        using var log = new EventLog(Db.Live);

        var activity = await PlanAsync(deal, Call(Now.AddHours(-1), Piotr), Anna);

        Assert.Equal((Piotr.UserId, "Piotr", ActivityState.Planned, "Deal"), (activity.ResponsibleUserId, activity.ResponsibleName, activity.State, activity.ElementTitle));
        await using var db = await Db.Factory.CreateDbContextAsync();
        var entry = await db.TimelineEntries.SingleAsync(e => e.Kind == TimelineKind.ActivityPlanned);
        Assert.Equal((ElementKind.Deal, deal.Id, activity.Id, "Call back", Anna.UserId), (entry.ElementKind, entry.ElementId, entry.RelatedId!.Value, entry.Text, entry.AuthorId));
        var change = Assert.IsType<ActivityChanged>(Assert.Single(log.Events));
        Assert.Equal(ActivityChangeKind.Planned, change.Kind);
        Assert.Contains(LiveTopics.User(Piotr.UserId), change.Topics);
        Assert.Contains(LiveTopics.Element(deal), change.Topics);
        Assert.Equal(new Counters(1, 0, 0, 0, 1), await Counters.GetAsync(Piotr.UserId));
        Assert.Equal(CrmBlazor.Core.Activities.Counters.None, await Counters.GetAsync(Anna.UserId));
    }

    [Fact]
    public async Task PlanAsync_BadFields_ReportsEachFieldAndSavesNothing()
    {
        var deal = await AddDealAsync(Anna);
        using var log = new EventLog(Db.Live);

        var result = await Activities.PlanAsync(deal, new ActivityInput
        {
            Type = ActivityType.Call,
            Subject = " ",
            Description = new string('x', ActivityRules.DescriptionMaxLength + 1),
            DurationMinutes = 0,
            ResponsibleUserId = "nobody",
        }, Anna);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(
            ["Deadline Validation.Required", "Description Validation.MaxLength", "Direction Validation.Required", "DurationMinutes Validation.Range",
                "ResponsibleUserId Validation.NoLongerExists", "Subject Validation.Required"],
            result.Errors.Select(e => $"{e.Field} {e.MessageKey}").Order());
        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.False(await db.Activities.AnyAsync());
        Assert.False(await db.TimelineEntries.AnyAsync(e => e.Kind == TimelineKind.ActivityPlanned));
        Assert.Empty(log.Events);
    }

    [Fact]
    public async Task PlanAsync_TaskWithoutDirectionOrDuration_IsValidAndKeepsNeither()
    {
        var deal = await AddDealAsync(Anna);

        var task = await PlanAsync(deal, new ActivityInput { Type = ActivityType.Task, Subject = "Prepare the contract", Deadline = Now.AddDays(1), DurationMinutes = 30, Direction = ActivityDirection.Incoming }, Anna);

        Assert.Equal((null, null, Anna.UserId), (task.DurationMinutes, task.Direction, task.ResponsibleUserId));
    }

    [Fact]
    public async Task PlanAsync_ElementThatDoesNotExist_IsNotFound()
    {
        var result = await Activities.PlanAsync(ElementRef.Contact(999), Call(Now), Anna);

        Assert.Equal(ResultStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task PlanAsync_TimelineWriteFails_SavesNoActivityEither()
    {
        var deal = await AddDealAsync(Anna);
        Db.Commands.FailWhen = sql => sql.Contains("INSERT INTO \"TimelineEntries\"", StringComparison.Ordinal);

        await Assert.ThrowsAnyAsync<Exception>(() => Activities.PlanAsync(deal, Call(Now), Anna));

        Db.Commands.FailWhen = null;
        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.False(await db.Activities.AnyAsync());
    }

    [Fact]
    public async Task Counters_CountOverdueAndTodayInTheTeamTimeZone_AndNewLeads()
    {
        var deal = await AddDealAsync(Anna);
        var lead = await Db.Get<LeadService>().CreateAsync(new LeadInput { Title = "Inbound", FirstName = "Jan", Phones = [new PhoneInput("601 234 567", PhoneType.Mobile)], Source = LeadSource.Call }, Anna);
        var leadRef = ElementRef.Lead(lead.Value!.Id);
        await PlanAsync(deal, Call(Now.AddDays(-2)), Anna);                         // overdue
        await PlanAsync(leadRef, Call(Now.AddMinutes(-1)), Anna);                    // overdue, earlier today
        await PlanAsync(deal, Call(Now.AddHours(13).AddMinutes(59)), Anna);          // 23:59 in Warsaw: today
        await PlanAsync(deal, Call(Now.AddHours(14)), Anna);                         // midnight in Warsaw: tomorrow
        await PlanAsync(deal, Call(Now.AddHours(1)), Piotr);                         // Piotr plans for himself
        var done = await PlanAsync(leadRef, Call(Now.AddHours(-3)), Anna);
        await Activities.CompleteAsync(done.Id, done.Version, Anna);

        var anna = await Counters.GetAsync(Anna.UserId);

        Assert.Equal(new Counters(Overdue: 2, DueToday: 1, NewLeads: 1, LeadActivities: 1, DealActivities: 2), anna);
        Assert.Equal((3, 2, 2, 4), (anna.Activities, anna.Leads, anna.Deals, anna.Total));
        Assert.Equal(new Counters(0, 1, 0, 0, 1), await Counters.GetAsync(Piotr.UserId));
    }

    [Fact]
    public async Task UpdateAsync_Reassigned_MovesTheCountFromOneUserToTheOtherAndTellsBoth()
    {
        var deal = await AddDealAsync(Anna);
        var activity = await PlanAsync(deal, Call(Now.AddHours(-1)), Anna);
        using var log = new EventLog(Db.Live);

        var result = await Activities.UpdateAsync(activity.Id, activity.Version, Call(Now.AddHours(-1), Piotr), Anna);

        Assert.True(result.IsOk);
        Assert.Equal(0, (await Counters.GetAsync(Anna.UserId)).Total);
        Assert.Equal(1, (await Counters.GetAsync(Piotr.UserId)).Overdue);
        var change = Assert.IsType<ActivityChanged>(Assert.Single(log.Events));
        Assert.Contains(LiveTopics.User(Anna.UserId), change.Topics);
        Assert.Contains(LiveTopics.User(Piotr.UserId), change.Topics);
    }

    [Fact]
    public async Task CompleteAsync_ByResponsible_IsDoneOnTimelineAndLeavesCounters()
    {
        var deal = await AddDealAsync(Anna);
        var activity = await PlanAsync(deal, Call(Now.AddHours(-1), Piotr), Anna);
        Db.Clock.Now += TimeSpan.FromMinutes(5);

        var result = await Activities.CompleteAsync(activity.Id, activity.Version, Piotr);

        Assert.True(result.IsOk);
        Assert.Equal((ActivityState.Done, Now), (result.Value!.State, result.Value.CompletedAt!.Value));
        Assert.Equal(0, (await Counters.GetAsync(Piotr.UserId)).Total);
        await using var db = await Db.Factory.CreateDbContextAsync();
        var entry = await db.TimelineEntries.SingleAsync(e => e.Kind == TimelineKind.ActivityDone);
        Assert.Equal((deal.Id, Piotr.UserId, activity.Id), (entry.ElementId, entry.AuthorId, entry.RelatedId!.Value));

        var again = await Activities.CompleteAsync(activity.Id, result.Value.Version, Piotr);
        Assert.Equal((ResultStatus.Conflict, "Activity.AlreadyDone"), (again.Status, again.MessageKey));
    }

    [Fact]
    public async Task CompleteAsync_WithAnOutcome_KeepsItOnTheActivityAndTheTimeline_TooLongIsAFieldError()
    {
        var deal = await AddDealAsync(Anna);
        var activity = await PlanAsync(deal, Call(Now.AddHours(1)), Anna);

        var tooLong = await Activities.CompleteAsync(activity.Id, activity.Version, Anna, outcome: new string('x', ActivityRules.OutcomeMaxLength + 1));
        var done = await Activities.CompleteAsync(activity.Id, activity.Version, Anna, outcome: "  Agreed to a demo  ");

        Assert.Equal(("Outcome", "Validation.MaxLength"), (Assert.Single(tooLong.Errors).Field, tooLong.Errors[0].MessageKey));
        Assert.Equal("Agreed to a demo", done.Value!.Outcome);
        await using var db = await Db.Factory.CreateDbContextAsync();
        var entry = await db.TimelineEntries.SingleAsync(e => e.Kind == TimelineKind.ActivityDone);
        Assert.Equal("Agreed to a demo", entry.NewValue);
    }

    [Fact]
    public async Task ReopenAsync_ADoneActivity_IsPlannedAgainCountedAgainAndOnTheTimeline_OnlyOnce()
    {
        var deal = await AddDealAsync(Anna);
        var activity = await PlanAsync(deal, Call(Now.AddHours(-1)), Anna);
        var done = (await Activities.CompleteAsync(activity.Id, activity.Version, Anna, outcome: "No answer")).Value!;
        Assert.Equal(0, (await Counters.GetAsync(Anna.UserId)).Overdue);
        using var log = new EventLog(Db.Live);

        var reopened = await Activities.ReopenAsync(done.Id, done.Version, Anna);

        Assert.True(reopened.IsOk);
        Assert.Equal((ActivityState.Planned, (DateTime?)null, (string?)null), (reopened.Value!.State, reopened.Value.CompletedAt, reopened.Value.Outcome));
        Assert.Equal(1, (await Counters.GetAsync(Anna.UserId)).Overdue);
        Assert.IsType<ActivityChanged>(Assert.Single(log.Events));
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            Assert.Equal(activity.Id, (await db.TimelineEntries.SingleAsync(e => e.Kind == TimelineKind.ActivityReopened)).RelatedId);
        }
        var again = await Activities.ReopenAsync(done.Id, reopened.Value.Version, Anna);
        Assert.Equal((ResultStatus.Conflict, "Activity.NotDone"), (again.Status, again.MessageKey));
        var stale = await Activities.ReopenAsync(done.Id, done.Version, Anna);
        Assert.Equal(ResultStatus.Conflict, stale.Status);
        Assert.Equal(ResultStatus.Forbidden, (await Activities.ReopenAsync(done.Id, reopened.Value.Version, Piotr)).Status);
    }

    [Fact]
    public async Task CompleteAsync_StaleVersion_IsConflictWithTheCurrentActivity()
    {
        var deal = await AddDealAsync(Anna);
        var activity = await PlanAsync(deal, Call(Now.AddHours(1)), Anna);
        var edited = await Activities.UpdateAsync(activity.Id, activity.Version, Call(Now.AddHours(2), subject: "Moved call"), Anna);

        var result = await Activities.CompleteAsync(activity.Id, activity.Version, Anna);

        Assert.Equal(ResultStatus.Conflict, result.Status);
        Assert.Equal(("Moved call", ActivityState.Planned), (result.Value!.Subject, result.Value.State));
    }

    [Fact]
    public async Task ChangeRules_OnlyResponsibleAuthorOrManager()
    {
        var deal = await AddDealAsync(Anna);
        var activity = await PlanAsync(deal, Call(Now.AddHours(1), Anna), Anna);
        var stranger = await Db.AddUserAsync("Olek", CrmRoles.Sales);

        Assert.Equal(ResultStatus.Forbidden, (await Activities.CompleteAsync(activity.Id, activity.Version, stranger)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Activities.DeleteAsync(activity.Id, activity.Version, Piotr)).Status);
        Assert.True((await Activities.CompleteAsync(activity.Id, activity.Version, Manager)).IsOk);
    }

    [Fact]
    public async Task DeleteAsync_RemovesItAndTellsTheResponsibleUser()
    {
        var deal = await AddDealAsync(Anna);
        var activity = await PlanAsync(deal, Call(Now.AddHours(-1)), Anna);
        using var log = new EventLog(Db.Live);

        Assert.True((await Activities.DeleteAsync(activity.Id, activity.Version, Anna)).IsOk);

        Assert.Equal(0, (await Counters.GetAsync(Anna.UserId)).Total);
        var change = Assert.IsType<ActivityChanged>(Assert.Single(log.Events));
        Assert.Equal((ActivityChangeKind.Deleted, (ActivityRow?)null), (change.Kind, change.After));
        Assert.Contains(LiveTopics.User(Anna.UserId), change.Topics);
    }

    [Fact]
    public async Task ListAsync_SalesSeeTheirOwnAndTheirElements_ManagersSeeAll()
    {
        var annasDeal = await AddDealAsync(Anna, "Anna's deal");
        var piotrsDeal = await AddDealAsync(Piotr, "Piotr's deal");
        await PlanAsync(annasDeal, Call(Now.AddHours(1), subject: "mine"), Anna);
        await PlanAsync(annasDeal, Call(Now.AddHours(1), subject: "Piotr's on my deal"), Piotr);
        await PlanAsync(piotrsDeal, Call(Now.AddHours(1), Piotr, "planned by me for Piotr"), Anna);
        await PlanAsync(piotrsDeal, Call(Now.AddHours(1), subject: "private to Piotr"), Piotr);

        var annaAll = await Activities.ListAsync(new ActivityQuery { MineOnly = false }, Anna);
        var annaMine = await Activities.ListAsync(new ActivityQuery { MineOnly = true }, Anna);
        var managerAll = await Activities.ListAsync(new ActivityQuery { MineOnly = false }, Manager);

        Assert.Equal(["Piotr's on my deal", "mine", "planned by me for Piotr"], annaAll.Items.Select(a => a.Subject).Order(StringComparer.Ordinal));
        Assert.Equal(["mine"], annaMine.Items.Select(a => a.Subject));
        Assert.Equal(4, managerAll.Total);
    }

    [Fact]
    public async Task ListAsync_Periods_SplitOverdueTodayWeekAndDone()
    {
        var deal = await AddDealAsync(Anna);
        await PlanAsync(deal, Call(Now.AddDays(-1), subject: "overdue"), Anna);
        await PlanAsync(deal, Call(Now.AddHours(2), subject: "today"), Anna);
        await PlanAsync(deal, Call(Now.AddDays(3), subject: "thursday"), Anna);
        await PlanAsync(deal, Call(Now.AddDays(8), subject: "next week"), Anna);
        var done = await PlanAsync(deal, new ActivityInput { Type = ActivityType.Meeting, Subject = "done", Deadline = Now.AddHours(-2) }, Anna);
        await Activities.CompleteAsync(done.Id, done.Version, Anna);

        async Task<string[]> Subjects(ActivityPeriod period, ActivityType? type = null) =>
            [.. (await Activities.ListAsync(new ActivityQuery { Period = period, Type = type }, Anna)).Items.Select(a => a.Subject)];

        Assert.Equal(["overdue"], await Subjects(ActivityPeriod.Overdue));
        Assert.Equal(["today"], await Subjects(ActivityPeriod.Today));
        Assert.Equal(["today", "thursday"], await Subjects(ActivityPeriod.ThisWeek)); // the overdue one was due on Sunday, last week
        Assert.Equal(["done"], await Subjects(ActivityPeriod.Done));
        Assert.Equal(["overdue", "today", "thursday", "next week"], await Subjects(ActivityPeriod.Open));
        Assert.Empty(await Subjects(ActivityPeriod.Open, ActivityType.Meeting));
    }

    [Fact]
    public async Task DeadlineWatch_DeadlinePasses_PublishesForItsUserAndTheCountersMove()
    {
        var deal = await AddDealAsync(Anna);
        var deadline = Now.AddHours(5);
        await PlanAsync(deal, Call(deadline, Piotr), Anna);
        await PlanAsync(deal, Call(Now.AddDays(2), Anna), Anna);
        var watch = Db.Get<DeadlineWatch>();
        Assert.Equal(new Counters(0, 1, 0, 0, 1), await Counters.GetAsync(Piotr.UserId));
        Assert.Equal(deadline, await watch.NextChangeAsync(Now));
        using var log = new EventLog(Db.Live);

        var since = Now;
        Db.Clock.Now = new DateTimeOffset(deadline.AddSeconds(1), TimeSpan.Zero);
        var told = await watch.PublishDueAsync(since, Now);

        Assert.Equal([Piotr.UserId], told);
        var due = Assert.IsType<CountersDue>(Assert.Single(log.Events));
        Assert.Equal([LiveTopics.User(Piotr.UserId), LiveTopics.Pipeline(Pipeline.PipelineId)], due.Topics);
        Assert.Equal(new Counters(1, 0, 0, 0, 1), await Counters.GetAsync(Piotr.UserId));
        Assert.Empty(await watch.PublishDueAsync(Now, Now.AddMinutes(1)));
    }

    [Fact]
    public async Task DeadlineWatch_NewDayBegins_PublishesForUsersWithActivitiesDueThatDay()
    {
        var deal = await AddDealAsync(Anna);
        var tomorrowNoon = new DateTime(2026, 11, 3, 11, 0, 0, DateTimeKind.Utc);   // 12:00 in Warsaw
        await PlanAsync(deal, Call(tomorrowNoon, Anna), Anna);
        var watch = Db.Get<DeadlineWatch>();
        var midnight = new DateTime(2026, 11, 2, 23, 0, 0, DateTimeKind.Utc);         // 00:00 in Warsaw
        Assert.Equal(midnight, await watch.NextChangeAsync(Now));
        Assert.Equal(0, (await Counters.GetAsync(Anna.UserId)).DueToday);

        var since = Now;
        Db.Clock.Now = new DateTimeOffset(midnight.AddSeconds(1), TimeSpan.Zero);

        Assert.Equal([Anna.UserId], await watch.PublishDueAsync(since, Now));
        Assert.Equal(1, (await Counters.GetAsync(Anna.UserId)).DueToday);
    }

    [Fact]
    public async Task DeletingTheDeal_RemovesItsActivities_AndTellsTheirUsers()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Goes away");
        await PlanAsync(ElementRef.Deal(deal.Id), Call(Now.AddHours(-1), Piotr), Anna);
        Assert.Equal(1, (await Counters.GetAsync(Piotr.UserId)).Total);
        using var log = new EventLog(Db.Live);

        Assert.True((await Db.Deals.DeleteAsync(deal.Id, deal.Version, Anna)).IsOk);

        Assert.Equal(0, (await Counters.GetAsync(Piotr.UserId)).Total);
        var change = Assert.IsType<CrmBlazor.Core.Live.DealChanged>(Assert.Single(log.Events));
        Assert.Contains(LiveTopics.User(Piotr.UserId), change.Topics);
    }

    [Fact]
    public async Task DealActivities_TellTheBoardTheDealsNextDeadline()
    {
        var dealCard = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Marked");
        var other = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Unmarked");
        var deal = ElementRef.Deal(dealCard.Id);
        using var log = new EventLog(Db.Live);

        var later = await PlanAsync(deal, Call(Now.AddDays(2)), Anna);
        var sooner = await PlanAsync(deal, Call(Now.AddHours(-1)), Anna);

        var events = log.Events.Cast<ActivityChanged>().ToList();
        Assert.Equal([Now.AddDays(2), Now.AddHours(-1)], events.Select(e => e.DealNextActivityAt!.Value));
        Assert.All(events, e => Assert.Contains(LiveTopics.Pipeline(Pipeline.PipelineId), e.Topics));
        Assert.Equal(new Dictionary<int, DateTime> { [dealCard.Id] = Now.AddHours(-1) },
            await Db.Boards.GetNextActivitiesAsync([dealCard.Id, other.Id]));

        await Activities.CompleteAsync(sooner.Id, sooner.Version, Anna);
        await Activities.DeleteAsync(later.Id, later.Version, Anna);

        Assert.Equal([Now.AddDays(2), null], log.Events.Cast<ActivityChanged>().Skip(2).Select(e => e.DealNextActivityAt));
        Assert.Empty(await Db.Boards.GetNextActivitiesAsync([dealCard.Id, other.Id]));
    }

    [Fact]
    public async Task DeadlineWatch_DealActivityPasses_AlsoWakesThatPipelinesBoards()
    {
        var deal = ElementRef.Deal((await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Deal")).Id);
        await PlanAsync(deal, Call(Now.AddMinutes(30)), Anna);
        using var log = new EventLog(Db.Live);

        var since = Now;
        Db.Clock.Now += TimeSpan.FromMinutes(31);
        await Db.Get<DeadlineWatch>().PublishDueAsync(since, Now);

        var due = Assert.IsType<CountersDue>(Assert.Single(log.Events));
        Assert.Equal([LiveTopics.User(Anna.UserId), LiveTopics.Pipeline(Pipeline.PipelineId)], due.Topics);
    }
}
