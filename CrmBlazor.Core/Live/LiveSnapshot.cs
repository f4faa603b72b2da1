namespace CrmBlazor.Core.Live;

/// <summary>
/// A read-only database snapshot together with the live sequence it contains: every event with a sequence at most
/// <see cref="Sequence"/> is inside the snapshot, every later one is not (decision 001). The sequence is read from the
/// outbox inside the snapshot itself (decision 022): the database numbers events in commit order, so the last event
/// a snapshot sees tells exactly which changes it holds. Readers never wait for writers.
/// </summary>
internal sealed class LiveSnapshot : IAsyncDisposable
{
    private readonly ReadSnapshot _snapshot;

    private LiveSnapshot(ReadSnapshot snapshot, long sequence)
    {
        _snapshot = snapshot;
        Sequence = sequence;
    }

    /// <summary>The sequence of the last event the snapshot holds.</summary>
    public long Sequence { get; }

    /// <summary>Begins the snapshot on <paramref name="db"/>: its first read is the outbox's last sequence, which fixes it.</summary>
    public static async Task<LiveSnapshot> BeginAsync(CrmDbContext db, CancellationToken ct)
    {
        var snapshot = await ReadSnapshot.BeginAsync(db, ct);
        try
        {
            var sequence = await LiveUpdates.LastSequenceAsync(db, ct);
            CrmMetrics.SnapshotReads.Add(1);
            return new LiveSnapshot(snapshot, sequence);
        }
        catch
        {
            await snapshot.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _snapshot.DisposeAsync();
}
