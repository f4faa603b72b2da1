using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace CrmBlazor.Hubs;

/// <summary>
/// Forwards every event this server delivers (its own commits and, from the outbox, other servers'), to its hub connections that
/// watch its topics, each connection getting what <see cref="AccessPolicy.Shown"/> lets its user hear (with the user's
/// cached profile: no query per event). Client method names are the events' type discriminators (for example
/// <c>dealChanged</c>), with the event as the one argument. Each message is serialized once (per protocol) for all the
/// connections that hear the same thing, and written to each without waiting for the one before.
/// </summary>
internal sealed class HubEventForwarder(ILiveUpdates live, HubConnections connections, HubAudience audience, AccessProfiles profiles,
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
        List<Task>? writing = null;
        if (watched.Count > 0)
        {
            var shownTo = new Dictionary<string, SerializedHubMessage?>(StringComparer.Ordinal);
            // Users who are shown the same event (the same instance) share its serialized message.
            var messages = new Dictionary<CrmEvent, SerializedHubMessage>(ReferenceEqualityComparer.Instance);
            foreach (var watcher in audience.Watching(watched))
            {
                if (!shownTo.TryGetValue(watcher.UserId, out var message))
                {
                    var actor = await CurrentUser.ActorAsync(watcher.User, profiles);
                    shownTo[watcher.UserId] = message = MessageOf(AccessPolicy.Shown(change, actor), messages);
                }
                if (message is not null)
                {
                    Write(watcher, message, ref writing);
                }
            }
        }
        if (users.Count > 0)
        {
            var counters = new SerializedHubMessage(new InvocationMessage(CountersChangedMethod, []));
            foreach (var watcher in audience.Watching(users))
            {
                Write(watcher, counters, ref writing);
            }
        }
        if (writing is not null)
        {
            await Task.WhenAll(writing);
        }
    }

    private SerializedHubMessage? MessageOf(CrmEvent? shown, Dictionary<CrmEvent, SerializedHubMessage> messages)
    {
        if (shown is null)
        {
            return null;
        }
        if (!messages.TryGetValue(shown, out var message))
        {
            if (!Methods.TryGetValue(shown.GetType(), out var method))
            {
                logger.LogWarning("No hub method for {EventType}", shown.GetType().Name);
                return null;
            }
            messages[shown] = message = new SerializedHubMessage(new InvocationMessage(method, [shown]));
        }
        return message;
    }

    /// <summary>Writes to one connection; a write that waits (a full buffer, or another write to the same connection) is collected, not awaited in turn.</summary>
    private void Write(HubAudience.Watcher watcher, SerializedHubMessage message, ref List<Task>? writing)
    {
        if (!connections.TryGet(watcher.ConnectionId, out var connection))
        {
            return; // it has just ended
        }
        var write = connection.WriteAsync(message);
        if (write.IsCompletedSuccessfully)
        {
            write.GetAwaiter().GetResult();
        }
        else
        {
            (writing ??= []).Add(write.AsTask());
        }
    }
}
