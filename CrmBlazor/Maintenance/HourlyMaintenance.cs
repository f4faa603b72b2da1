namespace CrmBlazor.Maintenance;

/// <summary>
/// Once an hour (and at start-up): removes for good what has been in the recycle bin longer than 30 days
/// (<see cref="RecycleBinService.PurgeExpiredAsync"/>, decision 020), then refreshes SQLite's query-planner statistics
/// (<see cref="PlannerStatistics"/>). Several servers may run it: each delete is of rows already past their time, so
/// doing it twice removes nothing more, and the statistics are the same whoever reads them.
/// </summary>
internal sealed class HourlyMaintenance(RecycleBinService bin, PlannerStatistics statistics, TimeProvider clock, ILogger<HourlyMaintenance> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var purged = await bin.PurgeExpiredAsync(stoppingToken);
                if (purged > 0)
                {
                    logger.LogInformation("Removed {Count} records kept in the recycle bin for more than 30 days", purged);
                }
                await statistics.RefreshAsync(stoppingToken);
                await Task.Delay(TimeSpan.FromHours(1), clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The hourly maintenance failed; retrying in an hour");
                try
                {
                    await Task.Delay(TimeSpan.FromHours(1), clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }
}
