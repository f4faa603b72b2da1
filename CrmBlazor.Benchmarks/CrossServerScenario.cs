using System.Diagnostics;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// Issue 17's "the first move after a start reaches another server's boards as fast as the later ones",
/// `cross-server`: two servers (the real app, twice, in this process) over one private PostgreSQL and one private
/// Redis, started afresh <see cref="Rounds"/> times. In each round, once both answer <c>/health/ready</c>, a deal is
/// moved on server A <see cref="MovesPerRound"/> times, one after another; each time from the call on A until server B
/// hands the move to its subscribers (where its open boards get it). The first move of each round is reported apart
/// from the later ones.
/// </summary>
internal static class CrossServerScenario
{
    public const int Rounds = 5;
    public const int MovesPerRound = 21;

    public sealed record Result(Summary First, Summary Later);

    public static async Task<Result> RunAsync()
    {
        using var postgres = new PostgresServer();
        using var redis = new RedisServer();
        var settings = new Dictionary<string, string>
        {
            ["Crm:DatabaseProvider"] = "Postgres",
            ["ConnectionStrings:Crm"] = postgres.NewDatabase(),
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["Crm:LiveRelay:Key"] = "the-benchmark-servers-shared-relay-key-0123456789",
        };
        var first = new Samples("first move after a start (ms)");
        var later = new Samples("later moves (ms)");
        for (var round = 1; round <= Rounds; round++)
        {
            await using var serverA = await CrmApp.StartAsync(settings: settings);
            await using var serverB = await CrmApp.StartAsync(settings: settings);
            foreach (var server in new[] { serverA, serverB })
            {
                using var http = new HttpClient { BaseAddress = server.BaseAddress };
                (await http.GetAsync("health/ready")).EnsureSuccessStatusCode();
            }

            var deals = serverA.Services.GetRequiredService<DealService>();
            var manager = await FailoverScenario.ActorAsync(serverA.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>(), "manager@demo.crm");
            var board = (await serverA.Services.GetRequiredService<DealBoardService>().GetBoardAsync(null, manager))!;
            var stages = board.Columns.Where(c => c.Stage.Kind == StageKind.Open).Select(c => c.Stage.Id).ToList();
            var deal = (await deals.CreateAsync(new DealInput { Title = $"Crossing {round}", Amount = 1m, Currency = "PLN", StageId = stages[0] }, manager)).Value!;

            // Server B's delivery of the deal's moves, as its boards get them: when each version arrived.
            var arrived = new System.Collections.Concurrent.ConcurrentDictionary<int, TaskCompletionSource<long>>();
            TaskCompletionSource<long> Arrival(int version) => arrived.GetOrAdd(version, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
            using var arrivals = serverB.Services.GetRequiredService<ILiveUpdates>().SubscribeAll(change =>
            {
                if (change is DealChanged { Kind: DealChangeKind.Moved } moved && moved.DealId == deal.Id)
                {
                    Arrival(moved.Version).TrySetResult(Stopwatch.GetTimestamp());
                }
                return Task.CompletedTask;
            });
            var version = deal.Version;
            double firstMove = 0;
            for (var move = 0; move < MovesPerRound; move++)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await deals.MoveAsync(new MoveDeal(deal.Id, stages[(move + 1) % stages.Count], version), manager);
                version = result.Value!.Version;
                var at = await Arrival(version).Task.WaitAsync(TimeSpan.FromSeconds(30));
                var elapsed = Samples.Ms(started, at);
                (move == 0 ? first : later).Add(elapsed);
                firstMove = move == 0 ? elapsed : firstMove;
            }
            Console.WriteLine($"[cross-server] round {round}: first move {firstMove:0.0} ms");
        }
        return new Result(first.Summarize(), later.Summarize());
    }
}
