using Microsoft.Extensions.Logging;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// What-if, not the shipped Core: the app's <see cref="LiveUpdates"/>, but each subscriber gets its own first-in,
/// first-out queue drained on the thread pool, so <see cref="Publish"/> (called by a writer inside the commit gate)
/// only enqueues, and different subscribers (boards, the hub forwarder) handle an event in parallel instead of one
/// after another on the writer's thread. Used by the <c>propagation-queued</c> run to show what that change would buy.
/// </summary>
internal sealed class QueuedLiveUpdates(ILogger<LiveUpdates> logger) : ILiveUpdates
{
    private readonly LiveUpdates _inner = new(logger);

    public LiveUpdates Inner => _inner;

    /// <summary>The queue of the latest subscription, so a probe can line up behind the page that just subscribed.</summary>
    public SerialQueue? LastQueue { get; private set; }

    public long Sequence => _inner.Sequence;

    public IDisposable Subscribe(string topic, Func<CrmEvent, Task> handler) => Subscribe(topic, handler, new SerialQueue());

    public IDisposable Subscribe(string topic, Func<CrmEvent, Task> handler, SerialQueue queue)
    {
        LastQueue = queue;
        return _inner.Subscribe(topic, change =>
        {
            queue.Post(() => handler(change));
            return Task.CompletedTask;
        });
    }

    public IDisposable SubscribeAll(Func<CrmEvent, Task> handler)
    {
        var queue = new SerialQueue();
        return _inner.SubscribeAll(change =>
        {
            queue.Post(() => handler(change));
            return Task.CompletedTask;
        });
    }

    public Task<IDisposable> EnterCommitAsync(CancellationToken ct = default) => _inner.EnterCommitAsync(ct);

    public void Publish(CrmEvent change) => _inner.Publish(change);

    public ReadStamp Stamp() => _inner.Stamp();

    public bool Unchanged(ReadStamp stamp) => _inner.Unchanged(stamp);

    /// <summary>Runs posted work one item at a time, in order, on the thread pool; an item starts when the previous one's task ends.</summary>
    internal sealed class SerialQueue
    {
        private readonly Lock _lock = new();
        private Task _tail = Task.CompletedTask;

        public void Post(Func<Task> work)
        {
            lock (_lock)
            {
                _tail = _tail.ContinueWith(static (_, state) => ((Func<Task>)state!)(), work, CancellationToken.None,
                    TaskContinuationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
            }
        }
    }
}
