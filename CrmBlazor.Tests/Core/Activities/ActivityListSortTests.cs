namespace CrmBlazor.Tests.Core.Activities;

/// <summary>The Activities list sorted by each of its columns in SQL, paged by offset (issue 18).</summary>
/// <remarks>The test clock starts on Monday 2 November 2026 at 09:00 UTC.</remarks>
public class ActivityListSortTests(TestDatabase? db = null) : CoreTest(db)
{
    private ActivityService Activities => Db.Get<ActivityService>();
    private DateTime Now => Db.Clock.Now.UtcDateTime;

    private async Task PlanAsync(ElementRef element, Actor responsible, int inDays, string subject)
    {
        var result = await Activities.PlanAsync(element, new ActivityInput
        {
            Type = ActivityType.Task, Subject = subject, Deadline = Now.AddDays(inDays), ResponsibleUserId = responsible.UserId,
        }, Manager);
        Assert.True(result.IsOk);
    }

    private async Task<string[]> SubjectsAsync(ActivityListSort? sort, bool descending = false, int skip = 0, int take = 25, ActivityPeriod period = ActivityPeriod.Open) =>
        [.. (await Activities.ListAsync(new ActivityQuery
        {
            MineOnly = false, Period = period, SortBy = sort, Descending = descending, Skip = skip, Take = take,
        }, Manager)).Items.Select(a => a.Subject)];

    [Fact]
    public async Task ListAsync_SortsByEachColumn_NamesCaseInsensitively_ThenPagesByOffset()
    {
        var yankee = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "yankee deal");
        var xray = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Xray deal");
        var contact = (await Db.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = "Zofia", LastName = "Zet" }, Manager)).Value!;
        await PlanAsync(ElementRef.Contact(contact.Id), Piotr, 3, "Charlie");
        await PlanAsync(ElementRef.Deal(yankee.Id), Anna, 1, "alpha");
        await PlanAsync(ElementRef.Deal(xray.Id), Manager, 2, "Bravo");

        Assert.Equal(["alpha", "Bravo", "Charlie"], await SubjectsAsync(null));
        Assert.Equal(["alpha", "Bravo", "Charlie"], await SubjectsAsync(ActivityListSort.Subject));
        Assert.Equal(["Charlie", "Bravo", "alpha"], await SubjectsAsync(ActivityListSort.Subject, descending: true));
        Assert.Equal(["Charlie", "Bravo", "alpha"], await SubjectsAsync(ActivityListSort.Deadline, descending: true));
        // The element's title, whichever kind it is (Xray deal, yankee deal, Zofia Zet).
        Assert.Equal(["Bravo", "alpha", "Charlie"], await SubjectsAsync(ActivityListSort.Element));
        Assert.Equal(["Charlie", "alpha", "Bravo"], await SubjectsAsync(ActivityListSort.Element, descending: true));
        // The responsible user's name: Anna, Marta, Piotr.
        Assert.Equal(["alpha", "Bravo", "Charlie"], await SubjectsAsync(ActivityListSort.Responsible));
        Assert.Equal(["Charlie", "Bravo", "alpha"], await SubjectsAsync(ActivityListSort.Responsible, descending: true));
        Assert.Equal(["alpha"], await SubjectsAsync(ActivityListSort.Element, skip: 1, take: 1));
    }

    [Fact]
    public async Task ListAsync_WithoutASort_DoneOnesComeLatestFirst_ASortStillApplies()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Done deal");
        await PlanAsync(ElementRef.Deal(deal.Id), Anna, 1, "first done");
        await PlanAsync(ElementRef.Deal(deal.Id), Anna, 2, "second done");
        foreach (var subject in new[] { "first done", "second done" })
        {
            var row = (await Activities.ListAsync(new ActivityQuery { MineOnly = false, Take = 25 }, Manager)).Items.Single(a => a.Subject == subject);
            Assert.True((await Activities.CompleteAsync(row.Id, row.Version, Manager)).IsOk);
            Db.Clock.Now = Db.Clock.Now.AddMinutes(5);
        }

        Assert.Equal(["second done", "first done"], await SubjectsAsync(null, period: ActivityPeriod.Done));
        Assert.Equal(["first done", "second done"], await SubjectsAsync(ActivityListSort.Subject, period: ActivityPeriod.Done));
    }
}

public sealed class PostgresActivityListSortTests(PostgresServer server) : ActivityListSortTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
