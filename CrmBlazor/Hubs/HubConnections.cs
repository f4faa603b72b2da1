using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace CrmBlazor.Hubs;

/// <summary>
/// <see cref="CrmHub"/>'s lifetime manager: SignalR's own (the default one, or Redis's past one server) with this
/// server's connections kept by id, so <see cref="HubEventForwarder"/> can write one serialized message to each of its
/// watchers. SignalR serializes a message once for a group, but once per connection for <c>Clients.Client(id)</c>, and
/// the forwarder's audience is per connection (each user hears what the access policy shows them), so 1,000 listeners
/// cost 1,000 serializations of the same event without it.
/// </summary>
internal sealed class HubConnections(HubLifetimeManager<CrmHub> inner) : HubLifetimeManager<CrmHub>
{
    private readonly ConcurrentDictionary<string, HubConnectionContext> _connections = new(StringComparer.Ordinal);

    /// <summary>
    /// Registers this manager in front of whichever one SignalR's registrations chose for hubs (call after
    /// <c>AddSignalR</c> and, past one server, <c>AddStackExchangeRedis</c>).
    /// </summary>
    public static void Register(IServiceCollection services)
    {
        var chosen = services.Last(d => d.ServiceType == typeof(HubLifetimeManager<>)).ImplementationType!.MakeGenericType(typeof(CrmHub));
        services.AddSingleton(chosen);
        services.AddSingleton(sp => new HubConnections((HubLifetimeManager<CrmHub>)sp.GetRequiredService(chosen)));
        services.AddSingleton<HubLifetimeManager<CrmHub>>(sp => sp.GetRequiredService<HubConnections>());
    }

    /// <summary>SignalR's own manager, which does the rest.</summary>
    internal HubLifetimeManager<CrmHub> Inner => inner;

    /// <summary>This server's connection <paramref name="connectionId"/>; false once it has ended.</summary>
    public bool TryGet(string connectionId, [NotNullWhen(true)] out HubConnectionContext? connection) =>
        _connections.TryGetValue(connectionId, out connection);

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _connections[connection.ConnectionId] = connection;
        return inner.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _connections.TryRemove(connection.ConnectionId, out _);
        return inner.OnDisconnectedAsync(connection);
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendAllAsync(methodName, args, cancellationToken);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        inner.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendConnectionAsync(connectionId, methodName, args, cancellationToken);

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken);

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendGroupAsync(groupName, methodName, args, cancellationToken);

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendGroupsAsync(groupNames, methodName, args, cancellationToken);

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        inner.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendUserAsync(userId, methodName, args, cancellationToken);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendUsersAsync(userIds, methodName, args, cancellationToken);

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        inner.AddToGroupAsync(connectionId, groupName, cancellationToken);

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        inner.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);

    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        inner.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result) =>
        inner.SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [NotNullWhen(true)] out Type? type) =>
        inner.TryGetReturnType(invocationId, out type);
}
