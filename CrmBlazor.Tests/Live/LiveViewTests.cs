using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using CrmBlazor.Live;

namespace CrmBlazor.Tests.Live;

/// <summary>
/// The live helper on a manual clock, with events delivered at once on the test's thread and a component stand-in
/// whose InvokeAsync runs the work inline and whose DispatchExceptionAsync collects what it is given.
/// </summary>
public sealed class LiveViewTests
{
    private static readonly TimeSpan Interval = LiveView.ReloadInterval;
    private static readonly TimeSpan Millisecond = TimeSpan.FromMilliseconds(1);

    private readonly ManualClock _clock = new();
    private readonly InlineLiveUpdates _live = new();
    private readonly ConnectionState _connection = new();
    private readonly List<Exception> _dispatched = [];
    private int _invocations;
    private int _reloads;

    private LiveView NewView() => new(_live, _clock, _connection,
        work =>
        {
            _invocations++;
            return work();
        },
        ex =>
        {
            _dispatched.Add(ex);
            return Task.CompletedTask;
        });

    private Task CountReload()
    {
        _reloads++;
        return Task.CompletedTask;
    }

    private Task PublishAsync(string topic = "t") => _live.PublishAsync(new Ping(topic));

    [Fact]
    public async Task WatchReload_FirstEvent_ReloadsAtOnce()
    {
        using var view = NewView();
        view.WatchReload("t", CountReload);

        await PublishAsync();

        Assert.Equal((1, 0), (_reloads, _clock.ActiveTimers));
    }

    [Fact]
    public async Task WatchReload_BurstWithinTheInterval_ReloadsOnceMoreWhenTheIntervalEnds()
    {
        using var view = NewView();
        view.WatchReload("t", CountReload);
        await PublishAsync();

        for (var i = 0; i < 20; i++)
        {
            _clock.Advance(10 * Millisecond);
            await PublishAsync();
        }
        Assert.Equal(1, _reloads);
        _clock.Advance(Interval - 200 * Millisecond - Millisecond);
        Assert.Equal(1, _reloads);
        _clock.Advance(Millisecond);
        Assert.Equal(2, _reloads); // the trailing reload, after the burst's last event
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal((2, 0), (_reloads, _clock.ActiveTimers));
    }

    [Fact]
    public async Task WatchReload_EventOnceTheIntervalHasPassed_ReloadsAtOnce()
    {
        using var view = NewView();
        view.WatchReload("t", CountReload);
        await PublishAsync();
        _clock.Advance(Interval);

        await PublishAsync();

        Assert.Equal(2, _reloads);
    }

    [Fact]
    public async Task WatchReload_EventsDuringASlowReload_OneMoreReloadStartsAfterIt_SpacedByItsLength()
    {
        var gate = new TaskCompletionSource();
        var started = 0;
        using var view = NewView();
        view.WatchReload("t", () =>
        {
            started++;
            return started == 1 ? gate.Task : Task.CompletedTask;
        });
        var first = PublishAsync(); // its handler waits for the reload it started

        var during = Enumerable.Range(0, 5).Select(_ => PublishAsync()).ToList();
        _clock.Advance(100 * Millisecond);
        Assert.Equal(1, started); // never two at once
        gate.SetResult();
        await Task.WhenAll(during);
        // It took 100 ms: the next starts (ReloadSpacing - 1) times that after it ended, not ReloadInterval after its start.
        Assert.Equal((1, 1), (started, _clock.ActiveTimers));
        _clock.Advance(100 * Millisecond * (LiveView.ReloadSpacing - 1) - Millisecond);
        Assert.Equal(1, started);
        _clock.Advance(Millisecond);

        Assert.Equal((2, 0), (started, _clock.ActiveTimers));
    }

    [Fact]
    public async Task WatchReload_AVerySlowReload_KeepsTheNextWaitingMaxReloadPauseAfterIt()
    {
        var gate = new TaskCompletionSource();
        var started = 0;
        using var view = NewView();
        view.WatchReload("t", () => ++started == 1 ? gate.Task : Task.CompletedTask);
        var first = PublishAsync();
        _ = PublishAsync();
        _clock.Advance(LiveView.MaxReloadPause); // ReloadSpacing times this is far more than the bound
        gate.SetResult();
        Assert.Equal((1, 1), (started, _clock.ActiveTimers));
        _clock.Advance(LiveView.MaxReloadPause - Millisecond);
        Assert.Equal(1, started);
        _clock.Advance(Millisecond);

        Assert.Equal((2, 0), (started, _clock.ActiveTimers));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(25, 225)]
    [InlineData(100, 900)]
    [InlineData(222, 1_998)]
    [InlineData(300, 2_000)]
    public void PauseAfter_AReloadOfSomeLength_IsNineTimesIt_AtMostTheBound(int tookMs, int pauseMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(pauseMs), LiveView.PauseAfter(TimeSpan.FromMilliseconds(tookMs)));

    [Fact]
    public async Task WatchReload_EventsDuringAQuickReload_WaitForTheIntervalFromItsStart()
    {
        var gate = new TaskCompletionSource();
        var started = 0;
        using var view = NewView();
        view.WatchReload("t", () => ++started == 1 ? gate.Task : Task.CompletedTask);
        var first = PublishAsync(); // its handler waits for the reload it started
        _ = PublishAsync();
        _clock.Advance(20 * Millisecond); // ReloadSpacing times this is less than the interval

        gate.SetResult();
        Assert.Equal((1, 1), (started, _clock.ActiveTimers));
        _clock.Advance(Interval - 20 * Millisecond);

        Assert.Equal((2, 0), (started, _clock.ActiveTimers));
    }

    [Fact]
    public async Task WatchReload_EventsItsFilterRejects_DoNotReload()
    {
        using var view = NewView();
        view.WatchReload("t", CountReload, change => change is Ping { Topic: "other" });

        await PublishAsync();
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal((0, 0), (_reloads, _clock.ActiveTimers));
    }

    [Fact]
    public async Task Dispose_WithATrailingReloadWaiting_NeverReloadsAndLeavesNoTimer()
    {
        var view = NewView();
        view.WatchReload("t", CountReload);
        await PublishAsync();
        await PublishAsync();
        Assert.Equal(1, _clock.ActiveTimers);

        view.Dispose();
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal((1, 0, 0), (_reloads, _clock.ActiveTimers, _live.SubscriberCount("t")));
    }

    [Fact]
    public async Task Dispose_DuringAReload_NothingRunsAfterIt()
    {
        var gate = new TaskCompletionSource();
        var view = NewView();
        view.WatchReload("t", () =>
        {
            _reloads++;
            return gate.Task;
        });
        var first = PublishAsync(); // its handler waits for the reload it started
        _ = PublishAsync();

        view.Dispose();
        gate.SetResult();
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal((1, 0), (_reloads, _clock.ActiveTimers));
    }

    [Fact]
    public async Task Dispose_EventOnItsWay_NeverReachesTheComponent()
    {
        var view = NewView();
        var applied = 0;
        view.Watch("t", _ => applied++);
        // An event the publisher had already handed to the subscription when the component went away.
        var handler = _live.Handlers("t").Single();

        view.Dispose();
        await handler(new Ping("t"));

        Assert.Equal((0, 0), (applied, _invocations));
    }

    [Fact]
    public async Task WatchReload_ReloadThrows_GoesToDispatchExceptionAsync_AndTheNextEventReloadsAgain()
    {
        var failure = new InvalidOperationException("the database is gone");
        using var view = NewView();
        view.WatchReload("t", () => ++_reloads == 1 ? Task.FromException(failure) : Task.CompletedTask);

        await PublishAsync();
        _clock.Advance(Interval);
        await PublishAsync();

        Assert.Equal(failure, Assert.Single(_dispatched));
        Assert.Equal(2, _reloads);
    }

    [Fact]
    public async Task Watch_AppliesEveryEventInOrder_NotCoalesced_AndItsExceptionsGoToDispatchExceptionAsync()
    {
        var seen = new List<string>();
        using var view = NewView();
        view.Watch(["a", "b"], change => seen.Add(((Ping)change).Topic));
        view.Watch("boom", change => throw new InvalidOperationException("boom"));

        await PublishAsync("a");
        await PublishAsync("b");
        await PublishAsync("a");
        await PublishAsync("boom");

        Assert.Equal(["a", "b", "a"], seen);
        Assert.Equal("boom", Assert.Single(_dispatched).Message);
    }

    [Fact]
    public async Task Watch_ABatchOfEvents_IsOneTripToTheRenderer_EachAppliedInOrder_AFailureDoesNotStopTheRest()
    {
        var seen = new List<int>();
        using var view = NewView();
        view.Watch("t", change => seen.Add(((Ping)change).Number is 2 ? throw new InvalidOperationException("second") : ((Ping)change).Number));

        await _live.PublishBatchAsync("t", new Ping("t", 1), new Ping("t", 2), new Ping("t", 3));

        Assert.Equal(1, _invocations);
        Assert.Equal([1, 3], seen);
        Assert.Equal("second", Assert.Single(_dispatched).Message);
    }

    [Fact]
    public async Task WatchOfOneType_OtherEvents_NeverReachTheRenderer()
    {
        var seen = new List<int>();
        using var view = NewView();
        view.Watch<Ping>("t", ping => seen.Add(ping.Number));
        view.Watch("t", change => seen.Add(-1), change => change is Ping { Number: > 5 });

        await _live.PublishAsync(new Pong("t"));
        await _live.PublishAsync(new Ping("t", 2));
        await _live.PublishAsync(new Ping("t", 7));

        Assert.Equal([2, 7, -1], seen);
        Assert.Equal(3, _invocations); // two for the pings of the first watch, one for the second's; none for the pong
    }

    [Fact]
    public async Task Watch_AnEventFromAThreadOfAnotherCulture_IsHandledInTheCultureTheViewWasMadeIn()
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("pl"); // the circuit's
            using var view = NewView();
            var seen = new List<string>();
            view.Watch("t", _ => seen.Add(CultureInfo.CurrentUICulture.Name + "/" + CultureInfo.CurrentCulture.Name));

            // Delivered from a thread in the process's culture, as LiveUpdates' drains on the thread pool are.
            await Task.Run(async () =>
            {
                CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
                await PublishAsync();
            });

            Assert.Equal(["pl/pl"], seen);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }

    [Fact]
    public async Task WatchReload_ABatchOfEvents_ReloadsOnce()
    {
        using var view = NewView();
        view.WatchReload("t", CountReload);

        await _live.PublishBatchAsync("t", new Ping("t"), new Ping("t"), new Ping("t"));
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal((1, 1, 0), (_invocations, _reloads, _clock.ActiveTimers));
    }

    [Fact]
    public async Task Follow_AnotherTopic_UnsubscribesTheOldOne_AndSaysWhetherItChanged()
    {
        using var view = NewView();
        var watch = view.WatchReload("pipeline:1", CountReload);

        Assert.False(watch.Follow("pipeline:1"));
        Assert.True(watch.Follow("pipeline:2"));
        await PublishAsync("pipeline:1");
        Assert.Equal((0, 0, 1), (_reloads, _live.SubscriberCount("pipeline:1"), _live.SubscriberCount("pipeline:2")));
        await PublishAsync("pipeline:2");

        Assert.Equal(1, _reloads);
    }

    [Fact]
    public async Task Follow_EventOfTheOldTopicStillOnItsWay_IsDropped()
    {
        using var view = NewView();
        var watch = view.WatchReload("element:Deal:1", CountReload);
        var old = _live.Handlers("element:Deal:1").Single();

        watch.Follow("element:Deal:2");
        await old(new Ping("element:Deal:1"));

        Assert.Equal(0, _reloads);
    }

    [Fact]
    public async Task ReloadAsync_DuringALiveReload_RunsAgainRightAfterIt_WithoutWaitingForTheInterval()
    {
        var gate = new TaskCompletionSource();
        var started = 0;
        using var view = NewView();
        var watch = view.WatchReload("t", () => ++started == 1 ? gate.Task : Task.CompletedTask);
        var first = PublishAsync(); // its handler waits for the reload it started

        var own = watch.ReloadAsync();
        Assert.False(own.IsCompleted);
        gate.SetResult();
        await own;

        Assert.Equal((2, 0), (started, _clock.ActiveTimers));
    }

    [Fact]
    public async Task ReloadAsync_WithATrailingReloadWaiting_ServesItAtOnce()
    {
        using var view = NewView();
        var watch = view.WatchReload("t", CountReload);
        await PublishAsync();
        await PublishAsync();

        await watch.ReloadAsync();
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal((2, 0), (_reloads, _clock.ActiveTimers));
    }

    [Fact]
    public async Task OnReconnected_ConnectionBackAfterADrop_RunsTheHandler_UntilDisposed()
    {
        var view = NewView();
        var reconnects = 0;
        view.OnReconnected(() =>
        {
            reconnects++;
            return Task.CompletedTask;
        });

        await _connection.OnConnectionDownAsync(null!, default);
        await _connection.OnConnectionUpAsync(null!, default);
        view.Dispose();
        await _connection.OnConnectionDownAsync(null!, default);
        await _connection.OnConnectionUpAsync(null!, default);

        Assert.Equal(1, reconnects);
    }

    private sealed record Pong : CrmEvent
    {
        [SetsRequiredMembers]
        public Pong(string topic)
        {
            Topic = topic;
            ActorId = "";
            ActorName = "";
            OccurredAt = DateTime.UnixEpoch;
        }

        public string Topic { get; }

        public override IReadOnlyList<string> Topics => [Topic];
    }

    private sealed record Ping : CrmEvent
    {
        [SetsRequiredMembers]
        public Ping(string topic, int number = 0)
        {
            Topic = topic;
            Number = number;
            ActorId = "";
            ActorName = "";
            OccurredAt = DateTime.UnixEpoch;
        }

        public string Topic { get; }

        public int Number { get; }

        public override IReadOnlyList<string> Topics => [Topic];
    }

    /// <summary>Delivers each event to the subscribers of its topics at once, on the caller's thread.</summary>
    private sealed class InlineLiveUpdates : ILiveUpdates
    {
        private readonly List<(string Topic, Func<CrmEvent, Task> Handler)> _subscriptions = [];
        private readonly List<(string Topic, Func<IReadOnlyList<CrmEvent>, Task> Handler)> _batches = [];

        public long Sequence => 0;

        public IDisposable Subscribe(string topic, Func<CrmEvent, Task> handler)
        {
            var entry = (topic, handler);
            _subscriptions.Add(entry);
            return new Unsubscribe(() => _subscriptions.Remove(entry));
        }

        public IDisposable SubscribeBatches(string topic, Func<IReadOnlyList<CrmEvent>, Task> handler)
        {
            var entry = (topic, handler);
            _batches.Add(entry);
            return new Unsubscribe(() => _batches.Remove(entry));
        }

        public IDisposable SubscribeAll(Func<CrmEvent, Task> handler) => throw new NotSupportedException();

        public Task<IReadOnlyList<CrmEvent>> AppendAsync(CrmDbContext db, IReadOnlyList<CrmEvent> events, CancellationToken ct) => throw new NotSupportedException();

        public Task DeliverAsync(IReadOnlyList<CrmEvent> committed) => Task.WhenAll(committed.Select(PublishAsync));

        public Task AbandonAsync(IReadOnlyList<CrmEvent> appended) => Task.CompletedTask;

        public Task CatchUpAsync(CancellationToken ct = default) => Task.CompletedTask;

        public IDisposable OnCommitted(Action<long> handler) => new Unsubscribe(() => { });

        public Task PublishAsync(CrmEvent change) =>
            Task.WhenAll(change.Topics.SelectMany(Handlers).ToList().Select(handler => handler(change)));

        /// <summary>The events of <paramref name="topic"/> as one batch, as <see cref="LiveUpdates"/> hands over a burst that came while a subscriber was busy.</summary>
        public Task PublishBatchAsync(string topic, params CrmEvent[] batch) =>
            Task.WhenAll(_batches.Where(s => s.Topic == topic).ToList().Select(s => s.Handler(batch)));

        public IEnumerable<Func<CrmEvent, Task>> Handlers(string topic) =>
            _subscriptions.Where(s => s.Topic == topic).Select(s => s.Handler)
                .Concat(_batches.Where(s => s.Topic == topic).Select(s => (Func<CrmEvent, Task>)(change => s.Handler([change]))));

        public int SubscriberCount(string topic) => _subscriptions.Count(s => s.Topic == topic) + _batches.Count(s => s.Topic == topic);

        private sealed class Unsubscribe(Action action) : IDisposable
        {
            public void Dispose() => action();
        }
    }
}
