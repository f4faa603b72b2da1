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

        // Only deals the role reads count (decision 011): a filter in SQL, none at all for a role that reads every deal.
        var deals = AccessPolicy.Readable(db.Deals.AsNoTracking(), actor, AccessEntity.Deal).Where(d => d.PipelineId == pipeline.Id);
        var days = AccessPolicy.Readable(db.DealFunnelDays.AsNoTracking(), actor, AccessEntity.Deal).Where(r => r.PipelineId == pipeline.Id);
        if (userId is not null)
        {
            deals = deals.Where(d => d.ResponsibleUserId == userId);
            days = days.Where(r => r.ResponsibleUserId == userId);
        }

        // The whole UTC days of the period from the roll-up (decision 004: one row per stage, furthest open stage,
        // currency, day and user, kept by the database), the part of a day at either end from the deals themselves
        // (the period's days begin at midnight in the team's zone, not in UTC).
        var groups = new List<FunnelGroup>();
        var (firstDay, endDay) = WholeUtcDays(period.FromUtc, period.ToUtc);
        if (firstDay < endDay)
        {
            groups.AddRange(await days
                .Where(r => r.Day >= firstDay && r.Day < endDay)
                .GroupBy(r => new { r.StageId, r.FurthestOpenStageSort, r.Currency })
                .Where(g => g.Sum(r => r.Count) != 0) // keys whose deals all moved on: no step's currency list shows them at 0
                .Select(g => new FunnelGroup(g.Key.StageId, g.Key.FurthestOpenStageSort, g.Key.Currency, g.Sum(r => r.Count), MoneySum.Combine(g.Sum(r => r.AmountHigh), g.Sum(r => r.AmountLow))))
                .ToListAsync(ct));
            groups.AddRange(await DealGroupsAsync(deals, period.FromUtc, StartUtc(firstDay), ct));
            groups.AddRange(await DealGroupsAsync(deals, StartUtc(endDay), period.ToUtc, ct));
        }
        else
        {
            groups.AddRange(await DealGroupsAsync(deals, period.FromUtc, period.ToUtc, ct));
        }

        return Compute(pipeline, pipelines, period, userId, stages, groups);
    }

    /// <summary>
    /// The whole UTC days within [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), as [first, end): none when
    /// first is not before end.
    /// </summary>
    internal static (DateOnly First, DateOnly End) WholeUtcDays(DateTime fromUtc, DateTime toUtc)
    {
        var first = DateOnly.FromDateTime(fromUtc);
        if (fromUtc.TimeOfDay != TimeSpan.Zero)
        {
            first = first.AddDays(1);
        }
        return (first, DateOnly.FromDateTime(toUtc));
    }

    private static DateTime StartUtc(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>The aggregate of the deals created in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) (less than a day: an index range on the creation time).</summary>
    private static async Task<List<FunnelGroup>> DealGroupsAsync(IQueryable<Deal> deals, DateTime fromUtc, DateTime toUtc, CancellationToken ct) =>
        fromUtc >= toUtc ? [] : await deals
            .Where(d => d.CreatedAt >= fromUtc && d.CreatedAt < toUtc)
            .GroupBy(d => new { d.StageId, d.FurthestOpenStageSort, d.Currency })
            .Select(g => new FunnelGroup(g.Key.StageId, g.Key.FurthestOpenStageSort, g.Key.Currency, g.Count(), MoneySum.Combine(g.Sum(d => MoneySum.High(d.Amount)), g.Sum(d => MoneySum.Low(d.Amount)))))
            .ToListAsync(ct);

    /// <summary>One row of the aggregate: deals now in a stage, with the same furthest open stage and currency (several rows may share them: <see cref="Compute"/> adds them up).</summary>
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
