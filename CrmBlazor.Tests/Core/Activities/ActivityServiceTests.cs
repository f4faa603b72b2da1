using CrmBlazor.Core.Activities;
using CrmBlazor.Core.Common;
using CrmBlazor.Core.Identity;
using CrmBlazor.Core.Leads;
using CrmBlazor.Core.Live;
using CrmBlazor.Core.Timeline;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Tests.Core.Activities;

/// <summary>Activities, the counters they drive and the deadline watcher, on a real SQLite database.</summary>
/// <remarks>The test clock starts on Monday 2 November 2026 at 09:00 UTC, 10:00 in Warsaw (the default team time zone).</remarks>
public sealed class ActivityServiceTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private TestPipeline _pipeline = default!;
    private Actor _anna = default!;
    private Actor _piotr = default!;
    private Actor _manager = default!;

    private ActivityService Activities => _db.Get<ActivityService>();
    private CounterService Counters => _db.Get<CounterService>();
    private DateTime Now => _db.Clock.Now.UtcDateTime;

    public async Task InitializeAsync()
    {
        _pipeline = await _db.AddPipelineAsync();
        _anna = await _db.AddUserAsync("Anna", CrmRoles.Sales);
        _piotr = await _db.AddUserAsync("Piotr", CrmRoles.Sales);
        _manager = await _db.AddUserAsync("Marta", CrmRoles.Manager);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

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
        ElementRef.Deal((await _db.AddDealAsync(owner, _pipeline.NewStageId, title)).Id);

    [Fact]
    public async Task PlanAsync_ForAnotherUser_SavesWithTimelineEntryAndWakesTheirCounters()
    {
        var deal = await AddDealAsync(_anna);
        using var log = new EventLog(_db.Live);

        var activity = await PlanAsync(deal, Call(Now.AddHours(-1), _piotr), _anna);

        Assert.Equal((_piotr.UserId, "Piotr", ActivityState.Planned, "Deal"), (activity.ResponsibleUserId, activity.ResponsibleName, activity.State, activity.ElementTitle));
        await using var db = await _db.Factory.CreateDbContextAsync();
        var entry = await db.TimelineEntries.SingleAsync(e => e.Kind == TimelineKind.ActivityPlanned);
        Assert.Equal((ElementKind.Deal, deal.Id, activity.Id, "Call back", _anna.UserId), (entry.ElementKind, entry.ElementId, entry.RelatedId!.Value, entry.Text, entry.AuthorId));
        var change = Assert.IsType<ActivityChanged>(Assert.Single(log.Events));
        Assert.Equal(ActivityChangeKind.Planned, change.Kind);
        Assert.Contains(LiveTopics.User(_piotr.UserId), change.Topics);
        Assert.Contains(LiveTopics.Element(deal), change.Topics);
        Assert.Equal(new Counters(1, 0, 0, 0, 1), await Counters.GetAsync(_piotr.UserId));
        Assert.Equal(CrmBlazor.Core.Activities.Counters.None, await Counters.GetAsync(_anna.UserId));
    }

    [Fact]
    public async Task PlanAsync_BadFields_ReportsEachFieldAndSavesNothing()
    {
        var deal = await AddDealAsync(_anna);
        using var log = new EventLog(_db.Live);

        var result = await Activities.PlanAsync(deal, new ActivityInput
        {
            Type = ActivityType.Call,
            Subject = " ",
            Description = new string('x', ActivityRules.DescriptionMaxLength + 1),
            DurationMinutes = 0,
            ResponsibleUserId = "nobody",
        }, _anna);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(
            ["Deadline Validation.Required", "Description Validation.MaxLength", "Direction Validation.Required", "DurationMinutes Validation.Range",
                "ResponsibleUserId Validation.NoLongerExists", "Subject Validation.Required"],
            result.Errors.Select(e => $"{e.Field} {e.MessageKey}").Order());
        await using var db = await _db.Factory.CreateDbContextAsync();
        Assert.False(await db.Activities.AnyAsync());
        Assert.False(await db.TimelineEntries.AnyAsync(e => e.Kind == TimelineKind.ActivityPlanned));
        Assert.Empty(log.Events);
    }

    [Fact]
    public async Task PlanAsync_TaskWithoutDirectionOrDuration_IsValidAndKeepsNeither()
    {
        var deal = await AddDealAsync(_anna);

        var task = await PlanAsync(deal, new ActivityInput { Type = ActivityType.Task, Subject = "Prepare the contract", Deadline = Now.AddDays(1), DurationMinutes = 30, Direction = ActivityDirection.Incoming }, _anna);

        Assert.Equal((null, null, _anna.UserId), (task.DurationMinutes, task.Direction, task.ResponsibleUserId));
    }

    [Fact]
    public async Task PlanAsync_ElementThatDoesNotExist_IsNotFound()
    {
        var result = await Activities.PlanAsync(ElementRef.Contact(999), Call(Now), _anna);

        Assert.Equal(ResultStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task PlanAsync_TimelineWriteFails_SavesNoActivityEither()
    {
        var deal = await AddDealAsync(_anna);
        _db.Commands.FailWhen = sql => sql.Contains("INSERT INTO \"TimelineEntries\"", StringComparison.Ordinal);

        await Assert.ThrowsAnyAsync<Exception>(() => Activities.PlanAsync(deal, Call(Now), _anna));

        _db.Commands.FailWhen = null;
        await using var db = await _db.Factory.CreateDbContextAsync();
        Assert.False(await db.Activities.AnyAsync());
    }

    [Fact]
    public async Task Counters_CountOverdueAndTodayInTheTeamTimeZone_AndNewLeads()
    {
        var deal = await AddDealAsync(_anna);
        var lead = await _db.Get<LeadService>().CreateAsync(new LeadInput { Title = "Inbound", FirstName = "Jan", Phones = [new LeadPhoneInput("601 234 567")], Source = LeadSource.Call }, _anna);
        var leadRef = ElementRef.Lead(lead.Value!.Id);
        await PlanAsync(deal, Call(Now.AddDays(-2)), _anna);                         // overdue
        await PlanAsync(leadRef, Call(Now.AddMinutes(-1)), _anna);                    // overdue, earlier today
        await PlanAsync(deal, Call(Now.AddHours(13).AddMinutes(59)), _anna);          // 23:59 in Warsaw: today
        await PlanAsync(deal, Call(Now.AddHours(14)), _anna);                         // midnight in Warsaw: tomorrow
        await PlanAsync(deal, Call(Now.AddHours(1)), _piotr);                         // Piotr plans for himself
        var done = await PlanAsync(leadRef, Call(Now.AddHours(-3)), _anna);
        await Activities.CompleteAsync(done.Id, done.Version, _anna);

        var anna = await Counters.GetAsync(_anna.UserId);

        Assert.Equal(new Counters(Overdue: 2, DueToday: 1, NewLeads: 1, LeadActivities: 1, DealActivities: 2), anna);
        Assert.Equal((3, 2, 2, 4), (anna.Activities, anna.Leads, anna.Deals, anna.Total));
        Assert.Equal(new Counters(0, 1, 0, 0, 1), await Counters.GetAsync(_piotr.UserId));
    }

    [Fact]
    public async Task UpdateAsync_Reassigned_MovesTheCountFromOneUserToTheOtherAndTellsBoth()
    {
        var deal = await AddDealAsync(_anna);
        var activity = await PlanAsync(deal, Call(Now.AddHours(-1)), _anna);
        using var log = new EventLog(_db.Live);

        var result = await Activities.UpdateAsync(activity.Id, activity.Version, Call(Now.AddHours(-1), _piotr), _anna);

        Assert.True(result.IsOk);
        Assert.Equal(0, (await Counters.GetAsync(_anna.UserId)).Total);
        Assert.Equal(1, (await Counters.GetAsync(_piotr.UserId)).Overdue);
        var change = Assert.IsType<ActivityChanged>(Assert.Single(log.Events));
        Assert.Contains(LiveTopics.User(_anna.UserId), change.Topics);
        Assert.Contains(LiveTopics.User(_piotr.UserId), change.Topics);
    }

    [Fact]
    public async Task CompleteAsync_ByResponsible_IsDoneOnTimelineAndLeavesCounters()
    {
        var deal = await AddDealAsync(_anna);
        var activity = await PlanAsync(deal, Call(Now.AddHours(-1), _piotr), _anna);
        _db.Clock.Now += TimeSpan.FromMinutes(5);

        var result = await Activities.CompleteAsync(activity.Id, activity.Version, _piotr);

        Assert.True(result.IsOk);
        Assert.Equal((ActivityState.Done, Now), (result.Value!.State, result.Value.CompletedAt!.Value));
        Assert.Equal(0, (await Counters.GetAsync(_piotr.UserId)).Total);
        await using var db = await _db.Factory.CreateDbContextAsync();
        var entry = await db.TimelineEntries.SingleAsync(e => e.Kind == TimelineKind.ActivityDone);
        Assert.Equal((deal.Id, _piotr.UserId, activity.Id), (entry.ElementId, entry.AuthorId, entry.RelatedId!.Value));

        var again = await Activities.CompleteAsync(activity.Id, result.Value.Version, _piotr);
        Assert.Equal((ResultStatus.Conflict, "Activity.AlreadyDone"), (again.Status, again.MessageKey));
    }

    [Fact]
    public async Task CompleteAsync_StaleVersion_IsConflictWithTheCurrentActivity()
    {
        var deal = await AddDealAsync(_anna);
        var activity = await PlanAsync(deal, Call(Now.AddHours(1)), _anna);
        var edited = await Activities.UpdateAsync(activity.Id, activity.Version, Call(Now.AddHours(2), subject: "Moved call"), _anna);

        var result = await Activities.CompleteAsync(activity.Id, activity.Version, _anna);

        Assert.Equal(ResultStatus.Conflict, result.Status);
        Assert.Equal(("Moved call", ActivityState.Planned), (result.Value!.Subject, result.Value.State));
    }

    [Fact]
    public async Task ChangeRules_OnlyResponsibleAuthorOrManager()
    {
        var deal = await AddDealAsync(_anna);
        var activity = await PlanAsync(deal, Call(Now.AddHours(1), _anna), _anna);
        var stranger = await _db.AddUserAsync("Olek", CrmRoles.Sales);

        Assert.Equal(ResultStatus.Forbidden, (await Activities.CompleteAsync(activity.Id, activity.Version, stranger)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Activities.DeleteAsync(activity.Id, activity.Version, _piotr)).Status);
        Assert.True((await Activities.CompleteAsync(activity.Id, activity.Version, _manager)).IsOk);
    }

    [Fact]
    public async Task DeleteAsync_RemovesItAndTellsTheResponsibleUser()
    {
        var deal = await AddDealAsync(_anna);
        var activity = await PlanAsync(deal, Call(Now.AddHours(-1)), _anna);
        using var log = new EventLog(_db.Live);

        Assert.True((await Activities.DeleteAsync(activity.Id, activity.Version, _anna)).IsOk);

        Assert.Equal(0, (await Counters.GetAsync(_anna.UserId)).Total);
        var change = Assert.IsType<ActivityChanged>(Assert.Single(log.Events));
        Assert.Equal((ActivityChangeKind.Deleted, (ActivityRow?)null), (change.Kind, change.After));
        Assert.Contains(LiveTopics.User(_anna.UserId), change.Topics);
    }

    [Fact]
    public async Task ListAsync_SalesSeeTheirOwnAndTheirElements_ManagersSeeAll()
    {
        var annasDeal = await AddDealAsync(_anna, "Anna's deal");
        var piotrsDeal = await AddDealAsync(_piotr, "Piotr's deal");
        await PlanAsync(annasDeal, Call(Now.AddHours(1), subject: "mine"), _anna);
        await PlanAsync(annasDeal, Call(Now.AddHours(1), subject: "Piotr's on my deal"), _piotr);
        await PlanAsync(piotrsDeal, Call(Now.AddHours(1), _piotr, "planned by me for Piotr"), _anna);
        await PlanAsync(piotrsDeal, Call(Now.AddHours(1), subject: "private to Piotr"), _piotr);

        var annaAll = await Activities.ListAsync(new ActivityQuery { MineOnly = false }, _anna);
        var annaMine = await Activities.ListAsync(new ActivityQuery { MineOnly = true }, _anna);
        var managerAll = await Activities.ListAsync(new ActivityQuery { MineOnly = false }, _manager);

        Assert.Equal(["Piotr's on my deal", "mine", "planned by me for Piotr"], annaAll.Items.Select(a => a.Subject).Order(StringComparer.Ordinal));
        Assert.Equal(["mine"], annaMine.Items.Select(a => a.Subject));
        Assert.Equal(4, managerAll.Total);
    }

    [Fact]
    public async Task ListAsync_Periods_SplitOverdueTodayWeekAndDone()
    {
        var deal = await AddDealAsync(_anna);
        await PlanAsync(deal, Call(Now.AddDays(-1), subject: "overdue"), _anna);
        await PlanAsync(deal, Call(Now.AddHours(2), subject: "today"), _anna);
        await PlanAsync(deal, Call(Now.AddDays(3), subject: "thursday"), _anna);
        await PlanAsync(deal, Call(Now.AddDays(8), subject: "next week"), _anna);
        var done = await PlanAsync(deal, new ActivityInput { Type = ActivityType.Meeting, Subject = "done", Deadline = Now.AddHours(-2) }, _anna);
        await Activities.CompleteAsync(done.Id, done.Version, _anna);

        async Task<string[]> Subjects(ActivityPeriod period, ActivityType? type = null) =>
            [.. (await Activities.ListAsync(new ActivityQuery { Period = period, Type = type }, _anna)).Items.Select(a => a.Subject)];

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
        var deal = await AddDealAsync(_anna);
        var deadline = Now.AddHours(5);
        await PlanAsync(deal, Call(deadline, _piotr), _anna);
        await PlanAsync(deal, Call(Now.AddDays(2), _anna), _anna);
        var watch = _db.Get<DeadlineWatch>();
        Assert.Equal(new Counters(0, 1, 0, 0, 1), await Counters.GetAsync(_piotr.UserId));
        Assert.Equal(deadline, await watch.NextChangeAsync(Now));
        using var log = new EventLog(_db.Live);

        var since = Now;
        _db.Clock.Now = new DateTimeOffset(deadline.AddSeconds(1), TimeSpan.Zero);
        var told = await watch.PublishDueAsync(since, Now);

        Assert.Equal([_piotr.UserId], told);
        var due = Assert.IsType<CountersDue>(Assert.Single(log.Events));
        Assert.Equal([LiveTopics.User(_piotr.UserId), LiveTopics.Pipeline(_pipeline.PipelineId)], due.Topics);
        Assert.Equal(new Counters(1, 0, 0, 0, 1), await Counters.GetAsync(_piotr.UserId));
        Assert.Empty(await watch.PublishDueAsync(Now, Now.AddMinutes(1)));
    }

    [Fact]
    public async Task DeadlineWatch_NewDayBegins_PublishesForUsersWithActivitiesDueThatDay()
    {
        var deal = await AddDealAsync(_anna);
        var tomorrowNoon = new DateTime(2026, 11, 3, 11, 0, 0, DateTimeKind.Utc);   // 12:00 in Warsaw
        await PlanAsync(deal, Call(tomorrowNoon, _anna), _anna);
        var watch = _db.Get<DeadlineWatch>();
        var midnight = new DateTime(2026, 11, 2, 23, 0, 0, DateTimeKind.Utc);         // 00:00 in Warsaw
        Assert.Equal(midnight, await watch.NextChangeAsync(Now));
        Assert.Equal(0, (await Counters.GetAsync(_anna.UserId)).DueToday);

        var since = Now;
        _db.Clock.Now = new DateTimeOffset(midnight.AddSeconds(1), TimeSpan.Zero);

        Assert.Equal([_anna.UserId], await watch.PublishDueAsync(since, Now));
        Assert.Equal(1, (await Counters.GetAsync(_anna.UserId)).DueToday);
    }

    [Fact]
    public async Task DeletingTheDeal_RemovesItsActivities_AndTellsTheirUsers()
    {
        var deal = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Goes away");
        await PlanAsync(ElementRef.Deal(deal.Id), Call(Now.AddHours(-1), _piotr), _anna);
        Assert.Equal(1, (await Counters.GetAsync(_piotr.UserId)).Total);
        using var log = new EventLog(_db.Live);

        Assert.True((await _db.Deals.DeleteAsync(deal.Id, deal.Version, _anna)).IsOk);

        Assert.Equal(0, (await Counters.GetAsync(_piotr.UserId)).Total);
        var change = Assert.IsType<CrmBlazor.Core.Live.DealChanged>(Assert.Single(log.Events));
        Assert.Contains(LiveTopics.User(_piotr.UserId), change.Topics);
    }

    [Fact]
    public async Task DealActivities_TellTheBoardTheDealsNextDeadline()
    {
        var dealCard = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Marked");
        var other = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Unmarked");
        var deal = ElementRef.Deal(dealCard.Id);
        using var log = new EventLog(_db.Live);

        var later = await PlanAsync(deal, Call(Now.AddDays(2)), _anna);
        var sooner = await PlanAsync(deal, Call(Now.AddHours(-1)), _anna);

        var events = log.Events.Cast<ActivityChanged>().ToList();
        Assert.Equal([Now.AddDays(2), Now.AddHours(-1)], events.Select(e => e.DealNextActivityAt!.Value));
        Assert.All(events, e => Assert.Contains(LiveTopics.Pipeline(_pipeline.PipelineId), e.Topics));
        Assert.Equal(new Dictionary<int, DateTime> { [dealCard.Id] = Now.AddHours(-1) },
            await _db.Boards.GetNextActivitiesAsync([dealCard.Id, other.Id]));

        await Activities.CompleteAsync(sooner.Id, sooner.Version, _anna);
        await Activities.DeleteAsync(later.Id, later.Version, _anna);

        Assert.Equal([Now.AddDays(2), null], log.Events.Cast<ActivityChanged>().Skip(2).Select(e => e.DealNextActivityAt));
        Assert.Empty(await _db.Boards.GetNextActivitiesAsync([dealCard.Id, other.Id]));
    }

    [Fact]
    public async Task DeadlineWatch_DealActivityPasses_AlsoWakesThatPipelinesBoards()
    {
        var deal = ElementRef.Deal((await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Deal")).Id);
        await PlanAsync(deal, Call(Now.AddMinutes(30)), _anna);
        using var log = new EventLog(_db.Live);

        var since = Now;
        _db.Clock.Now += TimeSpan.FromMinutes(31);
        await _db.Get<DeadlineWatch>().PublishDueAsync(since, Now);

        var due = Assert.IsType<CountersDue>(Assert.Single(log.Events));
        Assert.Equal([LiveTopics.User(_anna.UserId), LiveTopics.Pipeline(_pipeline.PipelineId)], due.Topics);
    }
}
