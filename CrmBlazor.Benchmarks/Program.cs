using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;

namespace CrmBlazor.Benchmarks;

/// <summary>Usage: <c>dotnet run -c Release --project CrmBlazor.Benchmarks [propagation|board|memory|leads|funnel|api|webforms|propagation-queued|scoped|import|export|mail|mail-postgres|search|filters|merge|reliability|reliability-kill|reliability-failover|cross-server]</c>; see docs/PERFORMANCE.md.</summary>
internal static class Runner
{
#if DEBUG
    private const string BuildKind = "DEBUG build (use -c Release for real numbers)";
#else
    private const string BuildKind = "Release build";
#endif

    public static async Task<int> Main(string[] args)
    {
        if (args is [KillScenario.ChildCommand, var file, var stage])
        {
            return await KillScenario.WriterAsync(file, int.Parse(stage, System.Globalization.CultureInfo.InvariantCulture));
        }
        if (args is [FailoverScenario.ChildCommand, var database, var deals, var stages])
        {
            static int[] Ids(string list) => [.. list.Split(',').Select(id => int.Parse(id, System.Globalization.CultureInfo.InvariantCulture))];
            return await FailoverScenario.MoverAsync(database, Ids(deals), Ids(stages));
        }
        string[] all = ["propagation", "board", "memory", "leads", "funnel", "api", "webforms"];
        string[] known = [.. all, "propagation-queued", "import", "import-postgres", "funnel-postgres", "export", "scoped", "mail", "mail-postgres", "search", "filters", "merge", "reliability", "reliability-kill", "reliability-failover", "cross-server"];
        var selected = args.Length == 0 ? all : args.Select(a => a.ToLowerInvariant()).ToArray();
        if (selected.Except(known).Any())
        {
            Console.Error.WriteLine("Usage: dotnet run -c Release --project CrmBlazor.Benchmarks [scenario...]");
            Console.Error.WriteLine($"Scenarios: {string.Join(", ", all)} (none = all of them), or propagation-queued (a what-if), scoped (propagation unscoped and department-scoped, issue 11), import, import-postgres (the same on a private PostgreSQL server), funnel-postgres (the funnel on a private PostgreSQL server), export (import's export half alone), mail (e-mail intake with boards open, issue 15), mail-postgres (the same on a private PostgreSQL server), search, filters, merge (issue 18), reliability (issue 17: concurrent writers on SQLite and PostgreSQL), reliability-kill (issue 17: a writer killed with SIGKILL, CRM_BENCH_KILLS times), reliability-failover (issue 17: two servers on PostgreSQL, one killed in bursts of moves, CRM_BENCH_FAILOVER_KILLS times), cross-server (issue 17: the first move after a start across two servers); these are not run by default.");
            Console.Error.WriteLine("See docs/PERFORMANCE.md.");
            return selected.All(a => a is "-h" or "--help" or "help") ? 0 : 2;
        }

        Console.WriteLine($"CrmBlazor benchmarks: {string.Join(", ", selected)}");
        Console.WriteLine($".NET {Environment.Version}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, " +
            $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, {(Debugger.IsAttached ? "debugger attached, " : "")}{BuildKind}");
        var total = Stopwatch.StartNew();
        var verdicts = new List<(string Goal, string Measured, bool Met)>();

        if (selected.Contains("propagation"))
        {
            var results = await PropagationScenario.RunAsync();
            LatencyTable(results).Print("1. Live propagation: a saved move -> every listener (one move at a time)");
            // Scenario 1's goals are for 50 boards and 200 hub listeners; at issue 17's scale (500 and 1,000) its goal is p95 < 100 ms.
            var atScale = PropagationScenario.Boards >= 500 && PropagationScenario.HubListeners >= 1000;
            foreach (var s in results.Where(r => r.Name.StartsWith("Move -> each of", StringComparison.Ordinal)))
            {
                if (atScale)
                {
                    verdicts.Add(($"{s.Name}: p95 < 100 ms (issue 17)", $"{Table.F(s.P95)} ms", s.P95 < 100));
                    continue;
                }
                verdicts.Add(($"{s.Name}: p95 < 50 ms", $"{Table.F(s.P95)} ms", s.P95 < 50));
                verdicts.Add(($"{s.Name}: p99 < 100 ms", $"{Table.F(s.P99)} ms", s.P99 < 100));
            }
        }

        if (selected.Contains("scoped"))
        {
            // Issue 11: the propagation scenario once, half of its listeners department-scoped and half reading all,
            // so both get the same moves at the same moment (two runs one after the other differ by the machine's load).
            var scoped = await PropagationScenario.RunAsync(scoped: true);
            LatencyTable(scoped).Print("1c. Live propagation, half of the listeners department-scoped (all listeners)");
            LatencyTable([.. PropagationScenario.ScopedComparison.SelectMany(p => new[] { p.ReadsAll, p.Scoped })])
                .Print("1c. The same moves per listener kind: reading all (Anna) and department-scoped (Piotr)");
            foreach (var (u, s) in PropagationScenario.ScopedComparison)
            {
                verdicts.Add(($"{s.Name}: median within 10 % of the same kind reading all (same moves)",
                    $"{Table.F(s.P50)} vs {Table.F(u.P50)} ms (p95 {Table.F(s.P95)} vs {Table.F(u.P95)})", s.P50 <= u.P50 * 1.10));
            }
        }

        if (selected.Contains("propagation-queued"))
        {
            var results = await PropagationScenario.RunAsync(queued: true);
            LatencyTable(results).Print("1b. What-if (not the shipped Core): ILiveUpdates with a queue per subscriber, drained on the thread pool");
        }

        if (selected.Contains("board"))
        {
            var result = await BoardLoadScenario.RunAsync();
            LatencyTable(result.Timings).Print($"2. Board load: {result.TotalDeals:N0} deals in {result.Columns} columns (database {result.DatabaseBytes / 1024.0 / 1024.0:0} MB, generated in {result.InsertSeconds:0.0} s)");
            Console.WriteLine($"Cards per column: at most {result.MaxCardsPerColumn} (Crm:ColumnPageSize = {result.PageSize})");
            var load = result.Timings[0];
            verdicts.Add(("Board load with 100k deals: p95 < 100 ms", $"{Table.F(load.P95)} ms (p50 {Table.F(load.P50)}, mean {Table.F(load.Mean)})", load.P95 < 100));
            verdicts.Add(("Board load: at most ~50 cards per column", result.MaxCardsPerColumn.ToString(), result.MaxCardsPerColumn <= 50));
            var (readsAll, department) = (result.Timings[2], result.Timings[3]);
            verdicts.Add(("Board load, department-scoped role: median within 10 % of a role reading all (same run)",
                $"{Table.F(department.P50)} vs {Table.F(readsAll.P50)} ms (p95 {Table.F(department.P95)} vs {Table.F(readsAll.P95)})", department.P50 <= readsAll.P50 * 1.10));
        }

        if (selected.Contains("leads"))
        {
            var result = await LeadListScenario.RunAsync();
            LatencyTable(result.Timings).Print($"4. Leads list: {LeadListScenario.Leads:N0} leads (generated in {result.InsertSeconds:0.0} s)");
            foreach (var s in result.Timings)
            {
                verdicts.Add(($"{s.Name}: p95 < 100 ms", $"{Table.F(s.P95)} ms", s.P95 < 100));
            }
        }

        foreach (var postgres in new[] { false, true }.Where(p => selected.Contains(p ? "import-postgres" : "import")))
        {
            var r = await ImportExportScenario.RunAsync(postgres);
            var on = postgres ? "PostgreSQL" : "SQLite";
            Console.WriteLine($"6. Import and export on {on} ({ImportExportScenario.Rows:N0} rows): export to CSV {r.ExportSeconds:0.00} s ({r.ExportBytes / 1048576.0:0.0} MB); " +
                $"import {r.ImportSeconds:0.0} s ({r.Run.Created:N0} created, {r.Run.Skipped:N0} skipped, {r.Run.Failed:N0} failed, {r.Run.Batches} batches); " +
                $"raw prepared INSERTs of the created rows {r.RawSeconds:0.00} s; import / raw = {r.ImportSeconds / r.RawSeconds:0.0}x; " +
                $"managed memory peak over the start {r.PeakManagedBytes / 1048576.0:0} MB, process peak working set {r.PeakWorkingSetBytes / 1048576.0:0} MB");
            verdicts.Add(($"Export of 100k leads to CSV < 2 s ({on})", $"{r.ExportSeconds:0.00} s", r.ExportSeconds < 2));
            verdicts.Add(($"100k-row import <= 3x raw prepared INSERTs ({on})", $"{r.ImportSeconds / r.RawSeconds:0.0}x ({r.ImportSeconds:0.0} s vs {r.RawSeconds:0.00} s)", r.ImportSeconds <= 3 * r.RawSeconds));
        }

        if (selected.Contains("export"))
        {
            var (seconds, bytes) = await ImportExportScenario.ExportOnlyAsync();
            Console.WriteLine($"6. Export ({ImportExportScenario.Rows:N0} leads to CSV): {seconds:0.00} s ({bytes / 1048576.0:0.0} MB)");
            verdicts.Add(("Export of 100k leads to CSV < 2 s", $"{seconds:0.00} s", seconds < 2));
        }

        foreach (var postgres in new[] { false, true }.Where(p => selected.Contains(p ? "mail-postgres" : "mail")))
        {
            var on = postgres ? " on PostgreSQL" : "";
            var r = await MailScenario.RunAsync(postgres);
            Console.WriteLine($"7. E-mail{on}: {MailScenario.Messages:N0} waiting messages read and filed in {r.AloneSeconds:0.0} s alone ({r.AlonePass.LeadsCreated} leads made, " +
                $"{r.AlonePass.Filed} filed, {r.AlonePass.KeptAside} kept aside) and in {r.Seconds:0.0} s with {MailScenario.Boards} boards open and a move going on at all times " +
                $"({r.Pass.LeadsCreated} leads made, {r.Pass.Filed} filed, {r.Pass.KeptAside} kept aside); delivered to dovecot in {r.AppendSeconds:0.0} s per mailbox");
            LatencyTable([r.QuietEach, r.QuietAfterEach, r.ReadingEach, r.QuietLast, r.ReadingLast, r.QuietMove, r.ReadingMove]).Print($"7. Board propagation{on}, quiet and while {MailScenario.Messages:N0} messages are read ({r.TimedOutMoves} moves timed out)");
            verdicts.Add(($"{MailScenario.Messages:N0} messages read and filed with boards open{on} < 30 s", $"{r.Seconds:0.0} s (alone {r.AloneSeconds:0.0} s)",
                r.Seconds < 30 && r.Pass.LeadsCreated + r.Pass.Filed == MailScenario.Messages));
            verdicts.Add(($"Board propagation while mail is read{on}: median within 10 % of the quiet run",
                $"{Table.F(r.ReadingEach.P50)} vs {Table.F(Math.Min(r.QuietEach.P50, r.QuietAfterEach.P50))} ms",
                r.ReadingEach.P50 <= Math.Min(r.QuietEach.P50, r.QuietAfterEach.P50) * 1.10));
            verdicts.Add(($"Board propagation while mail is read{on}: p95 within 10 % of the quiet run",
                $"{Table.F(r.ReadingEach.P95)} vs {Table.F(Math.Min(r.QuietEach.P95, r.QuietAfterEach.P95))} ms",
                r.ReadingEach.P95 <= Math.Min(r.QuietEach.P95, r.QuietAfterEach.P95) * 1.10));
        }

        foreach (var postgres in new[] { false, true }.Where(p => selected.Contains(p ? "funnel-postgres" : "funnel")))
        {
            var result = await FunnelScenario.RunAsync(postgres);
            var table = LatencyTable(result.Timings);
            table.Print($"5. Sales funnel{(postgres ? " on PostgreSQL" : "")}: {FunnelScenario.Deals:N0} deals, {result.HistoryRows:N0} stage history rows (database {result.DatabaseBytes / 1024.0 / 1024.0:0} MB, generated in {result.InsertSeconds:0.0} s{(postgres ? $", the roll-up's rows merged in {result.MergeSeconds:0.0} s" : "")})");
            Console.WriteLine($"Deals in the funnel per case: {string.Join(", ", result.DealsPerPeriod.Select(c => c.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))}");
            if (result.BeforeVacuum is { } unvacuumed)
            {
                LatencyTable(unvacuumed).Print($"5b. The same on PostgreSQL right after the merge, {result.DeadRollupRows:N0} dead roll-up rows left (no goal)");
            }
            foreach (var s in result.Timings)
            {
                verdicts.Add(($"{(postgres ? "PostgreSQL, " : "")}{s.Name}: p95 < 50 ms (issue 17; issue 6: 200)", $"{Table.F(s.P95)} ms (p50 {Table.F(s.P50)})", s.P95 < 50));
            }
        }

        if (selected.Contains("memory"))
        {
            var result = await MemoryScenario.RunAsync();
            var table = new Table("kind", "boards", "managed MB", "working set MB");
            foreach (var m in result.Measurements)
            {
                table.Row(m.Kind, m.Boards.ToString(), Table.F(m.ManagedBytes / 1024.0 / 1024.0, "0.0"), Table.F(m.WorkingSetBytes / 1024.0 / 1024.0, "0.0"));
            }
            table.Print($"3. Memory per open board ({result.Columns} columns, {result.CardsPerBoard} cards shown per board)");

            var slopes = new Table("per board (KB)", $"managed, {MemoryScenario.First}->{MemoryScenario.Second}", $"managed, 0->{MemoryScenario.First}", $"working set, {MemoryScenario.First}->{MemoryScenario.Second}");
            var firstKind = result.Measurements[0].Kind;
            foreach (var kind in result.Measurements.Select(m => m.Kind).Distinct())
            {
                var m = result.Measurements.Where(x => x.Kind == kind).ToDictionary(x => x.Boards);
                double Slope(Func<MemoryScenario.Measurement, long> bytes, int from, int to) => (bytes(m[to]) - bytes(m[from])) / 1024.0 / (to - from);
                var managed = Slope(x => x.ManagedBytes, MemoryScenario.First, MemoryScenario.Second);
                // The process keeps the memory the first kind grew into, so only the first kind's working set says anything.
                slopes.Row(kind, Table.F(managed, "0.0"), Table.F(Slope(x => x.ManagedBytes, 0, MemoryScenario.First), "0.0"),
                    kind == firstKind ? Table.F(Slope(x => x.WorkingSetBytes, MemoryScenario.First, MemoryScenario.Second), "0.0") : "n/a");
                if (kind == "page")
                {
                    verdicts.Add(("Memory per open board (rendered page, managed): < 500 KB", $"{Table.F(managed, "0.0")} KB", managed < 500));
                }
                if (kind == "page in use")
                {
                    verdicts.Add(("The same, once every column has re-rendered (a board in use, issue 17): < 400 KB", $"{Table.F(managed, "0.0")} KB", managed < 400));
                }
            }
            slopes.Print();
            Console.WriteLine("page = real MainLayout + DealBoard rendered in its own DI scope and renderer (the stand-in for a circuit on /deals); " +
                "page in use = the same after a live move through each column (every column re-rendered once, so Blazor holds its previous render tree too); " +
                "board = DealBoard with only the MudPopoverProvider it needs; layout = MainLayout around an empty page; data = BoardState + dispatcher + subscription; connection = signed-in SignalR connection " +
                "(client and server ends, both in this process)");
            Console.WriteLine(result.Components);
            Console.WriteLine($"Renderer exceptions while opening pages: {result.Exceptions}");
        }

        if (selected.Contains("api"))
        {
            var result = await ApiScenario.RunAsync();
            LatencyTable([.. result.Timings, .. result.Diagnostics]).Print($"6. REST API over HTTP: {ApiScenario.Deals:N0} deals (generated in {result.InsertSeconds:0.0} s)");
            foreach (var s in result.Timings)
            {
                verdicts.Add(($"{s.Name}: p95 < 20 ms", $"{Table.F(s.P95)} ms (p50 {Table.F(s.P50)})", s.P95 < 20));
            }
            // A deal moved through the API reaches 50 open boards within the same figures as a move from a board
            // (scenario 1's goals), measured against board moves in alternating rounds of the same run.
            var moves = await PropagationScenario.RunAsync(apiMovesOnly: true);
            LatencyTable(moves).Print($"6b. A move through the REST API and a move from a board -> {PropagationScenario.Boards} open boards (alternating rounds)");
            var (viaApi, viaBoard) = (moves[0], moves[2]);
            verdicts.Add(($"{viaApi.Name}: p95 < 50 ms", $"{Table.F(viaApi.P95)} ms", viaApi.P95 < 50));
            verdicts.Add(($"{viaApi.Name}: p99 < 100 ms", $"{Table.F(viaApi.P99)} ms", viaApi.P99 < 100));
            // What the HTTP request adds, for the record: the board move here is the in-process call, without the
            // SignalR trip a real drag makes from the browser, so the API's own transport is all of the difference.
            Console.WriteLine($"API move against the in-process board move (same run): p50 +{Table.F(viaApi.P50 - viaBoard.P50)} ms, p95 +{Table.F(viaApi.P95 - viaBoard.P95)} ms "
                + $"(the HTTP request: authentication, If-Match, the answer; a board's drag has its own SignalR trip, not measured here)");
            verdicts.Add(("Board move -> each of 50 open boards: p95 < 50 ms (the same run's reference)", $"{Table.F(viaBoard.P95)} ms", viaBoard.P95 < 50));
        }

        if (selected.Contains("webforms"))
        {
            var r = await WebFormScenario.RunAsync();
            LatencyTable([r.Timings, r.WarmupTimings]).Print($"7. Web form submissions over HTTP for {r.Seconds} s after {r.WarmupSeconds} s of the same load, with {WebFormScenario.Users} users' boards and lead lists open");
            Console.WriteLine($"Sent {r.Sent:N0}, answered 200: {r.Ok:N0}, refused: {r.Refused:N0}; leads made: {r.Leads:N0}, log rows: {r.LogRows:N0}");
            verdicts.Add(("Web form submission: p95 < 50 ms", $"{Table.F(r.Timings.P95)} ms (p50 {Table.F(r.Timings.P50)})", r.Timings.P95 < 50));
            verdicts.Add(("Web form submissions: none lost", $"{r.Ok:N0} of {r.Sent:N0} answered 200, {r.Leads:N0} leads", r.Ok == r.Sent && r.Leads == r.Sent && r.LogRows == r.Sent));
        }

        if (selected.Contains("search"))
        {
            var r = await SearchScenario.RunAsync();
            LatencyTable(r.Timings).Print($"8. Search everywhere: {SearchScenario.Each:N0} leads + {SearchScenario.Each:N0} contacts + {SearchScenario.Each:N0} deals " +
                $"({r.IndexRows:N0} index rows; all inserted and indexed in {r.InsertSeconds:0.0} s, of which the start-up rebuild {r.IndexSeconds:0.0} s)");
            foreach (var s in r.Timings)
            {
                verdicts.Add(($"{s.Name}: p95 < 20 ms", $"{Table.F(s.P95)} ms (p50 {Table.F(s.P50)})", s.P95 < 20));
            }
        }

        if (selected.Contains("filters"))
        {
            var r = await BoardFilterScenario.RunAsync();
            LatencyTable(r.Timings).Print($"9. Filtered board: {BoardFilterScenario.Deals:N0} deals (generated and indexed in {r.InsertSeconds:0.0} s)");
            Console.WriteLine($"Deals matching, per filter: {string.Join(", ", r.Matches.Select(m => m.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))}");
            foreach (var s in r.Timings)
            {
                verdicts.Add(($"{s.Name}: p95 < 50 ms", $"{Table.F(s.P95)} ms (p50 {Table.F(s.P50)})", s.P95 < 50));
            }
        }

        if (selected.Contains("merge"))
        {
            var r = await MergeScenario.RunAsync();
            LatencyTable([r.Timing]).Print($"10. Merge: two contacts with {MergeScenario.EntriesEach:N0} timeline entries each ({r.EntriesMovedEach:N0} moved per merge; {r.TimelineRows:N0} timeline rows at the end)");
            verdicts.Add(($"{r.Timing.Name}: p95 < 200 ms", $"{Table.F(r.Timing.P95)} ms (p50 {Table.F(r.Timing.P50)})", r.Timing.P95 < 200));
        }

        if (selected.Contains("reliability"))
        {
            var results = await ReliabilityScenario.RunAsync();
            LatencyTable(results.SelectMany(r => new[] { r.Commits, r.Delivered })).Print($"11. Reliability (1): {ReliabilityScenario.Writers} concurrent writers editing {ReliabilityScenario.SharedDeals} shared deals");
            foreach (var r in results)
            {
                Console.WriteLine($"{r.Provider}: {r.Acknowledged:N0} edits acknowledged in {r.Seconds:0.0} s ({r.PerSecond:N0}/s), {r.Conflicts:N0} conflicts told and retried, "
                    + $"{r.Errors:N0} errors{(r.FirstError is null ? "" : $" (first: {r.FirstError})")}; lost increments {r.LostIncrements:N0}; "
                    + $"outbox events stored {r.EventsStored:N0}, delivered {r.EventsDelivered:N0}");
                verdicts.Add(($"{r.Provider}, {ReliabilityScenario.Writers} writers: no lost update, no error, every event stored and delivered once",
                    $"lost {r.LostIncrements}, errors {r.Errors}, events {r.EventsStored}/{r.EventsDelivered} of {r.Acknowledged}", r.Exact));
                verdicts.Add(($"{r.Provider}, {ReliabilityScenario.Writers} writers: p95 commit < 20 ms", $"{Table.F(r.Commits.P95)} ms (p50 {Table.F(r.Commits.P50)})", r.Commits.P95 < 20));
            }
        }

        if (selected.Contains("reliability-kill"))
        {
            var r = await KillScenario.RunAsync();
            LatencyTable([r.KillAfter]).Print($"12. Reliability (2): a writer killed with SIGKILL {r.Kills} times during its writes (SQLite, WAL)");
            Console.WriteLine($"{r.Kills} kills in {r.Seconds:0} s: {r.Acknowledged:N0} deals acknowledged, {r.Deals:N0} in the database, {r.EventsForDeals:N0} 'created' events in the outbox; "
                + $"integrity failures {r.IntegrityFailures}, acknowledged but missing {r.AcknowledgedMissing}, deals without their event {r.DealsWithoutEvent}, events without their deal {r.EventsWithoutDeal}");
            verdicts.Add(($"{r.Kills} SIGKILLs: integrity_check ok every time", $"{r.Kills - r.IntegrityFailures} of {r.Kills}", r.IntegrityFailures == 0));
            verdicts.Add(("Every acknowledged write is there", $"{r.Acknowledged - r.AcknowledgedMissing:N0} of {r.Acknowledged:N0}", r.AcknowledgedMissing == 0));
            verdicts.Add(("No outbox event lost (every deal has its event, every event its deal)", $"{r.DealsWithoutEvent} without, {r.EventsWithoutDeal} orphaned", r.DealsWithoutEvent == 0 && r.EventsWithoutDeal == 0));
        }

        if (selected.Contains("reliability-failover"))
        {
            var r = await FailoverScenario.RunAsync();
            LatencyTable([r.CaughtUp]).Print($"13. Reliability (4): two servers on PostgreSQL, server A killed with SIGKILL {r.Kills} times in a burst of moves ({FailoverScenario.Movers} movers on {FailoverScenario.SharedDeals} deals), {FailoverScenario.Boards} boards open on server B");
            Console.WriteLine($"{r.Kills} kills in {r.Seconds:0} s: {r.MovesAcknowledged:N0} moves acknowledged by server A; {r.Checks:N0} board checks on server B, {r.Disagreements} disagreeing with the database"
                + (r.FirstDisagreement is null ? "" : $" (first: {r.FirstDisagreement})"));
            verdicts.Add(($"Server A killed {r.Kills} times in a burst: server B's boards and the database agree", $"{r.Checks - r.Disagreements:N0} of {r.Checks:N0} board checks", r.Disagreements == 0));
        }

        if (selected.Contains("cross-server"))
        {
            var r = await CrossServerScenario.RunAsync();
            LatencyTable([r.First, r.Later]).Print($"14. A move on server A until server B delivers it (PostgreSQL + Redis), {CrossServerScenario.Rounds} fresh starts of both servers, {CrossServerScenario.MovesPerRound} moves each");
            verdicts.Add(("The first move after a start reaches the other server as fast as the later ones (first p50 within 2x of later p95)",
                $"first p50 {Table.F(r.First.P50)} / max {Table.F(r.First.Max)} ms; later p50 {Table.F(r.Later.P50)} / p95 {Table.F(r.Later.P95)} ms", r.First.P50 <= 2 * r.Later.P95));
        }

        var verdictTable = new Table("goal", "measured", "met");
        foreach (var (goal, measured, met) in verdicts)
        {
            verdictTable.Row(goal, measured, met ? "yes" : "NO");
        }
        verdictTable.Print("Goals (2-core target machine)");
        Console.WriteLine();
        Console.WriteLine($"Done in {total.Elapsed.TotalSeconds:0} s.");
        return 0;
    }

    private static Table LatencyTable(IEnumerable<Summary> summaries)
    {
        var table = new Table("latency (ms)", "samples", "p50", "p95", "p99", "max", "mean");
        foreach (var s in summaries)
        {
            table.Row(s.Name, s.Count.ToString(), Table.F(s.P50), Table.F(s.P95), Table.F(s.P99), Table.F(s.Max), Table.F(s.Mean));
        }
        return table;
    }
}
