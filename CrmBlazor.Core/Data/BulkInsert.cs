using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CrmBlazor.Core.Data;

/// <summary>
/// Inserts many new rows of one entity type in the context's current transaction with plain <c>INSERT</c>
/// statements, built from the EF model (its tables, columns and value converters, so SQLite and PostgreSQL alike),
/// without the change tracker: what EF would spend per row on tracking, snapshots and key propagation is what makes a
/// large import slow (issue 13). Rows that need their generated key back are inserted one prepared statement each
/// (<c>RETURNING</c>); the others many to a statement. The caller does what <see cref="CrmDbContext.SaveChangesAsync(bool, CancellationToken)"/>
/// would do for them (audit fields, a lead's search text, the search index) and keeps them out of the context.
/// </summary>
internal static class BulkInsert
{
    /// <summary>Rows per multi-row statement (well under both databases' limits on parameters).</summary>
    private const int RowsPerStatement = 50;

    private sealed record Column(string Name, PropertyInfo Property, RelationalTypeMapping Mapping, bool Nullable);

    /// <summary>
    /// Inserts <paramref name="rows"/>; with <paramref name="returnKeys"/> each row's generated key is set on it (one
    /// statement per row, in order). Fails for a type with shadow or store-generated columns, which it cannot fill.
    /// </summary>
    public static async Task InsertAsync<T>(CrmDbContext db, IReadOnlyList<T> rows, bool returnKeys, CancellationToken ct) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var key = entityType.FindPrimaryKey()?.Properties is [var single] && single.ValueGenerated == ValueGenerated.OnAdd ? single : null;
        if (returnKeys && key is null)
        {
            throw new InvalidOperationException($"{typeof(T).Name} has no generated key to return.");
        }
        var columns = new List<Column>();
        foreach (var property in entityType.GetProperties())
        {
            if (property == key)
            {
                continue;
            }
            if (property.IsShadowProperty() || property.PropertyInfo is null || property.ValueGenerated != ValueGenerated.Never || property.GetColumnName(table) is not { } name)
            {
                throw new NotSupportedException($"{typeof(T).Name}.{property.Name} cannot be written by a bulk insert.");
            }
            columns.Add(new Column(name, property.PropertyInfo, property.GetRelationalTypeMapping(), property.IsNullable));
        }
        var sql = db.GetService<ISqlGenerationHelper>();
        var into = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) VALUES ";
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A bulk insert runs in the caller's transaction.");
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;

        if (returnKeys)
        {
            var generated = key!;
            command.CommandText = into + Values(sql, columns.Count, 0) + $" RETURNING {sql.DelimitIdentifier(generated.GetColumnName(table)!)}";
            foreach (var row in rows)
            {
                Bind(sql, command, columns, row, 0, replace: true);
                var id = await command.ExecuteScalarAsync(ct);
                generated.PropertyInfo!.SetValue(row, Convert.ChangeType(id, generated.ClrType, System.Globalization.CultureInfo.InvariantCulture));
            }
            return;
        }
        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            command.CommandText = into + string.Join(", ", chunk.Select((_, i) => Values(sql, columns.Count, i * columns.Count)));
            command.Parameters.Clear();
            for (var i = 0; i < chunk.Length; i++)
            {
                Bind(sql, command, columns, chunk[i], i * columns.Count, replace: false);
            }
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static string Values(ISqlGenerationHelper sql, int count, int first) =>
        "(" + string.Join(", ", Enumerable.Range(first, count).Select(i => sql.GenerateParameterName("p" + i))) + ")";

    private static void Bind(ISqlGenerationHelper sql, DbCommand command, List<Column> columns, object row, int first, bool replace)
    {
        if (replace)
        {
            command.Parameters.Clear();
        }
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            // The type mapping converts the value as EF would (enums, money on SQLite, dates) and types the parameter. Named
            // as the SQL names it ("@p0"): Microsoft.Data.Sqlite binds an unprefixed name by trying it and then each of
            // its three prefixes, which took a fifth of an import's time (a CPU trace of the import benchmark).
            command.Parameters.Add(column.Mapping.CreateParameter(command, sql.GenerateParameterName("p" + (first + i)), column.Property.GetValue(row), column.Nullable));
        }
    }
}
