using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CrmBlazor.Core.Seeding;
using StackExchange.Redis;

namespace CrmBlazor.Live;

/// <summary>The shared secret that signs the relay's messages (<c>Crm:LiveRelay:Key</c>).</summary>
internal sealed record LiveRelayKey(byte[] Value)
{
    public const string Setting = "Crm:LiveRelay:Key";
    public const int MinLength = 32;

    /// <summary>The configured key; required (at least 32 characters) when the servers share a Redis.</summary>
    public static LiveRelayKey From(IConfiguration configuration) =>
        configuration[Setting] is { Length: >= MinLength } key
            ? new LiveRelayKey(Encoding.UTF8.GetBytes(key))
            : throw new CrmStartupException(
                $"ConnectionStrings:Redis is set, so {Setting} is required: a random secret of at least {MinLength} characters, the same on every server (it signs the live events the servers relay to each other).");
}

/// <summary>
/// Scale-out for the pages' live events: the events themselves are in the shared database's outbox (decision 022);
/// after each commit on this server, the relay tells the other servers on a Redis channel the commit's last sequence,
/// and a server that hears it delivers what the outbox holds past its own last delivered event to its pages and hub
/// connections (<see cref="ILiveUpdates.CatchUpAsync"/>), in order and once. A lost message costs only time: every
/// server also reads the outbox every second (<see cref="LiveOutboxFollower"/>). Active when <c>ConnectionStrings:Redis</c> is set.
/// </summary>
/// <remarks>
/// Each message is <c>v1.{HMAC-SHA256 of the body, base64}.{body}</c> with the servers' shared key, and its body says
/// when it was sent: a message without a valid signature (anything else that can publish on the Redis) or older than
/// <see cref="MaxAge"/> (a replay) is dropped and logged, never shown on a page.
/// </remarks>
internal sealed class RedisLiveRelay(ILiveUpdates live, IConnectionMultiplexer redis, LiveRelayKey key, TimeProvider clock, ILogger<RedisLiveRelay> logger) : IHostedService
{
    internal static readonly RedisChannel Channel = RedisChannel.Literal("crm:live-events");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    internal static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(2);
    private const string Version = "v1";
    private readonly string _serverId = Guid.NewGuid().ToString("N");
    private IDisposable? _subscription;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var subscriber = redis.GetSubscriber();
        var queue = await subscriber.SubscribeAsync(Channel);
        queue.OnMessage(ReceiveAsync);
        _subscription = live.OnCommitted(sequence => _ = SendAsync(subscriber, sequence));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        await redis.GetSubscriber().UnsubscribeAsync(Channel);
    }

    private async Task SendAsync(ISubscriber subscriber, long sequence)
    {
        try
        {
            await subscriber.PublishAsync(Channel, Sign(key, JsonSerializer.Serialize(new Envelope(_serverId, clock.GetUtcNow(), sequence), Json)));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not tell the other servers of live event {Sequence}: they read it from the outbox within a second", sequence);
        }
    }

    /// <summary>A message as the relay writes it: version, signature and body.</summary>
    internal static string Sign(LiveRelayKey key, string body) =>
        $"{Version}.{Convert.ToBase64String(HMACSHA256.HashData(key.Value, Encoding.UTF8.GetBytes(body)))}.{body}";

    internal static string? Verify(LiveRelayKey key, string message)
    {
        var parts = message.Split('.', 3);
        if (parts.Length != 3 || parts[0] != Version)
        {
            return null;
        }
        Span<byte> given = stackalloc byte[32];
        if (!Convert.TryFromBase64String(parts[1], given, out var length) || length != 32)
        {
            return null;
        }
        var expected = HMACSHA256.HashData(key.Value, Encoding.UTF8.GetBytes(parts[2]));
        return CryptographicOperations.FixedTimeEquals(given, expected) ? parts[2] : null;
    }

    private async Task ReceiveAsync(ChannelMessage message)
    {
        try
        {
            if (Verify(key, message.Message.ToString()) is not { } body)
            {
                logger.LogWarning("Dropped a message on the live relay channel without a valid signature (is something else publishing on {Channel}, or do the servers' {Setting} differ?)", Channel.ToString(), LiveRelayKey.Setting);
                return;
            }
            var envelope = JsonSerializer.Deserialize<Envelope>(body, Json);
            if (envelope is null || envelope.ServerId == _serverId)
            {
                return;
            }
            if ((clock.GetUtcNow() - envelope.SentAt).Duration() > MaxAge)
            {
                logger.LogWarning("Dropped a live event relayed at {SentAt}: older than {MaxAge} (a replay, or the servers' clocks differ)", envelope.SentAt, MaxAge);
                return;
            }
            if (envelope.Sequence > live.Sequence)
            {
                await live.CatchUpAsync();
            }
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            logger.LogError(ex, "Dropped a live event from Redis that could not be read");
        }
        catch (System.Data.Common.DbException ex)
        {
            logger.LogWarning(ex, "Could not read the outbox after another server's commit: the next read (within a second) delivers it");
        }
    }

    private sealed record Envelope(string ServerId, DateTimeOffset SentAt, long Sequence);
}
