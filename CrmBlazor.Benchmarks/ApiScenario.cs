using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CrmBlazor.Core.ApiTokens;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// Scenario 6: the REST API over real HTTP (Kestrel on loopback, an HttpClient with a Bearer token in this process).
/// <c>GET /api/v1/deals</c> pages of 100 over 100,000 deals of one pipeline (the first page, and pages further on by
/// cursor), the same newest first (<c>sort=CreatedAt&amp;descending=true</c>, keyset on an index), and
/// <c>POST /api/v1/leads</c>. Each request is timed from send to the parsed answer. Not goals but where the time goes:
/// the same page read in-process through <see cref="DealQueryService"/> (no HTTP, no authentication) and
/// <c>GET /api/v1/users</c> (authentication and the pipeline with almost no query).
/// </summary>
internal static class ApiScenario
{
    public const int Deals = 100_000;
    // Enough requests for the JIT's tiered compilation to reach the steady state a running server is in (5 were not:
    // the first phase measured tier-0 code while the later ones measured the same paths at tier 1).
    private const int Warmup = 50;
    private const int Iterations = 100;

    public sealed record Result(IReadOnlyList<Summary> Timings, double InsertSeconds, IReadOnlyList<Summary> Diagnostics);

    public static async Task<Result> RunAsync()
    {
        Console.WriteLine($"[api] starting the app, adding {Deals:N0} deals to the default pipeline");
        await using var app = await CrmApp.StartAsync();
        var (pipelineId, insertSeconds) = await DealGenerator.FillDefaultPipelineAsync(app.Services, Deals);

        await using var scope = app.Services.CreateAsyncScope();
        string managerId;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync())
        {
            managerId = await db.Users.Where(u => u.Email == "manager@demo.crm").Select(u => u.Id).SingleAsync();
        }
        var manager = Actor.Create(managerId, "Manager", CrmRoles.Manager);
        var token = (await app.Services.GetRequiredService<ApiTokenService>().CreateAsync(new ApiTokenInput { Name = "bench", Scope = ApiTokenScope.ReadWrite }, manager)).Value!;
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Secret);

        async Task<JsonElement> GetPageAsync(string? cursor, string order = "")
        {
            using var response = await client.GetAsync($"api/v1/deals?pipelineId={pipelineId}&limit=100{order}" + (cursor is null ? "" : "&cursor=" + cursor));
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>());
        }

        var first = new Samples("GET /api/v1/deals?limit=100 (first page of 100k)");
        var further = new Samples("GET /api/v1/deals?limit=100&cursor=... (walking on)");
        string? cursor = null;
        for (var i = 0; i < Warmup + Iterations; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var page = await GetPageAsync(null);
            var t1 = Stopwatch.GetTimestamp();
            cursor ??= page.GetProperty("nextCursor").GetString();
            var next = await GetPageAsync(cursor);
            var t2 = Stopwatch.GetTimestamp();
            cursor = next.GetProperty("nextCursor").GetString();
            if (next.GetProperty("items").GetArrayLength() != 100)
            {
                throw new InvalidOperationException("A page of deals came back short.");
            }
            if (i >= Warmup)
            {
                first.Add(Samples.Ms(t0, t1));
                further.Add(Samples.Ms(t1, t2));
            }
        }

        var newest = new Samples("GET /api/v1/deals?limit=100&sort=CreatedAt&descending=true (walking on)");
        cursor = null;
        for (var i = 0; i < Warmup + Iterations; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var page = await GetPageAsync(cursor, "&sort=CreatedAt&descending=true");
            cursor = page.GetProperty("nextCursor").GetString();
            if (i >= Warmup)
            {
                newest.Add(Samples.Ms(t0, Stopwatch.GetTimestamp()));
            }
        }

        // Where the time of a page goes: the Core read alone, and a request that does little more than authenticate.
        var deals = app.Services.GetRequiredService<DealQueryService>();
        var core = new Samples("(diagnostic) DealQueryService.ListAsync, page of 100, in-process");
        var users = new Samples("(diagnostic) GET /api/v1/users (authentication + pipeline)");
        for (var i = 0; i < Warmup + Iterations; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            await deals.ListAsync(new DealListQuery { PipelineId = pipelineId }, new KeysetRequest(null, 100), manager);
            var t1 = Stopwatch.GetTimestamp();
            using (var response = await client.GetAsync("api/v1/users"))
            {
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
            }
            if (i >= Warmup)
            {
                core.Add(Samples.Ms(t0, t1));
                users.Add(Samples.Ms(t1, Stopwatch.GetTimestamp()));
            }
        }

        var post = new Samples("POST /api/v1/leads");
        // Where a create's time goes in the server (its request, the commit), printed after the run.
        using var profile = new StepProfile();
        for (var i = 0; i < Warmup + Iterations; i++)
        {
            if (i == Warmup)
            {
                profile.Reset();
            }
            var t0 = Stopwatch.GetTimestamp();
            using var response = await client.PostAsJsonAsync("api/v1/leads", new
            {
                title = $"Bench lead {i}",
                firstName = "Jan",
                lastName = "Kowalski",
                phones = new[] { new { number = $"+48 601 234 {100 + i % 900}", type = 0 } },
                source = 0,
                status = 0,
            });
            if ((int)response.StatusCode != 201)
            {
                throw new InvalidOperationException($"POST lead answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            await response.Content.ReadAsByteArrayAsync();
            if (i >= Warmup)
            {
                post.Add(Samples.Ms(t0, Stopwatch.GetTimestamp()));
            }
        }
        profile.Print("POST /api/v1/leads in the server");
        return new Result([first.Summarize(), further.Summarize(), newest.Summarize(), post.Summarize()], insertSeconds, [core.Summarize(), users.Summarize()]);
    }
}
