namespace CrmBlazor.Components.Pages.Deals;

/// <summary>
/// What one card of a column needs on this board, made once per card and kept while the card is in the column. A live
/// change in a column re-renders it on every open board, and formatting each of its cards' texts again and boxing its
/// id were most of what a board allocated per move (docs/PERFORMANCE.md, session 23). A changed deal is a new
/// <see cref="DealCard"/> and so gets new text. The card's markup itself is shared by all boards
/// (<see cref="CardMarkupCache"/>).
/// </summary>
internal sealed class CardText(DealCard card)
{
    private ((ElapsedUnit, int) Age, CardLook Look) _shown = ((ElapsedUnit.JustNow, -1), default);
    private MarkupString _markup;

    /// <summary>The card this text is for: the column makes a new one when its card is another (changed) record.</summary>
    public DealCard Card { get; } = card;

    /// <summary>The card's <c>@key</c>: its id, boxed once.</summary>
    public object Key { get; } = card.Id;

    /// <summary>
    /// The card as HTML, asked of the shared cache again only when the age shown (how long the card has been in its
    /// stage) or its look changes.
    /// </summary>
    public MarkupString Markup(CardMarkupCache cache, IStringLocalizer localizer, DateTime now, CardLook look)
    {
        var shown = (Format.ElapsedUnits(Card.StageEnteredAt, now), look);
        if (_markup.Value is null || shown != _shown)
        {
            _markup = cache.Get(Card, shown.Item1, look, localizer);
            _shown = shown;
        }
        return _markup;
    }
}
