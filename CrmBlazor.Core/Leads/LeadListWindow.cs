namespace CrmBlazor.Core.Leads;

/// <summary>What a lead list must do about a live event (see <see cref="LeadListWindow.Consider"/>).</summary>
public enum LeadListStep
{
    /// <summary>Nothing: the event is already in the page it shows.</summary>
    Nothing,

    /// <summary>Read the lead's row as the list's query finds it (<see cref="LeadService.RowsAsync"/>), then <see cref="LeadListWindow.Apply"/> it.</summary>
    ReadRow,

    /// <summary>Read the page again: the change may move rows between pages in a way the page alone cannot tell.</summary>
    Reload,
}

/// <summary>
/// One page of the lead list as a user sees it (<see cref="LeadService.ListLiveAsync"/>): its query, rows, total and the
/// live sequence its snapshot was read at, kept up to date from <see cref="LeadChanged"/> events without reading the
/// page again wherever that is exact (decision 013): a new lead that sorts into the page is inserted (the last row
/// drops off), one that sorts after a full page only counts, an edited lead on the page is replaced in place. With
/// the newest-first order (the default) every new lead is exact on the first page; with other orders, and for changes
/// that could move a lead into or out of the list elsewhere, the list reads its page again.
/// </summary>
/// <remarks>Used on one renderer only (one page of one user); not thread-safe.</remarks>
public sealed class LeadListWindow
{
    private readonly List<LeadRow> _items;

    public LeadListWindow(LeadQuery query, IReadOnlyList<LeadRow> items, int total, long sequence)
    {
        Query = query;
        _items = [.. items];
        Total = total;
        Sequence = sequence;
    }

    /// <summary>The query the page answers (filters, order, skip and take).</summary>
    public LeadQuery Query { get; }

    public IReadOnlyList<LeadRow> Items => _items;

    /// <summary>How many leads the whole list has (all pages).</summary>
    public int Total { get; private set; }

    /// <summary>The <see cref="ILiveUpdates.Sequence"/> of the snapshot: every event up to it is already in the page.</summary>
    public long Sequence { get; }

    private int Take => Math.Clamp(Query.Take, 1, 200);

    /// <summary>True when the order is by creation time, which no edit changes and which SQL and this class order alike.</summary>
    private bool ByCreation => Query.SortBy == LeadSort.CreatedAt;

    /// <summary>True when the list has no filter: whether a lead is in it depends on the reader's scope only.</summary>
    private bool Unfiltered => string.IsNullOrWhiteSpace(Query.Search) && Query.Status is null && Query.Source is null && Query.StatusId is null && Query.SourceId is null
        && string.IsNullOrEmpty(Query.ResponsibleUserId) && Query.CreatedFrom is null && Query.CreatedTo is null && Query.Custom.Count == 0;

    /// <summary>What <paramref name="change"/> (an event of the leads topic as the reader may see it) asks of the page.</summary>
    public LeadListStep Consider(CrmEvent change)
    {
        if (change.Sequence <= Sequence)
        {
            return LeadListStep.Nothing; // in the snapshot already
        }
        if (change is not LeadChanged lead)
        {
            return LeadListStep.Reload; // a lead hidden from the reader, an import's batch
        }
        if (!ByCreation)
        {
            // Other orders are the database's (a title's collation differs between providers, a status or source ties
            // are broken by creation time): an exact place needs the page again.
            return LeadListStep.Reload;
        }
        var onPage = _items.Exists(r => r.Id == lead.LeadId);
        if (onPage || lead.Kind == LeadChangeKind.Created)
        {
            return LeadListStep.ReadRow;
        }
        // A lead on another page: it stays where it is unless the change could take it into or out of the list.
        return Unfiltered && lead.PreviousResponsibleUserId is null ? LeadListStep.Nothing : LeadListStep.Reload;
    }

    /// <summary>
    /// Applies a change that <see cref="Consider"/> answered <see cref="LeadListStep.ReadRow"/> for, with the lead's
    /// <paramref name="row"/> as the page's query finds it now (null: it is not in the list). False when the page
    /// cannot tell the result alone: read it again.
    /// </summary>
    public bool Apply(LeadChanged change, LeadRow? row)
    {
        var index = _items.FindIndex(r => r.Id == change.LeadId);
        if (index >= 0)
        {
            if (row is null)
            {
                return false; // it left the list: the rows after it move up from the next page
            }
            if (row.Version >= _items[index].Version)
            {
                _items[index] = row; // same creation time, same place
            }
            return true;
        }
        if (change.Kind != LeadChangeKind.Created)
        {
            return false;
        }
        if (row is null)
        {
            return true; // not in this list (its filters or the reader's scope)
        }
        var place = _items.FindIndex(r => Before(row, r));
        if (place < 0)
        {
            place = _items.Count;
        }
        if (place == 0 && Query.Skip > 0)
        {
            return false; // it may belong to an earlier page, shifting this one
        }
        Total++;
        if (place == _items.Count && _items.Count >= Take)
        {
            return true; // on a later page
        }
        _items.Insert(place, row);
        if (_items.Count > Take)
        {
            _items.RemoveAt(_items.Count - 1);
        }
        return true;
    }

    /// <summary>True when <paramref name="a"/> comes before <paramref name="b"/> in the list's order (by creation time, then id, as in SQL).</summary>
    private bool Before(LeadRow a, LeadRow b)
    {
        var order = a.CreatedAt.CompareTo(b.CreatedAt);
        if (order == 0)
        {
            order = a.Id.CompareTo(b.Id);
        }
        return Query.Descending ? order > 0 : order < 0;
    }

    /// <summary>True when <paramref name="query"/> asks for exactly this page (same filters, columns, order, skip and take).</summary>
    public bool Answers(LeadQuery query) =>
        query with { Custom = Query.Custom, Columns = Query.Columns } == Query
        && query.Custom.SequenceEqual(Query.Custom)
        && (query.Columns ?? []).SequenceEqual(Query.Columns ?? []);
}
