using System.Text.RegularExpressions;

namespace CrmBlazor.Core.CustomFields;

/// <summary>
/// The custom fields settings (admins, <see cref="AccessPolicy.MayManageSettings"/>): fields added, changed, reordered
/// and deleted. Each change ends in one <see cref="LiveCommit.SaveAndPublishAsync(ILiveUpdates, CrmDbContext, Func{Task{IReadOnlyList{CrmEvent}}}, CancellationToken, Action?)"/>
/// with a <see cref="CustomFieldsChanged"/> every open form, list and settings page hears.
/// </summary>
/// <remarks>
/// A field's code is fixed once made (values, Complete lead and the API name it). Its type changes only while no
/// element holds a value; a list option is renamed in place (values point at its id) and removed only while unused.
/// Deleting a field that holds values needs a confirmation; its values go with it, the elements' timelines keep the
/// changes they recorded (decision 017).
/// </remarks>
public sealed partial class CustomFieldService(IDbContextFactory<CrmDbContext> contextFactory, ILiveUpdates live, TimeProvider clock)
{
    public async Task<IReadOnlyList<CustomFieldView>> ListAsync(ElementKind kind, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var views = await ViewsAsync(db, kind, ct);
        var counts = await UsageAsync(db, kind, ct);
        return [.. views.Select(v => v with { InUse = counts.GetValueOrDefault(v.Id) })];
    }

    /// <summary>
    /// The custom-field columns of an export of <paramref name="kind"/>'s list: its fields (and, when one is a user
    /// field, the users' names, read once), ready to add their values to the export's rows batch by batch.
    /// </summary>
    public async Task<CustomFieldExport> ExportAsync(ElementKind kind, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var fields = await CustomFieldSet.LoadAsync(db, kind, ct);
        var names = fields.Fields.Any(f => f.Type == CustomFieldType.User)
            ? await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct)
            : [];
        return new CustomFieldExport(contextFactory, fields, names);
    }

    /// <summary>One field's definition with how many elements hold a value of it; null when there is none.</summary>
    public async Task<CustomFieldView?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var field = await db.CustomFields.AsNoTracking().Include(f => f.Options).FirstOrDefaultAsync(f => f.Id == id, ct);
        return field is null ? null : ToView(field) with { InUse = await UsageAsync(db, field, ct) };
    }

    internal static async Task<IReadOnlyList<CustomFieldView>> ViewsAsync(CrmDbContext db, ElementKind kind, CancellationToken ct)
    {
        var fields = await db.CustomFields.AsNoTracking().Include(f => f.Options).Where(f => f.EntityKind == kind)
            .OrderBy(f => f.Sort).ThenBy(f => f.Id).ToListAsync(ct);
        return [.. fields.Select(ToView)];
    }

    private static CustomFieldView ToView(CustomField f) => new(
        f.Id, f.Version, f.EntityKind, f.Code, f.Type, f.NameEn, f.NamePl, f.HelpText, f.IsRequired, f.IsMultiple, f.DefaultValue, f.Sort, f.ShowInList,
        [.. f.Options.OrderBy(o => o.Sort).ThenBy(o => o.Id).Select(o => new CustomFieldOptionView(o.Id, o.Label, o.IsDefault))]);

    /// <summary>How many elements hold a value of each field of <paramref name="kind"/>.</summary>
    private static async Task<Dictionary<int, int>> UsageAsync(CrmDbContext db, ElementKind kind, CancellationToken ct) => kind switch
    {
        ElementKind.Lead => await db.Set<LeadFieldValue>().GroupBy(v => v.FieldId).Select(g => new { g.Key, N = g.Select(v => v.LeadId).Distinct().Count() }).ToDictionaryAsync(g => g.Key, g => g.N, ct),
        ElementKind.Contact => await db.Set<ContactFieldValue>().GroupBy(v => v.FieldId).Select(g => new { g.Key, N = g.Select(v => v.ContactId).Distinct().Count() }).ToDictionaryAsync(g => g.Key, g => g.N, ct),
        ElementKind.Company => await db.Set<CompanyFieldValue>().GroupBy(v => v.FieldId).Select(g => new { g.Key, N = g.Select(v => v.CompanyId).Distinct().Count() }).ToDictionaryAsync(g => g.Key, g => g.N, ct),
        _ => await db.Set<DealFieldValue>().GroupBy(v => v.FieldId).Select(g => new { g.Key, N = g.Select(v => v.DealId).Distinct().Count() }).ToDictionaryAsync(g => g.Key, g => g.N, ct),
    };

    private static async Task<int> UsageAsync(CrmDbContext db, CustomField field, CancellationToken ct) =>
        (await UsageAsync(db, field.EntityKind, ct)).GetValueOrDefault(field.Id);

    private static Task<bool> OptionUsedAsync(CrmDbContext db, ElementKind kind, int optionId, CancellationToken ct) => kind switch
    {
        ElementKind.Lead => db.Set<LeadFieldValue>().AnyAsync(v => v.OptionId == optionId, ct),
        ElementKind.Contact => db.Set<ContactFieldValue>().AnyAsync(v => v.OptionId == optionId, ct),
        ElementKind.Company => db.Set<CompanyFieldValue>().AnyAsync(v => v.OptionId == optionId, ct),
        _ => db.Set<DealFieldValue>().AnyAsync(v => v.OptionId == optionId, ct),
    };

    /// <summary>Adds a field at the end of its kind's list (<paramref name="id"/> null) or changes one; a stale <paramref name="expectedVersion"/> is a conflict.</summary>
    public async Task<Result<CustomFieldView>> SaveAsync(int? id, int expectedVersion, CustomFieldInput input, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<CustomFieldView>.Forbidden("CustomField.Forbidden");
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        CustomField? field = null;
        if (id is not null)
        {
            field = await db.CustomFields.Include(f => f.Options).FirstOrDefaultAsync(f => f.Id == id, ct);
            if (field is null)
            {
                return Result<CustomFieldView>.NotFound();
            }
            if (field.Version != expectedVersion)
            {
                return Result<CustomFieldView>.Conflict(ToView(field), "Error.EditConflict");
            }
        }
        var kind = field?.EntityKind ?? input.EntityKind;
        var code = NormalizeCode(input.Code);
        var v = new Validator();
        if (!Enum.IsDefined(kind))
        {
            v.Add(nameof(CustomFieldInput.EntityKind), "Validation.Required");
        }
        if (!Enum.IsDefined(input.Type))
        {
            v.Add(nameof(CustomFieldInput.Type), "Validation.Required");
        }
        if (field is null)
        {
            if (string.IsNullOrWhiteSpace(input.Code))
            {
                v.Add(nameof(CustomFieldInput.Code), "Validation.Required");
            }
            else if (code.Length > CustomFieldRules.CodeMaxLength)
            {
                v.Add(nameof(CustomFieldInput.Code), "Validation.MaxLength", CustomFieldRules.CodeMaxLength);
            }
            else if (!CodePattern().IsMatch(code))
            {
                v.Add(nameof(CustomFieldInput.Code), "CustomField.CodeFormat");
            }
            else if (await db.CustomFields.AnyAsync(f => f.EntityKind == kind && f.Code == code, ct))
            {
                v.Add(nameof(CustomFieldInput.Code), "CustomField.CodeExists");
            }
        }
        else if (!string.IsNullOrWhiteSpace(input.Code) && code != field.Code)
        {
            v.Add(nameof(CustomFieldInput.Code), "CustomField.CodeFixed");
        }
        var others = await db.CustomFields.AsNoTracking().Where(f => f.EntityKind == kind && f.Id != (id ?? 0)).Select(f => new { f.NameEn, f.NamePl }).ToListAsync(ct);
        CheckName(v, nameof(CustomFieldInput.NameEn), input.NameEn, others.Select(o => o.NameEn));
        CheckName(v, nameof(CustomFieldInput.NamePl), input.NamePl, others.Select(o => o.NamePl));
        v.MaxLength(nameof(CustomFieldInput.HelpText), input.HelpText, CustomFieldRules.HelpMaxLength);
        if (input.IsMultiple && input.Type != CustomFieldType.List)
        {
            v.Add(nameof(CustomFieldInput.IsMultiple), "CustomField.MultipleOnlyList");
        }
        CheckOptions(v, input);
        if (!string.IsNullOrWhiteSpace(input.DefaultValue) && Enum.IsDefined(input.Type))
        {
            if (input.Type is CustomFieldType.List or CustomFieldType.User or CustomFieldType.Link)
            {
                v.Add(nameof(CustomFieldInput.DefaultValue), "CustomField.NoDefault");
            }
            else if (CustomValueText.Parse(input.Type, input.DefaultValue) is not { } parsed
                || (input.Type == CustomFieldType.Url && Validator.NormalizeWebsite(parsed.Text) is null))
            {
                v.Add(nameof(CustomFieldInput.DefaultValue), "CustomField.BadDefault");
            }
        }
        if (field is not null && v.IsValid)
        {
            var inUse = await UsageAsync(db, field, ct);
            if (input.Type != field.Type && inUse > 0)
            {
                v.Add(nameof(CustomFieldInput.Type), "CustomField.TypeInUse", inUse);
            }
            foreach (var removed in field.Options.Where(o => input.Options.All(i => i.Id != o.Id)))
            {
                if (await OptionUsedAsync(db, kind, removed.Id, ct))
                {
                    v.Add(nameof(CustomFieldInput.Options), "CustomField.OptionInUse", removed.Label);
                }
            }
            if (input.Options.Any(i => i.Id is { } oid && field.Options.All(o => o.Id != oid)))
            {
                v.Add(nameof(CustomFieldInput.Options), "Validation.NoLongerExists");
            }
        }
        if (!v.IsValid)
        {
            return Result<CustomFieldView>.Invalid(v.Errors);
        }

        if (field is null)
        {
            var sort = await db.CustomFields.Where(f => f.EntityKind == kind).Select(f => (int?)f.Sort).MaxAsync(ct) ?? -1;
            field = new CustomField { EntityKind = kind, Code = code, NameEn = "", NamePl = "", Sort = sort + 1 };
            db.CustomFields.Add(field);
        }
        field.Type = input.Type;
        field.NameEn = input.NameEn.Trim();
        field.NamePl = input.NamePl.Trim();
        field.HelpText = Validator.Clean(input.HelpText);
        field.IsRequired = input.IsRequired;
        field.IsMultiple = input.IsMultiple;
        field.DefaultValue = Validator.Clean(input.DefaultValue);
        field.ShowInList = input.ShowInList;
        var options = input.Type == CustomFieldType.List ? input.Options : [];
        field.Options.RemoveAll(o => options.All(i => i.Id != o.Id));
        for (var i = 0; i < options.Count; i++)
        {
            var option = options[i].Id is { } oid ? field.Options.First(o => o.Id == oid) : null;
            if (option is null)
            {
                option = new CustomFieldOption { Label = "" };
                field.Options.Add(option);
            }
            option.Label = options[i].Label.Trim();
            option.Sort = i;
            option.IsDefault = options[i].IsDefault;
        }
        // Options changed alone must still move the field's version, so another admin's form notices.
        if (db.Entry(field).State == EntityState.Unchanged)
        {
            db.Entry(field).State = EntityState.Modified;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await live.SaveAndPublishAsync(db, () => Changed(field, actor, now), ct))
        {
            return Result<CustomFieldView>.Conflict(null, "Error.EditConflict");
        }
        return Result<CustomFieldView>.Ok(ToView(field));
    }

    /// <summary>
    /// Deletes a field. One that elements hold values of is refused with <c>CustomField.InUse</c> (how many) until
    /// <paramref name="confirmed"/>: then its values go with it, and the timelines keep what they recorded.
    /// </summary>
    public async Task<Result<int>> DeleteAsync(int id, int expectedVersion, bool confirmed, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<int>.Forbidden("CustomField.Forbidden");
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var field = await db.CustomFields.FirstOrDefaultAsync(f => f.Id == id, ct);
        if (field is null)
        {
            return Result<int>.NotFound();
        }
        if (field.Version != expectedVersion)
        {
            return Result<int>.Conflict(0, "Error.EditConflict");
        }
        var inUse = await UsageAsync(db, field, ct);
        if (inUse > 0 && !confirmed)
        {
            return Result<int>.Conflict(inUse, "CustomField.InUse", inUse);
        }
        db.CustomFields.Remove(field);
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await live.SaveAndPublishAsync(db, () => Changed(field, actor, now), ct))
        {
            return Result<int>.Conflict(0, "Error.EditConflict");
        }
        return Result<int>.Ok(inUse);
    }

    /// <summary>
    /// Moves a field one place up (<paramref name="delta"/> −1) or down (+1) among its kind's fields; with
    /// <paramref name="expectedVersion"/> (the API's If-Match) a field changed since is a conflict.
    /// </summary>
    public async Task<Result<CustomFieldView>> MoveAsync(int id, int delta, Actor actor, CancellationToken ct = default, int? expectedVersion = null)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<CustomFieldView>.Forbidden("CustomField.Forbidden");
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var kind = await db.CustomFields.Where(f => f.Id == id).Select(f => (ElementKind?)f.EntityKind).FirstOrDefaultAsync(ct);
        if (kind is null)
        {
            return Result<CustomFieldView>.NotFound();
        }
        var all = await db.CustomFields.Include(f => f.Options).Where(f => f.EntityKind == kind).OrderBy(f => f.Sort).ThenBy(f => f.Id).ToListAsync(ct);
        var index = all.FindIndex(f => f.Id == id);
        if (expectedVersion is { } expected && all[index].Version != expected)
        {
            return Result<CustomFieldView>.Conflict(ToView(all[index]), "Error.EditConflict");
        }
        var target = Math.Clamp(index + Math.Sign(delta), 0, all.Count - 1);
        var field = all[index];
        all.RemoveAt(index);
        all.Insert(target, field);
        for (var i = 0; i < all.Count; i++)
        {
            all[i].Sort = i;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await live.SaveAndPublishAsync(db, () => Changed(field, actor, now), ct))
        {
            return Result<CustomFieldView>.Conflict(null, "Error.EditConflict");
        }
        return Result<CustomFieldView>.Ok(ToView(field));
    }

    private static CustomFieldsChanged Changed(CustomField field, Actor actor, DateTime now) => new()
    {
        EntityKind = field.EntityKind,
        FieldId = field.Id,
        ActorId = actor.UserId,
        ActorName = actor.DisplayName,
        OccurredAt = now,
    };

    /// <summary>A typed code in its stored form: trimmed, upper case, with the <c>UF_</c> prefix added when missing.</summary>
    public static string NormalizeCode(string? code)
    {
        var upper = (code ?? "").Trim().ToUpperInvariant();
        return upper.Length == 0 || upper.StartsWith(CustomFieldRules.CodePrefix, StringComparison.Ordinal) ? upper : CustomFieldRules.CodePrefix + upper;
    }

    private static void CheckName(Validator v, string field, string? name, IEnumerable<string> others)
    {
        v.Required(field, name).MaxLength(field, name, CustomFieldRules.NameMaxLength);
        if (!string.IsNullOrWhiteSpace(name) && others.Any(o => string.Equals(o, name.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            v.Add(field, "CustomField.NameExists");
        }
    }

    private static void CheckOptions(Validator v, CustomFieldInput input)
    {
        if (input.Type != CustomFieldType.List)
        {
            return;
        }
        if (input.Options.Count == 0)
        {
            v.Add(nameof(CustomFieldInput.Options), "CustomField.NeedsOptions");
        }
        if (input.Options.Count > CustomFieldRules.MaxOptions)
        {
            v.Add(nameof(CustomFieldInput.Options), "Validation.TooMany", CustomFieldRules.MaxOptions);
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < input.Options.Count; i++)
        {
            var key = $"Options[{i}]";
            var label = input.Options[i].Label;
            v.Required(key, label).MaxLength(key, label, CustomFieldRules.OptionMaxLength);
            if (!string.IsNullOrWhiteSpace(label) && !seen.Add(label.Trim()))
            {
                v.Add(key, "CustomField.OptionExists");
            }
        }
        if (!input.IsMultiple && input.Options.Count(o => o.IsDefault) > 1)
        {
            v.Add(nameof(CustomFieldInput.Options), "CustomField.OneOption");
        }
    }

    [GeneratedRegex("^UF_[A-Z0-9_]+$")]
    private static partial Regex CodePattern();
}

/// <summary>A custom field of <see cref="EntityKind"/> was added, changed, reordered or deleted: forms, lists and the settings page read the fields again.</summary>
public sealed record CustomFieldsChanged : CrmEvent
{
    public required ElementKind EntityKind { get; init; }
    public required int FieldId { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Topics => [LiveTopics.CustomFields];
}
