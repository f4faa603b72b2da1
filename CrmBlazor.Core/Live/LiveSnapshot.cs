namespace CrmBlazor.Core.Live;

/// <summary>
/// A read-only database snapshot together with the live sequence it contains: every event with a sequence at most
/// <see cref="Sequence"/> is inside the snapshot, every later one is not (decision 001). Readers do not hold writers
/// back: the reader stamps <see cref="ILiveUpdates"/>, fixes its snapshot with a first read, and keeps it when no
/// writer entered or held the commit gate meanwhile; else it tries again, and after a few tries takes the gate for
/// its first read as before (decision 031).
/// </summary>
internal sealed class LiveSnapshot : IAsyncDisposable
{
    /// <summary>Optimistic tries before a reader takes the commit gate.</summary>
    internal const int OptimisticTries = 3;

    private readonly ReadSnapshot _snapshot;

    private LiveSnapshot(ReadSnapshot snapshot, long sequence)
    {
        _snapshot = snapshot;
        Sequence = sequence;
    }

    /// <summary>The sequence of the last event the snapshot holds.</summary>
    public long Sequence { get; }

    /// <summary>
    /// Begins the snapshot on <paramref name="db"/>; <paramref name="firstRead"/> is its first query (it fixes the
    /// snapshot; a cheap one) and may run more than once.
    /// </summary>
    public static async Task<LiveSnapshot> BeginAsync(CrmDbContext db, ILiveUpdates live, Func<Task> firstRead, CancellationToken ct)
    {
        for (var attempt = 0; attempt < OptimisticTries; attempt++)
        {
            var stamp = live.Stamp();
            if (stamp.Entries < 0)
            {
                break; // this ILiveUpdates gives no stamps
            }
            if (!stamp.IsQuiet)
            {
                await Task.Yield(); // a writer holds the gate: let it go on
                continue;
            }
            var optimistic = await ReadSnapshot.BeginAsync(db, ct);
            try
            {
                await firstRead();
            }
            catch
            {
                await optimistic.DisposeAsync();
                throw;
            }
            if (live.Unchanged(stamp))
            {
                CrmMetrics.SnapshotReads.Add(1, new KeyValuePair<string, object?>("crm.gated", false));
                return new LiveSnapshot(optimistic, stamp.Sequence);
            }
            await optimistic.DisposeAsync();
        }
        var snapshot = await ReadSnapshot.BeginAsync(db, ct);
        try
        {
            using (await live.EnterCommitAsync(ct))
            {
                // The first read fixes the snapshot; no commit can slip between it and the sequence number.
                await firstRead();
                CrmMetrics.SnapshotReads.Add(1, new KeyValuePair<string, object?>("crm.gated", true));
                return new LiveSnapshot(snapshot, live.Sequence);
            }
        }
        catch
        {
            await snapshot.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _snapshot.DisposeAsync();
}
