using System.Text.Json;
using StackExchange.Redis;

namespace CrmBlazor.Live;

/// <summary>
/// Presence past one server: every change of this server's seats goes to a Redis channel of its own (signed like the
/// live events, with <c>Crm:LiveRelay:Key</c>), every <see cref="Presence.Heartbeat"/> all its seats go too, and what
/// the other servers send is given to this server's <see cref="Presence"/>, which drops another server's seats
/// <see cref="Presence.RemoteLifetime"/> after it was last heard of. Active when <c>ConnectionStrings:Redis</c> is set.
/// </summary>
internal sealed class RedisPresenceRelay(Presence presence, IConnectionMultiplexer redis, LiveRelayKey key, TimeProvider clock,
    ILogger<RedisPresenceRelay> logger) : BackgroundService
{
    internal static readonly RedisChannel Channel = RedisChannel.Literal("crm:presence");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var subscriber = redis.GetSubscriber();
        var queue = await subscriber.SubscribeAsync(Channel);
        queue.OnMessage(Receive);
        void Send(PresenceMessage message) => _ = SendAsync(subscriber, message);
        presence.Sent += Send;
        try
        {
            using var timer = new PeriodicTimer(Presence.Heartbeat, clock);
            do
            {
                await SendAsync(subscriber, presence.Snapshot());
                presence.Expire();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            presence.Sent -= Send;
            await subscriber.UnsubscribeAsync(Channel);
        }
    }

    private async Task SendAsync(ISubscriber subscriber, PresenceMessage message)
    {
        try
        {
            await subscriber.PublishAsync(Channel, RedisLiveRelay.Sign(key, JsonSerializer.Serialize(message, Json)));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The next heartbeat says it all again.
            logger.LogWarning(ex, "Could not send presence to the other servers");
        }
    }

    private void Receive(ChannelMessage message)
    {
        try
        {
            if (RedisLiveRelay.Verify(key, message.Message.ToString()) is not { } body)
            {
                logger.LogWarning("Dropped a message on the presence channel without a valid signature");
                return;
            }
            if (JsonSerializer.Deserialize<PresenceMessage>(body, Json) is { } received)
            {
                presence.Receive(received);
            }
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            logger.LogError(ex, "Dropped a presence message that could not be read");
        }
    }
}
