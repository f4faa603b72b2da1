namespace CrmBlazor.Core.Reports;

/// <summary>What a report is asked for: a pipeline (null: the default one, or all for reports that say so), a period, a user.</summary>
/// <param name="UserId">One responsible user, or null for the team. Ignored for sales users, who always get their own.</param>
public sealed record ReportFilter(int? PipelineId, PeriodFilter Period, string? UserId = null);

/// <summary>One step of the funnel: the deals that reached <paramref name="Stage"/>, with their amounts per currency.</summary>
/// <param name="Conversion">Count of this step divided by the previous step's (null for the first step or when that is 0).</param>
public sealed record FunnelStep(StageView Stage, int Count, IReadOnlyList<MoneyTotal> Amounts, double? Conversion);

/// <summary>
/// The sales funnel of a pipeline and period. <see cref="Steps"/> are the open stages in order, then the won stage(s).
/// <see cref="WinRate"/> is won / all deals of the funnel; <see cref="WinRateOfClosed"/> is won / (won + lost).
/// </summary>
public sealed record FunnelView(
    PipelineSummary Pipeline,
    IReadOnlyList<PipelineSummary> Pipelines,
    ResolvedPeriod Period,
    string? UserId,
    int Total,
    IReadOnlyList<FunnelStep> Steps,
    int Won,
    int Lost,
    IReadOnlyList<MoneyTotal> LostAmounts,
    double? WinRate,
    double? WinRateOfClosed);

/// <summary>
/// The sales funnel. Semantics (see docs/decisions/004-funnel-semantics.md): the deals of the pipeline <b>created</b> in
/// the period (and of the user, or the team); each counts at every open stage up to the furthest one it ever entered
/// (<see cref="Deal.FurthestOpenStageSort"/>, kept from the same moves that write <c>DealStageChanges</c>), and at the
/// first stage in any case; a won deal counts at every open stage and at its won stage; a lost deal counts up to where
/// it got, and in <see cref="FunnelView.Lost"/>. Amounts are summed per currency, never across currencies.
/// </summary>
public sealed class FunnelService(IDbContextFactory<CrmDbContext> contextFactory, CrmTime time)
{
    /// <summary>The team's time zone (<c>Crm:TimeZone</c>), in which periods begin and end.</summary>
    public TimeZoneInfo Zone => time.Zone;

    public ResolvedPeriod Resolve(PeriodFilter period) => ReportPeriods.Resolve(period, time.UtcNow, Zone);

    public async Task<FunnelView?> GetFunnelAsync(ReportFilter filter, Actor actor, CancellationToken ct = default)
    {
        var period = Resolve(filter.Period);
        var userId = AccessPolicy.ReportUser(actor, filter.UserId);
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var pipelines = await PipelineService.Summaries(db).ToListAsync(ct);
        var pipeline = pipelines.FirstOrDefault(p => p.Id == filter.PipelineId) ?? pipelines.FirstOrDefault();
        if (pipeline is null)
        {
            return null;
        }
        var stages = await PipelineService.Stages(db, pipeline.Id).ToListAsync(ct);

        // The one aggregate: a range scan of the (PipelineId, CreatedAt, ...) covering index, grouped into a few rows.
        // Only deals the role reads count (decision 011): a filter in SQL, none at all for a role that reads every deal.
        var deals = AccessPolicy.Readable(db.Deals.AsNoTracking(), actor, AccessEntity.Deal)
            .Where(d => d.PipelineId == pipeline.Id && d.CreatedAt >= period.FromUtc && d.CreatedAt < period.ToUtc);
        if (userId is not null)
        {
            deals = deals.Where(d => d.ResponsibleUserId == userId);
        }
        var groups = await deals
            .GroupBy(d => new { d.StageId, d.FurthestOpenStageSort, d.Currency })
            .Select(g => new FunnelGroup(g.Key.StageId, g.Key.FurthestOpenStageSort, g.Key.Currency, g.Count(), MoneySum.Combine(g.Sum(d => MoneySum.High(d.Amount)), g.Sum(d => MoneySum.Low(d.Amount)))))
            .ToListAsync(ct);

        return Compute(pipeline, pipelines, period, userId, stages, groups);
    }

    /// <summary>One row of the aggregate: deals now in a stage, with the same furthest open stage and currency.</summary>
    internal sealed record FunnelGroup(int StageId, int? FurthestOpenStageSort, string Currency, int Count, decimal Amount);

    internal static FunnelView Compute(
        PipelineSummary pipeline, IReadOnlyList<PipelineSummary> pipelines, ResolvedPeriod period, string? userId,
        IReadOnlyList<StageView> stages, IReadOnlyList<FunnelGroup> groups)
    {
        var kindOf = stages.ToDictionary(s => s.Id, s => s.Kind);
        var open = stages.Where(s => s.Kind == StageKind.Open).ToList();
        var firstOpenSort = open.Count > 0 ? open[0].Sort : int.MinValue;
        var steps = new List<FunnelStep>();
        int? previous = null;

        void AddStep(StageView stage, IEnumerable<FunnelGroup> reached)
        {
            var list = reached.ToList();
            var count = list.Sum(g => g.Count);
            steps.Add(new FunnelStep(stage, count, Totals(list), previous is > 0 ? (double)count / previous.Value : null));
            previous = count;
        }

        foreach (var stage in open)
        {
            AddStep(stage, groups.Where(g => kindOf.GetValueOrDefault(g.StageId) == StageKind.Won
                || stage.Sort == firstOpenSort
                || g.FurthestOpenStageSort >= stage.Sort));
        }
        foreach (var stage in stages.Where(s => s.Kind == StageKind.Won))
        {
            AddStep(stage, groups.Where(g => g.StageId == stage.Id));
        }

        var total = groups.Sum(g => g.Count);
        var won = groups.Where(g => kindOf.GetValueOrDefault(g.StageId) == StageKind.Won).Sum(g => g.Count);
        var lostGroups = groups.Where(g => kindOf.GetValueOrDefault(g.StageId) == StageKind.Lost).ToList();
        var lost = lostGroups.Sum(g => g.Count);
        return new FunnelView(
            pipeline, pipelines, period, userId, total, steps, won, lost, Totals(lostGroups),
            total > 0 ? (double)won / total : null,
            won + lost > 0 ? (double)won / (won + lost) : null);
    }

    private static List<MoneyTotal> Totals(IEnumerable<FunnelGroup> groups) =>
        groups.GroupBy(g => g.Currency, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new MoneyTotal(g.Key, g.Sum(x => x.Amount)))
            .ToList();

}
