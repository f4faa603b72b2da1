namespace CrmBlazor.Core.Deals;

/// <summary>Which deals a board shows by their planned activities.</summary>
public enum DealActivityFilter
{
    Any,
    /// <summary>A planned activity whose deadline has passed.</summary>
    Overdue,
    /// <summary>No planned activity at all.</summary>
    NonePlanned,
}

/// <summary>
/// The board's filters (its toolbar, kept in the page's address): every one runs in SQL in the board's queries, so
/// columns, counts and sums are those of the matching deals (added up in SQL, or from the matching deals read once
/// when they are few). An empty filter shows every deal the actor may read.
/// </summary>
public sealed record DealFilter
{
    /// <summary>Words, e-mail or phone digits, through the search index (decision 019).</summary>
    public string? Search { get; init; }

    /// <summary>Only the actor's own deals.</summary>
    public bool Mine { get; init; }

    public string? ResponsibleUserId { get; init; }

    /// <summary>Words of the name of the deal's contact or company (every one, folded, in any order).</summary>
    public string? Party { get; init; }

    public decimal? AmountFrom { get; init; }
    public decimal? AmountTo { get; init; }

    /// <summary>Created on or after this day (the team's time zone).</summary>
    public DateOnly? CreatedFrom { get; init; }

    /// <summary>Created on or before this day (the team's time zone).</summary>
    public DateOnly? CreatedTo { get; init; }

    /// <summary>Closed (won or lost) on or after this day.</summary>
    public DateOnly? ClosedFrom { get; init; }

    /// <summary>Closed (won or lost) on or before this day.</summary>
    public DateOnly? ClosedTo { get; init; }

    public DealActivityFilter Activity { get; init; }

    /// <summary>Open deals that have stayed in their stage for at least this many days.</summary>
    public int? StaleDays { get; init; }

    /// <summary>Filters on the deals' custom fields (<see cref="CustomFieldFilterText"/>), one per field.</summary>
    public CustomFilterSet Custom { get; init; } = CustomFilterSet.Empty;

    public static readonly DealFilter None = new();

    public bool IsEmpty => this == None || this with { Search = Blank(Search), Party = Blank(Party), ResponsibleUserId = Blank(ResponsibleUserId) } == None;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>
    /// <paramref name="deals"/> narrowed by this filter, in SQL; <paramref name="time"/> gives the days' bounds. Filters
    /// by a set of ids (words, contact or company, overdue, custom fields) test each deal's id against the set, which
    /// the database builds once per query. <paramref name="inIndexOrder"/> is for a query that reads deals in
    /// an index's order and stops after a page (a board column by rank): the sets are tested as the index is read
    /// (<c>Id + 0</c> keeps SQLite from reading every deal of a set by key and sorting them all for one page; the first
    /// page then ends at its first matches). Counts and sums read the sets' deals by key (decision 019). "No activity
    /// planned" looks each deal up instead of taking a set.
    /// </summary>
    /// <param name="now">"Now" for overdue and stale: one instant for every query of a read, so they agree.</param>
    internal IQueryable<Deal> Apply(IQueryable<Deal> deals, CrmDbContext db, Actor? actor, CrmTime time, DateTime now, bool inIndexOrder = false)
    {
        if (SearchText.Terms(Search).Count > 0)
        {
            var found = SearchService.MatchingIds(db, SearchText.Terms(Search), SearchKind.Deal);
            deals = inIndexOrder ? deals.Where(d => found.Contains(d.Id + 0)) : deals.Where(d => found.Contains(d.Id));
        }
        if (Mine && actor is not null)
        {
            var me = actor.UserId;
            deals = deals.Where(d => d.ResponsibleUserId == me);
        }
        if (Blank(ResponsibleUserId) is { } user)
        {
            deals = deals.Where(d => d.ResponsibleUserId == user);
        }
        if (SearchText.Terms(Party) is { Count: > 0 } partyTerms)
        {
            // Through the search index (decision 019): the contacts and companies whose name holds every word, folded
            // ("zuraw" finds "Żuraw"), not a LIKE over each deal's joined names.
            var contacts = SearchService.NamedIds(db, partyTerms, SearchKind.Contact);
            var companies = SearchService.NamedIds(db, partyTerms, SearchKind.Company);
            deals = inIndexOrder
                ? deals.Where(d => (d.ContactId != null && contacts.Contains(d.ContactId.Value + 0)) || (d.CompanyId != null && companies.Contains(d.CompanyId.Value + 0)))
                : deals.Where(d => (d.ContactId != null && contacts.Contains(d.ContactId.Value)) || (d.CompanyId != null && companies.Contains(d.CompanyId.Value)));
        }
        if (AmountFrom is { } min)
        {
            deals = deals.Where(d => d.Amount >= min);
        }
        if (AmountTo is { } max)
        {
            deals = deals.Where(d => d.Amount <= max);
        }
        if (CreatedFrom is { } createdFrom)
        {
            var start = DayStart(time, createdFrom);
            deals = deals.Where(d => d.CreatedAt >= start);
        }
        if (CreatedTo is { } createdTo)
        {
            var end = DayStart(time, createdTo.AddDays(1));
            deals = deals.Where(d => d.CreatedAt < end);
        }
        if (ClosedFrom is { } closedFrom)
        {
            var start = DayStart(time, closedFrom);
            deals = deals.Where(d => d.ClosedAt != null && d.ClosedAt >= start);
        }
        if (ClosedTo is { } closedTo)
        {
            var end = DayStart(time, closedTo.AddDays(1));
            deals = deals.Where(d => d.ClosedAt != null && d.ClosedAt < end);
        }
        switch (Activity)
        {
            case DealActivityFilter.Overdue:
                // The overdue activities' deals as one set per query (IN), not a lookup per deal (EXISTS): the set is a
                // few thousand index entries, the deals may be a hundred thousand.
                var overdue = Planned(db).Where(a => a.Deadline < now).Select(a => a.ElementId);
                deals = inIndexOrder ? deals.Where(d => overdue.Contains(d.Id + 0)) : deals.Where(d => overdue.Contains(d.Id));
                break;
            case DealActivityFilter.NonePlanned:
                // A lookup per deal (an anti-join on PostgreSQL): nearly every deal matches, so a column's page is found
                // after a few; the board's counts and sums take all less the planned instead (DealBoardService).
                var planned = Planned(db);
                deals = deals.Where(d => !planned.Any(a => a.ElementId == d.Id));
                break;
        }
        if (Custom.Count > 0)
        {
            var fields = CustomFieldSet.ForFilters(ElementKind.Deal);
            foreach (var filter in Custom)
            {
                var matching = fields.MatchingIds(db, filter);
                deals = (filter.Excludes, inIndexOrder) switch
                {
                    (true, false) => deals.Where(d => !matching.Contains(d.Id)),
                    (true, true) => deals.Where(d => !matching.Contains(d.Id + 0)),
                    (false, false) => deals.Where(d => matching.Contains(d.Id)),
                    (false, true) => deals.Where(d => matching.Contains(d.Id + 0)),
                };
            }
        }
        if (StaleDays is > 0 and var days)
        {
            var since = now.AddDays(-Math.Min(days, 36_500));
            deals = deals.Where(d => d.ClosedAt == null && d.StageEnteredAt <= since);
        }
        return deals;
    }

    /// <summary>The deals of <paramref name="deals"/> with a planned activity (the complement of <see cref="DealActivityFilter.NonePlanned"/>).</summary>
    internal static IQueryable<Deal> WithPlannedActivity(IQueryable<Deal> deals, CrmDbContext db)
    {
        var withPlans = Planned(db).Select(a => a.ElementId);
        return deals.Where(d => withPlans.Contains(d.Id));
    }

    private static IQueryable<Activity> Planned(CrmDbContext db) =>
        db.Activities.Where(a => a.ElementKind == ElementKind.Deal && a.State == ActivityState.Planned);

    private static DateTime DayStart(CrmTime time, DateOnly day) =>
        time.ToUtc(DateBounds.Clamp(day).ToDateTime(TimeOnly.MinValue));
}
