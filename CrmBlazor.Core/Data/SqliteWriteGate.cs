using System.Collections.Concurrent;

namespace CrmBlazor.Core.Data;

/// <summary>
/// One writer at a time per SQLite database in this process, in the order they came: a writer waits here, awake, for
/// the one before it to commit, rather than in SQLite's busy handler. That handler sleeps 1, 2, 5, 10, 15, 20, 25... ms
/// between tries whether or not the lock was freed meanwhile, so under contention a commit took the next step of that
/// ladder (p95 36 ms with 8 writers whose own work was a few ms; decision 022). It is what a single writer connection
/// gives, without the connection: reads never enter it, and PostgreSQL never does (its writes run concurrently).
/// </summary>
/// <remarks>
/// Entered by <see cref="Live.LiveCommit"/> around its transaction and by <see cref="CrmDbContext"/>'s saves outside
/// one; the few other writes (set-based statements outside a transaction, another process on the same file) still meet
/// SQLite's own lock and busy handler, as before. A writer that waits longer than <see cref="Patience"/> (SQLite's
/// busy_timeout) goes on without the gate and meets SQLite's lock, so a gate held too long makes the same error a
/// busy database did, never a hang.
/// </remarks>
public static class SqliteWriteGate
{
    /// <summary>As long as a writer waits for the gate: SQLite's busy_timeout (<see cref="SqlitePragmas"/>).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    // Keyed by connection string: one per database file (two strings naming the same file only fall back to SQLite's lock).
    private static readonly ConcurrentDictionary<string, Gate> Gates = new(StringComparer.Ordinal);

    /// <summary>
    /// Enters the gate of <paramref name="db"/>'s SQLite database (nothing on PostgreSQL); dispose to leave it. The wait
    /// blocks its thread, as SQLite's busy handler did: the writer before it wakes this one the moment it leaves, where
    /// an awaited hand-over would queue behind the thread pool's page work with the gate taken (decision 022).
    /// </summary>
    public static Writer Enter(DbContext db, CancellationToken ct = default)
    {
        var gate = GateOf(db);
        if (gate is null)
        {
            return default;
        }
        Interlocked.Increment(ref gate.Waiting);
        try
        {
            return gate.Semaphore.Wait(Patience, ct) ? new Writer(gate.Semaphore) : default;
        }
        finally
        {
            Interlocked.Decrement(ref gate.Waiting);
        }
    }

    /// <summary>How many writers wait at <paramref name="db"/>'s gate now (tests watch it).</summary>
    internal static int WaitingAt(DbContext db) => GateOf(db) is { } gate ? Volatile.Read(ref gate.Waiting) : 0;

    private static Gate? GateOf(DbContext db) =>
        db.Database.IsSqlite() && db.Database.GetConnectionString() is { } connection
            ? Gates.GetOrAdd(connection, static _ => new Gate())
            : null;

    private sealed class Gate
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int Waiting;
    }

    /// <summary>A writer inside the gate (or not, on PostgreSQL or after <see cref="Patience"/>); leaves it when disposed.</summary>
    public readonly struct Writer(SemaphoreSlim? gate) : IDisposable
    {
        public bool Entered => gate is not null;

        public void Dispose() => gate?.Release();
    }
}
