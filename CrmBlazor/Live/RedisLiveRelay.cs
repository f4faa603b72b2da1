using System.Text.Json;
using StackExchange.Redis;

namespace CrmBlazor.Live;

/// <summary>
/// Scale-out for the pages' live events: every event committed on this server is published to a Redis channel, and
/// every event another server published there is dispatched to this server's pages once. Hub clients are served by
/// the SignalR Redis backplane instead (the origin server forwards, so nothing reaches a client twice).
/// Active when <c>ConnectionStrings:Redis</c> is set.
/// </summary>
internal sealed class RedisLiveRelay(ILiveUpdates live, IConnectionMultiplexer redis, ILogger<RedisLiveRelay> logger) : IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("crm:live-events");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _serverId = Guid.NewGuid().ToString("N");
    private IDisposable? _subscription;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var subscriber = redis.GetSubscriber();
        var queue = await subscriber.SubscribeAsync(Channel);
        queue.OnMessage(ReceiveAsync);
        _subscription = live.SubscribeAll(change => change.IsRemote ? Task.CompletedTask : SendAsync(subscriber, change));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        await redis.GetSubscriber().UnsubscribeAsync(Channel);
    }

    private Task SendAsync(ISubscriber subscriber, CrmEvent change) =>
        subscriber.PublishAsync(Channel, JsonSerializer.Serialize(new Envelope(_serverId, change), Json));

    private async Task ReceiveAsync(ChannelMessage message)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(message.Message.ToString(), Json);
            if (envelope is null || envelope.ServerId == _serverId)
            {
                return;
            }
            using (await live.EnterCommitAsync())
            {
                live.Publish(envelope.Change with { IsRemote = true });
            }
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            logger.LogError(ex, "Dropped a live event from Redis that could not be read");
        }
    }

    private sealed record Envelope(string ServerId, CrmEvent Change);
}
