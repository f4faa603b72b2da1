namespace CrmBlazor.Core.CustomFields;

/// <summary>
/// The custom fields of one kind of element, loaded once per use case: what the element services use to validate the
/// values of an input (errors keyed by the field code), to write them into the element's value rows with one timeline
/// change per field that changed, and to read them back.
/// </summary>
public sealed class CustomFieldSet
{
    private CustomFieldSet(ElementKind kind, IReadOnlyList<CustomFieldView> fields) => (Kind, Fields) = (kind, fields);

    public ElementKind Kind { get; }
    public IReadOnlyList<CustomFieldView> Fields { get; }

    /// <summary>A set with no fields loaded, enough for <see cref="MatchingIds"/> (a filter names its field by id).</summary>
    public static CustomFieldSet ForFilters(ElementKind kind) => new(kind, []);

    /// <summary>
    /// The custom fields of <paramref name="kind"/>, read once per context (one use case): a second call on the same
    /// <paramref name="db"/> answers what the first read.
    /// </summary>
    public static async Task<CustomFieldSet> LoadAsync(CrmDbContext db, ElementKind kind, CancellationToken ct)
    {
        if (db.CustomFieldSetsRead.TryGetValue(kind, out var read))
        {
            return read;
        }
        var set = new CustomFieldSet(kind, await CustomFieldService.ViewsAsync(db, kind, ct));
        db.CustomFieldSetsRead[kind] = set;
        return set;
    }

    /// <summary>The errors of <paramref name="values"/>, each named <paramref name="prefix"/> + the field's code; user and link values are checked in the database.</summary>
    public async Task<List<FieldError>> ValidateAsync(CrmDbContext db, IReadOnlyDictionary<string, CustomValue>? values, bool isNew,
        IReadOnlyList<string> currencies, CancellationToken ct, string prefix = "")
    {
        values ??= new Dictionary<string, CustomValue>();
        var v = new Validator();
        foreach (var code in values.Keys.Where(c => Fields.All(f => f.Code != c)))
        {
            v.Add(prefix + code, "CustomField.Unknown");
        }
        foreach (var field in Fields)
        {
            var key = prefix + field.Code;
            var given = values.TryGetValue(field.Code, out var typed);
            if (!given && !isNew)
            {
                continue;
            }
            var value = given ? typed! : DefaultOf(field);
            if (value.IsEmpty)
            {
                if (field.IsRequired)
                {
                    v.Add(key, "Validation.Required");
                }
                continue;
            }
            switch (field.Type)
            {
                case CustomFieldType.Text:
                    v.MaxLength(key, value.Text, CustomFieldRules.TextMaxLength);
                    break;
                case CustomFieldType.LongText:
                    v.MaxLength(key, value.Text, CustomFieldRules.LongTextMaxLength);
                    break;
                case CustomFieldType.Url:
                    v.Website(key, value.Text);
                    break;
                case CustomFieldType.Number or CustomFieldType.Money:
                    if (value.Number is not { } number)
                    {
                        v.Add(key, "CustomField.NotANumber");
                    }
                    else if (Math.Abs(number) > CustomFieldRules.MaxNumber)
                    {
                        v.Add(key, "Validation.TooLarge");
                    }
                    else if (decimal.Round(number, field.Type == CustomFieldType.Money ? CurrencyDecimals.Of(value.Currency ?? "") : 4) != number)
                    {
                        v.Add(key, "Validation.MaxDecimals", field.Type == CustomFieldType.Money ? CurrencyDecimals.Of(value.Currency ?? "") : 4);
                    }
                    if (field.Type == CustomFieldType.Money && !currencies.Contains(value.Currency ?? "", StringComparer.Ordinal))
                    {
                        v.Add(key, "Validation.Currency", string.Join(", ", currencies));
                    }
                    break;
                case CustomFieldType.Date or CustomFieldType.DateTime:
                    if (value.Date is null)
                    {
                        v.Add(key, "CustomField.NotADate");
                    }
                    break;
                case CustomFieldType.YesNo:
                    if (value.Flag is null)
                    {
                        v.Add(key, "Validation.Required");
                    }
                    break;
                case CustomFieldType.List:
                    if (value.Options.Any(o => field.Options.All(fo => fo.Id != o)))
                    {
                        v.Add(key, "Validation.NoLongerExists");
                    }
                    else if (!field.IsMultiple && value.Options.Distinct().Count() > 1)
                    {
                        v.Add(key, "CustomField.OneOption");
                    }
                    break;
                case CustomFieldType.User:
                    if (!await db.Users.AnyAsync(u => u.Id == value.Text, ct))
                    {
                        v.Add(key, "Validation.NoLongerExists");
                    }
                    break;
                case CustomFieldType.Link:
                    if (ParseLink(value.Text) is not { } link || !await ExistsAsync(db, link, ct))
                    {
                        v.Add(key, "Validation.NoLongerExists");
                    }
                    break;
            }
        }
        return [.. v.Errors];
    }

    /// <summary>
    /// Writes <paramref name="values"/> into an element's value <paramref name="rows"/> (a new element takes the
    /// defaults of the fields not given) and returns one timeline change per field whose value changed.
    /// </summary>
    internal FieldChange[] Apply<TValue>(List<TValue> rows, IReadOnlyDictionary<string, CustomValue>? values, bool isNew) where TValue : CustomFieldValue, new()
    {
        values ??= new Dictionary<string, CustomValue>();
        var changes = new List<FieldChange>();
        foreach (var field in Fields)
        {
            var given = values.TryGetValue(field.Code, out var typed);
            if (!given && !isNew)
            {
                continue;
            }
            var value = Normalize(field, given ? typed! : DefaultOf(field));
            var old = Read(field, rows);
            changes.Add(new FieldChange(field.Code, CustomValueText.Format(field, old), CustomValueText.Format(field, value)));
            rows.RemoveAll(r => r.FieldId == field.Id);
            rows.AddRange(Rows<TValue>(field, value));
        }
        return [.. changes];
    }

    /// <summary>The values an element's rows hold, by code (fields without a value are left out).</summary>
    public Dictionary<string, CustomValue> Read(IEnumerable<CustomFieldValue> rows)
    {
        var list = rows as IReadOnlyCollection<CustomFieldValue> ?? [.. rows];
        return Fields.Select(f => (f.Code, Value: Read(f, list))).Where(p => !p.Value.IsEmpty).ToDictionary(p => p.Code, p => p.Value);
    }

    /// <summary>Values of one kind carried to another: those whose code and type match a field of <paramref name="target"/> (Complete lead).</summary>
    public Dictionary<string, CustomValue> CarryTo(CustomFieldSet target, IReadOnlyDictionary<string, CustomValue> values) =>
        target.Fields.Where(t => Fields.Any(f => f.Code == t.Code && f.Type == t.Type) && values.ContainsKey(t.Code))
            .ToDictionary(t => t.Code, t => t.Type == CustomFieldType.List ? MapOptions(Fields.First(f => f.Code == t.Code), t, values[t.Code]) : values[t.Code]);

    private static CustomValue MapOptions(CustomFieldView from, CustomFieldView to, CustomValue value) => value with
    {
        // Options are matched by label: each kind's field has its own option rows.
        Options = [.. value.Options.Select(id => from.Options.FirstOrDefault(o => o.Id == id)?.Label)
            .Select(label => to.Options.FirstOrDefault(o => string.Equals(o.Label, label, StringComparison.OrdinalIgnoreCase))?.Id)
            .OfType<int>()],
    };

    public static CustomValue DefaultOf(CustomFieldView field) => field.Type == CustomFieldType.List
        ? new CustomValue { Options = [.. field.Options.Where(o => o.IsDefault).Select(o => o.Id)] }
        : string.IsNullOrWhiteSpace(field.DefaultValue) ? CustomValue.Empty : CustomValueText.Parse(field.Type, field.DefaultValue) ?? CustomValue.Empty;

    private static CustomValue Read(CustomFieldView field, IEnumerable<CustomFieldValue> rows)
    {
        var mine = rows.Where(r => r.FieldId == field.Id).ToList();
        if (mine.Count == 0)
        {
            return CustomValue.Empty;
        }
        var row = mine[0];
        return field.Type switch
        {
            CustomFieldType.List => new CustomValue { Options = [.. mine.Select(r => r.OptionId).OfType<int>().OrderBy(id => id)] },
            CustomFieldType.Number => new CustomValue { Number = row.Number },
            CustomFieldType.Money => new CustomValue { Number = row.Number, Currency = row.Text },
            CustomFieldType.YesNo => new CustomValue { Flag = row.Number is { } n ? n != 0 : null },
            CustomFieldType.Date or CustomFieldType.DateTime => new CustomValue { Date = row.Date is { } d ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : null },
            _ => new CustomValue { Text = row.Text },
        };
    }

    private static CustomValue Normalize(CustomFieldView field, CustomValue value) => field.Type switch
    {
        _ when value.IsEmpty => CustomValue.Empty,
        CustomFieldType.Url => new CustomValue { Text = Validator.NormalizeWebsite(value.Text) },
        // Stored as UTC (PostgreSQL's timestamptz takes nothing else): a day as its midnight, a date and time typed in UTC
        // (decision 017); a date picker's or a JSON body's value comes unspecified.
        CustomFieldType.Date => new CustomValue { Date = DateTime.SpecifyKind(value.Date!.Value.Date, DateTimeKind.Utc) },
        CustomFieldType.DateTime => new CustomValue
        {
            Date = value.Date!.Value.Kind == DateTimeKind.Local ? value.Date.Value.ToUniversalTime() : DateTime.SpecifyKind(value.Date.Value, DateTimeKind.Utc),
        },
        CustomFieldType.List => new CustomValue { Options = [.. value.Options.Distinct().Order()] },
        CustomFieldType.Number => new CustomValue { Number = value.Number },
        CustomFieldType.Money => new CustomValue { Number = value.Number, Currency = value.Currency },
        CustomFieldType.YesNo => new CustomValue { Flag = value.Flag },
        _ => new CustomValue { Text = value.Text?.Trim() },
    };

    private static IEnumerable<TValue> Rows<TValue>(CustomFieldView field, CustomValue value) where TValue : CustomFieldValue, new()
    {
        if (value.IsEmpty)
        {
            yield break;
        }
        if (field.Type == CustomFieldType.List)
        {
            foreach (var option in value.Options)
            {
                yield return new TValue { FieldId = field.Id, OptionId = option };
            }
            yield break;
        }
        yield return field.Type switch
        {
            CustomFieldType.Number => new TValue { FieldId = field.Id, Number = value.Number },
            CustomFieldType.Money => new TValue { FieldId = field.Id, Number = value.Number, Text = value.Currency },
            CustomFieldType.YesNo => new TValue { FieldId = field.Id, Number = value.Flag == true ? 1 : 0 },
            CustomFieldType.Date or CustomFieldType.DateTime => new TValue { FieldId = field.Id, Date = value.Date },
            _ => new TValue { FieldId = field.Id, Text = value.Text },
        };
    }

    /// <summary>
    /// The ids of the elements of this kind whose values match <paramref name="filter"/>, as SQL a list keeps with
    /// <c>Id IN (...)</c>; for a filter that <see cref="CustomFieldFilter.Excludes"/>, those it leaves out (<c>NOT IN</c>).
    /// </summary>
    public IQueryable<int> MatchingIds(CrmDbContext db, CustomFieldFilter filter) => Kind switch
    {
        ElementKind.Lead => CustomFieldFilters.Matching(db.Set<LeadFieldValue>(), filter).Select(v => v.LeadId),
        ElementKind.Contact => CustomFieldFilters.Matching(db.Set<ContactFieldValue>(), filter).Select(v => v.ContactId),
        ElementKind.Company => CustomFieldFilters.Matching(db.Set<CompanyFieldValue>(), filter).Select(v => v.CompanyId),
        _ => CustomFieldFilters.Matching(db.Set<DealFieldValue>(), filter).Select(v => v.DealId),
    };

    /// <summary>
    /// A list page's column values: for each of <paramref name="ids"/>, the values of the fields <paramref name="codes"/>
    /// names (null: those flagged "shown in the list") as text by code, read in one query; a date and time in
    /// <paramref name="zone"/>'s local time (none: UTC, so labelled).
    /// </summary>
    public async Task<Dictionary<int, IReadOnlyDictionary<string, string>>> ColumnValuesAsync(CrmDbContext db, IReadOnlyCollection<int> ids,
        IReadOnlyList<string>? codes, CancellationToken ct, TimeZoneInfo? zone = null)
    {
        var listed = Fields.Where(f => codes is null ? f.ShowInList : codes.Contains(f.Code)).ToList();
        if (listed.Count == 0 || ids.Count == 0)
        {
            return [];
        }
        var rows = await OwnedRowsAsync(db, ids, [.. listed.Select(f => f.Id)], ct);
        return rows.GroupBy(r => r.Owner).ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, string>)listed
            .Select(f => (f.Code, Text: CustomValueText.Format(f, Read(f, g.Select(r => r.Value)), zone)))
            .Where(p => !string.IsNullOrEmpty(p.Text)).ToDictionary(p => p.Code, p => p.Text!));
    }

    /// <summary>
    /// Every field's value of each of <paramref name="ids"/> (those without a value are left out), read in one query:
    /// what an export writes per batch of rows (<see cref="CustomFieldExport"/>).
    /// </summary>
    public async Task<Dictionary<int, IReadOnlyDictionary<string, CustomValue>>> ValuesAsync(CrmDbContext db, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        if (Fields.Count == 0 || ids.Count == 0)
        {
            return [];
        }
        var rows = await OwnedRowsAsync(db, ids, [.. Fields.Select(f => f.Id)], ct);
        return rows.GroupBy(r => r.Owner).ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, CustomValue>)Read([.. g.Select(r => r.Value)]));
    }

    /// <summary>The value rows of <paramref name="fieldIds"/> that <paramref name="ids"/> (elements of this kind) hold, each with its owner: one keyed query.</summary>
    private async Task<List<(int Owner, CustomFieldValue Value)>> OwnedRowsAsync(CrmDbContext db, IReadOnlyCollection<int> ids, List<int> fieldIds, CancellationToken ct)
    {
        var idList = ids.ToList();
        return Kind switch
        {
            ElementKind.Lead => [.. (await db.Set<LeadFieldValue>().AsNoTracking().Where(v => idList.Contains(v.LeadId) && fieldIds.Contains(v.FieldId)).ToListAsync(ct))
                .Select(v => (v.LeadId, (CustomFieldValue)v))],
            ElementKind.Contact => [.. (await db.Set<ContactFieldValue>().AsNoTracking().Where(v => idList.Contains(v.ContactId) && fieldIds.Contains(v.FieldId)).ToListAsync(ct))
                .Select(v => (v.ContactId, (CustomFieldValue)v))],
            ElementKind.Company => [.. (await db.Set<CompanyFieldValue>().AsNoTracking().Where(v => idList.Contains(v.CompanyId) && fieldIds.Contains(v.FieldId)).ToListAsync(ct))
                .Select(v => (v.CompanyId, (CustomFieldValue)v))],
            _ => [.. (await db.Set<DealFieldValue>().AsNoTracking().Where(v => idList.Contains(v.DealId) && fieldIds.Contains(v.FieldId)).ToListAsync(ct))
                .Select(v => (v.DealId, (CustomFieldValue)v))],
        };
    }

    /// <summary>A link value, <c>deal:12</c> (see <see cref="ElementRef.ToString"/>).</summary>
    public static ElementRef? ParseLink(string? text)
    {
        var parts = text?.Trim().Split(':');
        return parts is [var kind, var id] && Enum.TryParse<ElementKind>(kind, ignoreCase: true, out var k) && Enum.IsDefined(k) && int.TryParse(id, out var n)
            ? new ElementRef(k, n) : null;
    }

    private static Task<bool> ExistsAsync(CrmDbContext db, ElementRef link, CancellationToken ct) => link.Kind switch
    {
        ElementKind.Lead => db.Leads.AnyAsync(e => e.Id == link.Id, ct),
        ElementKind.Contact => db.Contacts.AnyAsync(e => e.Id == link.Id, ct),
        ElementKind.Company => db.Companies.AnyAsync(e => e.Id == link.Id, ct),
        _ => db.Deals.AnyAsync(e => e.Id == link.Id, ct),
    };
}
