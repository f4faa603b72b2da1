using CrmBlazor.Core.Live;
using Microsoft.AspNetCore.SignalR;

namespace CrmBlazor.Hubs;

/// <summary>
/// Forwards every published event to the hub groups of its topics. Client method names are the events' type
/// discriminators (for example <c>dealChanged</c>), with the event as the one argument.
/// </summary>
internal sealed class HubEventForwarder(ILiveUpdates live, IHubContext<CrmHub> hub, ILogger<HubEventForwarder> logger) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = live.SubscribeAll(ForwardAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private async Task ForwardAsync(CrmEvent change)
    {
        if (change.IsRemote)
        {
            return; // its own server sent it to the hub groups, and the backplane to every server's clients
        }
        var method = change switch
        {
            DealChanged => "dealChanged",
            LeadChanged => "leadChanged",
            _ => null,
        };
        if (method is null)
        {
            logger.LogWarning("No hub method for {EventType}", change.GetType().Name);
            return;
        }
        await hub.Clients.Groups(change.Topics).SendAsync(method, change);
    }
}
