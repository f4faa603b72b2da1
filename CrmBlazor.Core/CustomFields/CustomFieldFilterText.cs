using System.Globalization;

namespace CrmBlazor.Core.CustomFields;

/// <summary>
/// A list's filter on one custom field written as text, as the list's address (<c>cf{id}=...</c>) and saved views keep
/// it, by the field's type: a list option's id (<c>12</c>), yes or no (<c>yes</c>, <c>no</c>), a number or money range
/// (<c>10..20</c>, <c>10..</c>, <c>..20</c>, invariant), a range of days (<c>2026-01-01..2026-01-31</c>, both ends
/// included; a date-and-time field's days are the team's, given as a time zone), or a piece of text (text, long text and URL fields: contains,
/// any case). What does not fit its field's type is no filter. User and link fields are not filtered.
/// </summary>
public static class CustomFieldFilterText
{
    private const string Range = "..";
    private const string DayFormat = "yyyy-MM-dd";

    /// <summary>Whether a list offers a filter on <paramref name="type"/>.</summary>
    public static bool IsFilterable(CustomFieldType type) => type is not (CustomFieldType.User or CustomFieldType.Link);

    /// <summary>
    /// The filter <paramref name="text"/> means on <paramref name="field"/>, or null (blank, or not of its type); a
    /// date-and-time field's days are <paramref name="zone"/>'s (none: UTC days).
    /// </summary>
    public static CustomFieldFilter? Parse(CustomFieldView field, string? text, TimeZoneInfo? zone = null)
    {
        if (string.IsNullOrWhiteSpace(text) || !IsFilterable(field.Type))
        {
            return null;
        }
        text = text.Trim();
        switch (field.Type)
        {
            case CustomFieldType.List:
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var option) && field.Options.Any(o => o.Id == option)
                    ? new CustomFieldFilter(field.Id) { OptionId = option }
                    : null;
            case CustomFieldType.YesNo:
                return text switch
                {
                    "yes" => new CustomFieldFilter(field.Id) { Flag = true },
                    "no" => new CustomFieldFilter(field.Id) { Flag = false },
                    _ => null,
                };
            case CustomFieldType.Number or CustomFieldType.Money:
            {
                var (from, to) = Split(text);
                decimal? low = null, high = null;
                if ((from.Length > 0 && !TryNumber(from, out low)) || (to.Length > 0 && !TryNumber(to, out high)) || (low is null && high is null))
                {
                    return null;
                }
                return new CustomFieldFilter(field.Id) { NumberFrom = low, NumberTo = high };
            }
            case CustomFieldType.Date or CustomFieldType.DateTime:
            {
                var (from, to) = Split(text);
                DateTime? first = null, last = null;
                if ((from.Length > 0 && !TryDay(from, out first)) || (to.Length > 0 && !TryDay(to, out last)) || (first is null && last is null))
                {
                    return null;
                }
                if (field.Type == CustomFieldType.DateTime && zone is not null)
                {
                    return new CustomFieldFilter(field.Id)
                    {
                        DateFrom = first is { } f ? CrmTime.ToUtc(f, zone) : null,
                        DateTo = last is { } l ? CrmTime.ToUtc(l.AddDays(1), zone) : null,
                        DayZone = zone.Id,
                    };
                }
                return new CustomFieldFilter(field.Id) { DateFrom = first, DateTo = last?.AddDays(1) };
            }
            default:
                return new CustomFieldFilter(field.Id) { Text = text.Length > CustomFieldRules.TextMaxLength ? text[..CustomFieldRules.TextMaxLength] : text };
        }
    }

    /// <summary>The filters of <paramref name="values"/> (by field id) on <paramref name="fields"/>, as a list query takes them.</summary>
    public static IReadOnlyList<CustomFieldFilter> Filters(IReadOnlyList<CustomFieldView> fields, IReadOnlyDictionary<int, string?> values, TimeZoneInfo? zone = null) =>
        [.. values.Select(v => fields.FirstOrDefault(f => f.Id == v.Key) is { } field ? Parse(field, v.Value, zone) : null).OfType<CustomFieldFilter>()];

    /// <summary>What <see cref="Parse"/> reads back as <paramref name="filter"/>: a filter kept in an address.</summary>
    public static string? Format(CustomFieldFilter filter) => filter switch
    {
        { OptionId: { } option } => option.ToString(CultureInfo.InvariantCulture),
        { Flag: { } flag } => flag ? "yes" : "no",
        { NumberFrom: not null } or { NumberTo: not null } => NumberRange(filter.NumberFrom, filter.NumberTo),
        { DayZone: { } zone } => DayRange(Day(filter.DateFrom, zone), Day(filter.DateTo, zone)?.AddDays(-1)),
        { DateFrom: not null } or { DateTo: not null } => DayRange(filter.DateFrom, filter.DateTo?.AddDays(-1)),
        _ => string.IsNullOrWhiteSpace(filter.Text) ? null : filter.Text,
    };

    private static DateTime? Day(DateTime? utc, string zone) =>
        utc is { } at ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), CrmTime.FindZone(zone)).Date : null;

    /// <summary>The text of each of <paramref name="filters"/> by field id, as a list's filter inputs and its address hold them.</summary>
    public static Dictionary<int, string?> Texts(IEnumerable<CustomFieldFilter> filters) => filters.ToDictionary(f => f.FieldId, Format);

    /// <summary>A number range's text (either end may be missing; null when both are).</summary>
    public static string? NumberRange(decimal? from, decimal? to) =>
        from is null && to is null ? null : $"{from?.ToString(CultureInfo.InvariantCulture)}{Range}{to?.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A range of days' text (both ends included; either may be missing; null when both are).</summary>
    public static string? DayRange(DateTime? from, DateTime? to) =>
        from is null && to is null ? null : $"{from?.ToString(DayFormat, CultureInfo.InvariantCulture)}{Range}{to?.ToString(DayFormat, CultureInfo.InvariantCulture)}";

    /// <summary>The two ends of a range's text (<paramref name="text"/> without "..": the same value at both ends).</summary>
    public static (string From, string To) Ends(string? text) => string.IsNullOrWhiteSpace(text) ? ("", "") : Split(text.Trim());

    /// <summary>A number range's ends as numbers (null where missing or not a number).</summary>
    public static (decimal? From, decimal? To) Numbers(string? text)
    {
        var (from, to) = Ends(text);
        return (TryNumber(from, out var low) ? low : null, TryNumber(to, out var high) ? high : null);
    }

    /// <summary>A range of days' ends as days (null where missing or not a day).</summary>
    public static (DateTime? From, DateTime? To) Days(string? text)
    {
        var (from, to) = Ends(text);
        return (TryDay(from, out var first) ? first : null, TryDay(to, out var last) ? last : null);
    }

    private static (string From, string To) Split(string text)
    {
        var at = text.IndexOf(Range, StringComparison.Ordinal);
        return at < 0 ? (text, text) : (text[..at].Trim(), text[(at + Range.Length)..].Trim());
    }

    private static bool TryNumber(string text, out decimal? value)
    {
        var ok = decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number);
        value = ok ? number : null;
        return ok;
    }

    private static bool TryDay(string text, out DateTime? value)
    {
        var ok = DateTime.TryParseExact(text, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day);
        value = ok ? DateTime.SpecifyKind(day, DateTimeKind.Utc) : null;
        return ok;
    }
}
