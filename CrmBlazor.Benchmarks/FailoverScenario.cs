using System.Diagnostics;
using CrmBlazor.Components.Pages.Deals;
using CrmBlazor.Core;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// Issue 17's proof (4), `reliability-failover`: two servers over one PostgreSQL database. Server B is the real app in
/// this process (its <c>LiveOutboxFollower</c> reads what other servers commit), with <see cref="Boards"/> boards open:
/// each a <see cref="BoardState"/> (the board page's own model) loaded and fed by B's live path exactly as the page does
/// (subscribe, read the board with its sequence, apply each later event). Server A is another process moving deals
/// through the real write path in a burst (<see cref="Movers"/> concurrent movers on <see cref="SharedDeals"/> deals,
/// conflicts retried with the version they are told), killed with SIGKILL at a random moment, <see cref="Kills"/>
/// times. After each kill, once B has delivered up to the outbox's last event, every board on B must agree with the
/// database: each column's count and sums, and every card it shows in its column with its version.
/// </summary>
internal static class FailoverScenario
{
    public const string ChildCommand = "reliability-failover-mover";
    public const int Boards = 20;
    public const int Movers = 8;
    public const int SharedDeals = 16;

    public static int Kills => int.TryParse(Environment.GetEnvironmentVariable("CRM_BENCH_FAILOVER_KILLS"), out var k) ? k : 20;

    public sealed record Result(int Kills, int MovesAcknowledged, int Checks, int Disagreements, string? FirstDisagreement, Summary CaughtUp, double Seconds);

    public static async Task<Result> RunAsync()
    {
        using var postgres = new PostgresServer();
        var database = postgres.NewDatabase();
        await using var serverB = await CrmApp.StartAsync(settings: new Dictionary<string, string>
        {
            ["Crm:DatabaseProvider"] = "Postgres",
            ["ConnectionStrings:Crm"] = database,
        });
        var services = serverB.Services;
        var live = services.GetRequiredService<ILiveUpdates>();
        var boardsService = services.GetRequiredService<DealBoardService>();
        var dealService = services.GetRequiredService<DealService>();
        var contexts = services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        var manager = await ActorAsync(contexts, "manager@demo.crm");

        // The deals server A moves: new ones, in the first stage of the default pipeline.
        var first = (await boardsService.GetBoardAsync(null, manager))!;
        var stages = first.Columns.Where(c => c.Stage.Kind == StageKind.Open).Select(c => c.Stage.Id).ToList(); // won and lost need a closing of their own
        var deals = new List<int>();
        for (var i = 0; i < SharedDeals; i++)
        {
            var created = await dealService.CreateAsync(new DealInput { Title = $"Failover {i}", Amount = 1000m + i, Currency = "PLN", StageId = stages[0] }, manager);
            deals.Add(created.Value!.Id);
        }

        var boards = new List<LiveBoard>();
        for (var i = 0; i < Boards; i++)
        {
            boards.Add(await LiveBoard.OpenAsync(live, boardsService, first.Pipeline.Id, manager));
        }

        // Every event of the pipeline server B delivers, counted as it is delivered (inline, before B's sequence moves
        // on); each board, whose handlers run on the thread pool as a page's do, has caught up once it has as many.
        long delivered = 0;
        var pipelineTopic = LiveTopics.Pipeline(first.Pipeline.Id);
        using var counter = live.SubscribeAll(change =>
        {
            if (change is DealChanged && change.Topics.Contains(pipelineTopic))
            {
                Interlocked.Increment(ref delivered);
            }
            return Task.CompletedTask;
        });

        var random = new Random(17);
        var acknowledged = 0;
        var checks = 0;
        var disagreements = 0;
        string? firstDisagreement = null;
        var caughtUp = new Samples("server B caught up after the kill (ms)");
        var clock = Stopwatch.StartNew();
        for (var kill = 1; kill <= Kills; kill++)
        {
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var child = Process.Start(ChildStart(database, deals, stages))!;
            child.OutputDataReceived += (_, e) =>
            {
                if (e.Data == "ack")
                {
                    Interlocked.Increment(ref acknowledged);
                    ready.TrySetResult();
                }
            };
            child.ErrorDataReceived += (_, e) =>
            {
                if (!string.IsNullOrWhiteSpace(e.Data))
                {
                    Console.Error.WriteLine($"[kill {kill}] server A: {e.Data}");
                }
            };
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await Task.Delay(random.Next(0, 1000)); // the burst runs on for a random while
            child.Kill(); // SIGKILL on Linux
            await child.WaitForExitAsync();

            // Server B delivers what A committed: its follower reads the outbox (every second; Redis would wake it sooner).
            var killedAt = Stopwatch.GetTimestamp();
            long last;
            await using (var db = await contexts.CreateDbContextAsync())
            {
                last = await LiveUpdates.LastSequenceAsync(db, CancellationToken.None);
            }
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (live.Sequence < last || boards.Any(b => b.Received != Interlocked.Read(ref delivered)))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Server B delivered up to {live.Sequence}, the outbox holds {last}; boards applied {string.Join(", ", boards.Select(b => b.Received).Distinct())} of {delivered} events.");
                }
                await Task.Delay(10); // a condition, re-checked, with a deadline
            }
            caughtUp.Add(Stopwatch.GetElapsedTime(killedAt).TotalMilliseconds);

            foreach (var board in boards)
            {
                checks++;
                var fresh = (await boardsService.GetBoardAsync(first.Pipeline.Id, manager))!;
                if (board.Differences(fresh, await CurrentAsync(contexts, deals)) is { } difference)
                {
                    disagreements++;
                    firstDisagreement ??= $"kill {kill}: {difference}";
                    Console.WriteLine($"[kill {kill}] a board on server B disagrees with the database: {difference}");
                }
            }
            if (kill % 5 == 0)
            {
                Console.WriteLine($"[reliability-failover] {kill} kills, {acknowledged:N0} moves acknowledged, {clock.Elapsed.TotalSeconds:0} s");
            }
        }
        foreach (var board in boards)
        {
            board.Dispose();
        }
        return new Result(Kills, acknowledged, checks, disagreements, firstDisagreement, caughtUp.Summarize(), clock.Elapsed.TotalSeconds);
    }

    /// <summary>Server A: <see cref="Movers"/> movers moving the deals to random stages until killed, printing "ack" after each commit.</summary>
    public static async Task<int> MoverAsync(string database, IReadOnlyList<int> deals, IReadOnlyList<int> stages)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Crm"] = database,
            ["Crm:DatabaseProvider"] = "Postgres",
        }).Build();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddCrmCore(configuration, AppContext.BaseDirectory);
        await using var services = collection.BuildServiceProvider();
        var dealService = services.GetRequiredService<DealService>();
        var manager = await ActorAsync(services.GetRequiredService<IDbContextFactory<CrmDbContext>>(), "manager@demo.crm");
        var output = Console.Out;
        var gate = new SemaphoreSlim(1);

        async Task MoveAsync(int seed)
        {
            var random = new Random(seed);
            var versions = new Dictionary<int, int>();
            while (true)
            {
                var deal = deals[random.Next(deals.Count)];
                var moved = await dealService.MoveAsync(new MoveDeal(deal, stages[random.Next(stages.Count)], versions.GetValueOrDefault(deal, 1)), manager);
                if (moved.IsOk || moved.Status == ResultStatus.Conflict)
                {
                    versions[deal] = moved.Value!.Version; // a conflict says the current version: the next try uses it
                }
                else
                {
                    await Console.Error.WriteLineAsync($"refused: {moved.Status} {moved.MessageKey}");
                    Environment.Exit(1);
                }
                if (moved.IsOk)
                {
                    await gate.WaitAsync();
                    try
                    {
                        await output.WriteLineAsync("ack");
                        await output.FlushAsync();
                    }
                    finally
                    {
                        gate.Release();
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Movers).Select(i => Task.Run(() => MoveAsync(i + Environment.ProcessId))));
        return 0;
    }

    /// <summary>The actor of a user of the demo team, roles and all.</summary>
    internal static async Task<Actor> ActorAsync(IDbContextFactory<CrmDbContext> contexts, string email)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var roles = await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToArrayAsync();
        return Actor.Create(user.Id, user.DisplayName, roles);
    }

    private static async Task<IReadOnlyDictionary<int, (int StageId, int Version)>> CurrentAsync(IDbContextFactory<CrmDbContext> contexts, IReadOnlyList<int> deals)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Deals.Where(d => deals.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => (d.StageId, d.Version));
    }

    private static ProcessStartInfo ChildStart(string database, IReadOnlyList<int> deals, IReadOnlyList<int> stages)
    {
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(FailoverScenario).Assembly.Location);
        }
        start.ArgumentList.Add(ChildCommand);
        start.ArgumentList.Add(database);
        start.ArgumentList.Add(string.Join(',', deals));
        start.ArgumentList.Add(string.Join(',', stages));
        return start;
    }

    /// <summary>A board on server B as the page keeps it: subscribed before it is read, later events applied in order.</summary>
    private sealed class LiveBoard : IDisposable
    {
        private readonly Lock _lock = new();
        private readonly List<DealChanged> _pending = [];
        private IDisposable? _subscription;
        private BoardState? _state;
        private long _received;

        /// <summary>Events of the pipeline this board has applied (or holds for its first read).</summary>
        public long Received => Interlocked.Read(ref _received);

        public static async Task<LiveBoard> OpenAsync(ILiveUpdates live, DealBoardService boards, int pipelineId, Actor actor)
        {
            var board = new LiveBoard();
            board._subscription = live.Subscribe(LiveTopics.Pipeline(pipelineId), board.Receive);
            var view = (await boards.GetBoardAsync(pipelineId, actor))!;
            lock (board._lock)
            {
                board._state = new BoardState(view);
                foreach (var change in board._pending)
                {
                    board._state.Apply(change);
                }
                board._pending.Clear();
            }
            return board;
        }

        private Task Receive(CrmEvent change)
        {
            if (change is DealChanged deal)
            {
                lock (_lock)
                {
                    Interlocked.Increment(ref _received);
                    if (_state is null)
                    {
                        _pending.Add(deal);
                    }
                    else
                    {
                        _state.Apply(deal);
                    }
                }
            }
            return Task.CompletedTask;
        }

        /// <summary>What differs from the database (null: nothing): counts, sums, and where and at which version each card shown is.</summary>
        public string? Differences(BoardView fresh, IReadOnlyDictionary<int, (int StageId, int Version)> current)
        {
            lock (_lock)
            {
                foreach (var column in fresh.Columns)
                {
                    var mine = _state!.Column(column.Stage.Id);
                    if (mine is null || mine.Count != column.Count)
                    {
                        return $"stage {column.Stage.Name}: {mine?.Count} cards counted, the database has {column.Count}";
                    }
                    var totals = string.Join(", ", mine.Totals.OrderBy(t => t.Currency).Select(t => $"{t.Amount} {t.Currency}"));
                    var expected = string.Join(", ", column.Totals.Where(t => t.Amount != 0).OrderBy(t => t.Currency).Select(t => $"{t.Amount} {t.Currency}"));
                    if (totals != expected)
                    {
                        return $"stage {column.Stage.Name}: sums {totals}, the database has {expected}";
                    }
                    foreach (var card in mine.Cards.Where(c => current.ContainsKey(c.Id)))
                    {
                        var (stageId, version) = current[card.Id];
                        if (stageId != column.Stage.Id || version != card.Version)
                        {
                            return $"deal {card.Id} shown in stage {column.Stage.Id} at version {card.Version}, the database has stage {stageId} at version {version}";
                        }
                    }
                }
                return null;
            }
        }

        public void Dispose() => _subscription?.Dispose();
    }
}
