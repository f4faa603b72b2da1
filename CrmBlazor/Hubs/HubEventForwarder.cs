using System.Text.Json.Serialization;
using CrmBlazor.Core.Live;
using Microsoft.AspNetCore.SignalR;

namespace CrmBlazor.Hubs;

/// <summary>
/// Forwards every published event to the hub groups of its topics. Client method names are the events' type
/// discriminators (for example <c>dealChanged</c>), with the event as the one argument.
/// </summary>
internal sealed class HubEventForwarder(ILiveUpdates live, IHubContext<CrmHub> hub, ILogger<HubEventForwarder> logger) : IHostedService
{
    /// <summary>Each event type's JSON type discriminator, which is also its client method name.</summary>
    private static readonly Dictionary<Type, string> Methods = typeof(CrmEvent)
        .GetCustomAttributes(typeof(JsonDerivedTypeAttribute), inherit: false)
        .Cast<JsonDerivedTypeAttribute>()
        .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

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
        if (!Methods.TryGetValue(change.GetType(), out var method))
        {
            logger.LogWarning("No hub method for {EventType}", change.GetType().Name);
            return;
        }
        await hub.Clients.Groups(change.Topics).SendAsync(method, change);
    }
}
