using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;

namespace CrmBlazor.Hubs;

/// <summary>
/// Forwards every event this server delivers (its own commits and, from the outbox, other servers'), to its hub connections that
/// watch its topics, each connection getting what <see cref="AccessPolicy.Shown"/> lets its user hear (with the user's
/// cached profile: no query per event). Client method names are the events' type discriminators (for example
/// <c>dealChanged</c>), with the event as the one argument.
/// </summary>
internal sealed class HubEventForwarder(ILiveUpdates live, IHubContext<CrmHub> hub, HubAudience audience, AccessProfiles profiles,
    ILogger<HubEventForwarder> logger) : IHostedService
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
        // The event goes to the connections that watch what it is about, each once. A user's own topic (every
        // connection has it) gets only a "countersChanged" hint instead, so no connection hears the same event twice
        // for being both the responsible user and a watcher of, say, the leads.
        var users = change.Topics.Where(LiveTopics.IsUser).ToHashSet(StringComparer.Ordinal);
        var watched = change.Topics.Where(t => !LiveTopics.IsUser(t)).ToList();
        if (watched.Count > 0)
        {
            var shownTo = new Dictionary<string, CrmEvent?>(StringComparer.Ordinal);
            foreach (var watcher in audience.Watching(watched))
            {
                if (!shownTo.TryGetValue(watcher.UserId, out var shown))
                {
                    var actor = await CurrentUser.ActorAsync(watcher.User, profiles);
                    shownTo[watcher.UserId] = shown = AccessPolicy.Shown(change, actor);
                }
                if (shown is null)
                {
                    continue;
                }
                if (!Methods.TryGetValue(shown.GetType(), out var method))
                {
                    logger.LogWarning("No hub method for {EventType}", shown.GetType().Name);
                    continue;
                }
                await hub.Clients.Client(watcher.ConnectionId).SendAsync(method, shown);
            }
        }
        if (users.Count > 0)
        {
            foreach (var watcher in audience.Watching(users))
            {
                await hub.Clients.Client(watcher.ConnectionId).SendAsync(CountersChangedMethod);
            }
        }
    }
}
