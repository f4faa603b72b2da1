namespace CrmBlazor.Core.Deals;

/// <summary>
/// One <see cref="DealCard"/> for each distinct card in the process, held weakly: every board that loads a pipeline read
/// its own copies of the same cards (their titles, companies, owners, ranks), so 500 open boards held the same texts
/// 500 times (docs/PERFORMANCE.md, session 30). A card is immutable and compares by value, so an equal card already
/// held by another board can stand in for a newly read one. A card nothing holds any more (no board, and no entry of the
/// UI's markup cache, which keeps the cards it was asked for up to 30 minutes) is collected as usual.
/// </summary>
public sealed class DealCardPool
{
    private readonly Lock _lock = new();
    // By the card's hash (its value): the cards with that hash, weakly. Keyed by hash, not by card, so that the
    // dictionary itself holds no card.
    private readonly Dictionary<int, List<WeakReference<DealCard>>> _cards = [];
    private int _count;
    private int _sweepAt = 1024;

    /// <summary>How many cards the pool tracks, including any collected since its last sweep.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>The pool's card equal to <paramref name="card"/>, or <paramref name="card"/> itself, now pooled.</summary>
    public DealCard Share(DealCard card)
    {
        var hash = card.GetHashCode();
        lock (_lock)
        {
            if (!_cards.TryGetValue(hash, out var same))
            {
                same = new List<WeakReference<DealCard>>(1);
                _cards[hash] = same;
            }
            foreach (var weak in same)
            {
                if (weak.TryGetTarget(out var pooled) && pooled.Equals(card))
                {
                    return pooled;
                }
            }
            same.Add(new WeakReference<DealCard>(card));
            if (++_count >= _sweepAt)
            {
                Sweep();
            }
            return card;
        }
    }

    /// <summary>Replaces each card of <paramref name="cards"/> with the pool's, in place.</summary>
    public List<DealCard> Share(List<DealCard> cards)
    {
        for (var i = 0; i < cards.Count; i++)
        {
            cards[i] = Share(cards[i]);
        }
        return cards;
    }

    // Drops the collected cards; the next sweep comes when the pool has doubled since (at least 1,024 cards).
    private void Sweep()
    {
        _count = 0;
        foreach (var (hash, same) in _cards)
        {
            same.RemoveAll(w => !w.TryGetTarget(out _));
            if (same.Count == 0)
            {
                _cards.Remove(hash);
            }
            _count += same.Count;
        }
        _sweepAt = Math.Max(1024, _count * 2);
    }
}
