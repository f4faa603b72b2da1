using System.Diagnostics;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// Scenario 2: reading a board of a pipeline with 100,000 deals. The app starts on a fresh database (demo data), then
/// <see cref="DealGenerator"/> adds the deals to the default pipeline; DealBoardService.GetBoardAsync is then timed
/// as the page calls it, after a warm-up; then, in the same run, as a user whose role reads all deals and as one whose
/// role reads only their department's (issue 11), alternating.
/// </summary>
internal static class BoardLoadScenario
{
    public const int Deals = 100_000;
    private const int Warmup = 5;
    private const int Iterations = 50;

    public sealed record Result(IReadOnlyList<Summary> Timings, double InsertSeconds, int TotalDeals, int Columns, int MaxCardsPerColumn, int PageSize, long DatabaseBytes);

    public static async Task<Result> RunAsync()
    {
        Console.WriteLine($"[board] starting the app, adding {Deals:N0} deals to the default pipeline");
        await using var app = await CrmApp.StartAsync();
        var boards = app.Services.GetRequiredService<DealBoardService>();
        var (pipelineId, insertSeconds) = await DealGenerator.FillDefaultPipelineAsync(app.Services, Deals);
        Console.WriteLine($"[board] inserted {Deals:N0} deals (+ their stage history rows) in {insertSeconds:0.0} s");

        BoardView board = default!;
        for (var i = 0; i < Warmup; i++)
        {
            board = (await boards.GetBoardAsync(pipelineId))!;
        }
        var load = new Samples("DealBoardService.GetBoardAsync (100k deals)");
        for (var i = 0; i < Iterations; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            board = (await boards.GetBoardAsync(pipelineId))!;
            load.Add(Samples.Ms(t0, Stopwatch.GetTimestamp()));
        }

        // "Load more" on the fullest column: the next page after the last card the board has.
        var fullest = board.Columns.MaxBy(c => c.Count)!;
        var more = new Samples("DealBoardService.GetColumnPageAsync (next page)");
        for (var i = 0; i < Warmup + Iterations; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var page = await boards.GetColumnPageAsync(fullest.Stage.Id, fullest.Cards[^1]);
            if (i >= Warmup)
            {
                more.Add(Samples.Ms(t0, Stopwatch.GetTimestamp()));
            }
            if (page.Count == 0)
            {
                throw new InvalidOperationException("The next page of the fullest column is empty.");
            }
        }

        // Issue 11: the same board as a user whose role reads all deals (no filter) and as one whose role reads only
        // their department's (a filter in SQL on the responsible user), alternating, in this run. Which of the two goes
        // first alternates too: on a loaded machine the second of two back-to-back loads is more often preempted.
        await app.ScopeToDepartmentAsync();
        var everything = await app.ActorAsync("manager@demo.crm");
        var department = await app.ActorAsync("anna@demo.crm");
        var unscoped = new Samples("GetBoardAsync, a role reading all deals");
        var scoped = new Samples("GetBoardAsync, a department-scoped role");
        BoardView scopedBoard = default!;
        for (var i = 0; i < Warmup + Iterations; i++)
        {
            var scopedFirst = i % 2 == 1;
            var t0 = Stopwatch.GetTimestamp();
            var first = (await boards.GetBoardAsync(pipelineId, scopedFirst ? department : everything))!;
            var t1 = Stopwatch.GetTimestamp();
            var second = (await boards.GetBoardAsync(pipelineId, scopedFirst ? everything : department))!;
            var t2 = Stopwatch.GetTimestamp();
            scopedBoard = scopedFirst ? first : second;
            if (i >= Warmup)
            {
                (scopedFirst ? scoped : unscoped).Add(Samples.Ms(t0, t1));
                (scopedFirst ? unscoped : scoped).Add(Samples.Ms(t1, t2));
            }
        }
        Console.WriteLine($"[board] the department-scoped role sees {scopedBoard.Columns.Sum(c => c.Count):N0} of the deals");

        var totalDeals = board.Columns.Sum(c => c.Count);
        var maxCards = board.Columns.Max(c => c.Cards.Count);
        return new Result([load.Summarize(), more.Summarize(), unscoped.Summarize(), scoped.Summarize()], insertSeconds, totalDeals, board.Columns.Count, maxCards, boards.PageSize, new FileInfo(app.DatabasePath).Length);
    }
}
