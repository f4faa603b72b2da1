using System.Globalization;
using Microsoft.AspNetCore.Components.Web;

namespace CrmBlazor.Components.Pages.Deals;

/// <summary>
/// What one card of a column needs on this board, made once per card and kept while the card is in the column. A live
/// change in a column re-renders it on every open board, and formatting each of its cards' texts again, boxing its id
/// and making a new click handler for its menu were most of what a board allocated per move (docs/PERFORMANCE.md,
/// session 23). A changed deal is a new <see cref="DealCard"/> and so gets new text. The card's texts themselves are
/// HTML shared by all boards (<see cref="CardMarkupCache"/>); an unchanged handler keeps its id in the browser.
/// </summary>
internal sealed class CardText
{
    private (ElapsedUnit, int) _age = (ElapsedUnit.JustNow, -1);
    private CardMarkup? _markup;
    private string? _actionsLabel;

    public CardText(DealCard card, Func<DealCard, MouseEventArgs, Task> openActions)
    {
        Card = card;
        Key = card.Id;
        Id = card.Id.ToString(CultureInfo.InvariantCulture);
        OpenActions = e => openActions(card, e);
    }

    /// <summary>The card this text is for: the column makes a new one when its card is another (changed) record.</summary>
    public DealCard Card { get; }

    /// <summary>The card's <c>@key</c>: its id, boxed once.</summary>
    public object Key { get; }

    public string Id { get; }

    /// <summary>The menu button's click: one delegate per card, so a re-render leaves the browser's handler as it is.</summary>
    public Func<MouseEventArgs, Task> OpenActions { get; }

    /// <summary>The menu button's name ("Actions for …"), made the first time a card has the button.</summary>
    public string ActionsLabel(IStringLocalizer localizer) => _actionsLabel ??= localizer["Deal.Actions", Card.Title];

    /// <summary>
    /// The card's texts as HTML, asked of the shared cache again only when the age shown (how long the card has been in
    /// its stage) changes.
    /// </summary>
    public CardMarkup Markup(CardMarkupCache cache, IStringLocalizer localizer, DateTime now)
    {
        var age = Format.ElapsedUnits(Card.StageEnteredAt, now);
        if (_markup is null || age != _age)
        {
            _markup = cache.Get(Card, age, localizer);
            _age = age;
        }
        return _markup;
    }
}
