using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CrmBlazor.Core;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// Issue 17's proof (1), `reliability`: <see cref="Writers"/> concurrent writers for <see cref="Duration"/> on SQLite and
/// on PostgreSQL, through the real Core services and write path. Each writer edits one of <see cref="SharedDeals"/>
/// deals shared by all of them (read, add 1 to the amount, save with the version read: the concurrency token), so they
/// collide all the time. At the end every deal's amount must equal its start plus the increments acknowledged to the
/// writers (no lost update, a conflict is told and retried), no writer may have seen an error (a busy database
/// included), and the outbox must hold, and this server have delivered, exactly one event per acknowledged edit.
/// The commit time is the write path's own metric (`crm.live.commit.duration`).
/// </summary>
internal static class ReliabilityScenario
{
    public const int Writers = 8;
    public const int SharedDeals = 16;

    public static TimeSpan Duration =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("CRM_BENCH_WRITERS_SECONDS"), out var s) ? s : 60);

    /// <summary>
    /// Each writer's mean think time between two edits (exponentially distributed), <c>CRM_BENCH_WRITERS_THINK_MS</c>;
    /// 0 by default: issue 17's closed loop, where the writers never pause and the 2 cores are saturated. A think time
    /// keeps the load below the machine's capacity, so the commit shows its own cost rather than the queue.
    /// </summary>
    public static readonly double ThinkMs =
        double.TryParse(Environment.GetEnvironmentVariable("CRM_BENCH_WRITERS_THINK_MS"), System.Globalization.CultureInfo.InvariantCulture, out var t) ? Math.Max(0, t) : 0;

    /// <summary>
    /// <c>CRM_BENCH_WRITERS_STEPS=1</c> prints where the writers' time went (<see cref="StepProfile"/>: the write path's
    /// steps, the cores, the GC). Off by default: listening to every activity costs allocations of its own.
    /// </summary>
    private static readonly bool Steps = Environment.GetEnvironmentVariable("CRM_BENCH_WRITERS_STEPS") == "1";

    /// <summary>
    /// <paramref name="Delivered"/>: from an edit's start (its event's <c>OccurredAt</c>) until this server delivered its
    /// event, which a commit may have handed to the writer of the number before it (decision 022).
    /// </summary>
    public sealed record WritersResult(string Provider, Summary Commits, Summary Delivered, int Acknowledged, int Conflicts, int Errors, string? FirstError,
        long LostIncrements, int EventsStored, int EventsDelivered, double Seconds)
    {
        public double PerSecond => Acknowledged / Seconds;
        public bool Exact => LostIncrements == 0 && Errors == 0 && EventsStored == Acknowledged && EventsDelivered == Acknowledged;
    }

    public static async Task<IReadOnlyList<WritersResult>> RunAsync()
    {
        var results = new List<WritersResult> { await WritersAsync("SQLite", null) };
        if (Environment.GetEnvironmentVariable("CRM_BENCH_WRITERS_SQLITE_ONLY") == "1")
        {
            return results; // comparing SQLite write paths, without PostgreSQL's start and run
        }
        using var postgres = new PostgresServer();
        results.Add(await WritersAsync("PostgreSQL", postgres.NewDatabase()));
        return results;
    }

    private static async Task<WritersResult> WritersAsync(string provider, string? postgres)
    {
        Console.WriteLine($"[reliability] {Writers} writers on {SharedDeals} shared deals for {Duration.TotalSeconds:0} s on {provider}" +
            (ThinkMs > 0 ? $", each thinking {ThinkMs:0} ms on average between two edits" : ", never pausing"));
        using var directory = new ScratchDirectory("crm-bench-writers-");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Crm"] = postgres ?? $"Data Source={directory.File("crm.db")}",
            ["Crm:DatabaseProvider"] = postgres is null ? "Sqlite" : "Postgres",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCrmCore(configuration, directory.Path);
        await using var provided = services.BuildServiceProvider();
        var contexts = provided.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        int stageId;
        string userId;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            if (postgres is null)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;");
            }
            var pipeline = new Pipeline { Name = "Sales", IsDefault = true, Stages = [new() { Name = "New", Color = "#42a5f5", Sort = 0 }] };
            var user = new CrmUser { UserName = "writer@bench.crm", Email = "writer@bench.crm", DisplayName = "Writer", NormalizedEmail = "WRITER@BENCH.CRM", NormalizedUserName = "WRITER@BENCH.CRM" };
            db.Pipelines.Add(pipeline);
            db.Users.Add(user);
            await db.SaveChangesAsync();
            (stageId, userId) = (pipeline.Stages[0].Id, user.Id);
        }
        var actor = Actor.Create(userId, "Writer", CrmRoles.Manager);
        var deals = provided.GetRequiredService<DealService>();
        var live = (LiveUpdates)provided.GetRequiredService<ILiveUpdates>();
        var ids = new List<int>();
        for (var i = 0; i < SharedDeals; i++)
        {
            var created = await deals.CreateAsync(new DealInput { Title = $"Shared {i}", Amount = 1000m, Currency = "PLN", StageId = stageId }, actor);
            ids.Add(created.Value!.Id);
        }
        long startSequence;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            startSequence = await LiveUpdates.LastSequenceAsync(db, default);
        }

        var commits = new ConcurrentBag<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CrmMetrics.Name && instrument.Name == "crm.live.commit.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => commits.Add(value));
        listener.Start();
        var delivered = 0;
        var deliveredAfter = new ConcurrentBag<double>();
        using var subscription = live.SubscribeAll(change =>
        {
            if (change is DealChanged { Kind: DealChangeKind.Updated })
            {
                Interlocked.Increment(ref delivered);
                deliveredAfter.Add((DateTime.UtcNow - change.OccurredAt).TotalMilliseconds);
            }
            return Task.CompletedTask;
        });

        using var profile = Steps ? new StepProfile() : null;
        var acknowledged = new int[SharedDeals];
        int conflicts = 0, errors = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var until = Duration;
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (clock.Elapsed < until)
            {
                if (ThinkMs > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(-Math.Log(1 - random.NextDouble()) * ThinkMs));
                }
                var index = random.Next(SharedDeals);
                try
                {
                    var deal = (await deals.GetForEditAsync(ids[index]))!;
                    var result = await deals.UpdateAsync(deal.Id, deal.Version, deal.Input with { Amount = deal.Input.Amount + 1 }, actor);
                    if (result.IsOk)
                    {
                        Interlocked.Increment(ref acknowledged[index]);
                    }
                    else if (result.Status == ResultStatus.Conflict)
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                    else
                    {
                        throw new InvalidOperationException($"{result.Status} {result.MessageKey}");
                    }
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, ex.GetType().Name + ": " + ex.Message, null);
                }
            }
        })).ToList();
        await Task.WhenAll(writers);
        var seconds = clock.Elapsed.TotalSeconds;
        listener.Dispose();
        profile?.Print($"{provider}: where the writers' time went");

        long lost = 0;
        int stored;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var amounts = await db.Deals.AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Amount);
            for (var i = 0; i < SharedDeals; i++)
            {
                lost += (long)Math.Abs(1000m + acknowledged[i] - amounts[ids[i]]);
            }
            stored = await db.LiveEvents.CountAsync(e => e.Sequence > startSequence);
        }
        var samples = new Samples($"{provider}: one edit's commit ({Writers} writers{(ThinkMs > 0 ? $", {ThinkMs:0} ms think time" : "")})");
        samples.AddRange(commits);
        var deliveries = new Samples($"{provider}: an edit's event delivered, from the edit's start");
        deliveries.AddRange(deliveredAfter);
        return new WritersResult(provider, samples.Summarize(), deliveries.Summarize(), acknowledged.Sum(), conflicts, errors, firstError, lost, stored,
            Volatile.Read(ref delivered), seconds);
    }
}
