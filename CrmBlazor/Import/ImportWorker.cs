using CrmBlazor.Core.Import;

namespace CrmBlazor.Import;

/// <summary>
/// Runs imports in the background, one at a time, outside any user's circuit: a user may leave the page, close the tab
/// or start another import while it runs. At start, runs a previous process left unfinished are marked failed.
/// </summary>
internal sealed class ImportWorker(ImportQueue queue, LeadImportService imports, ILogger<ImportWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var interrupted = await imports.FailInterruptedAsync(stoppingToken);
            if (interrupted > 0)
            {
                logger.LogWarning("{Count} import runs were left unfinished by the last process and are marked failed.", interrupted);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not check for unfinished import runs.");
        }
        await foreach (var runId in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await imports.RunAsync(runId, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Import run {RunId} failed.", runId);
            }
        }
    }
}
