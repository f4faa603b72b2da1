namespace CrmBlazor.Core.CustomFields;

/// <summary>A row of a list export with its element's custom values by code (fields without a value are left out).</summary>
public sealed record CustomExportRow<TRow>(TRow Row, IReadOnlyDictionary<string, CustomValue> Custom);

/// <summary>
/// The custom-field columns of a list export (decision 017): every field of the kind, in the settings' order, and the
/// values of the rows a list's export stream yields, read per batch of <see cref="Batch"/> rows in one keyed query on
/// a context of its own (the stream keeps its reader open on its own; Npgsql allows one per connection). The stream
/// decides which rows are exported (its filters and the role's export scope); this adds only their values.
/// </summary>
public sealed class CustomFieldExport
{
    /// <summary>Rows whose values are read together, as the lead export reads e-mails and phones (decision 031).</summary>
    internal const int Batch = 2_000;

    private readonly IDbContextFactory<CrmDbContext> _contextFactory;
    private readonly CustomFieldSet _fields;
    private readonly IReadOnlyDictionary<string, string> _userNames;

    internal CustomFieldExport(IDbContextFactory<CrmDbContext> contextFactory, CustomFieldSet fields, IReadOnlyDictionary<string, string> userNames) =>
        (_contextFactory, _fields, _userNames) = (contextFactory, fields, userNames);

    /// <summary>The columns: every field of the kind, in the order the settings show them.</summary>
    public IReadOnlyList<CustomFieldView> Fields => _fields.Fields;

    /// <summary>The name of the user a user field's value names (read once, when the kind has a user field); null when none has that id.</summary>
    public string? UserName(string? userId) => userId is not null && _userNames.TryGetValue(userId, out var name) ? name : null;

    /// <summary><paramref name="rows"/> as they come, each with its custom values, read per batch (no query at all when the kind has no fields).</summary>
    public async IAsyncEnumerable<CustomExportRow<TRow>> WithValuesAsync<TRow>(IAsyncEnumerable<TRow> rows, Func<TRow, int> idOf,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var none = new Dictionary<string, CustomValue>();
        if (Fields.Count == 0)
        {
            await foreach (var row in rows.WithCancellation(ct))
            {
                yield return new CustomExportRow<TRow>(row, none);
            }
            yield break;
        }
        await using var db = await _contextFactory.CreateDbContextAsync(ct);
        var batch = new List<TRow>(Batch);
        await foreach (var row in rows.WithCancellation(ct))
        {
            batch.Add(row);
            if (batch.Count == Batch)
            {
                foreach (var complete in await CompleteAsync(db, batch, idOf, none, ct))
                {
                    yield return complete;
                }
                batch.Clear();
            }
        }
        foreach (var complete in await CompleteAsync(db, batch, idOf, none, ct))
        {
            yield return complete;
        }
    }

    private async Task<List<CustomExportRow<TRow>>> CompleteAsync<TRow>(CrmDbContext db, List<TRow> rows, Func<TRow, int> idOf,
        IReadOnlyDictionary<string, CustomValue> none, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        var values = await _fields.ValuesAsync(db, [.. rows.Select(idOf).Distinct()], ct);
        return [.. rows.Select(r => new CustomExportRow<TRow>(r, values.GetValueOrDefault(idOf(r)) ?? none))];
    }
}
