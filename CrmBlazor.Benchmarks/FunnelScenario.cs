using System.Diagnostics;
using System.Globalization;
using CrmBlazor.Core.Reports;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// Scenario 5: the sales funnel over 1,000,000 deals. The app starts on a fresh database (demo data); then 1,000,000 deals
/// of the default pipeline, created over the last two years, with their whole stage history (about 2.8 rows each), are
/// inserted by a few set-based INSERT ... SELECT statements in one transaction (a recursive counter and integer hashes
/// instead of a random generator: deterministic and fast). FunnelService.GetFunnelAsync is then timed for the periods
/// the page offers. <c>funnel-postgres</c> does the same on a private PostgreSQL server (<see cref="PostgresServer"/>):
/// the same deals from <c>generate_series</c>; the roll-up's triggers there add a row per deal, which
/// <see cref="FunnelRollupCompactor"/> (every 30 s in the app) merges, and vacuums after a merge this large; the scenario
/// runs that merge itself, timed, and reads the funnel right after it (5b), then again once the whole database has been
/// vacuumed and analyzed, as autovacuum would leave it a while later (the goals).
/// </summary>
internal static class FunnelScenario
{
    public const int Deals = 1_000_000;
    private const int Warmup = 5;
    private const int Iterations = 30;

    /// <param name="MergeSeconds">PostgreSQL: how long the roll-up's merge of the inserted deals' rows took (0 on SQLite).</param>
    /// <param name="BeforeVacuum">PostgreSQL: the same reads right after the merge, before the database is vacuumed (no goal).</param>
    /// <param name="DeadRollupRows">PostgreSQL: the roll-up's dead rows right after the merge.</param>
    public sealed record Result(IReadOnlyList<Summary> Timings, IReadOnlyList<int> DealsPerPeriod, double InsertSeconds, long HistoryRows, long DatabaseBytes,
        double MergeSeconds = 0, IReadOnlyList<Summary>? BeforeVacuum = null, long DeadRollupRows = 0);

    public static async Task<Result> RunAsync(bool postgres = false)
    {
        Console.WriteLine($"[funnel] starting the app on {(postgres ? "PostgreSQL" : "SQLite")}, adding {Deals:N0} deals with their stage history to the default pipeline");
        using var server = postgres ? new PostgresServer() : null;
        await using var app = await CrmApp.StartAsync(settings: server is null ? null : new Dictionary<string, string>
        {
            ["Crm:DatabaseProvider"] = "Postgres",
            ["ConnectionStrings:Crm"] = server.NewDatabase(),
        });
        var contexts = app.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        var funnel = app.Services.GetRequiredService<FunnelService>();
        int pipelineId;
        int[] stages;
        string[] users;
        string annaId;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            pipelineId = await db.Pipelines.Where(p => p.IsDefault).Select(p => p.Id).SingleAsync();
            stages = await db.Stages.Where(s => s.PipelineId == pipelineId).OrderBy(s => s.Sort).Select(s => s.Id).ToArrayAsync();
            users = await db.Users.OrderBy(u => u.Email).Select(u => u.Id).ToArrayAsync();
            annaId = await db.Users.Where(u => u.Email == "anna@demo.crm").Select(u => u.Id).SingleAsync();
        }

        var insert = Stopwatch.StartNew();
        long historyRows;
        double insertSeconds;
        double mergeSeconds = 0;
        long databaseBytes;
        if (postgres)
        {
            string connectionString;
            await using (var db = await contexts.CreateDbContextAsync())
            {
                connectionString = db.Database.GetConnectionString()!;
            }
            historyRows = await InsertPostgresAsync(connectionString, pipelineId, stages, users, DateTime.UtcNow);
            insertSeconds = insert.Elapsed.TotalSeconds;
            var merge = Stopwatch.StartNew();
            await MergeAsync(app.Services.GetRequiredService<FunnelRollupCompactor>(), contexts);
            mergeSeconds = merge.Elapsed.TotalSeconds;
            await using var db2 = await contexts.CreateDbContextAsync();
            await db2.Database.ExecuteSqlRawAsync("ANALYZE");
            databaseBytes = await db2.Database.SqlQueryRaw<long>("SELECT pg_database_size(current_database()) AS \"Value\"").SingleAsync();
            Console.WriteLine($"[funnel] the roll-up's rows merged in {mergeSeconds:0.0} s");
        }
        else
        {
            historyRows = await InsertAsync(app.DatabasePath, pipelineId, stages, users, DateTime.UtcNow);
            await using (var db = await contexts.CreateDbContextAsync())
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
            }
            databaseBytes = new FileInfo(app.DatabasePath).Length;
            insertSeconds = insert.Elapsed.TotalSeconds;
        }
        Console.WriteLine($"[funnel] inserted {Deals:N0} deals and {historyRows:N0} stage history rows in {insertSeconds:0.0} s");

        var manager = Actor.Create("benchmark-manager", "Marta", CrmRoles.Manager);
        var anna = Actor.Create(annaId, "Anna", CrmRoles.Sales);
        var cases = new (string Name, ReportFilter Filter, Actor Actor)[]
        {
            ("this month, team", new ReportFilter(pipelineId, new PeriodFilter(PeriodKind.ThisMonth)), manager),
            ("this quarter, team", new ReportFilter(pipelineId, new PeriodFilter(PeriodKind.ThisQuarter)), manager),
            ("this year, team", new ReportFilter(pipelineId, new PeriodFilter(PeriodKind.ThisYear)), manager),
            ("this year, one sales user (own)", new ReportFilter(pipelineId, new PeriodFilter(PeriodKind.ThisYear)), anna),
            ("all 1,000,000 (custom, 3 years), team", new ReportFilter(pipelineId, new PeriodFilter(PeriodKind.Custom, DateOnly.FromDateTime(DateTime.UtcNow.AddYears(-3)), DateOnly.FromDateTime(DateTime.UtcNow))), manager),
        };
        async Task<(List<Summary> Timings, List<int> Counts)> MeasureAsync(string suffix)
        {
            var timings = new List<Summary>();
            var counts = new List<int>();
            foreach (var (name, filter, actor) in cases)
            {
                FunnelView view = default!;
                for (var i = 0; i < Warmup; i++)
                {
                    view = (await funnel.GetFunnelAsync(filter, actor))!;
                }
                var samples = new Samples($"GetFunnelAsync: {name}{suffix}");
                for (var i = 0; i < Iterations; i++)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    view = (await funnel.GetFunnelAsync(filter, actor))!;
                    samples.Add(Samples.Ms(t0, Stopwatch.GetTimestamp()));
                }
                timings.Add(samples.Summarize());
                counts.Add(view.Total);
            }
            return (timings, counts);
        }

        if (!postgres)
        {
            var (timings, counts) = await MeasureAsync("");
            return new Result(timings, counts, insertSeconds, historyRows, databaseBytes);
        }
        // PostgreSQL: right after the merge (which deletes every row it folds, ~1,000,000 here, and vacuums the roll-up's
        // table after a merge this large), then as autovacuum leaves the whole database a while later.
        long dead;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            dead = await db.Database.SqlQueryRaw<long>("SELECT n_dead_tup AS \"Value\" FROM pg_stat_user_tables WHERE relname = 'DealFunnelDays'").SingleAsync();
        }
        var (before, _) = await MeasureAsync(", right after the merge");
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
        }
        var (after, afterCounts) = await MeasureAsync("");
        return new Result(after, afterCounts, insertSeconds, historyRows, databaseBytes, mergeSeconds, before, dead);
    }

    /// <summary>
    /// Merges until no unmerged row is left. The app's own compactor (every 30 s) may take turns with it, step by step,
    /// and may be the one whose run ends with the vacuum: the reads right after (5b) can overlap that vacuum.
    /// </summary>
    private static async Task MergeAsync(FunnelRollupCompactor compactor, IDbContextFactory<CrmDbContext> contexts)
    {
        while (true)
        {
            await compactor.CompactAsync();
            await using var db = await contexts.CreateDbContextAsync();
            if (!await db.DealFunnelDays.AnyAsync(d => !d.Merged))
            {
                return;
            }
            await Task.Delay(100); // the other run holds the merge's lock
        }
    }

    /// <summary>The deals and history of <see cref="InsertAsync"/>, the same rows, in PostgreSQL's dialect.</summary>
    private static async Task<long> InsertPostgresAsync(string connectionString, int pipelineId, int[] stages, string[] users, DateTime now)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        async Task<long> ExecuteAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("now", now);
            return await command.ExecuteNonQueryAsync();
        }

        long firstId;
        await using (var max = new NpgsqlCommand("SELECT COALESCE(MAX(\"Id\"), 0) FROM \"Deals\"", connection, transaction))
        {
            firstId = 1 + Convert.ToInt64(await max.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        var owner = "CASE i % 6 WHEN 0 THEN NULL " + string.Join(" ", users.Select((u, k) => $"WHEN {k + 1} THEN '{u}'")) + $" ELSE '{users[0]}' END";
        var shape = """
            WITH d AS (
                SELECT i,
                    CASE WHEN i * 7919 % 100 < 30 THEN 0 WHEN i * 7919 % 100 < 45 THEN 1 WHEN i * 7919 % 100 < 55 THEN 2
                         WHEN i * 7919 % 100 < 60 THEN 3 WHEN i * 7919 % 100 < 80 THEN 4 ELSE 5 END AS s,
                    (i * 104729 % 1051200)::int AS age
                FROM generate_series(1::bigint, {0}) AS n(i)),
            deal AS (
                SELECT i, s, CASE s WHEN 4 THEN 3 WHEN 5 THEN (i * 31 % 4)::int ELSE s END AS f,
                    @now - make_interval(mins => age) AS created
                FROM d)
            """;
        var stageId = $"CASE {{0}} {string.Join(" ", stages.Select((id, k) => $"WHEN {k} THEN {id}"))} END";
        // Days of 24 hours, as SQLite's '+N days' (a calendar day in a zone with summer time can be 23 or 25).
        string At(string days) => $"LEAST(created + make_interval(hours => 24 * ({days})::int), @now)";
        await ExecuteAsync(string.Format(CultureInfo.InvariantCulture, shape, Deals) + $"""
            INSERT INTO "Deals" ("Id", "Title", "Amount", "Currency", "PipelineId", "StageId", "Rank", "ResponsibleUserId",
                "CreatedAt", "UpdatedAt", "StageEnteredAt", "ClosedAt", "FurthestOpenStageSort", "Version")
            OVERRIDING SYSTEM VALUE
            SELECT {firstId} + i - 1, 'Funnel deal #' || i, (1 + i * 48271 % 5000000) / 100.0,
                CASE WHEN i * 13 % 10 < 7 THEN 'PLN' WHEN i * 13 % 10 < 9 THEN 'EUR' ELSE 'USD' END,
                {pipelineId}, {string.Format(CultureInfo.InvariantCulture, stageId, "s")}, 'f' || lpad(i::text, 8, '0'), {owner},
                created, {At("f + (s >= 4)::int")}, {At("f + (s >= 4)::int")}, CASE WHEN s >= 4 THEN {At("f + 1")} END, f, 0
            FROM deal
            """);
        await ExecuteAsync("""SELECT setval(pg_get_serial_sequence('"Deals"', 'Id'), (SELECT MAX("Id") FROM "Deals"))""");
        var history = await InsertHistoryAsync(ExecuteAsync, string.Format(CultureInfo.InvariantCulture, shape, Deals), At, stageId, stages, users, firstId);
        await transaction.CommitAsync();
        return history;
    }

    /// <summary>
    /// Inserts the deals and their history. Deal <c>i</c>: stage by <c>i*7919 % 100</c> (New 30 %, Qualification 15 %,
    /// Proposal 10 %, Negotiation 5 %, Won 20 %, Lost 20 %; a lost deal dropped out after open stage <c>i*31 % 4</c>),
    /// created <c>i*104729 % 1,051,200</c> minutes (up to two years) ago, one day per stage after that, currency
    /// PLN 70 % / EUR 20 % / USD 10 %, amount 0.01-50,000.00, owner one of the demo users or nobody (1 in 6).
    /// </summary>
    private static async Task<long> InsertAsync(string databasePath, int pipelineId, int[] stages, string[] users, DateTime now)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();

        async Task<long> ExecuteAsync(string sql)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.CommandTimeout = 0;
            command.Parameters.AddWithValue("$now", now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            return await command.ExecuteNonQueryAsync();
        }

        var firstId = 1 + await ScalarAsync(connection, transaction, "SELECT COALESCE(MAX(\"Id\"), 0) FROM \"Deals\"");
        var owner = "CASE i % 6 WHEN 0 THEN NULL " + string.Join(" ", users.Select((u, k) => $"WHEN {k + 1} THEN '{u}'")) + $" ELSE '{users[0]}' END";
        // s: the deal's current stage (0-5, by Sort); f: the furthest open stage it entered.
        var shape = """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {0}),
            d AS (
                SELECT i,
                    CASE WHEN i * 7919 % 100 < 30 THEN 0 WHEN i * 7919 % 100 < 45 THEN 1 WHEN i * 7919 % 100 < 55 THEN 2
                         WHEN i * 7919 % 100 < 60 THEN 3 WHEN i * 7919 % 100 < 80 THEN 4 ELSE 5 END AS s,
                    i * 104729 % 1051200 AS age
                FROM n),
            deal AS (
                SELECT i, s, CASE s WHEN 4 THEN 3 WHEN 5 THEN i * 31 % 4 ELSE s END AS f,
                    datetime($now, '-' || age || ' minutes') AS created
                FROM d)
            """;
        var stageId = $"CASE {{0}} {string.Join(" ", stages.Select((id, k) => $"WHEN {k} THEN {id}"))} END";
        string At(string days) => $"min(datetime(created, '+' || ({days}) || ' days'), $now)";
        await ExecuteAsync(string.Format(CultureInfo.InvariantCulture, shape, Deals) + $"""
            INSERT INTO "Deals" ("Id", "Title", "Amount", "Currency", "PipelineId", "StageId", "Rank", "ResponsibleUserId",
                "CreatedAt", "UpdatedAt", "StageEnteredAt", "ClosedAt", "FurthestOpenStageSort", "Version")
            SELECT {firstId} + i - 1, 'Funnel deal #' || i, (1 + i * 48271 % 5000000) * 100,
                CASE WHEN i * 13 % 10 < 7 THEN 'PLN' WHEN i * 13 % 10 < 9 THEN 'EUR' ELSE 'USD' END,
                {pipelineId}, {string.Format(CultureInfo.InvariantCulture, stageId, "s")}, printf('f%08d', i), {owner},
                created, {At("f + (s >= 4)")}, {At("f + (s >= 4)")}, CASE WHEN s >= 4 THEN {At("f + 1")} END, f, 0
            FROM deal
            """);
        var history = await InsertHistoryAsync(ExecuteAsync, string.Format(CultureInfo.InvariantCulture, shape, Deals), At, stageId, stages, users, firstId);
        await transaction.CommitAsync();
        return history;
    }

    /// <summary>
    /// The deals' stage history, in either dialect (<paramref name="deals"/>: the statement's <c>WITH</c> of the deals,
    /// <paramref name="at"/>: a day offset from a deal's creation as the dialect writes it).
    /// </summary>
    private static async Task<long> InsertHistoryAsync(Func<string, Task<long>> execute, string deals, Func<string, string> at, string stageId,
        int[] stages, string[] users, long firstId)
    {
        long history = 0;
        for (var k = 0; k < 4; k++)
        {
            // Every deal entered open stage k if it got that far (its furthest open stage), one day per stage.
            history += await execute(deals + $"""
                INSERT INTO "DealStageChanges" ("DealId", "FromStageId", "ToStageId", "ChangedById", "ChangedAt")
                SELECT {firstId} + i - 1, {(k == 0 ? "NULL" : stages[k - 1].ToString(CultureInfo.InvariantCulture))}, {stages[k]}, '{users[0]}', {at(k.ToString(CultureInfo.InvariantCulture))}
                FROM deal WHERE f >= {k}
                """);
        }
        return history + await execute(deals + $"""
            INSERT INTO "DealStageChanges" ("DealId", "FromStageId", "ToStageId", "ChangedById", "ChangedAt")
            SELECT {firstId} + i - 1, {string.Format(CultureInfo.InvariantCulture, stageId, "f")}, {string.Format(CultureInfo.InvariantCulture, stageId, "s")}, '{users[0]}', {at("f + 1")}
            FROM deal WHERE s >= 4
            """);
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
