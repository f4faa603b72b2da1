using System.Globalization;
using Microsoft.AspNetCore.Components.Web;

namespace CrmBlazor.Components.Pages.Deals;

/// <summary>
/// What one card of a column shows, made once per card and kept while the card is in the column. A live change in a
/// column re-renders it on every open board, and formatting each of its cards' amount, owner, age and labels again,
/// boxing its id and making a new click handler for its menu were most of what a board allocated per move
/// (docs/PERFORMANCE.md, session 23). A changed deal is a new <see cref="DealCard"/> and so gets new text; the strings
/// are shared by the column's current and previous render trees, and an unchanged handler keeps its id in the browser.
/// </summary>
internal sealed class CardText
{
    private (ElapsedUnit, int) _age = (ElapsedUnit.JustNow, -1);
    private string _ageText = "";
    private string? _actionsLabel;

    public CardText(DealCard card, IStringLocalizer localizer, Func<DealCard, MouseEventArgs, Task> openActions)
    {
        Card = card;
        Key = card.Id;
        Id = card.Id.ToString(CultureInfo.InvariantCulture);
        Href = "deals/" + Id;
        Amount = Format.Money(card.Amount, card.Currency);
        Initials = Format.Initials(card.ResponsibleName) ?? "";
        Owner = card.ResponsibleName ?? localizer["Deal.Unassigned"];
        OpenActions = e => openActions(card, e);
    }

    /// <summary>The card this text is for: the column makes a new one when its card is another (changed) record.</summary>
    public DealCard Card { get; }

    /// <summary>The card's <c>@key</c>: its id, boxed once.</summary>
    public object Key { get; }

    public string Id { get; }

    public string Href { get; }

    public string Amount { get; }

    /// <summary>The owner's initials for the avatar; empty for an unassigned card.</summary>
    public string Initials { get; }

    public string Owner { get; }

    /// <summary>The menu button's click: one delegate per card, so a re-render leaves the browser's handler as it is.</summary>
    public Func<MouseEventArgs, Task> OpenActions { get; }

    /// <summary>The menu button's name ("Actions for …"), made the first time a card has the button.</summary>
    public string ActionsLabel(IStringLocalizer localizer) => _actionsLabel ??= localizer["Deal.Actions", Card.Title];

    /// <summary>How long the card has been in its stage, formatted again only when the number shown changes.</summary>
    public string Age(IStringLocalizer localizer, DateTime now)
    {
        var age = Format.ElapsedUnits(Card.StageEnteredAt, now);
        if (age != _age)
        {
            _ageText = Format.Elapsed(localizer, Card.StageEnteredAt, now);
            _age = age;
        }
        return _ageText;
    }
}
