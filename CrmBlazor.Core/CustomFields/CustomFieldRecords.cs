using System.Globalization;

namespace CrmBlazor.Core.CustomFields;

public static class CustomFieldRules
{
    public const int CodeMaxLength = 50;
    public const int NameMaxLength = 100;
    public const int HelpMaxLength = 500;
    public const int TextMaxLength = 255;
    public const int LongTextMaxLength = 4000;
    public const int OptionMaxLength = 100;
    public const int MaxOptions = 200;
    public const decimal MaxNumber = 1_000_000_000_000m;
    /// <summary>Codes look like Bitrix24's: <c>UF_</c> then capital letters, digits and underscores.</summary>
    public const string CodePrefix = "UF_";
}

/// <summary>
/// A custom field's value as typed and as read: only the part its type uses is set (see <see cref="CustomFieldValue"/>).
/// Element inputs carry them by field code; a code absent from an update keeps the stored value.
/// </summary>
public sealed record CustomValue
{
    public string? Text { get; init; }
    public decimal? Number { get; init; }
    public string? Currency { get; init; }
    public DateTime? Date { get; init; }
    public bool? Flag { get; init; }
    public IReadOnlyList<int> Options { get; init; } = [];

    public bool IsEmpty => string.IsNullOrWhiteSpace(Text) && Number is null && Date is null && Flag is null && Options.Count == 0;

    public static readonly CustomValue Empty = new();
}

public sealed record CustomFieldOptionInput(int? Id, string Label, bool IsDefault = false);

public sealed record CustomFieldInput
{
    public ElementKind EntityKind { get; init; } = ElementKind.Lead;
    public string Code { get; init; } = "";
    public CustomFieldType Type { get; init; } = CustomFieldType.Text;
    public string NameEn { get; init; } = "";
    public string NamePl { get; init; } = "";
    public string? HelpText { get; init; }
    public bool IsRequired { get; init; }
    public bool IsMultiple { get; init; }
    public string? DefaultValue { get; init; }
    public bool ShowInList { get; init; }
    public IReadOnlyList<CustomFieldOptionInput> Options { get; init; } = [];
}

public sealed record CustomFieldOptionView(int Id, string Label, bool IsDefault);

/// <summary>A field's definition as forms, lists and the settings page read it; <see cref="InUse"/> counts the elements holding a value.</summary>
public sealed record CustomFieldView(
    int Id, int Version, ElementKind EntityKind, string Code, CustomFieldType Type, string NameEn, string NamePl, string? HelpText,
    bool IsRequired, bool IsMultiple, string? DefaultValue, int Sort, bool ShowInList, IReadOnlyList<CustomFieldOptionView> Options, int InUse = 0)
{
    /// <summary>The name in the reader's language (Polish for pl, English otherwise).</summary>
    public string Name(CultureInfo culture) => culture.TwoLetterISOLanguageName == "pl" ? NamePl : NameEn;

    public string Name() => Name(CultureInfo.CurrentUICulture);

    public CustomFieldInput ToInput() => new()
    {
        EntityKind = EntityKind, Code = Code, Type = Type, NameEn = NameEn, NamePl = NamePl, HelpText = HelpText, IsRequired = IsRequired,
        IsMultiple = IsMultiple, DefaultValue = DefaultValue, ShowInList = ShowInList,
        Options = [.. Options.Select(o => new CustomFieldOptionInput(o.Id, o.Label, o.IsDefault))],
    };
}

/// <summary>A list filter on one custom field: a list's option, a yes/no, a text contained, or a range of numbers or dates.</summary>
public sealed record CustomFieldFilter(int FieldId)
{
    public int? OptionId { get; init; }
    /// <summary>Yes or no. "No" is every element without a "yes": one whose box was never ticked has no value and reads as no.</summary>
    public bool? Flag { get; init; }
    public string? Text { get; init; }
    public decimal? NumberFrom { get; init; }
    public decimal? NumberTo { get; init; }
    public DateTime? DateFrom { get; init; }
    /// <summary>Exclusive upper bound.</summary>
    public DateTime? DateTo { get; init; }
    /// <summary>
    /// The time zone (its id) whose days <see cref="DateFrom"/> and <see cref="DateTo"/> bound: a date-and-time field's
    /// filter, typed as the team's days; null: UTC days (a date field, whose values are days).
    /// </summary>
    public string? DayZone { get; init; }

    /// <summary>
    /// The filter keeps the elements that have <em>no</em> matching value (a "no": those without a "yes"), so
    /// <see cref="CustomFieldFilters.Matching"/> gives the ones to leave out.
    /// </summary>
    public bool Excludes => Flag == false;
}

/// <summary>Custom values written as text: a default value typed in settings, a value on the timeline and in exports.</summary>
public static class CustomValueText
{
    /// <summary>A default value typed by an admin (invariant: <c>12.5</c>, <c>2026-12-01</c>, <c>true</c>), or null when it does not fit the type.</summary>
    public static CustomValue? Parse(CustomFieldType type, string text)
    {
        text = text.Trim();
        var inv = CultureInfo.InvariantCulture;
        return type switch
        {
            CustomFieldType.Number or CustomFieldType.Money => decimal.TryParse(text, NumberStyles.Number, inv, out var n) ? new CustomValue { Number = n } : null,
            CustomFieldType.Date => DateOnly.TryParseExact(text, "yyyy-MM-dd", inv, DateTimeStyles.None, out var d)
                ? new CustomValue { Date = d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) } : null,
            CustomFieldType.DateTime => DateTime.TryParse(text, inv, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var dt)
                ? new CustomValue { Date = dt } : null,
            CustomFieldType.YesNo => bool.TryParse(text, out var b) ? new CustomValue { Flag = b } : null,
            CustomFieldType.List or CustomFieldType.User or CustomFieldType.Link => null,
            _ => new CustomValue { Text = text },
        };
    }

    /// <summary>
    /// A value as the timeline keeps it (invariant, list options by label at the time of the change); a date and time
    /// in UTC, so labelled, or with <paramref name="zone"/> (a list's column) in that zone's local time.
    /// </summary>
    public static string? Format(CustomFieldView field, CustomValue value, TimeZoneInfo? zone = null)
    {
        if (value.IsEmpty)
        {
            return null;
        }
        var inv = CultureInfo.InvariantCulture;
        return field.Type switch
        {
            CustomFieldType.Number => value.Number?.ToString("0.####", inv),
            CustomFieldType.Money => value.Number is { } m ? $"{m.ToString("F" + CurrencyDecimals.Of(value.Currency ?? ""), inv)} {value.Currency}".TrimEnd() : null,
            CustomFieldType.Date => value.Date?.ToString("yyyy-MM-dd", inv),
            CustomFieldType.DateTime when zone is not null => value.Date is { } at
                ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd HH:mm", inv) : null,
            CustomFieldType.DateTime => value.Date?.ToString("yyyy-MM-dd HH:mm 'UTC'", inv),
            CustomFieldType.YesNo => value.Flag switch { true => "✓", false => "✗", _ => null },
            CustomFieldType.List => string.Join(", ", field.Options.Where(o => value.Options.Contains(o.Id)).Select(o => o.Label)),
            _ => value.Text?.Trim(),
        };
    }
}
