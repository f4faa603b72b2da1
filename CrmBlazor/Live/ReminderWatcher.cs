namespace CrmBlazor.Live;

/// <summary>
/// Sends reminders before deadlines: sleeps until the next reminder is due (see <see cref="ReminderService"/>), then
/// claims and publishes the due ones. A planned or changed activity (here or, from the outbox, on another server)
/// wakes it early, since it may bring the next reminder closer. One loop per server; the claim in the database makes
/// each reminder go out once however many servers run it.
/// </summary>
internal sealed class ReminderWatcher(ReminderService reminders, ILiveUpdates live, TimeProvider clock, ILogger<ReminderWatcher> logger) : BackgroundService
{
    /// <summary>The longest sleep, so a clock change, a missed wake-up or another server's change never delays a reminder long.</summary>
    private static readonly TimeSpan MaxSleep = TimeSpan.FromMinutes(1);

    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = live.Subscribe(LiveTopics.Activities, _ =>
        {
            Volatile.Read(ref _wake).TrySetResult();
            return Task.CompletedTask;
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _wake, wake);
                await reminders.SendDueAsync(stoppingToken);
                var now = clock.GetUtcNow().UtcDateTime;
                var next = await reminders.NextDueAsync(now, stoppingToken);
                var delay = next is { } at ? at - now + TimeSpan.FromMilliseconds(20) : MaxSleep;
                await Task.WhenAny(Task.Delay(delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxSleep ? MaxSleep : delay, clock, stoppingToken), wake.Task);
                stoppingToken.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The reminder watcher failed; retrying shortly");
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
