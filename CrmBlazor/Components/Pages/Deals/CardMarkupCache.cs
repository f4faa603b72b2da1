using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Caching.Memory;

namespace CrmBlazor.Components.Pages.Deals;

/// <summary>
/// The HTML of a whole card (its element, title, actions button and texts), made once per card, language, age shown
/// and look (see <see cref="CardLook"/>), and shared by every open board that shows the card. A column's cards were 24
/// render-tree frames each, then 5 to 12 with their texts as markup, and Blazor keeps each column's current and
/// previous tree (docs/PERFORMANCE.md, sessions 30 and 31). As one markup frame inside a keyed wrapper a card takes
/// two frames, so a column of a full page fits 64 frames, and its strings are kept once for all the boards in the
/// process, not once per board. The actions button has no handler of its own: the board's script hears its click (see
/// DealBoard.razor.js). An entry's key holds its card (by value: a company renamed without a new deal version is
/// another entry) until the entry is dropped, at the latest 30 minutes after it was last asked for. Every text is
/// HTML-encoded here (<see cref="HtmlText"/>); nothing else builds the cards' markup.
/// <para>
/// A board asks for its cards at every render of a column (<see cref="ForBoard"/>): each card read remembers, for all
/// the boards that share it (<see cref="DealCardPool"/>), its <c>@key</c> and the markup of the last four ways it was
/// shown (age, language, look), so a board holds nothing per card and the cache's key is made only when a card is
/// shown another way.
/// </para>
/// </summary>
public sealed class CardMarkupCache : IDisposable
{
    /// <summary>
    /// How many cards' markup is kept (about 1 KB each); the least used go first past it. A card record that boards
    /// still hold also keeps the markup of its last four ways shown (<see cref="ForBoard"/>), in or out of the cache.
    /// </summary>
    public const int Capacity = 20_000;

    private const string MenuButton = "mud-button-root mud-icon-button mud-ripple mud-ripple-icon mud-icon-button-size-small deal-menu";

    private static readonly MemoryCacheEntryOptions EntryOptions = new() { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) };

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity });

    // Per card record (by reference, so the boards that share it share this), as long as the record lives.
    private readonly ConditionalWeakTable<DealCard, Remembered> _remembered = new();

    /// <summary>
    /// The card as a board shows it at <paramref name="now"/> in the current culture: its <c>@key</c> (its id, boxed once
    /// for every board) and its markup.
    /// </summary>
    public (object Key, MarkupString Markup) ForBoard(DealCard card, DateTime now, CardLook look, IStringLocalizer localizer)
    {
        var remembered = _remembered.GetValue(card, static c => new Remembered(c.Id));
        var shown = new Shown(CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name, Format.ElapsedUnits(card.StageEnteredAt, now), look);
        if (remembered.Find(shown) is not { } markup)
        {
            markup = Get(card, shown, localizer);
            remembered.Add(new ShownAs(shown, markup));
        }
        return (remembered.Key, markup);
    }

    /// <summary>
    /// The card's markup in the current culture for the age <paramref name="age"/> (see <see cref="Format.ElapsedUnits"/>),
    /// through the shared cache only, not a card record's remembered markups (tests; the boards ask <see cref="ForBoard"/>).
    /// </summary>
    internal MarkupString Get(DealCard card, (ElapsedUnit Unit, int Count) age, CardLook look, IStringLocalizer localizer) =>
        Get(card, new Shown(CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name, age, look), localizer);

    private MarkupString Get(DealCard card, Shown shown, IStringLocalizer localizer)
    {
        var key = new Key(card, shown);
        if (_cache.TryGetValue(key, out string? markup))
        {
            return new MarkupString(markup!);
        }
        markup = Build(card, shown.Age, shown.Look, localizer);
        _cache.Set(key, markup, EntryOptions);
        return new MarkupString(markup);
    }

    private static string Build(DealCard card, (ElapsedUnit Unit, int Count) age, CardLook look, IStringLocalizer localizer)
    {
        var id = card.Id.ToString(CultureInfo.InvariantCulture);
        var element = $"<div class=\"{CardClass(look)}\" data-deal-id=\"{id}\"" +
            (look.MayChange ? " draggable=\"true\"" : "") + (look.Highlighted ? " data-highlighted=\"true\"" : "") + ">";
        var title = $"<a href=\"deals/{id}\" class=\"mud-typography mud-typography-subtitle2 deal-title\">{HtmlText.Encode(card.Title)}</a>";
        // The one menu of the board opens for this button (see DealBoard); a card the user may not change has none.
        var menu = look.MayChange
            ? $"<button type=\"button\" class=\"{MenuButton}\" aria-label=\"{HtmlText.Encode(localizer["Deal.Actions", card.Title])}\" aria-haspopup=\"menu\"></button>"
            : "";
        var party = card.CompanyName is { } company
            ? $"<span class=\"mud-typography mud-typography-caption deal-party deal-company\">{HtmlText.Encode(company)}</span>"
            : card.ContactName is { } contact
                ? $"<span class=\"mud-typography mud-typography-caption deal-party deal-contact\">{HtmlText.Encode(contact)}</span>"
                : "";
        // The owner: data-initials is both its only attribute (the CSS styles it as a caption) and its avatar (the
        // initials, drawn by the CSS; empty for an unassigned card).
        var owner = card.ResponsibleName ?? localizer["Deal.Unassigned"];
        var ageText = Format.Elapsed(localizer, age);
        return element + title + menu +
            $"<span class=\"mud-typography mud-typography-body2 deal-amount\">{HtmlText.Encode(Format.Money(card.Amount, card.Currency))}</span>" +
            party +
            $"<span data-initials=\"{HtmlText.Encode(Format.Initials(card.ResponsibleName) ?? "")}\">{HtmlText.Encode(owner)}</span>" +
            $"<span class=\"mud-typography mud-typography-caption deal-age\">{HtmlText.Encode(ageText)}</span></div>";
    }

    // The activity mark is a class (DealBoard.razor.css draws it with the board's words); only the board's own marks are written.
    private static string CardClass(CardLook look) => (look.Highlighted, look.Mark) switch
    {
        (false, ColumnState.NoActivity) => "deal-card " + ColumnState.NoActivity,
        (true, ColumnState.NoActivity) => "deal-card highlighted-card " + ColumnState.NoActivity,
        (false, ColumnState.ActivityOverdue) => "deal-card " + ColumnState.ActivityOverdue,
        (true, ColumnState.ActivityOverdue) => "deal-card highlighted-card " + ColumnState.ActivityOverdue,
        (false, _) => "deal-card",
        (true, _) => "deal-card highlighted-card",
    };

    public void Dispose() => _cache.Dispose();

    // A DealCard compares by value: the same deal at the same version, loaded by two boards, is one entry.
    private sealed record Key(DealCard Card, Shown Way);

    private readonly record struct Shown(string Culture, string UiCulture, (ElapsedUnit Unit, int Count) Age, CardLook Look);

    private sealed record ShownAs(Shown Way, MarkupString Markup);

    // A card's key and the last few ways it was shown (a manager's and a sales user's look, two languages, the highlighted
    // card): boards rendering at once on other threads each read a whole entry, the old or the new one.
    private sealed class Remembered(int id)
    {
        private readonly ShownAs?[] _last = new ShownAs?[4];
        private int _next;

        public object Key { get; } = id;

        public MarkupString? Find(Shown way)
        {
            foreach (var last in _last)
            {
                if (last is not null && last.Way == way)
                {
                    return last.Markup;
                }
            }
            return null;
        }

        public void Add(ShownAs shown) => _last[(Interlocked.Increment(ref _next) & int.MaxValue) % _last.Length] = shown;
    }
}

/// <summary>
/// How a card looks to one user on one board: whether they may change it (then it is draggable and has the actions
/// button), whether it is the highlighted card, and its activity mark (<see cref="ColumnState.ActivityMark"/>).
/// </summary>
public readonly record struct CardLook(bool MayChange, bool Highlighted, string? Mark);
