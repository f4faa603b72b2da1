using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Live;

/// <summary>
/// Keeps this server's delivery of live events up with the outbox (decision 022). At start it sets where delivery
/// begins (the outbox's last event, before any page opens); then every <see cref="Interval"/> it delivers what other
/// servers or processes committed, which the Redis relay's wake-up usually delivered already; and every hour it prunes
/// events older than <see cref="LiveUpdates.Retention"/>.
/// </summary>
internal sealed class LiveOutboxFollower(ILiveUpdates live, IDbContextFactory<CrmDbContext> contextFactory, TimeProvider clock,
    ILogger<LiveOutboxFollower> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (live is LiveUpdates updates)
        {
            await updates.StartAsync(cancellationToken);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pruned = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(Interval, clock);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                await live.CatchUpAsync(stoppingToken);
                if (clock.GetUtcNow() - pruned >= PruneInterval)
                {
                    pruned = clock.GetUtcNow();
                    await using var db = await contextFactory.CreateDbContextAsync(stoppingToken);
                    var removed = await LiveUpdates.PruneAsync(db, (pruned - LiveUpdates.Retention).UtcDateTime, stoppingToken);
                    logger.LogDebug("Pruned {Count} live events older than {Retention}", removed, LiveUpdates.Retention);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Reading the live events' outbox failed; trying again in {Interval}", Interval);
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
