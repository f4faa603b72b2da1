namespace CrmBlazor.Core.CustomFields;

/// <summary>
/// The custom-field columns one user chose for one list (leads, contacts, companies): the field codes in the order
/// shown. Without a choice, a list shows the fields an admin marked "shown in the list".
/// </summary>
public class ListColumnChoice
{
    public required string UserId { get; set; }
    public ElementKind EntityKind { get; set; }
    /// <summary>The chosen field codes, comma-separated (codes are <c>UF_</c> + capitals, digits and <c>_</c>).</summary>
    public string Codes { get; set; } = "";
}

/// <summary>
/// The list column chooser: which custom fields a user's list shows, remembered per user and list. A field deleted
/// since simply drops out; a user who never chose sees the fields flagged "shown in the list".
/// </summary>
public sealed class ListColumnService(IDbContextFactory<CrmDbContext> contextFactory, ILiveUpdates live)
{
    public const int MaxColumns = 30;

    /// <summary>The codes of the custom fields <paramref name="actor"/>'s list of <paramref name="kind"/> shows, in order.</summary>
    public async Task<IReadOnlyList<string>> ColumnsAsync(Actor actor, ElementKind kind, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var fields = await CustomFieldService.ViewsAsync(db, kind, ct);
        var choice = await db.Set<ListColumnChoice>().AsNoTracking().FirstOrDefaultAsync(c => c.UserId == actor.UserId && c.EntityKind == kind, ct);
        return choice is null
            ? [.. fields.Where(f => f.ShowInList).Select(f => f.Code)]
            : [.. Split(choice.Codes).Where(code => fields.Any(f => f.Code == code))];
    }

    /// <summary>Remembers <paramref name="codes"/> as <paramref name="actor"/>'s columns of the list of <paramref name="kind"/>; an unknown code is refused.</summary>
    public async Task<Result<IReadOnlyList<string>>> SaveAsync(Actor actor, ElementKind kind, IReadOnlyList<string> codes, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var fields = await CustomFieldService.ViewsAsync(db, kind, ct);
        var chosen = codes.Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (chosen.FirstOrDefault(code => fields.All(f => f.Code != code)) is { } unknown)
        {
            return Result<IReadOnlyList<string>>.Invalid([new FieldError(unknown, "CustomField.Unknown")]);
        }
        if (chosen.Count > MaxColumns)
        {
            return Result<IReadOnlyList<string>>.Invalid([new FieldError("Columns", "Validation.TooMany", MaxColumns)]);
        }
        var choice = await db.Set<ListColumnChoice>().FirstOrDefaultAsync(c => c.UserId == actor.UserId && c.EntityKind == kind, ct);
        if (choice is null)
        {
            choice = new ListColumnChoice { UserId = actor.UserId, EntityKind = kind };
            db.Add(choice);
        }
        choice.Codes = string.Join(',', chosen);
        // A personal setting: no other page shows it, so there is nothing to publish.
        await live.SaveAndPublishAsync(db, () => Task.FromResult<IReadOnlyList<CrmEvent>>([]), ct);
        return Result<IReadOnlyList<string>>.Ok(chosen);
    }

    private static IEnumerable<string> Split(string codes) => codes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
