using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrmBlazor.Core.Data;

/// <summary>
/// Per-connection SQLite settings: wait for a writer instead of failing at once when several users save together,
/// and fsync at checkpoints rather than on every commit (safe with WAL, which is switched on at start-up).
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
