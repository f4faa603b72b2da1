using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace CrmBlazor.Core.Live;

/// <summary>The one path by which committed changes reach everyone who shows them.</summary>
public interface ILiveUpdates
{
    /// <summary>Wakes <paramref name="handler"/> for events of <paramref name="topic"/> until the returned handle is disposed.</summary>
    IDisposable Subscribe(string topic, Func<CrmEvent, Task> handler);

    /// <summary>Wakes <paramref name="handler"/> for every event (for forwarders such as the SignalR hub).</summary>
    IDisposable SubscribeAll(Func<CrmEvent, Task> handler);

    /// <summary>The sequence number of the last published event.</summary>
    long Sequence { get; }

    /// <summary>
    /// Held by a writer around its commit and its <see cref="Publish"/>: commits in one process are serialized (by
    /// SQLite anyway). A reader that must know which events its database snapshot holds takes it only when it cannot
    /// do without (<see cref="LiveSnapshot"/>): it stamps, takes its snapshot, and checks the stamp instead.
    /// </summary>
    Task<IDisposable> EnterCommitAsync(CancellationToken ct = default);

    /// <summary>
    /// An optimistic reader's stamp, taken just before its snapshot's first read: the gate's count of entries and
    /// the sequence. Valid only when no writer held the gate (<see cref="ReadStamp.IsQuiet"/>). Implementations
    /// without it answer an invalid stamp, and readers then take the gate.
    /// </summary>
    ReadStamp Stamp() => ReadStamp.None;

    /// <summary>
    /// True when no writer entered the gate since <paramref name="stamp"/> was taken (and none held it then): a
    /// snapshot taken in between holds exactly the events up to <see cref="ReadStamp.Sequence"/>.
    /// </summary>
    bool Unchanged(ReadStamp stamp) => false;

    /// <summary>Called by Core services after their transaction commits, once per change, while inside <see cref="EnterCommitAsync"/>.</summary>
    void Publish(CrmEvent change);
}

/// <summary>
/// A reader's stamp (<see cref="ILiveUpdates.Stamp"/>): <paramref name="Entries"/> counts entries into and exits from
/// the commit gate (odd while a writer holds it), <paramref name="Sequence"/> is the last published event's number.
/// </summary>
public readonly record struct ReadStamp(long Entries, long Sequence)
{
    /// <summary>No stamp: the reader must take the gate.</summary>
    public static ReadStamp None => new(-1, 0);

    /// <summary>Taken while no writer held the gate.</summary>
    public bool IsQuiet => Entries >= 0 && Entries % 2 == 0;
}

/// <summary>
/// In-process fan-out with keyed subscriptions. Publishing never waits for subscribers: a slow page must not slow
/// down the user who made the change. Thread-safe; holds no per-user state.
/// </summary>
public sealed class LiveUpdates(ILogger<LiveUpdates> logger) : ILiveUpdates
{
    private const string AllTopics = "*";
    private readonly SemaphoreSlim _commitGate = new(1, 1);
    private long _sequence;
    // Odd while a writer holds the gate: incremented on entering it (before its commit) and on leaving it (after its
    // publishing). A reader whose stamp is even and equal after its snapshot's first read saw no commit begin or end.
    private long _entries;
    private ImmutableDictionary<string, ImmutableList<Subscription>> _subscriptions =
        ImmutableDictionary<string, ImmutableList<Subscription>>.Empty.WithComparers(StringComparer.Ordinal);

    public IDisposable Subscribe(string topic, Func<CrmEvent, Task> handler)
    {
        var subscription = new Subscription(this, topic, handler, Inline: topic == AllTopics);
        ImmutableInterlocked.AddOrUpdate(ref _subscriptions, topic, [subscription], (_, list) => list.Add(subscription));
        return subscription;
    }

    public IDisposable SubscribeAll(Func<CrmEvent, Task> handler) => Subscribe(AllTopics, handler);

    public long Sequence => Interlocked.Read(ref _sequence);

    public async Task<IDisposable> EnterCommitAsync(CancellationToken ct = default)
    {
        await _commitGate.WaitAsync(ct).ConfigureAwait(false);
        Interlocked.Increment(ref _entries);
        return new GateRelease(this);
    }

    public ReadStamp Stamp()
    {
        var entries = Interlocked.Read(ref _entries);
        return new ReadStamp(entries, Interlocked.Read(ref _sequence));
    }

    public bool Unchanged(ReadStamp stamp) => stamp.IsQuiet && Interlocked.Read(ref _entries) == stamp.Entries;

    public void Publish(CrmEvent change)
    {
        change = change with { Sequence = Interlocked.Increment(ref _sequence) };
        var snapshot = _subscriptions;
        if (snapshot.TryGetValue(AllTopics, out var everything))
        {
            Dispatch(everything, change);
        }
        foreach (var topic in change.Topics)
        {
            if (snapshot.TryGetValue(topic, out var list))
            {
                Dispatch(list, change);
            }
        }
    }

    public int SubscriberCount(string topic) => _subscriptions.TryGetValue(topic, out var list) ? list.Count : 0;

    private void Dispatch(ImmutableList<Subscription> subscriptions, CrmEvent change)
    {
        foreach (var subscription in subscriptions)
        {
            if (!subscription.Inline)
            {
                // A page re-renders inside its handler; run on the thread pool, so the user who saved (and the commit
                // gate) never waits for other users' pages. Pages tolerate events arriving out of order (versions).
                _ = ObserveAsync(Task.Run(() => subscription.Handler(change)), subscription.Topic);
                continue;
            }
            try
            {
                var task = subscription.Handler(change);
                if (!task.IsCompletedSuccessfully)
                {
                    _ = ObserveAsync(task, subscription.Topic);
                }
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "A subscriber of {Topic} failed", subscription.Topic);
            }
        }
    }

    private async Task ObserveAsync(Task task, string topic)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "A subscriber of {Topic} failed", topic);
        }
    }

    private void Remove(Subscription subscription) =>
        ImmutableInterlocked.AddOrUpdate(ref _subscriptions, subscription.Topic, [], (_, list) => list.Remove(subscription));

    private sealed class GateRelease(LiveUpdates owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Increment(ref owner._entries);
                owner._commitGate.Release();
            }
        }
    }

    /// <param name="Inline">
    /// Forwarders that subscribe to everything (the hub, the Redis relay) run inline, in publish order, and only hand
    /// the event on; keyed subscribers (pages) run on the thread pool.
    /// </param>
    private sealed class Subscription(LiveUpdates owner, string topic, Func<CrmEvent, Task> handler, bool Inline) : IDisposable
    {
        private int _disposed;
        public string Topic { get; } = topic;
        public bool Inline { get; } = Inline;
        public Func<CrmEvent, Task> Handler { get; } = handler;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(this);
            }
        }
    }
}
