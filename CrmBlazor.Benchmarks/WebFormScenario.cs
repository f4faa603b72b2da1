using System.Diagnostics;
using System.Net;
using CrmBlazor.Core.WebForms;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// Scenario 7 (issue 14): website visitors sending the demo form <c>contact</c> over real HTTP while 20 signed-in users
/// have their deal board and their lead list open (real pages rendered in process, see <see cref="OpenBoard"/>; each
/// lead list reloads live as leads arrive). 50 simulated visitors send 1,000 submissions a minute between them (each
/// one every 3 s, started at spread-out moments, open loop: a slow answer does not delay the next send) for
/// <see cref="Seconds"/>, as the widget does (form post, <c>Accept: application/json</c>), each a new e-mail so each
/// makes a lead. Each sample is one submission, from send to the read answer. Afterwards: every submission answered
/// 200 and each has its lead and its log row ("none lost").
/// The per-address rate limit (10 a minute) is raised for the run: all visitors come from 127.0.0.1, and 20 a minute
/// from one visitor is over it by design; the limiter itself stays in the pipeline.
/// </summary>
internal static class WebFormScenario
{
    public const int Visitors = 50;
    public const int PerMinute = 1_000;
    public const int Users = 20;

    /// <summary>How long the visitors send: 120 s, or <c>CRM_BENCH_WEBFORM_SECONDS</c> for a shorter look.</summary>
    public static int Seconds => int.TryParse(Environment.GetEnvironmentVariable("CRM_BENCH_WEBFORM_SECONDS"), out var s) && s > 0 ? s : 120;

    /// <summary>How long the same load runs before the measured seconds: 45 s, or <c>CRM_BENCH_WEBFORM_WARMUP</c> (0 for none).</summary>
    public static int WarmupSeconds => int.TryParse(Environment.GetEnvironmentVariable("CRM_BENCH_WEBFORM_WARMUP"), out var s) && s >= 0 ? s : 45;

    public sealed record Result(Summary Timings, Summary WarmupTimings, int Sent, int Ok, int Refused, int Leads, int LogRows, int Seconds, int WarmupSeconds);

    public static async Task<Result> RunAsync()
    {
        var seconds = Seconds;
        Console.WriteLine($"[webforms] starting the app: {Users} users with their board and lead list open, {Visitors} visitors, {PerMinute:N0} submissions a minute for {seconds} s");
        using var profile = new StepProfile();
        await using var app = await CrmApp.StartAsync(settings: new Dictionary<string, string> { ["Crm:WebForms:PerIpLimit"] = "1000000" });
        var services = app.Services;
        var contexts = services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        var pipelineId = (await services.GetRequiredService<PipelineService>().GetPipelinesAsync()).Single(p => p.IsDefault).Id;
        int formId;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            formId = await db.WebForms.Where(f => f.Slug == DemoWebForm.Slug).Select(f => f.Id).SingleAsync();
        }

        var emails = new[] { "anna@demo.crm", "piotr@demo.crm", "manager@demo.crm", "admin@demo.crm" };
        var principals = new List<System.Security.Claims.ClaimsPrincipal>();
        foreach (var email in emails)
        {
            principals.Add(await OpenBoard.PrincipalAsync(services, email));
        }
        var pages = new List<OpenBoard>();
        try
        {
            for (var i = 0; i < Users; i++)
            {
                var user = principals[i % principals.Count];
                pages.Add(await OpenBoard.OpenAsync(services, user, app.BaseAddress, pipelineId));
                pages.Add(await OpenBoard.OpenPageAsync(services, user, app.BaseAddress, "leads", typeof(CrmBlazor.Components.Pages.Leads.LeadList)));
            }

            using var handler = new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = Visitors, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
            using var http = new HttpClient(handler) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            var run = Guid.NewGuid().ToString("N")[..8];

            async Task<(double Ms, HttpStatusCode Status)> SendAsync(int visitor, int n, string campaign)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"forms/{DemoWebForm.Slug}")
                {
                    Content = new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["name"] = $"Visitor {visitor} No{n}",
                        ["email"] = $"v{visitor}.{n}.{run}@example.com",
                        ["phone"] = "",
                        ["company"] = $"Company {visitor}",
                        ["message"] = "Please send an offer.",
                        ["consent"] = "on",
                        ["_src"] = "widget",
                        ["_lang"] = "en",
                        ["_page"] = "https://shop.example.com/offer",
                        ["utm_source"] = "bench",
                        ["utm_campaign"] = campaign,
                    }),
                };
                request.Headers.Accept.ParseAdd("application/json");
                request.Headers.TryAddWithoutValidation("Origin", "https://shop.example.com");
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request);
                    await response.Content.ReadAsByteArrayAsync();
                    return (Samples.Ms(t0, Stopwatch.GetTimestamp()), response.StatusCode);
                }
                catch (Exception e) when (e is TaskCanceledException or HttpRequestException)
                {
                    // No answer within the client's 30 s: counted as not answered (0), and its time as measured.
                    return (Samples.Ms(t0, Stopwatch.GetTimestamp()), 0);
                }
            }

            // Warm-up: the first requests compile and open everything.
            for (var i = 0; i < 10; i++)
            {
                await SendAsync(-1, i, "warm-up");
            }

            // The same load for the warm-up's seconds first, measured apart: a process that has just started runs its
            // code unoptimised until the JIT's tiers catch up, which under this load takes the first 30-45 s.
            var warmup = WarmupSeconds;
            var interval = TimeSpan.FromMinutes(1) / (PerMinute / (double)Visitors);
            var each = (int)Math.Floor(TimeSpan.FromSeconds(warmup + seconds) / interval);
            var start = Stopwatch.GetTimestamp();
            var measuring = Task.Delay(TimeSpan.FromSeconds(warmup)).ContinueWith(_ => profile.Reset(), TaskScheduler.Default);
            var results = await Task.WhenAll(Enumerable.Range(0, Visitors).Select(async visitor =>
            {
                var mine = new List<(double At, double Ms, HttpStatusCode Status)>();
                var offset = interval * visitor / Visitors;
                for (var n = 0; n < each; n++)
                {
                    var due = offset + interval * n - Stopwatch.GetElapsedTime(start);
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due);
                    }
                    var at = Stopwatch.GetElapsedTime(start).TotalSeconds;
                    var (ms, status) = await SendAsync(visitor, n, run);
                    mine.Add((at, ms, status));
                }
                return mine;
            }));
            await measuring;
            var all = results.SelectMany(r => r).ToList();
            var samples = new Samples($"POST /forms/contact (widget, {Visitors} visitors, {PerMinute:N0}/min), {seconds} s after the warm-up");
            samples.AddRange(all.Where(r => r.At >= warmup).Select(r => r.Ms));
            var warming = new Samples($"the same, first {warmup} s (warm-up, not the goal's)");
            warming.AddRange(all.Where(r => r.At < warmup).Select(r => r.Ms));
            if (Environment.GetEnvironmentVariable("CRM_BENCH_WEBFORM_TIMELINE") == "1")
            {
                foreach (var window in all.GroupBy(x => (int)(x.At / 5)).OrderBy(g => g.Key))
                {
                    var ms = window.Select(x => x.Ms).Order().ToList();
                    Console.WriteLine($"  from {window.Key * 5,4} s: {ms.Count,4} sent, p50 {ms[ms.Count / 2],7:0.0}, p95 {ms[(int)(ms.Count * 0.95)],7:0.0}, max {ms[^1],7:0.0} ms");
                }
            }

            int leads, logRows;
            await using (var db = await contexts.CreateDbContextAsync())
            {
                leads = await db.Leads.CountAsync(l => l.UtmCampaign == run);
                var runLeads = db.Leads.Where(l => l.UtmCampaign == run).Select(l => (int?)l.Id);
                logRows = await db.WebFormSubmissions.CountAsync(s => s.WebFormId == formId && s.Outcome == WebFormOutcome.NewLead && runLeads.Contains(s.ElementId));
            }
            profile.Print("7b. Where a submission's time went (activities and metrics inside the app, during the measured run)");
            var ok = all.Count(r => r.Status == HttpStatusCode.OK);
            return new Result(samples.Summarize(), warming.Summarize(), all.Count, ok, all.Count - ok, leads, logRows, seconds, warmup);
        }
        finally
        {
            foreach (var page in pages)
            {
                await page.DisposeAsync();
            }
        }
    }
}
