namespace CrmBlazor.Components.Pages.Deals;

/// <summary>
/// What one open board shows: its columns' counts and sums and the cards loaded so far, kept current by live events.
/// Counts and sums come from the database once and then move by each event's before/after cards: every event after
/// the board's snapshot is applied exactly once, so they stay exact without re-querying. A card changes only for an
/// event newer than the version the board has, so late or repeated events cannot undo a newer state.
/// </summary>
public sealed class BoardState
{
    private readonly Dictionary<int, ColumnState> _columns;
    private readonly Dictionary<int, int> _versions = [];
    /// <summary>Each loaded deal's earliest planned activity deadline (null: none planned), for the cards' marks.</summary>
    private readonly Dictionary<int, DateTime?> _nextActivities = [];
    private readonly long _sequence;

    public BoardState(BoardView view)
    {
        Pipeline = view.Pipeline;
        Pipelines = view.Pipelines;
        Rates = view.Rates;
        Stages = view.Columns.Select(c => c.Stage).ToList();
        Columns = view.Columns.Select(c => new ColumnState(c.Stage, c.Count, c.Totals, _nextActivities)).ToList();
        _columns = Columns.ToDictionary(c => c.Stage.Id);
        _sequence = view.Sequence;
        foreach (var column in view.Columns)
        {
            foreach (var card in column.Cards)
            {
                _versions[card.Id] = card.Version;
                _columns[column.Stage.Id].Show(card);
            }
        }
    }

    public PipelineSummary Pipeline { get; }
    public IReadOnlyList<PipelineSummary> Pipelines { get; }
    /// <summary>Today's rates for the columns' totals in the base currency (decision 029).</summary>
    public CurrencyRates? Rates { get; }
    public IReadOnlyList<StageView> Stages { get; }

    /// <summary>The columns in stage order, each with its loaded cards in the order it shows them.</summary>
    public IReadOnlyList<ColumnState> Columns { get; }

    public DealCard? Find(int dealId)
    {
        foreach (var column in Columns)
        {
            if (column.Find(dealId) is { } card)
            {
                return card;
            }
        }
        return null;
    }

    public ColumnState? Column(int stageId) => _columns.GetValueOrDefault(stageId);

    public IReadOnlyList<DealCard> CardsIn(int stageId) => _columns.TryGetValue(stageId, out var column) ? column.Cards : [];

    public int LoadedCount(int stageId) => CardsIn(stageId).Count;

    public bool HasMore(int stageId) => _columns.TryGetValue(stageId, out var column) && column.HasMore;

    /// <summary>Applies a live event; true when the board changed.</summary>
    public bool Apply(DealChanged change)
    {
        if (change.Sequence <= _sequence)
        {
            return false; // already part of the snapshot the board was loaded from
        }

        // Whether the target column had all its other deals loaded, so the card belongs on screen wherever it ranks.
        var targetWasComplete = change.After is { } target && _columns.TryGetValue(target.StageId, out var targetColumn)
            && targetColumn.Cards.Count - (targetColumn.Find(target.Id) is null ? 0 : 1)
               >= targetColumn.Count - (change.Before?.StageId == target.StageId ? 1 : 0);

        var changed = false;
        if (change.Before is { } before && _columns.TryGetValue(before.StageId, out var from))
        {
            from.RemoveFromTotals(before);
            changed = true;
        }
        if (change.After is { } after && _columns.TryGetValue(after.StageId, out var to))
        {
            to.AddToTotals(after);
            changed = true;
        }

        if (_versions.TryGetValue(change.DealId, out var known) && known >= change.Version)
        {
            return changed;
        }
        _versions[change.DealId] = change.Version;
        Hide(change.DealId);
        if (change.After is { } card && _columns.TryGetValue(card.StageId, out var column) && (targetWasComplete || column.Ranks(card)))
        {
            column.Show(card);
        }
        return true;
    }

    /// <summary>
    /// The activity deadlines of <paramref name="dealIds"/> as read from the database (a deal missing from
    /// <paramref name="next"/> has no planned activity).
    /// </summary>
    public void SetNextActivities(IEnumerable<int> dealIds, IReadOnlyDictionary<int, DateTime> next)
    {
        foreach (var id in dealIds)
        {
            _nextActivities[id] = next.TryGetValue(id, out var deadline) ? deadline : null;
        }
        TouchAll();
    }

    /// <summary>A deal's activities changed (a live event): true when its card is on the board and its mark may change.</summary>
    public bool SetNextActivity(int dealId, DateTime? next)
    {
        _nextActivities[dealId] = next;
        foreach (var column in Columns)
        {
            if (column.Find(dealId) is not null)
            {
                column.Touch();
                return true;
            }
        }
        return false;
    }

    /// <summary>Deadlines passed: every card's mark is drawn again against the time now.</summary>
    public void TouchAll()
    {
        foreach (var column in Columns)
        {
            column.Touch();
        }
    }

    /// <summary>Adds a page of a column fetched after the board loaded, skipping cards the board already has newer.</summary>
    public void AddPage(IEnumerable<DealCard> page)
    {
        foreach (var card in page)
        {
            if (_versions.TryGetValue(card.Id, out var known) && known > card.Version)
            {
                continue;
            }
            _versions[card.Id] = card.Version;
            ShowAt(card);
        }
    }

    /// <summary>The cards a card dropped at <paramref name="index"/> of a column lands between.</summary>
    public (DealCard? Above, DealCard? Below) NeighboursAt(int stageId, int index, int movingDealId)
    {
        var column = CardsIn(stageId).Where(c => c.Id != movingDealId).ToList();
        index = Math.Clamp(index, 0, column.Count);
        return (index > 0 ? column[index - 1] : null, index < column.Count ? column[index] : null);
    }

    /// <summary>Whether <paramref name="card"/> already sits in the stage, right below <paramref name="above"/> (or at the top).</summary>
    public bool IsRightBelow(DealCard card, int stageId, DealCard? above)
    {
        if (card.StageId != stageId)
        {
            return false;
        }
        var column = CardsIn(stageId);
        for (var at = 0; at < column.Count; at++)
        {
            if (column[at].Id == card.Id)
            {
                return (at > 0 ? column[at - 1].Id : (int?)null) == above?.Id;
            }
        }
        return false;
    }

    /// <summary>Shows a card at its new place while the move is saved. Counts wait for the saved move's event.</summary>
    public void ShowAt(DealCard card)
    {
        Hide(card.Id);
        _columns.GetValueOrDefault(card.StageId)?.Show(card);
    }

    /// <summary>Puts back a card as the database has it (after a failed move), or takes it off when it is gone.</summary>
    public void Restore(int dealId, DealCard? current)
    {
        if (current is null)
        {
            Hide(dealId);
            return;
        }
        if (_versions.TryGetValue(dealId, out var known) && known > current.Version)
        {
            return;
        }
        _versions[dealId] = current.Version;
        ShowAt(current);
    }

    private void Hide(int dealId)
    {
        foreach (var column in Columns)
        {
            if (column.Hide(dealId))
            {
                return;
            }
        }
    }
}

/// <summary>
/// A column: the count and per-currency sums over all its deals, loaded or not, and the cards loaded so far in the
/// order it shows them (by rank, then id).
/// </summary>
public sealed class ColumnState(StageView stage, int count, IEnumerable<MoneyTotal> totals, IReadOnlyDictionary<int, DateTime?>? nextActivities = null)
{
    private static readonly Comparer<DealCard> InColumn = Comparer<DealCard>.Create((a, b) =>
    {
        var byRank = string.CompareOrdinal(a.Rank, b.Rank);
        return byRank != 0 ? byRank : a.Id.CompareTo(b.Id);
    });

    private readonly SortedDictionary<string, decimal> _totals = new(totals.ToDictionary(t => t.Currency, t => t.Amount), StringComparer.Ordinal);
    private readonly List<DealCard> _cards = [];
    private IReadOnlyList<MoneyTotal>? _totalList;

    public StageView Stage { get; } = stage;
    public int Count { get; private set; } = count;

    /// <summary>Changes with every change of the column's numbers or cards, so its view can tell cheaply whether to re-render.</summary>
    public int Revision { get; private set; }

    /// <summary>Changes with every change of the loaded cards (not of the numbers alone).</summary>
    public int CardsRevision { get; private set; }

    /// <summary>The per-currency sums that are not zero, made again only after they changed (a column's render reads them twice).</summary>
    public IReadOnlyList<MoneyTotal> Totals => _totalList ??= _totals.Where(t => t.Value != 0).Select(t => new MoneyTotal(t.Key, t.Value)).ToList();

    public IReadOnlyList<DealCard> Cards => _cards;

    public bool HasMore => Count > _cards.Count;

    public DealCard? Find(int dealId) => _cards.Find(c => c.Id == dealId);

    /// <summary>
    /// How a card is marked: "activity-overdue" when its earliest planned activity is overdue, "no-activity" when it
    /// has none planned, null when it is fine or not known (a card that arrived from a part of the board not loaded).
    /// </summary>
    public string? ActivityMark(int dealId, DateTime now) =>
        nextActivities is null || !nextActivities.TryGetValue(dealId, out var next) ? null
            : next is null ? NoActivity
            : next < now ? ActivityOverdue
            : null;

    /// <summary>The marks <see cref="ActivityMark"/> gives (CSS classes, drawn by DealBoard.razor.css).</summary>
    public const string NoActivity = "no-activity", ActivityOverdue = "activity-overdue";

    /// <summary>Something the cards show besides the cards themselves changed (their marks).</summary>
    internal void Touch()
    {
        Revision++;
        CardsRevision++;
    }

    internal void AddToTotals(DealCard card)
    {
        _totalList = null;
        Count++;
        _totals[card.Currency] = _totals.GetValueOrDefault(card.Currency) + card.Amount;
        Revision++;
    }

    internal void RemoveFromTotals(DealCard card)
    {
        _totalList = null;
        Count--;
        _totals[card.Currency] = _totals.GetValueOrDefault(card.Currency) - card.Amount;
        Revision++;
    }

    /// <summary>Whether <paramref name="card"/> ranks above the last loaded card, so it belongs among the loaded ones.</summary>
    internal bool Ranks(DealCard card) => _cards.Count > 0 && InColumn.Compare(card, _cards[^1]) < 0;

    internal void Show(DealCard card)
    {
        var index = _cards.BinarySearch(card, InColumn);
        _cards.Insert(index < 0 ? ~index : index, card);
        Revision++;
        CardsRevision++;
    }

    internal bool Hide(int dealId)
    {
        var index = _cards.FindIndex(c => c.Id == dealId);
        if (index < 0)
        {
            return false;
        }
        _cards.RemoveAt(index);
        Revision++;
        CardsRevision++;
        return true;
    }
}
