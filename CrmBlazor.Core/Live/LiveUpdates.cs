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
    /// Held by a writer around its commit and its <see cref="Publish"/>, and by a reader while it takes its database
    /// snapshot and reads <see cref="Sequence"/>: so every event is either inside a snapshot (sequence at most the one
    /// read) or after it, never both. Commits in one process are serialized by SQLite anyway.
    /// </summary>
    Task<IDisposable> EnterCommitAsync(CancellationToken ct = default);

    /// <summary>Called by Core services after their transaction commits, once per change, while inside <see cref="EnterCommitAsync"/>.</summary>
    void Publish(CrmEvent change);
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
        return new GateRelease(_commitGate);
    }

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

    private sealed class GateRelease(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
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
