using System.Data;
using Microsoft.Data.Sqlite;

namespace CrmBlazor.Core.Data;

/// <summary>
/// A read-only transaction whose queries all see one consistent snapshot, taken at its first read. On SQLite it is a
/// deferred transaction (WAL readers never block writers); elsewhere repeatable read. Disposing it ends it, and the
/// context may begin another.
/// </summary>
internal sealed class ReadSnapshot : IAsyncDisposable
{
    private readonly IAsyncDisposable _transaction;
    private readonly CrmDbContext? _usedBy;

    private ReadSnapshot(IAsyncDisposable transaction, CrmDbContext? usedBy = null)
    {
        _transaction = transaction;
        _usedBy = usedBy;
    }

    public static async Task<ReadSnapshot> BeginAsync(CrmDbContext db, CancellationToken ct)
    {
        if (db.Database.GetDbConnection() is SqliteConnection connection)
        {
            await db.Database.OpenConnectionAsync(ct);
            var transaction = connection.BeginTransaction(deferred: true);
            await db.Database.UseTransactionAsync(transaction, ct);
            return new ReadSnapshot(transaction, db);
        }
        return new ReadSnapshot(await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct));
    }

    public async ValueTask DisposeAsync()
    {
        if (_usedBy is not null)
        {
            // The context forgets the transaction it was lent, so it can begin another.
            await _usedBy.Database.UseTransactionAsync(null);
        }
        await _transaction.DisposeAsync();
    }
}
