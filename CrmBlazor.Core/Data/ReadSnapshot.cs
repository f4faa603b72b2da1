using System.Data;
using Microsoft.Data.Sqlite;

namespace CrmBlazor.Core.Data;

/// <summary>
/// A read-only transaction whose queries all see one consistent snapshot, taken at its first read. On SQLite it is a
/// deferred transaction (WAL readers never block writers); elsewhere repeatable read. Disposing it ends it.
/// </summary>
internal sealed class ReadSnapshot : IAsyncDisposable
{
    private readonly IAsyncDisposable _transaction;

    private ReadSnapshot(IAsyncDisposable transaction) => _transaction = transaction;

    public static async Task<ReadSnapshot> BeginAsync(CrmDbContext db, CancellationToken ct)
    {
        if (db.Database.GetDbConnection() is SqliteConnection connection)
        {
            await db.Database.OpenConnectionAsync(ct);
            var transaction = connection.BeginTransaction(deferred: true);
            await db.Database.UseTransactionAsync(transaction, ct);
            return new ReadSnapshot(transaction);
        }
        return new ReadSnapshot(await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct));
    }

    public ValueTask DisposeAsync() => _transaction.DisposeAsync();
}
