namespace CrmBlazor.Live;

/// <summary>
/// Moves counters when nobody acts: sleeps until the next deadline or local midnight (see <see cref="DeadlineWatch"/>),
/// then tells the users concerned. A planned or changed activity wakes it early, since it may bring the next deadline
/// closer. One loop per server, not a timer per browser.
/// </summary>
internal sealed class DeadlineWatcher(DeadlineWatch watch, ILiveUpdates live, TimeProvider clock, ILogger<DeadlineWatcher> logger) : BackgroundService
{
    /// <summary>The longest sleep, so a clock change or a missed wake-up never delays counters for long.</summary>
    private static readonly TimeSpan MaxSleep = TimeSpan.FromMinutes(5);

    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = live.Subscribe(LiveTopics.Activities, _ =>
        {
            Volatile.Read(ref _wake).TrySetResult();
            return Task.CompletedTask;
        });
        var since = clock.GetUtcNow().UtcDateTime;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _wake, wake);
                var now = clock.GetUtcNow().UtcDateTime;
                var next = await watch.NextChangeAsync(now, stoppingToken);
                // Just past the deadline, so that it lies inside the (since, now] window published below.
                var delay = next - now + TimeSpan.FromMilliseconds(20);
                await Task.WhenAny(Task.Delay(delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxSleep ? MaxSleep : delay, clock, stoppingToken), wake.Task);
                stoppingToken.ThrowIfCancellationRequested();
                now = clock.GetUtcNow().UtcDateTime;
                await watch.PublishDueAsync(since, now, stoppingToken);
                since = now;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The deadline watcher failed; retrying shortly");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(10), clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }
}
