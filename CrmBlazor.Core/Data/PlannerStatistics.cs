namespace CrmBlazor.Core.Data;

/// <summary>
/// SQLite's query-planner statistics (<c>sqlite_stat1</c>), refreshed by <see cref="RefreshAsync"/>: at start-up and
/// once an hour by the app's maintenance, and after each import run. Without them SQLite guesses: it walked a list's
/// partial index (which holds every live row) and read the rows in its order to sort 100,000 leads by title, ~330 ms,
/// where a scan and a sort take ~40 ms; with them it chooses by the rows' real numbers. The analysis reads a bounded
/// sample of each index (<see cref="AnalysisLimit"/> rows), a few milliseconds at any size. PostgreSQL's autovacuum
/// keeps its own statistics: nothing to do there.
/// </summary>
public sealed class PlannerStatistics(IDbContextFactory<CrmDbContext> contexts)
{
    /// <summary>Rows of each index the analysis reads (SQLite's <c>analysis_limit</c>).</summary>
    public const int AnalysisLimit = 1000;

    /// <summary>Refreshes the statistics; false on a database that keeps its own.</summary>
    public async Task<bool> RefreshAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!db.Database.IsSqlite())
        {
            return false;
        }
        await db.Database.ExecuteSqlRawAsync($"PRAGMA analysis_limit={AnalysisLimit}; ANALYZE;", ct);
        return true;
    }
}
