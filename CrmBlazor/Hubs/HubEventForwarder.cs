using System.Text.Json.Serialization;
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

    /// <summary>Tells a user's connections that their counters may have changed (see <see cref="CrmHub"/>).</summary>
    public const string CountersChangedMethod = "countersChanged";

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
        // The event goes to the groups that watch what it is about. A user's own group (every connection is in it)
        // gets only a "countersChanged" hint instead, so no connection hears the same event twice for being both
        // the responsible user and a watcher of, say, the leads.
        var users = change.Topics.Where(LiveTopics.IsUser).ToList();
        var watched = change.Topics.Where(t => !LiveTopics.IsUser(t)).ToList();
        if (watched.Count > 0)
        {
            await hub.Clients.Groups(watched).SendAsync(method, change);
        }
        if (users.Count > 0)
        {
            await hub.Clients.Groups(users).SendAsync(CountersChangedMethod);
        }
    }
}
