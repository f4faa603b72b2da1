namespace CrmBlazor.Core.Deals;

/// <summary>What the deal list (the board's list view) sorts by.</summary>
public enum DealListSort
{
    Created,
    Title,
    Stage,
    Amount,
    Responsible,
    Party,
    Closed,
}

/// <summary>
/// A page of the deal list: the deals of a pipeline (the default one when null) that the board's
/// <see cref="Filter"/> matches, sorted and paged in SQL.
/// </summary>
public sealed record DealListPageQuery
{
    public int? PipelineId { get; init; }
    public DealFilter Filter { get; init; } = DealFilter.None;
    public DealListSort SortBy { get; init; } = DealListSort.Created;
    public bool Descending { get; init; } = true;
    /// <summary>The custom fields whose values the rows carry, by code (the user's columns); null: those flagged "shown in the list".</summary>
    public IReadOnlyList<string>? Columns { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 25;
}

/// <summary>One row of the deal list.</summary>
public sealed record DealListRow(int Id, int Version, string Title, int StageId, string StageName, string StageColor, StageKind StageKind,
    decimal Amount, string Currency, string? ResponsibleUserId, string? ResponsibleName, int? ContactId, string? ContactName,
    int? CompanyId, string? CompanyName, DateTime? ClosedAt, DateTime CreatedAt)
{
    /// <summary>The text of its custom-field columns, by code.</summary>
    public IReadOnlyDictionary<string, string> Custom { get; init; } = new Dictionary<string, string>();
}

/// <summary>A page of the deal list, with the pipeline it is of (null: there is no pipeline).</summary>
public sealed record DealListPage(PipelineSummary? Pipeline, IReadOnlyList<PipelineSummary> Pipelines, IReadOnlyList<DealListRow> Items, int Total);

public sealed partial class DealBoardService
{
    /// <summary>
    /// The list view of a pipeline's deals as <paramref name="actor"/>'s role reads them (in SQL), narrowed by the
    /// board's filter, sorted and paged on the server: the same deals the board shows under the same filter.
    /// </summary>
    public async Task<DealListPage> GetListAsync(DealListPageQuery query, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var pipelines = await PipelineService.Summaries(db).ToListAsync(ct);
        var pipeline = query.PipelineId is { } wanted ? pipelines.FirstOrDefault(p => p.Id == wanted) ?? pipelines.FirstOrDefault() : pipelines.FirstOrDefault();
        if (pipeline is null)
        {
            return new DealListPage(null, pipelines, [], 0);
        }
        var pipelineId = pipeline.Id;
        var deals = Visible(db, actor, query.Filter, time.UtcNow).Where(d => d.PipelineId == pipelineId);
        var total = await deals.CountAsync(ct);
        var page = await Sorted(deals, query.SortBy, query.Descending)
            .Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 200))
            .Select(d => new DealListRow(d.Id, d.Version, d.Title, d.StageId, d.Stage!.Name, d.Stage.Color, d.Stage.Kind, d.Amount, d.Currency,
                d.ResponsibleUserId, d.ResponsibleUser != null ? d.ResponsibleUser.DisplayName : null,
                d.Contact != null ? d.ContactId : null, d.Contact != null ? (d.Contact.FirstName + " " + (d.Contact.LastName ?? "")).Trim() : null,
                d.Company != null ? d.CompanyId : null, d.Company != null ? d.Company.Name : null, d.ClosedAt, d.CreatedAt))
            .ToListAsync(ct);
        var values = await (await CustomFieldSet.LoadAsync(db, ElementKind.Deal, ct)).ColumnValuesAsync(db, [.. page.Select(r => r.Id)], query.Columns, ct, time.Zone);
        var items = page.Select(r => (r with
        {
            CreatedAt = DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc),
            ClosedAt = r.ClosedAt is { } closed ? DateTime.SpecifyKind(closed, DateTimeKind.Utc) : null,
        }) with { Custom = values.TryGetValue(r.Id, out var custom) ? custom : r.Custom }).ToList();
        return new DealListPage(pipeline, pipelines, items, total);
    }

    /// <summary>The deals in <paramref name="sort"/> order, blanks last either way (as on both providers alike), the id last so pages never overlap.</summary>
    private static IOrderedQueryable<Deal> Sorted(IQueryable<Deal> deals, DealListSort sort, bool descending)
    {
        IOrderedQueryable<Deal> By<TKey>(System.Linq.Expressions.Expression<Func<Deal, TKey>> key) =>
            descending ? deals.OrderByDescending(key) : deals.OrderBy(key);
        IOrderedQueryable<Deal> Then<TKey>(IOrderedQueryable<Deal> ordered, System.Linq.Expressions.Expression<Func<Deal, TKey>> key) =>
            descending ? ordered.ThenByDescending(key) : ordered.ThenBy(key);
        var ordered = sort switch
        {
            DealListSort.Title => By(d => d.Title.ToLower()),
            DealListSort.Stage => By(d => d.Stage!.Sort),
            // Money is TEXT on SQLite: a number to order by (a deal is capped far below where a double loses a unit).
            DealListSort.Amount => By(d => (double)d.Amount),
            DealListSort.Responsible => Then(deals.OrderBy(d => d.ResponsibleUser == null), d => d.ResponsibleUser!.DisplayName.ToLower()),
            DealListSort.Party => Then(deals.OrderBy(d => d.Company == null && d.Contact == null),
                d => d.Company != null ? d.Company.Name.ToLower() : d.Contact!.FirstName.ToLower()),
            DealListSort.Closed => Then(deals.OrderBy(d => d.ClosedAt == null), d => d.ClosedAt),
            _ => By(d => d.CreatedAt),
        };
        return descending ? ordered.ThenByDescending(d => d.Id) : ordered.ThenBy(d => d.Id);
    }
}
