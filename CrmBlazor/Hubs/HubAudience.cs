using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;

namespace CrmBlazor.Hubs;

/// <summary>
/// The hub connections of this server and the topics each watches (its own user's topic always). Events are sent to
/// each connection separately, as <see cref="AccessPolicy.Shown"/> makes them for its user, rather than to SignalR
/// groups: a group cannot hold back what one of its members may not read. Each connection is kept with a way to end
/// it (<see cref="HubCallerContext.Abort"/>), for <see cref="HubSessionSweeper"/>. Thread-safe; a singleton.
/// </summary>
public sealed class HubAudience
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Watcher>> _byTopic = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Watcher> _connections = new(StringComparer.Ordinal);

    /// <param name="Abort">Ends the connection (the client sees it closed).</param>
    public sealed record Watcher(string ConnectionId, string UserId, ClaimsPrincipal User, Action Abort);

    public void Connect(HubCallerContext connection, string userId)
    {
        var watcher = new Watcher(connection.ConnectionId, userId, connection.User!, connection.Abort);
        var connectionId = connection.ConnectionId;
        _connections[connectionId] = watcher;
        Watch(connectionId, LiveTopics.User(userId));
    }

    public void Disconnect(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out _))
        {
            foreach (var watchers in _byTopic.Values)
            {
                watchers.TryRemove(connectionId, out _);
            }
        }
    }

    public void Watch(string connectionId, string topic)
    {
        if (_connections.TryGetValue(connectionId, out var watcher))
        {
            _byTopic.GetOrAdd(topic, _ => new(StringComparer.Ordinal))[connectionId] = watcher;
        }
    }

    public void Unwatch(string connectionId, string topic)
    {
        if (_byTopic.TryGetValue(topic, out var watchers))
        {
            watchers.TryRemove(connectionId, out _);
        }
    }

    /// <summary>True when <paramref name="connectionId"/> watches <paramref name="topic"/>.</summary>
    public bool IsWatching(string connectionId, string topic) =>
        _byTopic.TryGetValue(topic, out var watchers) && watchers.ContainsKey(connectionId);

    /// <summary>Every connection of this server.</summary>
    public IReadOnlyCollection<Watcher> Connections => [.. _connections.Values];

    /// <summary>The connections watching any of <paramref name="topics"/>, each once.</summary>
    public IReadOnlyCollection<Watcher> Watching(IEnumerable<string> topics)
    {
        var found = new Dictionary<string, Watcher>(StringComparer.Ordinal);
        foreach (var topic in topics)
        {
            if (_byTopic.TryGetValue(topic, out var watchers))
            {
                foreach (var (id, watcher) in watchers)
                {
                    found.TryAdd(id, watcher);
                }
            }
        }
        return found.Values;
    }
}
