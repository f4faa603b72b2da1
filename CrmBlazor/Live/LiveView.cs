using System.Globalization;

namespace CrmBlazor.Live;

/// <summary>
/// Makes the <see cref="LiveView"/> of a component of this circuit. The component hands over its own
/// <c>InvokeAsync</c> and <c>DispatchExceptionAsync</c> (protected on ComponentBase, so as delegates):
/// <c>_live = LiveViews.For(InvokeAsync, DispatchExceptionAsync);</c>
/// Every event reaches the component only as <see cref="AccessPolicy.Shown"/> makes it for the circuit's user.
/// </summary>
public sealed class LiveViews(ILiveUpdates live, TimeProvider clock, ConnectionState connection, CurrentUser currentUser)
{
    public LiveView For(Func<Func<Task>, Task> invokeAsync, Func<Exception, Task> dispatchExceptionAsync) =>
        new(live, clock, connection, invokeAsync, dispatchExceptionAsync, currentUser.GetActorAsync);
}

/// <summary>
/// The live plumbing of one component, in one place: subscriptions to topics of <see cref="ILiveUpdates"/> (which
/// the component may change when its parameters do), each event handled on the component's renderer
/// (<c>InvokeAsync</c>), every exception handed to the circuit (<c>DispatchExceptionAsync</c>: the error boundary
/// and the log), reloads coalesced, a reload when the circuit's connection comes back, and all of it ended by
/// <see cref="Dispose"/>, after which nothing calls the component again.
/// </summary>
/// <remarks>
/// Used on the renderer only, like the component that owns it; events arrive on the thread pool and reach it through
/// <c>InvokeAsync</c>, so its state needs no lock.
/// </remarks>
public sealed class LiveView : IDisposable
{
    /// <summary>The least time from the start of one reload a watch makes for live events to the start of the next.</summary>
    public static readonly TimeSpan ReloadInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// A reload for live events keeps the next one waiting (ReloadSpacing - 1) times its own length after it ends, when
    /// that is later than <see cref="ReloadInterval"/> from its start: a page's live reloads take at most a tenth of its
    /// time (until <see cref="MaxReloadPause"/> caps the pause, past reloads of 222 ms). A reload takes longer when the
    /// server is busy (its query and render wait for the cores), so under load each page reloads less often and leaves
    /// the cores to the requests; the last event of a burst is still followed by a reload.
    /// </summary>
    public const int ReloadSpacing = 10;

    /// <summary>The longest pause <see cref="ReloadSpacing"/> makes after a reload: a busy page is never further behind than this.</summary>
    public static readonly TimeSpan MaxReloadPause = TimeSpan.FromSeconds(2);

    /// <summary>The least time from the end of a reload that took <paramref name="took"/> to the start of the next.</summary>
    public static TimeSpan PauseAfter(TimeSpan took) => took * (ReloadSpacing - 1) is var pause && pause < MaxReloadPause ? pause : MaxReloadPause;

    private readonly ILiveUpdates _live;
    private readonly ConnectionState? _connection;
    private readonly Func<Func<Task>, Task> _invokeAsync;
    private readonly Func<Exception, Task> _dispatchExceptionAsync;
    private readonly List<LiveWatch> _watches = [];
    private readonly List<Func<Task>> _onReconnected = [];
    private readonly List<IDisposable> _observed = [];
    private Action<bool>? _onConnection;
    private readonly Func<Task<Actor>>? _reader;
    private readonly IDisposable? _accessWatch;
    private volatile bool _disposed;
    private readonly CultureInfo _culture;
    private readonly CultureInfo _uiCulture;

    /// <param name="reader">
    /// The user the view shows data to (their cached access profile): every event passes
    /// <see cref="AccessPolicy.Shown"/> for them, and an <see cref="AccessChanged"/> reloads every watch. Null: events
    /// as they are (tests of the plumbing only).
    /// </param>
    public LiveView(ILiveUpdates live, TimeProvider clock, ConnectionState? connection,
        Func<Func<Task>, Task> invokeAsync, Func<Exception, Task> dispatchExceptionAsync, Func<Task<Actor>>? reader = null)
    {
        _live = live;
        Clock = clock;
        // Made on the renderer, in the circuit's culture: the work it runs there later comes from the thread pool, whose
        // culture is the process's (or another user's), so it runs in this one.
        _culture = CultureInfo.CurrentCulture;
        _uiCulture = CultureInfo.CurrentUICulture;
        _connection = connection;
        _invokeAsync = invokeAsync;
        _dispatchExceptionAsync = dispatchExceptionAsync;
        _reader = reader;
        if (reader is not null)
        {
            _accessWatch = live.SubscribeBatches(LiveTopics.Access, _ => InvokeAsync(ReloadForAccessAsync)); // one reload per burst
        }
    }

    internal TimeProvider Clock { get; }

    internal bool IsDisposed => _disposed;

    /// <summary>
    /// Calls <paramref name="apply"/> for every event of <paramref name="topics"/> as it comes, in order, not
    /// coalesced: for views that apply each change in place (the board).
    /// </summary>
    public LiveWatch Watch(IEnumerable<string> topics, Action<CrmEvent> apply) => Add(new LiveWatch(this, apply, null, null, null), topics);

    public LiveWatch Watch(string topic, Action<CrmEvent> apply) => Watch([topic], apply);

    /// <summary>
    /// Calls <paramref name="apply"/> for every event of type <typeparamref name="TEvent"/> of <paramref name="topic"/>,
    /// in order. Events of other types never reach the component: not even a trip to its renderer (a user's topic
    /// carries every event for them, and a notice wants one kind).
    /// </summary>
    public LiveWatch Watch<TEvent>(string topic, Action<TEvent> apply) where TEvent : CrmEvent =>
        // Checked again when applied: the access policy may have made the event another (ElementHidden).
        Watch(topic, change =>
        {
            if (change is TEvent wanted)
            {
                apply(wanted);
            }
        }, static change => change is TEvent);

    /// <summary>
    /// Calls <paramref name="apply"/> for every event of <paramref name="topic"/> that <paramref name="accepts"/> takes,
    /// in order; the others never reach the component. <paramref name="accepts"/> runs on the thread pool, before the
    /// trip to the renderer: it reads only the event, never the component's state.
    /// </summary>
    public LiveWatch Watch(string topic, Action<CrmEvent> apply, Func<CrmEvent, bool> accepts) =>
        Add(new LiveWatch(this, apply, null, null, accepts), [topic]);

    /// <summary>
    /// Calls <paramref name="reload"/> after events of <paramref name="topics"/> that <paramref name="reloadsOn"/>
    /// accepts (all when null; it runs on the renderer, so it may read the component's state): at once when the last
    /// reload started <see cref="ReloadInterval"/> ago or earlier (and its pause, <see cref="PauseAfter"/>, is over),
    /// otherwise once when it is, however many events arrived meanwhile; so the last event of a burst is always followed
    /// by a reload. Reloads never overlap.
    /// <paramref name="reload"/> re-renders what it changed (StateHasChanged, or a grid's ReloadServerData).
    /// </summary>
    public LiveWatch WatchReload(IEnumerable<string> topics, Func<Task> reload, Func<CrmEvent, bool>? reloadsOn = null) =>
        Add(new LiveWatch(this, null, reload, reloadsOn, null), topics);

    public LiveWatch WatchReload(string topic, Func<Task> reload, Func<CrmEvent, bool>? reloadsOn = null) =>
        WatchReload([topic], reload, reloadsOn);

    /// <summary>Calls <paramref name="handler"/> on the renderer when the circuit's connection comes back after a drop.</summary>
    public void OnReconnected(Func<Task> handler)
    {
        if (_disposed || _connection is null)
        {
            return;
        }
        if (_onReconnected.Count == 0)
        {
            _connection.Reconnected += ReconnectedAsync;
        }
        _onReconnected.Add(handler);
    }

    /// <summary>
    /// Calls <paramref name="changed"/> on the renderer each time the source <paramref name="subscribe"/> subscribes to
    /// signals, until the view is disposed: for what is live without being a committed change (who else is on the page,
    /// <see cref="Presence"/>). Disposing the result ends it sooner.
    /// </summary>
    public IDisposable Observe(Func<Action, IDisposable> subscribe, Func<Task> changed)
    {
        if (_disposed)
        {
            return Nothing.Instance;
        }
        var subscription = subscribe(() => _ = InvokeAsync(changed));
        _observed.Add(subscription);
        return subscription;
    }

    /// <summary>
    /// Calls <paramref name="handler"/> with false when the circuit's connection goes down (a tab closed, a network
    /// drop) and with true when it is up again, at once (not on the renderer), until the view is disposed.
    /// </summary>
    public void OnConnection(Action<bool> handler)
    {
        if (_disposed || _connection is null)
        {
            return;
        }
        if (_onConnection is null)
        {
            _connection.WentDown += ConnectionDown;
            _connection.CameUp += ConnectionUp;
        }
        _onConnection += handler;
    }

    private void ConnectionDown() => _onConnection?.Invoke(false);

    private void ConnectionUp() => _onConnection?.Invoke(true);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _accessWatch?.Dispose();
        foreach (var observed in _observed)
        {
            observed.Dispose();
        }
        _observed.Clear();
        if (_connection is not null && _onConnection is not null)
        {
            _connection.WentDown -= ConnectionDown;
            _connection.CameUp -= ConnectionUp;
            _onConnection = null;
        }
        if (_connection is not null && _onReconnected.Count > 0)
        {
            _connection.Reconnected -= ReconnectedAsync;
        }
        foreach (var watch in _watches)
        {
            watch.Dispose();
        }
        _watches.Clear();
    }

    internal IDisposable SubscribeBatches(string topic, Func<IReadOnlyList<CrmEvent>, Task> handler) => _live.SubscribeBatches(topic, handler);

    /// <summary>What the view's user may hear of <paramref name="change"/> (null: nothing).</summary>
    internal async Task<CrmEvent?> ShownAsync(CrmEvent change) =>
        _reader is null ? change : AccessPolicy.Shown(change, await _reader());

    /// <summary>
    /// Users, roles or departments changed: what this user may read may have too, so every reloading watch reloads and
    /// the reload-everything handlers (<see cref="OnReconnected"/>) run.
    /// </summary>
    private async Task ReloadForAccessAsync()
    {
        foreach (var watch in _watches.Where(w => w.Reloads).ToList())
        {
            await watch.ReloadAsync();
        }
        foreach (var handler in _onReconnected.ToList())
        {
            await handler();
        }
    }

    /// <summary>Runs <paramref name="work"/> on the renderer unless the view is (or by then has been) disposed; its exceptions go to the circuit.</summary>
    internal Task InvokeAsync(Func<Task> work) => _disposed ? Task.CompletedTask : _invokeAsync(async () =>
    {
        if (_disposed)
        {
            return;
        }
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        try
        {
            await work();
        }
        catch (Exception ex)
        {
            await DispatchAsync(ex);
        }
    });

    internal Task DispatchAsync(Exception ex) => _dispatchExceptionAsync(ex);

    private LiveWatch Add(LiveWatch watch, IEnumerable<string> topics)
    {
        if (!_disposed)
        {
            _watches.Add(watch);
            watch.Follow(topics);
        }
        return watch;
    }

    private Task ReconnectedAsync() => InvokeAsync(async () =>
    {
        foreach (var handler in _onReconnected.ToList())
        {
            await handler();
        }
    });
}

/// <summary>One subscription of a <see cref="LiveView"/>: its topics (see <see cref="Follow"/>), and for a reloading watch its coalescing.</summary>
public sealed class LiveWatch : IDisposable
{
    private readonly LiveView _view;
    private readonly Action<CrmEvent>? _apply;
    private readonly Func<Task>? _reload;
    private readonly Func<CrmEvent, bool>? _reloadsOn;
    private readonly Func<CrmEvent, bool>? _accepts;
    private List<IDisposable> _subscriptions = [];
    private Task _reloading = Task.CompletedTask;
    private ITimer? _timer;
    private object? _timerToken;
    private long? _lastReloadAt;
    private long _lastReloadEnd;
    private TimeSpan _pause;
    private bool _pending;
    private bool _urgent;
    private bool _running;
    private volatile bool _disposed;

    /// <param name="accepts">Which events reach the component at all; it runs on the thread pool, so it reads only the event.</param>
    internal LiveWatch(LiveView view, Action<CrmEvent>? apply, Func<Task>? reload, Func<CrmEvent, bool>? reloadsOn, Func<CrmEvent, bool>? accepts)
    {
        _accepts = accepts;
        _view = view;
        _apply = apply;
        _reload = reload;
        _reloadsOn = reloadsOn;
    }

    public IReadOnlyList<string> Topics { get; private set; } = [];

    internal bool Reloads => _reload is not null;

    /// <summary>
    /// Watches <paramref name="topics"/> from now on instead of the ones before (another pipeline, another element).
    /// True when they differ from the ones before; nothing happens after disposal.
    /// </summary>
    public bool Follow(params IEnumerable<string> topics)
    {
        var wanted = topics.Distinct(StringComparer.Ordinal).ToList();
        if (_disposed || wanted.SequenceEqual(Topics, StringComparer.Ordinal))
        {
            return false;
        }
        Unsubscribe();
        Topics = wanted;
        _subscriptions = [.. wanted.Select(topic => _view.SubscribeBatches(topic, batch => Receive(topic, batch)))];
        return true;
    }

    /// <summary>
    /// Reloads now, or right after the reload in progress, without waiting for the interval; live events waiting
    /// for a reload are served by it. For the component's own loads (first load, a filter, its own save), so no two
    /// reloads ever overlap and the last to finish is the newest.
    /// </summary>
    public Task ReloadAsync()
    {
        if (_reload is null)
        {
            throw new InvalidOperationException("Only a watch made by WatchReload reloads.");
        }
        return _disposed ? Task.CompletedTask : Request(urgent: true);
    }

    public void Dispose()
    {
        _disposed = true;
        Unsubscribe();
        CancelTimer();
    }

    /// <summary>
    /// The events of <paramref name="topic"/> that arrived since the last call (see <see cref="ILiveUpdates.SubscribeBatches"/>):
    /// what the view's user may read of them is handled in one trip to the renderer: each applied in order (a watch made by
    /// <see cref="LiveView.Watch(IEnumerable{string}, Action{CrmEvent})"/>), or one reload for all of them.
    /// </summary>
    private async Task Receive(string topic, IReadOnlyList<CrmEvent> batch)
    {
        var shown = new List<CrmEvent>(batch.Count);
        foreach (var change in batch)
        {
            if (_disposed)
            {
                return;
            }
            if (_accepts?.Invoke(change) != false && await _view.ShownAsync(change) is { } visible)
            {
                shown.Add(visible); // nothing of the others is for the view's user
            }
        }
        if (shown.Count == 0)
        {
            return;
        }
        await _view.InvokeAsync(() => OnEventsAsync(topic, shown));
    }

    private async Task OnEventsAsync(string topic, List<CrmEvent> changes)
    {
        var reload = false;
        foreach (var change in changes)
        {
            if (_disposed || !Topics.Contains(topic))
            {
                return; // disposed, or events of a topic it no longer follows that were on their way meanwhile
            }
            CrmMetrics.RecordPropagation(change, DateTime.UtcNow);
            if (_apply is null)
            {
                reload |= _reloadsOn?.Invoke(change) != false;
                continue;
            }
            try
            {
                _apply(change);
            }
            catch (Exception ex)
            {
                await _view.DispatchAsync(ex); // the batch's later events are still applied
            }
        }
        if (reload)
        {
            await Request(urgent: false); // one reload reads after every event of the batch
        }
    }

    private Task Request(bool urgent)
    {
        _pending = true;
        _urgent |= urgent;
        if (_running)
        {
            return _reloading; // it goes round once more before it ends
        }
        if (!urgent && _timer is not null)
        {
            return Task.CompletedTask; // the timer reloads once the interval has passed
        }
        CancelTimer();
        return _reloading = ReloadLoopAsync();
    }

    private async Task ReloadLoopAsync()
    {
        _running = true;
        try
        {
            while (_pending && !_disposed)
            {
                var wait = _urgent || _lastReloadAt is not { } last ? TimeSpan.Zero : LiveView.ReloadInterval - _view.Clock.GetElapsedTime(last);
                if (!_urgent && _pause - _view.Clock.GetElapsedTime(_lastReloadEnd) is var pause && pause > wait)
                {
                    wait = pause; // the last reload was slow: the page leaves the cores to others for a while
                }
                if (wait > TimeSpan.Zero)
                {
                    StartTimer(wait);
                    return;
                }
                _pending = false;
                _urgent = false;
                var began = _view.Clock.GetTimestamp();
                _lastReloadAt = began;
                try
                {
                    await _reload!();
                }
                catch (Exception ex)
                {
                    await _view.DispatchAsync(ex);
                }
                _lastReloadEnd = _view.Clock.GetTimestamp();
                _pause = LiveView.PauseAfter(_view.Clock.GetElapsedTime(began, _lastReloadEnd));
            }
        }
        finally
        {
            _running = false;
        }
    }

    private void StartTimer(TimeSpan wait)
    {
        var token = new object();
        _timerToken = token;
        _timer = _view.Clock.CreateTimer(_ => OnTimer(token), null, wait, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer(object token)
    {
        if (_disposed)
        {
            return;
        }
        // Only InvokeAsync itself could fail here (the circuit is gone); what runs inside reports its own errors.
        _ = _view.InvokeAsync(() =>
        {
            if (_disposed || !ReferenceEquals(token, _timerToken))
            {
                return Task.CompletedTask; // replaced or cancelled meanwhile
            }
            CancelTimer();
            return _running ? Task.CompletedTask : _reloading = ReloadLoopAsync();
        });
    }

    private void CancelTimer()
    {
        _timerToken = null;
        _timer?.Dispose();
        _timer = null;
    }

    private void Unsubscribe()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
        _subscriptions = [];
    }
}

/// <summary>A subscription that holds nothing.</summary>
file sealed class Nothing : IDisposable
{
    public static readonly Nothing Instance = new();

    public void Dispose()
    {
    }
}
