using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CrmBlazor.Core.Export;
using CrmBlazor.Core.Import;
using CrmBlazor.Core.Leads;
using CrmBlazor.Tests.Infrastructure;
using Cell = CrmBlazor.Core.Reports.CsvExport.Cell;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// Scenario 6 (issue 13): export of 100,000 leads to CSV through the list's own query; then a 100,000-row CSV import
/// (5 % rows whose e-mail an existing lead has, skipped; 1 % bad e-mails) end to end through the background worker,
/// against raw prepared INSERTs of the same rows (lead, e-mail, phone) in the same run, with peak memory.
/// </summary>
internal static class ImportExportScenario
{
    public const int Rows = 100_000;

    public sealed record Result(double ExportSeconds, long ExportBytes, double ImportSeconds, ImportRunView Run, double RawSeconds, long PeakManagedBytes, long PeakWorkingSetBytes);

    /// <summary>The export half alone (scenario <c>export</c>): seconds of the best of three, and the bytes written.</summary>
    public static async Task<(double Seconds, long Bytes)> ExportOnlyAsync()
    {
        await using var app = await CrmApp.StartAsync();
        var (_, manager) = await AddLeadsAsync(app);
        return await ExportAsync(app, manager);
    }

    /// <param name="postgres">
    /// Run against a private PostgreSQL server (<see cref="PostgresServer"/>, <c>fsync=off</c> as in the tests) instead
    /// of the SQLite file: scenario <c>import-postgres</c>. The raw INSERTs then go to the same database.
    /// </param>
    public static async Task<Result> RunAsync(bool postgres = false)
    {
        using var server = postgres ? new PostgresServer() : null;
        await using var app = await CrmApp.StartAsync(settings: server is null ? null : new Dictionary<string, string>
        {
            ["Crm:DatabaseProvider"] = "Postgres",
            ["ConnectionStrings:Crm"] = server.NewDatabase(),
        });
        var (users, manager) = await AddLeadsAsync(app);
        var contexts = app.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        var imports = app.Services.GetRequiredService<LeadImportService>();
        var (exportSeconds, exportBytes) = await ExportAsync(app, manager);

        // The file: new people, 5 % with an existing lead's e-mail, 1 % with a bad e-mail.
        var path = Path.Combine(Path.GetTempPath(), $"import-bench-{Guid.NewGuid():N}.csv");
        var rows = new List<(string First, string Last, string Company, string Email, string Phone)>(Rows);
        for (var i = 0; i < Rows; i++)
        {
            var email = i % 100 == 7 ? $"bad-email-{i}" : i % 20 == 3 ? $"person{i}@firma{i}.pl" : $"new{i}@import{i % 997}.pl";
            rows.Add(($"Imported{i}", "Kowalska", $"Import {i % 5000} sp. z o.o.", email, $"+48 700 {i / 1000 % 1000:000} {i % 1000:000}"));
        }
        var csv = new StringBuilder("Imię;Nazwisko;Firma;E-mail;Telefon\r\n");
        foreach (var r in rows)
        {
            csv.Append($"{r.First};{r.Last};\"{r.Company}\";{r.Email};{r.Phone}\r\n");
        }
        await File.WriteAllTextAsync(path, csv.ToString(), new UTF8Encoding(true));
        csv = null;

        GC.Collect();
        var baseline = GC.GetTotalMemory(true);
        var peak = baseline;
        var file = imports.Open(path, "import-bench.csv");
        var t1 = Stopwatch.GetTimestamp();
        var started = await imports.StartAsync(file, path, new LeadImportSettings { Columns = LeadImportMapping.Guess(file.Headers).Columns, Rule = DuplicateRule.Skip }, manager);
        ImportRunView run;
        while (true)
        {
            peak = Math.Max(peak, GC.GetTotalMemory(false));
            run = (await imports.GetRunAsync(started.Value!.Id))!;
            if (!run.IsActive)
            {
                break;
            }
            await Task.Delay(50);
        }
        var importSeconds = Stopwatch.GetElapsedTime(t1).TotalSeconds;
        Console.WriteLine($"[import] import: {importSeconds:0.0} s, {run.Created:N0} created, {run.Skipped:N0} skipped, {run.Failed:N0} failed, {run.Batches} batches, state {run.State}");

        // Raw prepared INSERTs of the same rows that the import created (lead, e-mail, phone), one transaction, through
        // the app's own provider (Microsoft.Data.Sqlite or Npgsql) on a connection of its own.
        var raw = rows.Where((r, i) => !(i % 100 == 7) && !(i % 20 == 3)).ToList();
        await using var rawContext = await contexts.CreateDbContextAsync();
        var connection = rawContext.Database.GetDbConnection(); // the context's: it closes it
        await connection.OpenAsync();
        // The leads' Settings options (decision 030), looked up once: the import's "Import" source and "New" status.
        async Task<long> OptionIdAsync(LeadOptionList list, int kind)
        {
            await using var find = connection.CreateCommand();
            find.CommandText = $"""SELECT "Id" FROM "LeadOptions" WHERE "List" = {(int)list} AND "Kind" = {kind} ORDER BY "Sort" LIMIT 1;""";
            return Convert.ToInt64(await find.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        var (sourceId, statusId) = (await OptionIdAsync(LeadOptionList.Source, (int)LeadSource.Import), await OptionIdAsync(LeadOptionList.Status, (int)LeadStatus.New));
        var t2 = Stopwatch.GetTimestamp();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            // Each parameter typed by a first value before the statement is prepared (Npgsql prepares with the types).
            DbParameter Add(DbCommand command, string name, object first)
            {
                var parameter = command.CreateParameter();
                (parameter.ParameterName, parameter.Value) = (name, first);
                command.Parameters.Add(parameter);
                return parameter;
            }
            await using var lead = connection.CreateCommand();
            lead.Transaction = transaction;
            lead.CommandText = $"""INSERT INTO "Leads" ("Title","FirstName","LastName","CompanyName","SearchText","Source","Status","SourceId","StatusId","ResponsibleUserId","CreatedAt","UpdatedAt","Version") VALUES (@t,@f,@l,@c,@s,1,0,{sourceId},{statusId},@u,@at,@at,0) RETURNING "Id";""";
            var (pt, pf, pl, pc, ps, pu, pa) = (Add(lead, "@t", ""), Add(lead, "@f", ""), Add(lead, "@l", ""),
                Add(lead, "@c", ""), Add(lead, "@s", ""), Add(lead, "@u", ""), Add(lead, "@at", DateTime.UtcNow));
            await lead.PrepareAsync();
            await using var mail = connection.CreateCommand();
            mail.Transaction = transaction;
            mail.CommandText = """INSERT INTO "LeadEmail" ("LeadId","Address","Type") VALUES (@id,@a,0);""";
            var (mi, ma) = (Add(mail, "@id", 0), Add(mail, "@a", ""));
            await mail.PrepareAsync();
            await using var phone = connection.CreateCommand();
            phone.Transaction = transaction;
            phone.CommandText = """INSERT INTO "LeadPhone" ("LeadId","Number","Type") VALUES (@id,@n,1);""";
            var (ni, nn) = (Add(phone, "@id", 0), Add(phone, "@n", ""));
            await phone.PrepareAsync();
            var now = DateTime.UtcNow;
            foreach (var r in raw)
            {
                (pt.Value, pf.Value, pl.Value, pc.Value, ps.Value, pu.Value, pa.Value) = ($"{r.First} {r.Last}", r.First, r.Last, r.Company, $"{r.First} {r.Last} {r.Company} {r.Email}".ToLowerInvariant(), users[0], now);
                var id = Convert.ToInt32(await lead.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
                (mi.Value, ma.Value) = (id, "raw-" + r.Email);
                await mail.ExecuteNonQueryAsync();
                (ni.Value, nn.Value) = (id, r.Phone.Replace(" ", ""));
                await phone.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
        var rawSeconds = Stopwatch.GetElapsedTime(t2).TotalSeconds;
        Console.WriteLine($"[import] raw prepared INSERTs of the {raw.Count:N0} created rows: {rawSeconds:0.00} s");
        File.Delete(path);
        return new Result(exportSeconds, exportBytes, importSeconds, run, rawSeconds, peak - baseline, Process.GetCurrentProcess().PeakWorkingSet64);
    }

    private static async Task<(string[] Users, Actor Manager)> AddLeadsAsync(CrmApp app)
    {
        Console.WriteLine($"[import] adding {Rows:N0} leads");
        var contexts = app.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        string[] users;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            users = await db.Users.Select(u => u.Id).ToArrayAsync();
        }
        await LeadListScenario.InsertAsync(contexts, users);
        // What the app's hourly maintenance does after a table grew: SQLite's planner statistics (PostgreSQL keeps its
        // own: InsertAsync has run ANALYZE there).
        await app.Services.GetRequiredService<PlannerStatistics>().RefreshAsync();
        return (users, Actor.Create(users[0], "Benchmark", CrmRoles.Manager));
    }

    /// <summary>The whole list, newest first, to a stream that only counts (as a response body would send); the best of three.</summary>
    private static async Task<(double Seconds, long Bytes)> ExportAsync(CrmApp app, Actor manager)
    {
        var leads = app.Services.GetRequiredService<LeadService>();
        var exportSeconds = double.MaxValue;
        long exportBytes = 0;
        for (var i = 0; i < 3; i++)
        {
            var counter = new CountingStream();
            var t0 = Stopwatch.GetTimestamp();
            await TableWriter.WriteAsync(ExportFormat.Csv, counter, ["Title", "Person", "Company", "E-mail", "Phone", "Source", "Status", "Responsible", "Amount", "Currency", "Created"],
                leads.StreamAsync(new LeadQuery(), manager),
                l => [l.Title, l.PersonName, l.CompanyName, l.Email, l.Phone, l.Source.ToString(), l.Status.ToString(), l.ResponsibleName,
                    l.ExpectedAmount is { } a ? CrmBlazor.Core.Reports.CsvExport.Number(a) : new Cell(null, true), l.Currency, l.CreatedAt.ToString("yyyy-MM-dd HH:mm")]);
            exportSeconds = Math.Min(exportSeconds, Stopwatch.GetElapsedTime(t0).TotalSeconds);
            exportBytes = counter.Written;
        }
        Console.WriteLine($"[import] export of {Rows:N0} leads to CSV: {exportSeconds:0.00} s ({exportBytes / 1048576.0:0.0} MB)");

        return (exportSeconds, exportBytes);
    }

    private sealed class CountingStream : Stream
    {
        public long Written { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Written;
        public override long Position { get => Written; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Written += count;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
