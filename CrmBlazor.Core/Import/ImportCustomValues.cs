using System.Globalization;

namespace CrmBlazor.Core.Import;

/// <summary>File cells as custom field values (decision 017): how people type numbers, dates, yes/no and list options.</summary>
public static class ImportCustomValues
{
    /// <summary>Whether a column can be mapped to <paramref name="field"/> (users and links are not typed in files).</summary>
    public static bool CanImport(CustomFieldView field) => field.Type is not (CustomFieldType.User or CustomFieldType.Link);

    /// <summary>
    /// A header's custom field: the column's header is the field's English or Polish name or its code (compared as
    /// <see cref="LeadImportMapping.Key"/> does), for columns the built-in guess left out; a field once.
    /// </summary>
    public static IReadOnlyList<string?> Guess(IReadOnlyList<string> headers, IReadOnlyList<LeadImportField?> columns, IReadOnlyList<CustomFieldView> fields)
    {
        var used = new HashSet<string>();
        return headers.Select((header, i) =>
        {
            if (columns.ElementAtOrDefault(i) is not null)
            {
                return null;
            }
            var key = LeadImportMapping.Key(header);
            var field = fields.Where(CanImport).FirstOrDefault(f => LeadImportMapping.Key(f.NameEn) == key || LeadImportMapping.Key(f.NamePl) == key || LeadImportMapping.Key(f.Code) == key);
            return field is not null && used.Add(field.Code) ? field.Code : null;
        }).ToList();
    }

    /// <summary>
    /// A cell as <paramref name="field"/>'s value, or null when it cannot be read as one. A date and time without an
    /// offset is the team's local time (<paramref name="zone"/>), as an export writes it.
    /// </summary>
    public static CustomValue? Parse(CustomFieldView field, string text, string defaultCurrency, TimeZoneInfo zone)
    {
        text = text.Trim();
        switch (field.Type)
        {
            case CustomFieldType.Number:
                return LeadImportService.ParseAmount(text) is { } n ? new CustomValue { Number = n } : null;
            case CustomFieldType.Money:
            {
                var code = new string(text.Where(char.IsLetter).ToArray()).ToUpperInvariant();
                return LeadImportService.ParseAmount(text) is { } m ? new CustomValue { Number = m, Currency = code.Length == 3 ? code : defaultCurrency } : null;
            }
            case CustomFieldType.Date:
                return DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? new CustomValue { Date = DateTime.SpecifyKind(d.Date, DateTimeKind.Utc) } : null;
            case CustomFieldType.DateTime:
                return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var dt)
                    ? new CustomValue { Date = dt.Kind == DateTimeKind.Utc ? dt : CrmTime.ToUtc(dt, zone) } : null;
            case CustomFieldType.YesNo:
                return text.ToLowerInvariant() switch
                {
                    "yes" or "y" or "true" or "1" or "tak" or "t" or "x" or "✓" => new CustomValue { Flag = true },
                    "no" or "n" or "false" or "0" or "nie" or "✗" => new CustomValue { Flag = false },
                    _ => null,
                };
            case CustomFieldType.List:
            {
                var labels = field.IsMultiple ? text.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [text];
                var ids = labels.Select(l => field.Options.FirstOrDefault(o => string.Equals(o.Label, l, StringComparison.CurrentCultureIgnoreCase))?.Id).ToList();
                return ids.Any(i => i is null) ? null : new CustomValue { Options = [.. ids.OfType<int>()] };
            }
            case CustomFieldType.User or CustomFieldType.Link:
                return null;
            default:
                return new CustomValue { Text = text };
        }
    }

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd.MM.yyyy", "d.M.yyyy", "dd/MM/yyyy", "yyyy/MM/dd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss"];
}
