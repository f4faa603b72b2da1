namespace CrmBlazor.Core.Reports;

/// <summary>
/// The funnel's roll-up (decision 004): the deals of one pipeline created on one UTC day, now in one stage, with one
/// furthest open stage, currency and responsible user, counted and summed. Kept by database triggers on <c>Deals</c>
/// (every insert, update of those columns and delete, whatever wrote it: a use case, the import's bulk insert, a
/// foreign key's <c>SET NULL</c>), in the same transaction as the change, so it is never behind the deals. On SQLite
/// they keep one row per key; on PostgreSQL they only insert (a row of what a change adds, a negative one of what it
/// takes away) and <see cref="FunnelRollupCompactor"/> merges a key's rows. Written by nothing else. A key's rows add
/// up to its deals: <see cref="FunnelService"/> sums them for the whole UTC days of a period and reads the partial
/// first and last day from the deals.
/// </summary>
public sealed class DealFunnelDay : IResponsibleRecord
{
    public long Id { get; set; }
    public int PipelineId { get; set; }
    public int StageId { get; set; }
    public int? FurthestOpenStageSort { get; set; }
    public required string Currency { get; set; }

    /// <summary>The UTC day the deals were created on.</summary>
    public DateOnly Day { get; set; }

    public string? ResponsibleUserId { get; set; }

    /// <summary>How many deals (negative in a PostgreSQL row of what a change took away); 0 on SQLite once they all moved on (the row stays, and adds nothing).</summary>
    public int Count { get; set; }

    /// <summary>The sum of the deals' <see cref="MoneySum.High"/> parts (SQLite; 0 on PostgreSQL).</summary>
    public long AmountHigh { get; set; }

    /// <summary>The sum of the deals' <see cref="MoneySum.Low"/> parts: with <see cref="AmountHigh"/>, their exact total.</summary>
    public decimal AmountLow { get; set; }

    /// <summary>
    /// Whether this is its key's one row: always on SQLite; on PostgreSQL a row written by
    /// <see cref="FunnelRollupCompactor"/>, where a trigger's row waits to be merged.
    /// </summary>
    public bool Merged { get; set; }
}
