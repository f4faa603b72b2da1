namespace CrmBlazor.Core.Reports;

/// <summary>
/// Merges the funnel roll-up's rows on PostgreSQL (decision 004). There the triggers on <c>Deals</c> only insert: every
/// change adds a row of what it adds and a negative one of what it takes away, so concurrent writers never wait on a
/// shared row. Left alone, a key would gather a row per change; this folds the rows of each key of every (pipeline, day)
/// written since the last run into one row, dropping keys whose deals all moved on. The funnel reads the same sums
/// before and after (it adds up rows of a key), and the merge is one statement in one transaction, so a funnel read
/// sees either the rows before it or after it.
/// </summary>
/// <remarks>
/// Safe beside writers and other servers: writers only insert, and a transaction still open when the merge reads is
/// not seen by it, so its rows stay as they are and still count (its key keeps two rows until that day is written
/// again, or for good: the sums are the same). Only one server merges at a time (a transaction-level
/// advisory lock; the others skip that run). On SQLite, whose writers take turns anyway, the triggers keep one row per
/// key themselves and this does nothing.
/// </remarks>
public sealed class FunnelRollupCompactor(IDbContextFactory<CrmDbContext> contextFactory)
{
    /// <summary>Any fixed number; only the roll-up's merge takes it.</summary>
    private const long AdvisoryLockKey = 0x43524D_0017;

    /// <summary>The highest row id the last run of this server had seen: rows past it mark the days to merge.</summary>
    private long _seen;

    /// <summary>
    /// Merges the rows of the days written since the last run; returns how many merged rows it wrote (0 on SQLite, when
    /// nothing was written, or when another server is merging).
    /// </summary>
    public async Task<int> CompactAsync(CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        if (!db.Database.IsNpgsql())
        {
            return 0;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({AdvisoryLockKey}) AS \"Value\"").SingleAsync(ct);
        if (!locked)
        {
            return 0;
        }
        var upTo = await db.DealFunnelDays.MaxAsync(r => (long?)r.Id, ct) ?? 0;
        if (upTo <= _seen)
        {
            return 0;
        }
        // Rows up to upTo only, so a row committed meanwhile is neither removed unseen nor counted twice. Only keys of
        // more than one row (or none left) are rewritten: the rows this writes are past upTo and mark their days for the
        // next run, which then finds nothing to merge there.
        var written = await db.Database.ExecuteSqlAsync($"""
            WITH touched AS (
                SELECT DISTINCT "PipelineId", "Day" FROM "DealFunnelDays" WHERE "Id" > {_seen} AND "Id" <= {upTo}),
            merged AS (
                SELECT r."PipelineId", r."Day", r."StageId", r."FurthestOpenStageSort", r."Currency", r."ResponsibleUserId"
                FROM "DealFunnelDays" r JOIN touched t ON r."PipelineId" = t."PipelineId" AND r."Day" = t."Day"
                WHERE r."Id" <= {upTo}
                GROUP BY r."PipelineId", r."Day", r."StageId", r."FurthestOpenStageSort", r."Currency", r."ResponsibleUserId"
                HAVING COUNT(*) > 1 OR SUM(r."Count") = 0),
            gone AS (
                DELETE FROM "DealFunnelDays" r USING merged k
                WHERE r."PipelineId" = k."PipelineId" AND r."Day" = k."Day" AND r."StageId" = k."StageId"
                    AND r."FurthestOpenStageSort" IS NOT DISTINCT FROM k."FurthestOpenStageSort" AND r."Currency" = k."Currency"
                    AND r."ResponsibleUserId" IS NOT DISTINCT FROM k."ResponsibleUserId" AND r."Id" <= {upTo}
                RETURNING r.*)
            INSERT INTO "DealFunnelDays" ("PipelineId", "StageId", "FurthestOpenStageSort", "Currency", "Day", "ResponsibleUserId", "Count", "AmountHigh", "AmountLow")
            SELECT "PipelineId", "StageId", "FurthestOpenStageSort", "Currency", "Day", "ResponsibleUserId", SUM("Count"), SUM("AmountHigh"), SUM("AmountLow")
            FROM gone
            GROUP BY "PipelineId", "StageId", "FurthestOpenStageSort", "Currency", "Day", "ResponsibleUserId"
            HAVING SUM("Count") <> 0 OR SUM("AmountLow") <> 0 OR SUM("AmountHigh") <> 0
            """, ct);
        await transaction.CommitAsync(ct);
        _seen = upTo;
        return written;
    }
}
