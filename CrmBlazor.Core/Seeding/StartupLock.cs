using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CrmBlazor.Core.Seeding;

/// <summary>
/// Serializes migrating and seeding across processes, so that two servers started at once on one empty database do
/// not both create it: the first holds the lock while it migrates and seeds, the second waits, then finds the
/// database ready. PostgreSQL: a session-level advisory lock on a connection of its own. SQLite: an exclusive lock
/// on a file beside the database (<c>crm.db.init-lock</c>), because an exclusive SQLite transaction would also
/// block the migration's own connection.
/// </summary>
internal static class StartupLock
{
    /// <summary>Any fixed number; only CrmBlazor's start-up takes it.</summary>
    private const long AdvisoryLockKey = 0x43524D_0011;

    public static async Task<IAsyncDisposable> AcquireAsync(CrmDbContext db, TimeSpan timeout, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            return await PostgresLock.AcquireAsync(db, ct);
        }
        if (db.Database.IsSqlite())
        {
            return await FileLock.AcquireAsync(db, timeout, ct);
        }
        return NoLock.Instance;
    }

    private sealed class PostgresLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public static async Task<PostgresLock> AcquireAsync(CrmDbContext db, CancellationToken ct)
        {
            await CreateDatabaseIfMissingAsync(db, ct);
            var connection = new NpgsqlConnection(db.Database.GetConnectionString());
            try
            {
                await connection.OpenAsync(ct);
                await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({AdvisoryLockKey})", connection);
                command.CommandTimeout = 0; // wait as long as the other server takes
                await command.ExecuteNonQueryAsync(ct);
                return new PostgresLock(connection);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        // The advisory lock lives in the database, so the database must exist first; two servers may both try.
        private static async Task CreateDatabaseIfMissingAsync(CrmDbContext db, CancellationToken ct)
        {
            var creator = db.GetService<IRelationalDatabaseCreator>();
            if (await creator.ExistsAsync(ct))
            {
                return;
            }
            try
            {
                await creator.CreateAsync(ct);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
            {
                // The other server created it a moment ago.
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (connection.State == ConnectionState.Open)
                {
                    await using var command = new NpgsqlCommand($"SELECT pg_advisory_unlock({AdvisoryLockKey})", connection);
                    await command.ExecuteNonQueryAsync();
                }
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }

    private sealed class FileLock(FileStream file) : IAsyncDisposable
    {
        public static async Task<IAsyncDisposable> AcquireAsync(CrmDbContext db, TimeSpan timeout, CancellationToken ct)
        {
            var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
            if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:")
            {
                return NoLock.Instance;
            }
            var path = Path.GetFullPath(builder.DataSource) + ".init-lock";
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                try
                {
                    // FileShare.None takes an exclusive lock other processes (and other opens in this one) respect.
                    return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100, ct);
                }
            }
        }

        public ValueTask DisposeAsync() => file.DisposeAsync();
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
