using Microsoft.Extensions.Logging;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// What-if, not the shipped Core: the app's <see cref="LiveUpdates"/>, but each subscriber gets its own first-in,
/// first-out queue drained on the thread pool, so delivery (by a writer after its commit)
/// only enqueues, and different subscribers (boards, the hub forwarder) handle an event in parallel instead of one
/// after another on the writer's thread. Used by the <c>propagation-queued</c> run to show what that change would buy.
/// </summary>
internal sealed class QueuedLiveUpdates(ILogger<LiveUpdates> logger, IDbContextFactory<CrmDbContext>? contextFactory = null) : ILiveUpdates
{
    private readonly LiveUpdates _inner = new(logger, contextFactory);

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

    public Task<IReadOnlyList<CrmEvent>> AppendAsync(CrmDbContext db, IReadOnlyList<CrmEvent> events, CancellationToken ct) => _inner.AppendAsync(db, events, ct);

    public Task DeliverAsync(IReadOnlyList<CrmEvent> committed) => _inner.DeliverAsync(committed);

    public Task AbandonAsync(IReadOnlyList<CrmEvent> appended) => _inner.AbandonAsync(appended);

    public Task CatchUpAsync(CancellationToken ct = default) => _inner.CatchUpAsync(ct);

    public IDisposable OnCommitted(Action<long> handler) => _inner.OnCommitted(handler);

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
