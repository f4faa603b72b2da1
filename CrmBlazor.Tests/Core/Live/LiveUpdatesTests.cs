using Microsoft.Extensions.Logging;

namespace CrmBlazor.Tests.Core.Live;

/// <summary>
/// The in-process fan-out on its own, without a database (the outbox that numbers and feeds it: LiveOutboxTests). Keyed subscribers run on the thread pool, so the tests wait
/// on conditions (each with a timeout), never on sleeps. That a keyed subscriber did not receive an event is checked
/// behind a later event that it did receive: both are dispatched by the same synchronous <c>Publish</c> calls, in order.
/// </summary>
public class LiveUpdatesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ErrorLog _log = new();
    private readonly LiveUpdates _live;
    private long _numbered;

    public LiveUpdatesTests() => _live = new LiveUpdates(_log);

    [Fact]
    public async Task Publish_KeyedEvent_ReachesOnlySubscribersOfItsTopics()
    {
        var anna = new Inbox();
        var piotr = new Inbox();
        var board = new Inbox();
        var otherBoard = new Inbox();
        using var s1 = _live.Subscribe(LiveTopics.User("anna"), anna.Handle);
        using var s2 = _live.Subscribe(LiveTopics.User("piotr"), piotr.Handle);
        using var s3 = _live.Subscribe(LiveTopics.Pipeline(7), board.Handle);
        using var s4 = _live.Subscribe(LiveTopics.Pipeline(8), otherBoard.Handle);

        _live.Publish(Due(users: ["anna"], pipelines: [7]));
        await anna.WaitForAsync(1);
        await board.WaitForAsync(1);
        _live.Publish(Due(users: ["piotr"], pipelines: [8]));   // the fence: piotr and pipeline 8 hear this one only
        await piotr.WaitForAsync(1);
        await otherBoard.WaitForAsync(1);

        Assert.Equal([1L], anna.Sequences);
        Assert.Equal([1L], board.Sequences);
        Assert.Equal([2L], piotr.Sequences);
        Assert.Equal([2L], otherBoard.Sequences);
    }

    [Fact]
    public async Task Publish_EventWithSeveralTopics_ReachesASubscriberOfEach()
    {
        var anna = new Inbox();
        var piotr = new Inbox();
        using var s1 = _live.Subscribe(LiveTopics.User("anna"), anna.Handle);
        using var s2 = _live.Subscribe(LiveTopics.User("piotr"), piotr.Handle);

        _live.Publish(Due(users: ["anna", "piotr"]));

        Assert.Equal(1, (await anna.WaitForAsync(1)).Single().Sequence);
        Assert.Equal(1, (await piotr.WaitForAsync(1)).Single().Sequence);
    }

    [Fact]
    public void SubscribeAll_SeesEveryEvent_InPublishOrder_EvenWithoutTopics()
    {
        var all = new Inbox();
        using var subscription = _live.SubscribeAll(all.Handle);

        _live.Publish(Due(users: ["anna"]));
        _live.Publish(Due(pipelines: [3]));
        _live.Publish(Due());   // no topic at all

        // Subscribers to everything (the hub forwarder, the Redis relay) run inline: no waiting needed.
        Assert.Equal([1L, 2L, 3L], all.Sequences);
    }

    [Fact]
    public async Task Dispose_Unsubscribes_KeyedAndAll()
    {
        var gone = new Inbox();
        var goneAll = new Inbox();
        var staying = new Inbox();
        var keyed = _live.Subscribe(LiveTopics.User("anna"), gone.Handle);
        var all = _live.SubscribeAll(goneAll.Handle);
        using var stays = _live.Subscribe(LiveTopics.User("anna"), staying.Handle);

        keyed.Dispose();
        all.Dispose();
        keyed.Dispose();   // twice is harmless and does not remove anyone else
        _live.Publish(Due(users: ["anna"]));
        await staying.WaitForAsync(1);

        Assert.Equal(1, _live.SubscriberCount(LiveTopics.User("anna")));
        Assert.Empty(gone.Sequences);
        Assert.Empty(goneAll.Sequences);
    }

    [Fact]
    public async Task Publish_ThrowingSubscribers_AreLoggedAndDoNotStopTheOthers()
    {
        var all = new Inbox();
        var keyed = new Inbox();
        using var s1 = _live.SubscribeAll(_ => throw new InvalidOperationException("inline, synchronous"));
        using var s2 = _live.SubscribeAll(_ => Task.FromException(new InvalidOperationException("inline, faulted task")));
        using var s3 = _live.SubscribeAll(all.Handle);
        using var s4 = _live.Subscribe(LiveTopics.User("anna"), _ => throw new InvalidOperationException("keyed, synchronous"));
        using var s5 = _live.Subscribe(LiveTopics.User("anna"), async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("keyed, asynchronous");
        });
        using var s6 = _live.Subscribe(LiveTopics.User("anna"), keyed.Handle);

        _live.Publish(Due(users: ["anna"]));

        Assert.Equal([1L], all.Sequences);
        await keyed.WaitForAsync(1);
        var errors = await _log.WaitForAsync(4);
        Assert.Equal(
            ["inline, faulted task", "inline, synchronous", "keyed, asynchronous", "keyed, synchronous"],
            errors.Select(e => e.Exception!.Message).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.Equal(LogLevel.Error, e.Level));
    }

    [Fact]
    public async Task Publish_DoesNotWaitForASlowKeyedSubscriber()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fast = new Inbox();
        // Blocks its thread, as a page that renders slowly would: Publish must return all the same.
        using var slow = _live.Subscribe(LiveTopics.User("anna"), _ =>
        {
            entered.TrySetResult();
            release.Task.Wait(Timeout);
            finished.TrySetResult();
            return Task.CompletedTask;
        });
        using var other = _live.Subscribe(LiveTopics.User("piotr"), fast.Handle);

        _live.Publish(Due(users: ["anna"]));
        _live.Publish(Due(users: ["piotr"]));
        await entered.Task.WaitAsync(Timeout);
        await fast.WaitForAsync(1);

        Assert.False(finished.Task.IsCompleted, "Publish returned only after the slow subscriber finished");
        release.SetResult();
        await finished.Task.WaitAsync(Timeout);
    }

    [Fact]
    public async Task SubscribeBatches_EventsWhileTheSubscriberIsBusy_ComeAsOneBatch_InOrder_NeverTwoCallsAtOnce()
    {
        var batches = new Recorder<long[]>();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (running, most) = (0, 0);
        using var page = _live.SubscribeBatches(LiveTopics.User("anna"), async batch =>
        {
            var now = Interlocked.Increment(ref running);
            most = Math.Max(most, now);
            batches.Add([.. batch.Select(e => e.Sequence)]);
            entered.TrySetResult();
            await release.Task.WaitAsync(Timeout); // a page busy rendering the first event
            Interlocked.Decrement(ref running);
        });

        _live.Publish(Due(users: ["anna"]));
        await entered.Task.WaitAsync(Timeout);
        for (var i = 0; i < 50; i++)
        {
            _live.Publish(Due(users: ["anna"])); // a mail batch's events, while the page is busy
        }
        release.SetResult();

        var calls = await batches.WaitForAsync(2);
        Assert.Equal([[1L], [.. Enumerable.Range(2, 50).Select(i => (long)i)]], calls);
        Assert.Equal(1, most);
    }

    [Fact]
    public async Task Subscribe_KeyedHandler_GetsOneEventAtATime_InDeliveryOrder_AndAFailureDoesNotStopTheRest()
    {
        var seen = new Recorder<long>();
        var (running, most) = (0, 0);
        using var page = _live.Subscribe(LiveTopics.User("anna"), async change =>
        {
            var now = Interlocked.Increment(ref running);
            most = Math.Max(most, now);
            await Task.Yield();
            Interlocked.Decrement(ref running);
            if (change.Sequence == 3)
            {
                throw new InvalidOperationException("third");
            }
            seen.Add(change.Sequence);
        });

        for (var i = 0; i < 30; i++)
        {
            _live.Publish(Due(users: ["anna"]));
        }

        Assert.Equal([.. Enumerable.Range(1, 30).Where(i => i != 3).Select(i => (long)i)], await seen.WaitForAsync(29));
        Assert.Equal(1, most);
        Assert.Equal("third", Assert.Single(_log.Items).Exception!.Message);
    }

    [Fact]
    public async Task SubscribeBatches_Disposed_GetsNothingMore()
    {
        var inbox = new Inbox();
        var fence = new Inbox();
        var subscription = _live.SubscribeBatches(LiveTopics.User("anna"), async batch =>
        {
            foreach (var change in batch)
            {
                await inbox.Handle(change);
            }
        });
        using var other = _live.Subscribe(LiveTopics.User("anna"), fence.Handle);
        _live.Publish(Due(users: ["anna"]));
        await inbox.WaitForAsync(1);

        subscription.Dispose();
        _live.Publish(Due(users: ["anna"]));
        await fence.WaitForAsync(2);

        Assert.Equal([1L], inbox.Sequences);
    }

    // Numbered as the outbox numbers them: 1, 2, 3... in each test.
    private CountersDue Due(string[]? users = null, int[]? pipelines = null) => new()
    {
        Sequence = ++_numbered,
        ActorId = "system",
        ActorName = "System",
        OccurredAt = new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc),
        UserIds = users ?? [],
        PipelineIds = pipelines ?? [],
    };

    /// <summary>The events one subscriber received.</summary>
    private sealed class Inbox : Recorder<CrmEvent>
    {
        public IReadOnlyList<long> Sequences => [.. Items.Select(e => e.Sequence)];

        public Task Handle(CrmEvent change)
        {
            Add(change);
            return Task.CompletedTask;
        }
    }

    /// <summary>What <see cref="LiveUpdates"/> logs.</summary>
    private sealed class ErrorLog : Recorder<(LogLevel Level, Exception? Exception)>, ILogger<LiveUpdates>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Add((logLevel, exception));
    }

    /// <summary>Items added from any thread, and a way to wait (with a timeout) until there are some number of them.</summary>
    private class Recorder<T>
    {
        private readonly List<T> _items = [];
        private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];

        public IReadOnlyList<T> Items
        {
            get
            {
                lock (_items)
                {
                    return [.. _items];
                }
            }
        }

        public void Add(T item)
        {
            lock (_items)
            {
                _items.Add(item);
                foreach (var waiter in _waiters.Where(w => _items.Count >= w.Count))
                {
                    waiter.Done.TrySetResult();
                }
            }
        }

        public async Task<IReadOnlyList<T>> WaitForAsync(int count)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_items)
            {
                _waiters.Add((count, done));
                if (_items.Count >= count)
                {
                    done.TrySetResult();
                }
            }
            await done.Task.WaitAsync(Timeout);
            return Items;
        }
    }
}
