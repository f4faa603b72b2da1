using CrmBlazor.Core.Reports;

namespace CrmBlazor.Maintenance;

/// <summary>
/// Every <see cref="Interval"/> (and at start-up), merges the funnel roll-up's rows not merged yet
/// (<see cref="FunnelRollupCompactor"/>, decision 004; PostgreSQL only, nothing to do on SQLite). The funnel is exact
/// whether it ran or not: merging only keeps the rows few.
/// </summary>
internal sealed class FunnelRollupCompaction(FunnelRollupCompactor compactor, TimeProvider clock, ILogger<FunnelRollupCompaction> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await compactor.CompactAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Merging the funnel roll-up's rows failed; retrying in {Interval}", Interval);
            }
            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
