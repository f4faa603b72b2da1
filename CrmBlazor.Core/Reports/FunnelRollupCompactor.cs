using Microsoft.Extensions.Logging;

namespace CrmBlazor.Core.Reports;

/// <summary>
/// Merges the funnel roll-up's rows on PostgreSQL (decision 004). There the triggers on <c>Deals</c> only insert: every
/// change adds a row of what it adds and a negative one of what it takes away (not <see cref="DealFunnelDay.Merged"/>),
/// so concurrent writers never wait on a shared row. Left alone, a key would gather a row per change; this folds every
/// key of a day that has such rows into one merged row, dropping keys whose deals all moved on. The funnel reads the
/// same sums before and after (it adds up rows of a key), and each merge is one statement in one transaction, so a
/// funnel read sees either the rows before it or after it.
/// </summary>
/// <remarks>
/// Safe beside writers and other servers: writers only insert, and the rows of a transaction still open when a merge
/// reads are not seen by it; they stay unmerged, still count, and are merged by a later run. Only one server merges at a
/// time (a transaction-level advisory lock; the others skip that run). Each statement merges at most
/// <see cref="DaysPerStatement"/> (pipeline, day) pairs, so a large backlog (an import of many deals) is taken in
/// steps that each commit well within a command's time-out. On SQLite, whose writers take turns anyway, the triggers
/// keep one merged row per key themselves and this does nothing.
/// </remarks>
public sealed class FunnelRollupCompactor(IDbContextFactory<CrmDbContext> contextFactory, ILogger<FunnelRollupCompactor> logger)
{
    /// <summary>Any fixed number; only the roll-up's merge takes it.</summary>
    private const long AdvisoryLockKey = 0x43524D_0017;

    /// <summary>How many (pipeline, day) pairs one statement merges.</summary>
    public const int DaysPerStatement = 200;

    /// <summary>
    /// A run that folded (deleted) this many rows left as many dead ones in the table and its indexes: a bulk change (an
    /// import, a recompute, an import undone, a generated million), not a day's moves. It vacuums the table then.
    /// </summary>
    public const int VacuumAfterRows = 10_000;

    /// <summary>
    /// Merges every day with rows not merged yet, in steps; returns how many merged rows it wrote (0 on SQLite, when
    /// nothing waited, or when another server is merging). After a run that folded <see cref="VacuumAfterRows"/> rows
    /// or more it vacuums and analyzes the roll-up's table at once: until autovacuum came by (a minute or more), the
    /// funnel's reads waded through the dead rows (docs/PERFORMANCE.md, session 29).
    /// </summary>
    public async Task<int> CompactAsync(CancellationToken ct = default)
    {
        var written = 0;
        long folded = 0;
        while (await CompactStepAsync(ct) is { } step)
        {
            written += step.Written;
            folded += step.Folded;
            if (!step.More)
            {
                break;
            }
        }
        if (folded >= VacuumAfterRows)
        {
            await VacuumAsync(folded, ct);
        }
        return written;
    }

    /// <summary>
    /// <c>VACUUM (ANALYZE)</c> of the roll-up's table: not in a transaction (it may not be), it lets reads and writes
    /// go on. An autovacuum of the table, likely during a bulk merge and perhaps started before its last deletes, is
    /// cancelled by PostgreSQL when this one waits for it; another server's vacuum is waited for (at most the command's
    /// time-out). A failure only leaves the table to autovacuum: the merge has committed. Only the table's owner may
    /// vacuum it; for another user PostgreSQL skips it with a warning.
    /// </summary>
    private async Task VacuumAsync(long folded, CancellationToken ct)
    {
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
            await db.Database.ExecuteSqlRawAsync("""VACUUM (ANALYZE) "DealFunnelDays" """, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Vacuuming the funnel roll-up's table after merging {Folded} rows failed; left to autovacuum", folded);
        }
    }

    /// <summary>One statement's worth; null when there is nothing to do here (SQLite, or another server merging).</summary>
    private async Task<(int Written, long Folded, bool More)?> CompactStepAsync(CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        if (!db.Database.IsNpgsql())
        {
            return null;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({AdvisoryLockKey}) AS \"Value\"").SingleAsync(ct);
        if (!locked)
        {
            return null;
        }
        // The days come from the partial index of unmerged rows; every row of those days' keys with such a row is
        // folded into one merged row (all in one snapshot, so nothing is removed unseen or counted twice).
        var days = await db.Database.SqlQuery<int>($"""
            SELECT COUNT(*)::int AS "Value" FROM (
                SELECT DISTINCT "PipelineId", "Day" FROM "DealFunnelDays" WHERE NOT "Merged" LIMIT {DaysPerStatement + 1}) d
            """).SingleAsync(ct);
        if (days == 0)
        {
            return (0, 0, false);
        }
        // Not composed (a data-modifying WITH must be the statement's top level): read as a list.
        var counts = await db.Database.SqlQuery<MergeCounts>($"""
            WITH touched AS (
                SELECT DISTINCT "PipelineId", "Day" FROM "DealFunnelDays" WHERE NOT "Merged" LIMIT {DaysPerStatement}),
            keys AS (
                SELECT r."PipelineId", r."Day", r."StageId", r."FurthestOpenStageSort", r."Currency", r."ResponsibleUserId"
                FROM "DealFunnelDays" r JOIN touched t ON r."PipelineId" = t."PipelineId" AND r."Day" = t."Day"
                GROUP BY r."PipelineId", r."Day", r."StageId", r."FurthestOpenStageSort", r."Currency", r."ResponsibleUserId"
                HAVING bool_or(NOT r."Merged")),
            gone AS (
                DELETE FROM "DealFunnelDays" r USING keys k
                WHERE r."PipelineId" = k."PipelineId" AND r."Day" = k."Day" AND r."StageId" = k."StageId"
                    AND r."FurthestOpenStageSort" IS NOT DISTINCT FROM k."FurthestOpenStageSort" AND r."Currency" = k."Currency"
                    AND r."ResponsibleUserId" IS NOT DISTINCT FROM k."ResponsibleUserId"
                RETURNING r.*),
            merged AS (
                INSERT INTO "DealFunnelDays" ("PipelineId", "StageId", "FurthestOpenStageSort", "Currency", "Day", "ResponsibleUserId", "Count", "AmountHigh", "AmountLow", "Merged")
                SELECT "PipelineId", "StageId", "FurthestOpenStageSort", "Currency", "Day", "ResponsibleUserId", SUM("Count"), SUM("AmountHigh"), SUM("AmountLow"), true
                FROM gone
                GROUP BY "PipelineId", "StageId", "FurthestOpenStageSort", "Currency", "Day", "ResponsibleUserId"
                HAVING SUM("Count") <> 0 OR SUM("AmountLow") <> 0 OR SUM("AmountHigh") <> 0
                RETURNING 1)
            SELECT (SELECT COUNT(*) FROM gone) AS "Folded", (SELECT COUNT(*) FROM merged) AS "Written"
            """).ToListAsync(ct);
        await transaction.CommitAsync(ct);
        return ((int)counts[0].Written, counts[0].Folded, days > DaysPerStatement);
    }

    /// <summary>What one merge statement did: rows deleted (folded) and merged rows written.</summary>
    private sealed class MergeCounts
    {
        public long Folded { get; init; }
        public long Written { get; init; }
    }
}
