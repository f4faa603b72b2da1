using System.Text.Json;
using CrmBlazor.Live;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CrmBlazor.Tests.Live;

/// <summary>
/// The relay between servers on a real Redis: two relays (two "servers") with one key, and whatever else can publish
/// on that Redis. What a server must not show is checked behind a signed marker that it did show: one subscription
/// handles a channel's messages in the order Redis sent them.
/// </summary>
public sealed class RedisLiveRelayTests : IClassFixture<RedisServer>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly LiveRelayKey Key = new("the-servers-shared-relay-key-0123456789"u8.ToArray());
    private readonly RedisServer _redis;
    private readonly LiveUpdates _liveA = new(NullLogger<LiveUpdates>.Instance);
    private readonly LiveUpdates _liveB = new(NullLogger<LiveUpdates>.Instance);
    private ConnectionMultiplexer _connectionA = default!;
    private ConnectionMultiplexer _connectionB = default!;
    private RedisLiveRelay _relayA = default!;
    private RedisLiveRelay _relayB = default!;

    public RedisLiveRelayTests(RedisServer redis) => _redis = redis;

    public async Task InitializeAsync()
    {
        _connectionA = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        _connectionB = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        _relayA = new RedisLiveRelay(_liveA, _connectionA, Key, TimeProvider.System, NullLogger<RedisLiveRelay>.Instance);
        _relayB = new RedisLiveRelay(_liveB, _connectionB, Key, TimeProvider.System, NullLogger<RedisLiveRelay>.Instance);
        await _relayA.StartAsync(default);
        await _relayB.StartAsync(default);
    }

    public async Task DisposeAsync()
    {
        await _relayA.StopAsync(default);
        await _relayB.StopAsync(default);
        await _connectionA.DisposeAsync();
        await _connectionB.DisposeAsync();
    }

    private static DealChanged Event(int dealId) => new()
    {
        Kind = DealChangeKind.Updated, DealId = dealId, Version = 1, ActorId = "u", ActorName = "Anna", OccurredAt = DateTime.UtcNow,
    };

    private static string Body(DealChanged change, DateTimeOffset sentAt) =>
        JsonSerializer.Serialize(new { serverId = "intruder", sentAt, change = (CrmEvent)change }, new JsonSerializerOptions(JsonSerializerDefaults.Web));

    [Fact]
    public async Task UnsignedWronglySignedAndReplayedMessages_AreDropped_SignedEventsArrive()
    {
        var seen = new List<int>();
        var marker = new TaskCompletionSource();
        using var subscription = _liveB.SubscribeAll(e =>
        {
            if (e is DealChanged { DealId: var id })
            {
                lock (seen)
                {
                    seen.Add(id);
                }
                if (id == 999)
                {
                    marker.TrySetResult();
                }
            }
            return Task.CompletedTask;
        });
        var intruder = _connectionA.GetSubscriber();
        var otherKey = new LiveRelayKey("another-deployments-key-that-is-long-enough"u8.ToArray());

        await intruder.PublishAsync(RedisLiveRelay.Channel, Body(Event(1), DateTimeOffset.UtcNow)); // unsigned
        await intruder.PublishAsync(RedisLiveRelay.Channel, RedisLiveRelay.Sign(otherKey, Body(Event(2), DateTimeOffset.UtcNow)));
        await intruder.PublishAsync(RedisLiveRelay.Channel, RedisLiveRelay.Sign(Key, Body(Event(3), DateTimeOffset.UtcNow.AddHours(-1)))); // a replay
        var signed = RedisLiveRelay.Sign(Key, Body(Event(4), DateTimeOffset.UtcNow));
        await intruder.PublishAsync(RedisLiveRelay.Channel, signed.Replace("\"dealId\":4", "\"dealId\":5")); // tampered body
        await intruder.PublishAsync(RedisLiveRelay.Channel, "v1.!!!.{}");
        _liveA.Publish(Event(999)); // server A's own event, relayed and signed

        await marker.Task.WaitAsync(Timeout);
        lock (seen)
        {
            Assert.Equal([999], seen);
        }
    }

    [Fact]
    public async Task ASignedMessageWithTheSharedKey_IsShownAsARemoteEvent()
    {
        var arrived = new TaskCompletionSource<CrmEvent>();
        using var subscription = _liveB.SubscribeAll(e =>
        {
            arrived.TrySetResult(e);
            return Task.CompletedTask;
        });

        await _connectionA.GetSubscriber().PublishAsync(RedisLiveRelay.Channel, RedisLiveRelay.Sign(Key, Body(Event(7), DateTimeOffset.UtcNow)));

        var received = Assert.IsType<DealChanged>(await arrived.Task.WaitAsync(Timeout));
        Assert.Equal((7, true), (received.DealId, received.IsRemote));
    }

    [Fact]
    public void Key_MissingOrShort_StopsTheStartWithAMessage()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [LiveRelayKey.Setting] = "short" }).Build();

        var error = Assert.Throws<CrmBlazor.Core.Seeding.CrmStartupException>(() => { _ = LiveRelayKey.From(configuration); });

        Assert.Contains("Crm:LiveRelay:Key", error.Message);
    }
}
