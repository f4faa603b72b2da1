using System.Diagnostics;
using System.Globalization;

namespace CrmBlazor.Live;

/// <summary>
/// The signed-in user's counters for one circuit: loaded once, reloaded whenever an event for this user arrives
/// (an activity assigned, completed or moved, a lead assigned, a deadline passing, mail filed). Components listen to
/// <see cref="Changed"/>. A burst of events (a mail batch: 10 messages and their new leads, each an event for the
/// responsible user) makes one reload after the one running, not one each: every event waiting for that next reload
/// is covered by it, since it reads after they were committed. The user's other pages reloading on the same events
/// share one read (<see cref="CounterService.GetLatestAsync"/>), and a circuit reloads at most once per
/// <see cref="LiveView.ReloadInterval"/>, as lists do.
/// </summary>
public sealed class CounterState(CounterService counters, ILiveUpdates live, CurrentUser currentUser, ILogger<CounterState> logger) : IDisposable
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private int _queued;
    private long _lastStart;
    private long _heard; // the last sequence of the events heard so far
    private CultureInfo? _culture, _uiCulture;
    private IDisposable? _subscription;
    private Task? _start;
    private volatile bool _disposed;

    public Counters Current { get; private set; } = Counters.None;

    /// <summary>Raised (on the thread pool) after <see cref="Current"/> changed.</summary>
    public event Action? Changed;

    public Task StartAsync() => _start ??= StartCoreAsync();

    private async Task StartCoreAsync()
    {
        var actor = await currentUser.GetActorAsync();
        (_culture, _uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture); // the circuit's
        if (_disposed)
        {
            return; // the circuit ended while the user was read: subscribing now would never be undone
        }
        // A batch of events (all that came while the last reload ran) makes one reload, which must read after them.
        _subscription = live.SubscribeBatches(LiveTopics.User(actor.UserId), batch =>
        {
            var last = batch.Max(e => e.Sequence);
            for (var heard = Interlocked.Read(ref _heard); heard < last; heard = Interlocked.Read(ref _heard))
            {
                if (Interlocked.CompareExchange(ref _heard, last, heard) == heard)
                {
                    break;
                }
            }
            return ReloadAsync(actor.UserId);
        });
        await ReloadAsync(actor.UserId);
    }

    private async Task ReloadAsync(string userId)
    {
        // One reload is already queued behind the running one and will read this event's change too.
        if (_disposed || Interlocked.Exchange(ref _queued, 1) == 1)
        {
            return;
        }
        // Live events come from the thread pool: Changed's listeners re-render in the circuit's culture, not its.
        if (_culture is not null && _uiCulture is not null)
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (_culture, _uiCulture);
        }
        await _reload.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }
            // At most one reload per LiveView.ReloadInterval, as lists reload: the events meanwhile wait for this one.
            if (_lastStart != 0 && Stopwatch.GetElapsedTime(_lastStart) is var since && since < LiveView.ReloadInterval)
            {
                await Task.Delay(LiveView.ReloadInterval - since);
                if (_disposed)
                {
                    return;
                }
            }
            // From here an event queues the next reload: this one may have read before its change.
            Volatile.Write(ref _queued, 0);
            _lastStart = Stopwatch.GetTimestamp();
            // Shared with the user's other pages reloading now, if that read began after every event heard here.
            var fresh = await counters.GetLatestAsync(userId, Interlocked.Read(ref _heard));
            if (fresh != Current)
            {
                Current = fresh;
                Changed?.Invoke();
            }
        }
        catch (Exception ex)
        {
            // Counters are a hint; a failed reload keeps the last ones until the next event.
            logger.LogWarning(ex, "Reloading counters failed");
        }
        finally
        {
            _reload.Release();
        }
    }

    public void Dispose()
    {
        // The semaphore is left to the collector: a reload already past the check above may still release it.
        _disposed = true;
        _subscription?.Dispose();
    }
}
