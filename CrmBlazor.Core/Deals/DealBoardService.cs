using Microsoft.Extensions.Options;

namespace CrmBlazor.Core.Deals;

/// <summary>The read side of the kanban: columns with their counts and sums, and pages of cards.</summary>
public sealed partial class DealBoardService(IDbContextFactory<CrmDbContext> contextFactory, IOptions<CrmOptions> options, CrmTime time)
{
    public int PageSize => Math.Clamp(options.Value.ColumnPageSize, 1, 50);

    // The cards every board of this server reads, one copy each (DealCardPool).
    private readonly DealCardPool _cards = new();

    /// <summary>A filtered board of at most this many deals reads its cards in one query (<see cref="GetBoardAsync(int?, Actor?, DealFilter?, CancellationToken)"/>).</summary>
    internal const int FewDeals = 200;

    public async Task<int?> GetPipelineOfDealAsync(int dealId, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await db.Deals.Where(d => d.Id == dealId).Select(d => (int?)d.PipelineId).FirstOrDefaultAsync(ct);
    }

    /// <summary>The board of a pipeline (the default one when <paramref name="pipelineId"/> is null), or null if there is none.</summary>
    public Task<BoardView?> GetBoardAsync(int? pipelineId, CancellationToken ct = default) => GetBoardAsync(pipelineId, actor: null, ct);

    /// <summary>The board as <paramref name="actor"/> may see it: cards, counts and sums over the deals their role reads (in SQL).</summary>
    public Task<BoardView?> GetBoardAsync(int? pipelineId, Actor? actor, CancellationToken ct = default) => GetBoardAsync(pipelineId, actor, null, ct);

    /// <summary>The board as <paramref name="actor"/> may see it, of the deals that match <paramref name="filter"/> (filtered in SQL: cards, counts and sums alike).</summary>
    public async Task<BoardView?> GetBoardAsync(int? pipelineId, Actor? actor, DealFilter? filter, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        // The snapshot and the last event it holds, without holding writers back.
        await using var snapshot = await LiveSnapshot.BeginAsync(db, ct);
        var sequence = snapshot.Sequence;
        var pipelines = await PipelineService.Summaries(db).ToListAsync(ct);
        var pipeline = pipelineId is null ? pipelines.FirstOrDefault() : pipelines.FirstOrDefault(p => p.Id == pipelineId);
        if (pipeline is null)
        {
            return null;
        }

        var stages = await PipelineService.Stages(db, pipeline.Id).ToListAsync(ct);
        var stageIds = stages.Select(s => s.Id).ToList();
        var now = time.UtcNow; // one "now" (overdue, stale) for every query of this read

        // A filter that keeps few deals: they are read once, their totals counted here and their cards read by key,
        // instead of a count in the database and a query per column that reads the column's index to find them. A
        // filter that keeps more stops that read at the first FewDeals + 1 (issue 18).
        List<ColumnTotal>? totals = null;
        ILookup<int, DealCard>? few = null;
        if (filter is { IsEmpty: false })
        {
            var found = await Visible(db, actor, filter, now)
                .Where(d => stageIds.Contains(d.StageId))
                .Select(d => new { d.Id, d.StageId, d.Currency, d.Amount })
                .Take(FewDeals + 1)
                .ToListAsync(ct);
            if (found.Count <= FewDeals)
            {
                totals = found.GroupBy(d => (d.StageId, d.Currency)).Select(g => new ColumnTotal(g.Key.StageId, g.Key.Currency, g.Count(), g.Sum(d => d.Amount))).ToList();
                var ids = found.Select(d => d.Id).ToList();
                few = (await db.Deals.AsNoTracking()
                    .Where(d => ids.Contains(d.Id))
                    .OrderBy(d => d.StageId).ThenBy(d => d.Rank).ThenBy(d => d.Id)
                    .Select(DealProjections.Card)
                    .ToListAsync(ct))
                    .Select(_cards.Share)
                    .ToLookup(c => c.StageId);
            }
        }
        totals ??= await ColumnTotalsAsync(db, stageIds, actor, filter, now, ct);

        var columns = new List<BoardColumn>(stages.Count);
        foreach (var stage in stages)
        {
            var stageTotals = totals.Where(t => t.StageId == stage.Id).ToList();
            var cards = few is not null
                ? few[stage.Id].Take(PageSize).ToList()
                : _cards.Share(await QueryColumn(db, stage.Id, last: null, PageSize, actor, filter, now).ToListAsync(ct));
            columns.Add(new BoardColumn(
                stage,
                stageTotals.Sum(t => t.Count),
                stageTotals.OrderBy(t => t.Currency, StringComparer.Ordinal).Select(t => new MoneyTotal(t.Currency, t.Sum)).ToList(),
                cards));
        }
        var rates = await CurrencyService.LoadAsync(db, DateOnly.FromDateTime(time.ToLocal(time.UtcNow)), options.Value.Currencies, ct);
        return new BoardView(pipeline, pipelines, columns, sequence) { Rates = rates };
    }

    /// <summary>The next cards of a column, after <paramref name="last"/> (the last card the board has).</summary>
    public Task<IReadOnlyList<DealCard>> GetColumnPageAsync(int stageId, DealCard? last, CancellationToken ct = default) => GetColumnPageAsync(stageId, last, actor: null, ct);

    /// <summary>The next cards of a column that <paramref name="actor"/> may read.</summary>
    public Task<IReadOnlyList<DealCard>> GetColumnPageAsync(int stageId, DealCard? last, Actor? actor, CancellationToken ct = default) =>
        GetColumnPageAsync(stageId, last, actor, null, ct);

    /// <summary>The next cards of a column that <paramref name="actor"/> may read and <paramref name="filter"/> matches.</summary>
    public async Task<IReadOnlyList<DealCard>> GetColumnPageAsync(int stageId, DealCard? last, Actor? actor, DealFilter? filter, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return _cards.Share(await QueryColumn(db, stageId, last, PageSize, actor, filter, time.UtcNow).ToListAsync(ct));
    }

    /// <summary>All deals without an actor (the system, benchmarks), else the ones the actor's role reads.</summary>
    private IQueryable<Deal> Visible(CrmDbContext db, Actor? actor, DealFilter? filter, DateTime now, bool inIndexOrder = false)
    {
        var deals = actor is null ? db.Deals.AsNoTracking() : AccessPolicy.Readable(db.Deals.AsNoTracking(), actor, AccessEntity.Deal);
        return Filtered(deals, db, actor, filter, now, inIndexOrder);
    }

    private sealed record ColumnTotal(int StageId, string Currency, int Count, decimal Sum);

    /// <summary>
    /// Count and sum per stage and currency of the deals <paramref name="actor"/> may read, computed by the database from
    /// the index (StageId, Currency, Amount, ...) alone. A role that does not read all deals gets its deals in the parts of
    /// <see cref="AccessPolicy.ReadableParts"/> (unassigned; of the users its scope reaches), each summed per stage,
    /// responsible user and currency by seeks in the index (StageId, ResponsibleUserId, Currency, Amount), so it reads the
    /// index entries of its own deals only instead of testing every deal of the pipeline (decision 024).
    /// </summary>
    /// <remarks>
    /// "No activity planned" keeps nearly every deal, and testing each against the set of deals with a plan costs more
    /// than the counting: its totals are those of the other filters less those of the deals with a plan among them, two
    /// reads of the same snapshot (issue 18).
    /// </remarks>
    private async Task<List<ColumnTotal>> ColumnTotalsAsync(CrmDbContext db, List<int> stageIds, Actor? actor, DealFilter? filter, DateTime now, CancellationToken ct)
    {
        if (filter is { Activity: DealActivityFilter.NonePlanned })
        {
            var others = filter with { Activity = DealActivityFilter.Any };
            var all = await TotalsAsync(db, stageIds, actor, deals => Filtered(deals, db, actor, others, now), ct);
            var planned = await TotalsAsync(db, stageIds, actor, deals => DealFilter.WithPlannedActivity(Filtered(deals, db, actor, others, now), db), ct);
            var less = planned.ToDictionary(t => (t.StageId, t.Currency));
            return all
                .Select(t => less.TryGetValue((t.StageId, t.Currency), out var p) ? t with { Count = t.Count - p.Count, Sum = t.Sum - p.Sum } : t)
                .Where(t => t.Count > 0)
                .ToList();
        }
        return await TotalsAsync(db, stageIds, actor, deals => Filtered(deals, db, actor, filter, now), ct);
    }

    private static async Task<List<ColumnTotal>> TotalsAsync(CrmDbContext db, List<int> stageIds, Actor? actor, Func<IQueryable<Deal>, IQueryable<Deal>> narrow, CancellationToken ct)
    {
        var deals = db.Deals.AsNoTracking();
        if (actor is null || AccessPolicy.ReadsAll(actor, AccessEntity.Deal))
        {
            return await narrow(deals)
                .Where(d => stageIds.Contains(d.StageId))
                .GroupBy(d => new { d.StageId, d.Currency })
                .Select(g => new ColumnTotal(g.Key.StageId, g.Key.Currency, g.Count(), MoneySum.Combine(g.Sum(d => MoneySum.High(d.Amount)), g.Sum(d => MoneySum.Low(d.Amount)))))
                .ToListAsync(ct);
        }
        var totals = new List<ColumnTotal>();
        foreach (var part in AccessPolicy.ReadableParts(deals, actor, AccessEntity.Deal))
        {
            totals.AddRange(await narrow(part)
                .Where(d => stageIds.Contains(d.StageId))
                .GroupBy(d => new { d.StageId, d.ResponsibleUserId, d.Currency })
                .Select(g => new ColumnTotal(g.Key.StageId, g.Key.Currency, g.Count(), MoneySum.Combine(g.Sum(d => MoneySum.High(d.Amount)), g.Sum(d => MoneySum.Low(d.Amount)))))
                .ToListAsync(ct));
        }
        return totals.GroupBy(t => (t.StageId, t.Currency)).Select(g => new ColumnTotal(g.Key.StageId, g.Key.Currency, g.Sum(t => t.Count), g.Sum(t => t.Sum))).ToList();
    }

    private IQueryable<Deal> Filtered(IQueryable<Deal> deals, CrmDbContext db, Actor? actor, DealFilter? filter, DateTime now, bool inIndexOrder = false) =>
        filter is null || filter.IsEmpty ? deals : filter.Apply(deals, db, actor, time, now, inIndexOrder);

    /// <summary>
    /// The earliest deadline of each deal's planned activities, for the deals of <paramref name="dealIds"/> that have
    /// any: a card is marked when it has none, or when that deadline has passed. One indexed query.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, DateTime>> GetNextActivitiesAsync(IReadOnlyCollection<int> dealIds, CancellationToken ct = default)
    {
        if (dealIds.Count == 0)
        {
            return new Dictionary<int, DateTime>();
        }
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await NextActivitiesAsync(db, dealIds, ct);
    }

    internal static async Task<Dictionary<int, DateTime>> NextActivitiesAsync(CrmDbContext db, IReadOnlyCollection<int> dealIds, CancellationToken ct) =>
        await db.Activities.AsNoTracking()
            .Where(a => a.ElementKind == Common.ElementKind.Deal && dealIds.Contains(a.ElementId) && a.State == Activities.ActivityState.Planned)
            .GroupBy(a => a.ElementId)
            .Select(g => new { DealId = g.Key, Deadline = g.Min(a => a.Deadline) })
            .ToDictionaryAsync(n => n.DealId, n => DateTime.SpecifyKind(n.Deadline, DateTimeKind.Utc), ct);

    private IQueryable<DealCard> QueryColumn(CrmDbContext db, int stageId, DealCard? last, int take, Actor? actor, DealFilter? filter, DateTime now)
    {
        var query = Visible(db, actor, filter, now, inIndexOrder: true).Where(d => d.StageId == stageId);
        if (last is not null)
        {
            // Keyset paging on (rank, id): ranks may tie when two users add a card at the top at the same moment.
            query = query.Where(d => string.Compare(d.Rank, last.Rank) > 0 || (d.Rank == last.Rank && d.Id > last.Id));
        }
        return query.OrderBy(d => d.Rank).ThenBy(d => d.Id).Take(take).Select(DealProjections.Card);
    }
}
