using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrmBlazor.Core.Data;

/// <summary>
/// Per-connection SQLite settings: wait for a writer instead of failing at once when several users save together,
/// and fsync at checkpoints rather than on every commit (safe with WAL, which is switched on at start-up), and keep
/// up to 16 MiB of pages per pooled connection instead of SQLite's 2 MiB (a search that reads a few thousand index rows
/// by key finds them in memory the next time: about a third of the CPU, measured for decision 019). SQLite's
/// own <c>lower</c> and <c>upper</c> fold only ASCII letters; they are replaced by .NET's, so that a search ignores
/// the case of "Łódź" on SQLite as it does on PostgreSQL (see <see cref="Common.TextSearch"/>).
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16384;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        AddCaseFunctions(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        AddCaseFunctions(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddCaseFunctions(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            sqlite.CreateFunction("lower", (string? text) => text?.ToLowerInvariant(), isDeterministic: true);
            sqlite.CreateFunction("upper", (string? text) => text?.ToUpperInvariant(), isDeterministic: true);
        }
    }
}
