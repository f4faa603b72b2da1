using System.Diagnostics;
using CrmBlazor.Core;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// Issue 17's proof (2), `reliability-kill`: a writer process creates deals through the real write path on a SQLite
/// file, printing each deal's id once its commit is acknowledged; this process kills it with SIGKILL at a random
/// moment, <see cref="Kills"/> times over one database. After every kill: <c>PRAGMA integrity_check</c> is ok, every
/// acknowledged deal is there, and every deal in the database has its "created" event in the outbox (the change and
/// its event commit together: none without the other).
/// </summary>
internal static class KillScenario
{
    public const string ChildCommand = "reliability-kill-writer";

    public static int Kills => int.TryParse(Environment.GetEnvironmentVariable("CRM_BENCH_KILLS"), out var k) ? k : 200;

    public sealed record Result(int Kills, int Acknowledged, int Deals, int EventsForDeals, int IntegrityFailures, int AcknowledgedMissing,
        int DealsWithoutEvent, int EventsWithoutDeal, double Seconds, Summary KillAfter);

    public static async Task<Result> RunAsync()
    {
        using var directory = new ScratchDirectory("crm-bench-kill-");
        var file = directory.File("crm.db");
        var stageId = await PrepareAsync(file, directory.Path);
        var acknowledged = new HashSet<int>();
        int integrityFailures = 0, missing = 0, withoutEvent = 0, eventsWithoutDeal = 0, deals = 0, events = 0;
        var killAfter = new Samples("kill after the writer's first acknowledged commit (ms)");
        var random = new Random(17);
        var clock = Stopwatch.StartNew();
        for (var kill = 1; kill <= Kills; kill++)
        {
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var child = Process.Start(ChildStart(file, stageId))!;
            child.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { } line && line.StartsWith("ack ", StringComparison.Ordinal))
                {
                    lock (acknowledged)
                    {
                        acknowledged.Add(int.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture));
                    }
                    ready.TrySetResult();
                }
            };
            child.ErrorDataReceived += (_, e) =>
            {
                if (!string.IsNullOrWhiteSpace(e.Data))
                {
                    Console.Error.WriteLine($"[kill {kill}] writer: {e.Data}");
                }
            };
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var delay = random.Next(0, 300);
            killAfter.Add(delay);
            await Task.Delay(delay);
            child.Kill(); // SIGKILL on Linux
            await child.WaitForExitAsync();

            var check = await CheckAsync(file, acknowledged);
            integrityFailures += check.IntegrityOk ? 0 : 1;
            missing = check.AcknowledgedMissing;
            withoutEvent = check.DealsWithoutEvent;
            eventsWithoutDeal = check.EventsWithoutDeal;
            (deals, events) = (check.Deals, check.Events);
            if (!check.IntegrityOk || check.AcknowledgedMissing > 0 || check.DealsWithoutEvent > 0 || check.EventsWithoutDeal > 0)
            {
                Console.WriteLine($"[kill {kill}] integrity {(check.IntegrityOk ? "ok" : "FAILED")}, acknowledged missing {check.AcknowledgedMissing}, deals without event {check.DealsWithoutEvent}, events without deal {check.EventsWithoutDeal}");
            }
            if (kill % 25 == 0)
            {
                Console.WriteLine($"[reliability-kill] {kill} kills, {acknowledged.Count:N0} acknowledged, {deals:N0} deals, {clock.Elapsed.TotalSeconds:0} s");
            }
        }
        return new Result(Kills, acknowledged.Count, deals, events, integrityFailures, missing, withoutEvent, eventsWithoutDeal,
            clock.Elapsed.TotalSeconds, killAfter.Summarize());
    }

    /// <summary>The writer: creates deals one after another until it is killed, printing "ack {id}" after each commit.</summary>
    public static async Task<int> WriterAsync(string file, int stageId)
    {
        await using var services = Services(file, Path.GetDirectoryName(file)!);
        var deals = services.GetRequiredService<DealService>();
        var contexts = services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        string userId;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            userId = await db.Users.Select(u => u.Id).FirstAsync();
        }
        var actor = Actor.Create(userId, "Writer", CrmRoles.Manager);
        var stdout = Console.Out;
        for (var i = 0; ; i++)
        {
            var created = await deals.CreateAsync(new DealInput { Title = $"Killed writer's deal {i}", Amount = 100m + i, Currency = "PLN", StageId = stageId }, actor);
            if (!created.IsOk)
            {
                await Console.Error.WriteLineAsync($"refused: {created.Status} {created.MessageKey}");
                return 1;
            }
            await stdout.WriteLineAsync($"ack {created.Value!.Id}");
            await stdout.FlushAsync();
        }
    }

    private static ServiceProvider Services(string file, string contentRoot)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Crm"] = $"Data Source={file}",
            ["Crm:DatabaseProvider"] = "Sqlite",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCrmCore(configuration, contentRoot);
        return services.BuildServiceProvider();
    }

    private static async Task<int> PrepareAsync(string file, string contentRoot)
    {
        await using var services = Services(file, contentRoot);
        await using var db = await services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;");
        var pipeline = new Pipeline { Name = "Sales", IsDefault = true, Stages = [new() { Name = "New", Color = "#42a5f5", Sort = 0 }] };
        db.Pipelines.Add(pipeline);
        db.Users.Add(new CrmUser { UserName = "writer@bench.crm", Email = "writer@bench.crm", DisplayName = "Writer", NormalizedEmail = "WRITER@BENCH.CRM", NormalizedUserName = "WRITER@BENCH.CRM" });
        await db.SaveChangesAsync();
        return pipeline.Stages[0].Id;
    }

    private static ProcessStartInfo ChildStart(string file, int stageId)
    {
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(KillScenario).Assembly.Location);
        }
        start.ArgumentList.Add(ChildCommand);
        start.ArgumentList.Add(file);
        start.ArgumentList.Add(stageId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return start;
    }

    private sealed record Check(bool IntegrityOk, int AcknowledgedMissing, int DealsWithoutEvent, int EventsWithoutDeal, int Deals, int Events);

    // Plain ADO.NET on a fresh connection, as an operator's check after a crash would be.
    private static async Task<Check> CheckAsync(string file, HashSet<int> acknowledged)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        var integrity = (string?)await Scalar(connection, "PRAGMA integrity_check;");
        var deals = new HashSet<int>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT \"Id\" FROM \"Deals\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                deals.Add(reader.GetInt32(0));
            }
        }
        var withEvent = new HashSet<int>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT json_extract(\"Payload\", '$.dealId') FROM \"LiveEvents\" " +
                "WHERE json_extract(\"Payload\", '$.type') = 'dealChanged' AND json_extract(\"Payload\", '$.kind') = 0";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                withEvent.Add(reader.GetInt32(0));
            }
        }
        int missing;
        lock (acknowledged)
        {
            missing = acknowledged.Count(id => !deals.Contains(id));
        }
        return new Check(integrity == "ok", missing, deals.Count(id => !withEvent.Contains(id)), withEvent.Count(id => !deals.Contains(id)),
            deals.Count, withEvent.Count);
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
