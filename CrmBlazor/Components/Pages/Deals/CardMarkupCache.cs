using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.Caching.Memory;

namespace CrmBlazor.Components.Pages.Deals;

/// <summary>
/// The HTML of a card's texts, made once per card, language and age shown, and shared by every open board that shows
/// the card. A column's cards were 24 render-tree frames each (an element, its class and its text for the title, the
/// amount, the party, the owner and the age), and Blazor keeps each column's current and previous tree: the six columns
/// of a board in use were 240 of its 821 KB (docs/PERFORMANCE.md, session 30). As two markup frames (the title before
/// the actions button, the rest after it) a card takes 5 to 12 frames, and its strings are kept once for all the boards
/// in the process, not once per board. An entry's key holds its card (by value: a company renamed without a new deal
/// version is another entry) until the entry is dropped, at the latest 30 minutes after it was last asked for. Every text is HTML-encoded here; nothing else builds the cards' markup.
/// </summary>
public sealed class CardMarkupCache : IDisposable
{
    /// <summary>How many cards' markup is kept (about 1 KB each); the least used go first past it.</summary>
    public const int Capacity = 20_000;

    // Letters of every script stay as they are (HtmlEncoder.Default would write "ł" as "&#x142;"); <, >, &, quotes are encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly MemoryCacheEntryOptions EntryOptions = new() { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) };

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity });

    /// <summary>The card's markup in the current culture for the age <paramref name="age"/> (see <see cref="Format.ElapsedUnits"/>).</summary>
    public CardMarkup Get(DealCard card, (ElapsedUnit Unit, int Count) age, IStringLocalizer localizer)
    {
        var key = new Key(card, CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name, age);
        if (_cache.TryGetValue(key, out CardMarkup? markup))
        {
            return markup!;
        }
        markup = Build(card, age, localizer);
        _cache.Set(key, markup, EntryOptions);
        return markup;
    }

    /// <summary>What the cache would hold for the card, made anew.</summary>
    public static CardMarkup Build(DealCard card, (ElapsedUnit Unit, int Count) age, IStringLocalizer localizer)
    {
        var title = $"<a href=\"deals/{card.Id.ToString(CultureInfo.InvariantCulture)}\" class=\"mud-typography mud-typography-subtitle2 deal-title\">{Encoder.Encode(card.Title)}</a>";
        var party = card.CompanyName is { } company
            ? $"<span class=\"mud-typography mud-typography-caption deal-party deal-company\">{Encoder.Encode(company)}</span>"
            : card.ContactName is { } contact
                ? $"<span class=\"mud-typography mud-typography-caption deal-party deal-contact\">{Encoder.Encode(contact)}</span>"
                : "";
        // The owner: data-initials is both its only attribute (the CSS styles it as a caption) and its avatar (the
        // initials, drawn by the CSS; empty for an unassigned card).
        var owner = card.ResponsibleName ?? localizer["Deal.Unassigned"];
        var ageText = Format.Elapsed(localizer, age);
        var rest = $"<span class=\"mud-typography mud-typography-body2 deal-amount\">{Encoder.Encode(Format.Money(card.Amount, card.Currency))}</span>" +
            party +
            $"<span data-initials=\"{Encoder.Encode(Format.Initials(card.ResponsibleName) ?? "")}\">{Encoder.Encode(owner)}</span>" +
            $"<span class=\"mud-typography mud-typography-caption deal-age\">{Encoder.Encode(ageText)}</span>";
        return new CardMarkup(new MarkupString(title), new MarkupString(rest));
    }

    public void Dispose() => _cache.Dispose();

    // A DealCard compares by value: the same deal at the same version, loaded by two boards, is one entry.
    private sealed record Key(DealCard Card, string Culture, string UiCulture, (ElapsedUnit, int) Age);
}

/// <summary>A card's title link (before its actions button) and the rest of its texts (after it), as HTML.</summary>
public sealed record CardMarkup(MarkupString Title, MarkupString Rest);
