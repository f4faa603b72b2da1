using System.Diagnostics;
using CrmBlazor.Core.Activities;
using Activity = CrmBlazor.Core.Activities.Activity;
using CrmBlazor.Core.Search;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// Issue 18: the deal board of a pipeline of 100,000 deals under each of the toolbar's filters (decision 019), as the
/// page reads it (<see cref="DealBoardService.GetBoardAsync(int?, Actor?, DealFilter?, CancellationToken)"/>: every
/// column's count and sums and its first cards, all filtered in SQL), as a manager (reads all). One deal in ten has a
/// planned activity (half of them overdue), and the search index holds the deals (built as at the first start of an
/// older database).
/// </summary>
internal static class BoardFilterScenario
{
    public const int Deals = 100_000;
    private const int Warmup = 3;
    private const int Iterations = 30;

    public sealed record Result(IReadOnlyList<Summary> Timings, double InsertSeconds, IReadOnlyList<int> Matches);

    public static async Task<Result> RunAsync()
    {
        Console.WriteLine($"[filters] starting the app, adding {Deals:N0} deals to the default pipeline");
        await using var app = await CrmApp.StartAsync();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        var boards = app.Services.GetRequiredService<DealBoardService>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.SearchEntries.ExecuteDeleteAsync();
        }
        var insert = Stopwatch.StartNew();
        var (pipelineId, _) = await DealGenerator.FillDefaultPipelineAsync(app.Services, Deals);
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await SearchService.BuildMissingAsync(db, CancellationToken.None);
        }
        await AddActivitiesAsync(contexts);
        var insertSeconds = insert.Elapsed.TotalSeconds;
        Console.WriteLine($"[filters] deals, their index rows and activities added in {insertSeconds:0.0} s");
        // What the app's hourly maintenance does after the tables grew: SQLite's planner statistics.
        await app.Services.GetRequiredService<PlannerStatistics>().RefreshAsync();
        if (Environment.GetEnvironmentVariable("CRM_BENCH_COPY_DB") is { Length: > 0 } copy)
        {
            // A copy of the scenario's database, to read its query plans with sqlite3 afterwards.
            await using var db = await contexts.CreateDbContextAsync();
            await db.Database.ExecuteSqlAsync($"VACUUM INTO {copy}");
            Console.WriteLine($"[filters] the database is copied to {copy}");
        }

        var manager = await app.ActorAsync("manager@demo.crm");
        var anna = await app.UserIdAsync("anna@demo.crm");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        (string Name, DealFilter Filter)[] filters =
        [
            ("no filter", DealFilter.None),
            ("search: a word of the title (audyt)", new DealFilter { Search = "audyt" }),
            ("search: a deal number (#4242)", new DealFilter { Search = "#4242" }),
            ("my deals", new DealFilter { Mine = true }),
            ("responsible user + amount 1,000-5,000", new DealFilter { ResponsibleUserId = anna, AmountFrom = 1_000, AmountTo = 5_000 }),
            ("contact or company name", new DealFilter { Party = "a" }),
            ("created in the last 30 days", new DealFilter { CreatedFrom = today.AddDays(-30), CreatedTo = today }),
            ("overdue activity", new DealFilter { Activity = DealActivityFilter.Overdue }),
            ("no activity planned", new DealFilter { Activity = DealActivityFilter.NonePlanned }),
            ("stale for 20 days", new DealFilter { StaleDays = 20 }),
            ("my deals + overdue + search", new DealFilter { Mine = true, Activity = DealActivityFilter.Overdue, Search = "wdrozenie" }),
        ];
        var timings = new List<Summary>();
        var matches = new List<int>();
        foreach (var (name, filter) in filters)
        {
            var samples = new Samples($"GetBoardAsync, {name}");
            BoardView board = default!;
            for (var i = 0; i < Warmup + Iterations; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                board = (await boards.GetBoardAsync(pipelineId, manager, filter))!;
                if (i >= Warmup)
                {
                    samples.Add(Samples.Ms(t0, Stopwatch.GetTimestamp()));
                }
            }
            matches.Add(board.Columns.Sum(c => c.Count));
            timings.Add(samples.Summarize());
        }
        return new Result(timings, insertSeconds, matches);
    }

    /// <summary>A planned task on one deal in ten, its deadline within ten days before or after now.</summary>
    private static async Task AddActivitiesAsync(IDbContextFactory<CrmDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var deals = await db.Deals.Where(d => d.Id % 10 == 0).Select(d => new { d.Id, d.ResponsibleUserId }).ToListAsync();
        var someone = await db.Users.Select(u => u.Id).FirstAsync();
        var random = new Random(7);
        var now = DateTime.UtcNow;
        foreach (var deal in deals)
        {
            var owner = deal.ResponsibleUserId ?? someone;
            db.Activities.Add(new Activity
            {
                Type = ActivityType.Task,
                Subject = $"Follow up {deal.Id}",
                Deadline = now.AddHours(random.Next(-240, 240)),
                ResponsibleUserId = owner,
                CreatedById = owner,
                ElementKind = ElementKind.Deal,
                ElementId = deal.Id,
                State = ActivityState.Planned,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }
        await db.SaveChangesAsync();
    }
}
