namespace CrmBlazor.Core.Reports;

/// <summary>Won and lost deals of one responsible user (null: unassigned deals), closed in the period.</summary>
public sealed record UserResultRow(string? UserId, string? UserName, int Won, IReadOnlyList<MoneyTotal> WonAmounts, int Lost, IReadOnlyList<MoneyTotal> LostAmounts);

public enum TimeBucket
{
    Week,
    Month,
}

/// <summary>Deals won in the week or month that starts on <paramref name="Start"/> (a day in the configured zone).</summary>
public sealed record WonPeriodRow(DateOnly Start, int Won, IReadOnlyList<MoneyTotal> Amounts);

/// <summary>Leads of one source created in the period, and how many became a deal.</summary>
/// <param name="ConversionRate">ConvertedToDeal / Total.</param>
public sealed record LeadSourceRow(LeadSource Source, int Total, int Open, int ConvertedToDeal, int ConvertedWithoutDeal, int Junk, double? ConversionRate)
{
    /// <summary>The source of Settings (decision 030) the row counts; <see cref="Source"/> is its kind.</summary>
    public LeadOptionView? Option { get; init; }

    /// <summary>The source's name in the current UI language.</summary>
    public string Label => Option?.Label() ?? Source.ToString();
}

/// <summary>How long deals stayed in a stage: stays that ended (the deal left the stage) in the period.</summary>
public sealed record StageDurationRow(StageView Stage, int Stays, double? AverageDays);

/// <summary>Lost deals closed in the period, by reason (null: none given).</summary>
public sealed record LostReasonRow(int? ReasonId, string? Reason, int Count, IReadOnlyList<MoneyTotal> Amounts);

/// <summary>
/// The reports. Every method resolves the period in <c>Crm:TimeZone</c> and applies the same rule as the funnel:
/// sales users get their own numbers (deals and leads they are responsible for), managers and admins the team's or
/// one user's; and only deals and leads the role reads count (decision 011). A null <see cref="ReportFilter.PipelineId"/> means all pipelines (the stage-duration report needs one
/// and takes the default).
/// </summary>
public sealed class ReportService(IDbContextFactory<CrmDbContext> contextFactory, FunnelService funnel)
{
    /// <summary>Deals in a won or lost stage whose <see cref="Deal.ClosedAt"/> is in the period, by responsible user.</summary>
    public async Task<IReadOnlyList<UserResultRow>> GetResultsByUserAsync(ReportFilter filter, Actor actor, CancellationToken ct = default)
    {
        var period = funnel.Resolve(filter.Period);
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var groups = await Closed(db, filter, actor, period)
            .GroupBy(d => new { d.ResponsibleUserId, d.Stage!.Kind, d.Currency })
            .Select(g => new { g.Key.ResponsibleUserId, g.Key.Kind, g.Key.Currency, Count = g.Count(), Sum = MoneySum.Combine(g.Sum(d => MoneySum.High(d.Amount)), g.Sum(d => MoneySum.Low(d.Amount))) })
            .ToListAsync(ct);
        var userIds = groups.Select(g => g.ResponsibleUserId).OfType<string>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return groups.GroupBy(g => g.ResponsibleUserId)
            .Select(user =>
            {
                var won = user.Where(g => g.Kind == StageKind.Won).ToList();
                var lost = user.Where(g => g.Kind == StageKind.Lost).ToList();
                return new UserResultRow(
                    user.Key, user.Key is null ? null : names.GetValueOrDefault(user.Key),
                    won.Sum(g => g.Count), Totals(won.Select(g => (g.Currency, g.Sum))),
                    lost.Sum(g => g.Count), Totals(lost.Select(g => (g.Currency, g.Sum))));
            })
            .OrderByDescending(r => r.Won).ThenBy(r => r.UserName ?? "\uffff", StringComparer.CurrentCulture)
            .ToList();
    }

    /// <summary>Won deals by the week (Monday to Sunday) or month in which they closed; empty weeks or months included.</summary>
    public async Task<IReadOnlyList<WonPeriodRow>> GetWonOverTimeAsync(ReportFilter filter, TimeBucket bucket, Actor actor, CancellationToken ct = default)
    {
        var period = funnel.Resolve(filter.Period);
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var won = await Closed(db, filter, actor, period)
            .Where(d => d.Stage!.Kind == StageKind.Won)
            .Select(d => new { ClosedAt = d.ClosedAt!.Value, d.Currency, d.Amount })
            .ToListAsync(ct);

        var starts = new List<DateOnly>();
        var start = bucket == TimeBucket.Month
            ? new DateOnly(period.FirstDay.Year, period.FirstDay.Month, 1)
            : period.FirstDay.AddDays(-(((int)period.FirstDay.DayOfWeek + 6) % 7));
        for (var day = start; day <= period.LastDay; day = bucket == TimeBucket.Month ? day.AddMonths(1) : day.AddDays(7))
        {
            starts.Add(day);
        }
        var bounds = starts.Select(s => ReportPeriods.StartOfDayUtc(s, funnel.Zone)).ToArray();
        var byBucket = won
            .GroupBy(d =>
            {
                var index = Array.BinarySearch(bounds, d.ClosedAt);
                return index >= 0 ? index : ~index - 1;
            })
            .ToDictionary(g => g.Key, g => g.ToList());
        return starts.Select((s, i) =>
        {
            var deals = byBucket.GetValueOrDefault(i) ?? [];
            return new WonPeriodRow(s, deals.Count, Totals(deals.Select(d => (d.Currency, d.Amount))));
        }).ToList();
    }

    /// <summary>Leads created in the period, by source: how many are open, became a deal, were converted without one, or junk.</summary>
    public async Task<IReadOnlyList<LeadSourceRow>> GetLeadSourcesAsync(ReportFilter filter, Actor actor, CancellationToken ct = default)
    {
        var period = funnel.Resolve(filter.Period);
        var userId = AccessPolicy.ReportUser(actor, filter.UserId);
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var leads = AccessPolicy.Readable(db.Leads.AsNoTracking(), actor, AccessEntity.Lead).Where(l => l.CreatedAt >= period.FromUtc && l.CreatedAt < period.ToUtc);
        if (userId is not null)
        {
            leads = leads.Where(l => l.ResponsibleUserId == userId);
        }
        var groups = await leads
            .GroupBy(l => new { l.SourceId, l.Source, l.Status })
            .Select(g => new { g.Key.SourceId, g.Key.Source, g.Key.Status, Count = g.Count(), WithDeal = g.Count(l => l.ConvertedDealId != null) })
            .ToListAsync(ct);
        var options = await LeadOptionSet.LoadAsync(db, ct);
        return groups.GroupBy(g => g.SourceId)
            .OrderBy(g => options.Find(g.Key)?.Sort ?? int.MaxValue).ThenBy(g => g.Key)
            .Select(source =>
            {
                var total = source.Sum(g => g.Count);
                var withDeal = source.Where(g => g.Status == LeadStatus.Converted).Sum(g => g.WithDeal);
                var converted = source.Where(g => g.Status == LeadStatus.Converted).Sum(g => g.Count);
                var junk = source.Where(g => g.Status == LeadStatus.Junk).Sum(g => g.Count);
                return new LeadSourceRow(source.First().Source, total, total - converted - junk, withDeal, converted - withDeal, junk, total > 0 ? (double)withDeal / total : null)
                {
                    Option = options.Find(source.Key),
                };
            })
            .ToList();
    }

    /// <summary>
    /// The average time deals spent in each stage of the pipeline, from the stage history: a stay runs from the
    /// change that entered the stage to the next change of that deal, and counts when it ended in the period. Stays
    /// still running are left out (they have no length yet). Closed stages are listed but have no stays of their own
    /// unless deals were reopened.
    /// </summary>
    public async Task<IReadOnlyList<StageDurationRow>> GetStageDurationsAsync(ReportFilter filter, Actor actor, CancellationToken ct = default)
    {
        var period = funnel.Resolve(filter.Period);
        var userId = AccessPolicy.ReportUser(actor, filter.UserId);
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var pipelineId = filter.PipelineId
            ?? await db.Pipelines.OrderByDescending(p => p.IsDefault).ThenBy(p => p.Sort).ThenBy(p => p.Id).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        var stages = await db.Stages.AsNoTracking().Where(s => s.PipelineId == pipelineId).OrderBy(s => s.Sort)
            .Select(s => new StageView(s.Id, s.Name, s.Color, s.Kind, s.Sort)).ToListAsync(ct);

        var changedInPeriod = db.DealStageChanges.Where(c => c.ChangedAt >= period.FromUtc && c.ChangedAt < period.ToUtc).Select(c => c.DealId);
        var history = db.DealStageChanges.AsNoTracking().Where(c => changedInPeriod.Contains(c.DealId) && c.Deal!.PipelineId == pipelineId);
        if (userId is not null)
        {
            history = history.Where(c => c.Deal!.ResponsibleUserId == userId);
        }
        if (!AccessPolicy.ReadsAll(actor, AccessEntity.Deal))
        {
            var readable = AccessPolicy.Readable(db.Deals, actor, AccessEntity.Deal).Select(d => d.Id);
            history = history.Where(c => readable.Contains(c.DealId));
        }
        var rows = await history
            .OrderBy(c => c.DealId).ThenBy(c => c.ChangedAt).ThenBy(c => c.Id)
            .Select(c => new { c.DealId, c.ToStageId, c.ChangedAt })
            .ToListAsync(ct);

        var stays = new Dictionary<int, (int Count, double Days)>();
        for (var i = 0; i + 1 < rows.Count; i++)
        {
            var (entered, left) = (rows[i], rows[i + 1]);
            if (entered.DealId != left.DealId || !period.Contains(left.ChangedAt))
            {
                continue;
            }
            var (count, days) = stays.GetValueOrDefault(entered.ToStageId);
            stays[entered.ToStageId] = (count + 1, days + (left.ChangedAt - entered.ChangedAt).TotalDays);
        }
        return stages.Select(s => stays.TryGetValue(s.Id, out var stay)
            ? new StageDurationRow(s, stay.Count, stay.Days / stay.Count)
            : new StageDurationRow(s, 0, null)).ToList();
    }

    /// <summary>Deals in a lost stage closed in the period, by lost reason, most frequent first.</summary>
    public async Task<IReadOnlyList<LostReasonRow>> GetLostReasonsAsync(ReportFilter filter, Actor actor, CancellationToken ct = default)
    {
        var period = funnel.Resolve(filter.Period);
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var groups = await Closed(db, filter, actor, period)
            .Where(d => d.Stage!.Kind == StageKind.Lost)
            .GroupBy(d => new { d.LostReasonId, d.Currency })
            .Select(g => new { g.Key.LostReasonId, g.Key.Currency, Count = g.Count(), Sum = MoneySum.Combine(g.Sum(d => MoneySum.High(d.Amount)), g.Sum(d => MoneySum.Low(d.Amount))) })
            .ToListAsync(ct);
        var reasons = await db.LostReasons.AsNoTracking().ToDictionaryAsync(r => r.Id, r => (r.Name, r.Sort), ct);
        return groups.GroupBy(g => g.LostReasonId)
            .Select(reason => new LostReasonRow(
                reason.Key,
                reason.Key is { } id && reasons.TryGetValue(id, out var r) ? r.Name : null,
                reason.Sum(g => g.Count),
                Totals(reason.Select(g => (g.Currency, g.Sum)))))
            .OrderByDescending(r => r.Count)
            .ThenBy(r => r.ReasonId is { } id && reasons.TryGetValue(id, out var x) ? x.Sort : int.MaxValue)
            .ToList();
    }

    /// <summary>Deals closed (won or lost) in the period, in the pipeline if one is given, that the actor may count.</summary>
    private static IQueryable<Deal> Closed(CrmDbContext db, ReportFilter filter, Actor actor, ResolvedPeriod period)
    {
        var userId = AccessPolicy.ReportUser(actor, filter.UserId);
        var deals = AccessPolicy.Readable(db.Deals.AsNoTracking(), actor, AccessEntity.Deal)
            .Where(d => d.ClosedAt >= period.FromUtc && d.ClosedAt < period.ToUtc && d.Stage!.Kind != StageKind.Open);
        if (filter.PipelineId is { } pipelineId)
        {
            deals = deals.Where(d => d.PipelineId == pipelineId);
        }
        if (userId is not null)
        {
            deals = deals.Where(d => d.ResponsibleUserId == userId);
        }
        return deals;
    }

    private static List<MoneyTotal> Totals(IEnumerable<(string Currency, decimal Amount)> amounts) =>
        amounts.GroupBy(a => a.Currency, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new MoneyTotal(g.Key, g.Sum(a => a.Amount)))
            .ToList();
}
