using CrmBlazor.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Webhooks;

/// <summary>
/// Sends the stored deliveries of outgoing webhooks from this server: runs <see cref="WebhookDispatcher.RunAsync"/>,
/// which looks for due deliveries every <c>Crm:Webhooks:PollInterval</c> and at once after a commit on this server
/// stored some. Every server may run it (the leases keep one delivery with one sender, decision 021); a server started
/// with <c>Crm:Webhooks:SenderEnabled=false</c> sends none. The rules live in Core; this is only the scheduling.
/// </summary>
internal sealed class WebhookSender(WebhookDispatcher dispatcher, IOptions<WebhookOptions> options, ILogger<WebhookSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SenderEnabled)
        {
            logger.LogInformation("Webhook deliveries are not sent from this server (Crm:Webhooks:SenderEnabled is false).");
            return;
        }
        await Task.Yield();
        await dispatcher.RunAsync(stoppingToken);
    }
}
