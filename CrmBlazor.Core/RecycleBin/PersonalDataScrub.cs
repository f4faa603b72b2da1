using System.Data.Common;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CrmBlazor.Core.RecycleBin;

/// <summary>
/// Finds a person's names, e-mails and phones in every text column of the CRM's own tables and writes
/// <see cref="ErasureService.Redacted"/> in their place (decision 020). The columns come from the EF model, so a table
/// added later is covered without a change here; the team's own tables (Identity, Data Protection keys) and the
/// erasure records are left alone. Each column is searched in SQL (<c>lower(column) LIKE</c>), so only the rows that
/// name the person are read; a changed row's <see cref="IVersioned.Version"/> moves, so a form still showing the old
/// text cannot save it back.
/// </summary>
internal static class PersonalDataScrub
{
    /// <summary>
    /// What to look for: each full name (two words or more: a lone first name would match other people's text), in
    /// both orders; e-mails; every written form of each phone; and each of those folded as the search index keeps
    /// them and escaped as JSON writes them (webhook payloads).
    /// </summary>
    public static IReadOnlyList<string> Markers(IEnumerable<string?> names, IEnumerable<string> emails, IEnumerable<string> phones)
    {
        var markers = new List<string>();
        foreach (var name in names.Select(n => Validator.Clean(n)).OfType<string>())
        {
            var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 2)
            {
                markers.Add(string.Join(' ', words));
                markers.Add(string.Join(' ', words.Reverse()));
            }
        }
        markers.AddRange(emails.Where(e => !string.IsNullOrWhiteSpace(e)));
        markers.AddRange(phones.Where(p => !string.IsNullOrWhiteSpace(p)).SelectMany(PhoneNumberFormat.WrittenForms));
        var all = markers.Concat(markers.Select(m => Search.SearchText.Fold(m)))
            .Concat(markers.Select(m => JsonSerializer.Serialize(m)[1..^1]));
        return [.. all.Select(m => m.Trim().ToLowerInvariant()).Where(m => m.Length >= 3).Distinct().OrderByDescending(m => m.Length)];
    }

    /// <summary>
    /// Rows that are a copy of what someone sent about the person, where the name may stand split over fields (an
    /// import's failed row, a webhook's payload): such a row that names the person goes as a whole.
    /// </summary>
    private static readonly Type[] RemovedWhenNamed = [typeof(Import.ImportRunFailure), typeof(Webhooks.WebhookDelivery)];

    /// <summary>
    /// Replaces every marker in every text column, or removes the rows of <see cref="RemovedWhenNamed"/> that hold one;
    /// says how many values changed and how many rows went.
    /// </summary>
    public static async Task<(int Redacted, int Removed)> RunAsync(CrmDbContext db, IReadOnlyList<string> markers, CancellationToken ct)
    {
        if (markers.Count == 0)
        {
            return (0, 0);
        }
        var pattern = new Regex(string.Join('|', markers.Select(Regex.Escape)), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var changed = 0;
        var removed = 0;
        foreach (var table in TextTables(db.Model))
        {
            if (table.RemovedWhenNamed)
            {
                await using var delete = connection.CreateCommand();
                delete.Transaction = transaction;
                delete.CommandText = $"DELETE FROM {table.Name} WHERE {string.Join(" OR ", table.Columns.Select(c => Named(delete, c, markers)))}";
                removed += await delete.ExecuteNonQueryAsync(ct);
                continue;
            }
            foreach (var column in table.Columns)
            {
                var rows = new List<(object[] Key, string Value)>();
                await using (var select = connection.CreateCommand())
                {
                    select.Transaction = transaction;
                    select.CommandText = $"SELECT {string.Join(", ", table.Keys.Select(Quote))}, {Quote(column)} FROM {table.Name} WHERE {Named(select, column, markers)}";
                    await using var reader = await select.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                    {
                        var key = new object[table.Keys.Count];
                        for (var k = 0; k < key.Length; k++)
                        {
                            key[k] = reader.GetValue(k);
                        }
                        rows.Add((key, reader.GetString(table.Keys.Count)));
                    }
                }
                foreach (var (key, value) in rows)
                {
                    var redacted = pattern.Replace(value, ErasureService.Redacted);
                    if (redacted == value)
                    {
                        continue;
                    }
                    await using var update = connection.CreateCommand();
                    update.Transaction = transaction;
                    Parameter(update, "v", redacted);
                    var where = table.Keys.Select((k, i) =>
                    {
                        Parameter(update, "k" + i, key[i]);
                        return $"{Quote(k)} = @k{i}";
                    });
                    var version = table.Versioned ? $", {Quote(nameof(IVersioned.Version))} = {Quote(nameof(IVersioned.Version))} + 1" : "";
                    update.CommandText = $"UPDATE {table.Name} SET {Quote(column)} = @v{version} WHERE {string.Join(" AND ", where)}";
                    changed += await update.ExecuteNonQueryAsync(ct);
                }
            }
        }
        return (changed, removed);
    }

    /// <summary>The SQL condition "<paramref name="column"/> holds one of the markers", its parameters added to <paramref name="command"/>.</summary>
    private static string Named(DbCommand command, string column, IReadOnlyList<string> markers)
    {
        var conditions = new List<string>();
        foreach (var marker in markers)
        {
            var name = "m" + command.Parameters.Count;
            Parameter(command, name, TextSearch.Contains(marker));
            conditions.Add($"lower({Quote(column)}) LIKE @{name} ESCAPE '{TextSearch.Escape}'");
        }
        return "(" + string.Join(" OR ", conditions) + ")";
    }

    /// <summary>A table of the CRM's own with its key columns and its text columns (not keys or links).</summary>
    internal sealed record TextTable(string Name, IReadOnlyList<string> Keys, IReadOnlyList<string> Columns, bool Versioned, bool RemovedWhenNamed);

    /// <summary>Every table of the model that may hold a person's data, each once.</summary>
    internal static IReadOnlyList<TextTable> TextTables(IModel model)
    {
        var tables = new Dictionary<string, TextTable>();
        foreach (var entity in model.GetEntityTypes().Where(e => e.GetTableName() is not null && !e.IsOwned() && Scrubbed(e.ClrType)))
        {
            var store = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var name = (entity.GetSchema() is { } schema ? Quote(schema) + "." : "") + Quote(store.Name);
            var keys = entity.FindPrimaryKey()!.Properties.Select(p => p.GetColumnName(store)!).ToList();
            var columns = entity.GetProperties()
                .Where(p => !p.IsKey() && !p.IsForeignKey() && (p.GetProviderClrType() ?? p.ClrType) == typeof(string))
                .Select(p => p.GetColumnName(store)).OfType<string>();
            var known = tables.GetValueOrDefault(name);
            tables[name] = new TextTable(name, keys, [.. (known?.Columns ?? []).Union(columns)],
                (known?.Versioned ?? false) || typeof(IVersioned).IsAssignableFrom(entity.ClrType), RemovedWhenNamed.Contains(entity.ClrType));
        }
        return [.. tables.Values.Where(t => t.Columns.Count > 0)];
    }

    /// <summary>The CRM's own rows: not the team's sign-in data (Identity), the Data Protection keys or the erasure records.</summary>
    private static bool Scrubbed(Type type) =>
        type.Assembly == typeof(CrmDbContext).Assembly && !typeof(Microsoft.AspNetCore.Identity.IdentityUser).IsAssignableFrom(type)
        && type != typeof(ErasureRecord)
        && type != typeof(Reports.DealFunnelDay); // a currency code and a user id: never a person's words, and many rows

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
