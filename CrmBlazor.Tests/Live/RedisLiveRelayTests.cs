using System.Text.Json;
using CrmBlazor.Live;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CrmBlazor.Tests.Live;

/// <summary>
/// The relay between servers on a real Redis: two servers on one database (its outbox holds the events), each with
/// a relay and one key, and whatever else can publish on that Redis. A relay's message only wakes the other server to
/// read the outbox (decision 022), so nothing on the Redis can put an event on a page; messages without the key, or
/// replayed, wake nothing at all (each is logged, which the tests wait for).
/// </summary>
public sealed class RedisLiveRelayTests : IClassFixture<RedisServer>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly LiveRelayKey Key = new("the-servers-shared-relay-key-0123456789"u8.ToArray());
    private readonly RedisServer _redis;
    private readonly TestDatabase _serverA = new();
    private TestDatabase _serverB = default!;
    private readonly WarningLog _warningsB = new();
    private ConnectionMultiplexer _connectionA = default!;
    private ConnectionMultiplexer _connectionB = default!;
    private RedisLiveRelay _relayA = default!;
    private RedisLiveRelay _relayB = default!;

    public RedisLiveRelayTests(RedisServer redis) => _redis = redis;

    public async Task InitializeAsync()
    {
        _serverB = _serverA.SecondServer();
        await _serverA.Live.StartAsync();
        await _serverB.Live.StartAsync();
        _connectionA = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        _connectionB = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        _relayA = new RedisLiveRelay(_serverA.Live, _connectionA, Key, TimeProvider.System, NullLogger<RedisLiveRelay>.Instance);
        _relayB = new RedisLiveRelay(_serverB.Live, _connectionB, Key, TimeProvider.System, _warningsB);
        await _relayA.StartAsync(default);
        await _relayB.StartAsync(default);
    }

    public async Task DisposeAsync()
    {
        await _relayA.StopAsync(default);
        await _relayB.StopAsync(default);
        await _connectionA.DisposeAsync();
        await _connectionB.DisposeAsync();
        await _serverB.DisposeAsync();
        await _serverA.DisposeAsync();
    }

    private static DealChanged Event(int dealId) => new()
    {
        Kind = DealChangeKind.Updated, DealId = dealId, Version = 1, ActorId = "u", ActorName = "Anna", OccurredAt = DateTime.UtcNow,
    };

    private static string Body(long sequence, DateTimeOffset sentAt) =>
        JsonSerializer.Serialize(new { serverId = "intruder", sentAt, sequence }, new JsonSerializerOptions(JsonSerializerDefaults.Web));

    [Fact]
    public async Task ACommitOnOneServer_ReachesTheOther_FromTheOutbox_WithItsSequence_Once()
    {
        var seen = new List<CrmEvent>();
        var arrived = new TaskCompletionSource();
        using var subscription = _serverB.Live.SubscribeAll(e =>
        {
            lock (seen)
            {
                seen.Add(e);
                if (seen.Count == 2)
                {
                    arrived.TrySetResult();
                }
            }
            return Task.CompletedTask;
        });

        await _serverA.Live.PublishAsync(_serverA.Factory, Event(7));
        await _serverA.Live.PublishAsync(_serverA.Factory, Event(8));
        await arrived.Task.WaitAsync(Timeout);
        await _serverB.Live.CatchUpAsync(); // nothing new: nothing delivered again

        lock (seen)
        {
            Assert.Equal([7, 8], seen.Cast<DealChanged>().Select(e => e.DealId));
            Assert.All(seen, e => Assert.True(e.IsRemote));
            Assert.Equal(_serverA.Live.Sequence, seen[^1].Sequence);
            Assert.Equal(seen[0].Sequence + 1, seen[1].Sequence);
        }
    }

    [Fact]
    public async Task UnsignedWronglySignedTamperedAndReplayedMessages_WakeNothing()
    {
        var seen = new List<CrmEvent>();
        using var subscription = _serverB.Live.SubscribeAll(e =>
        {
            lock (seen)
            {
                seen.Add(e);
            }
            return Task.CompletedTask;
        });
        // A third process commits without telling anyone: only a valid message (or the follower's next read) shows it.
        await using (var third = _serverA.SecondServer())
        {
            await third.Live.PublishAsync(third.Factory, Event(1));
        }
        var intruder = _connectionA.GetSubscriber();
        var otherKey = new LiveRelayKey("another-deployments-key-that-is-long-enough"u8.ToArray());

        await intruder.PublishAsync(RedisLiveRelay.Channel, Body(long.MaxValue, DateTimeOffset.UtcNow)); // unsigned
        await intruder.PublishAsync(RedisLiveRelay.Channel, RedisLiveRelay.Sign(otherKey, Body(long.MaxValue, DateTimeOffset.UtcNow)));
        await intruder.PublishAsync(RedisLiveRelay.Channel, RedisLiveRelay.Sign(Key, Body(long.MaxValue, DateTimeOffset.UtcNow.AddHours(-1)))); // a replay
        var signed = RedisLiveRelay.Sign(Key, Body(1, DateTimeOffset.UtcNow));
        await intruder.PublishAsync(RedisLiveRelay.Channel, signed.Replace("\"sequence\":1", "\"sequence\":9")); // tampered body
        await intruder.PublishAsync(RedisLiveRelay.Channel, "v1.!!!.{}");

        await _warningsB.WaitForAsync(5);
        lock (seen)
        {
            Assert.Empty(seen);
        }

        // A message with the servers' key wakes it: the event comes from the outbox.
        await intruder.PublishAsync(RedisLiveRelay.Channel, RedisLiveRelay.Sign(Key, Body(long.MaxValue, DateTimeOffset.UtcNow)));
        await WaitAsync(() =>
        {
            lock (seen)
            {
                return seen.Count == 1;
            }
        });
        Assert.Equal(1, Assert.IsType<DealChanged>(seen.Single()).DealId);
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>Counts the relay's warnings, and lets a test wait until there are some number of them.</summary>
    private sealed class WarningLog : ILogger<RedisLiveRelay>
    {
        private readonly Lock _lock = new();
        private int _count;
        private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel < LogLevel.Warning)
            {
                return;
            }
            lock (_lock)
            {
                _count++;
                _waiters.Where(w => _count >= w.Count).ToList().ForEach(w => w.Done.TrySetResult());
            }
        }

        public Task WaitForAsync(int count)
        {
            lock (_lock)
            {
                if (_count >= count)
                {
                    return Task.CompletedTask;
                }
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((count, done));
                return done.Task.WaitAsync(Timeout);
            }
        }
    }

    [Fact]
    public void Key_MissingOrShort_StopsTheStartWithAMessage()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [LiveRelayKey.Setting] = "short" }).Build();

        var error = Assert.Throws<CrmBlazor.Core.Seeding.CrmStartupException>(() => { _ = LiveRelayKey.From(configuration); });

        Assert.Contains("Crm:LiveRelay:Key", error.Message);
    }
}
