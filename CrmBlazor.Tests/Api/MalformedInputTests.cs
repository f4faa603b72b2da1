using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;

namespace CrmBlazor.Tests.Api;

/// <summary>
/// Issue 17's proof (5) over HTTP, property-based: random and malformed requests to every endpoint the app maps (the
/// REST API, pages with their route values and query strings, the public web forms and widget, sign-in, culture,
/// exports, the hubs' negotiation), from a token, a signed-in browser and nobody, and never a 5xx. The generator is
/// seeded: a failure names its seed and request, and the same seed sends the same requests again.
/// </summary>
public sealed class MalformedInputTests : IAsyncLifetime
{
    /// <summary>Requests per endpoint and method.</summary>
    private const int Tries = 12;

    /// <summary>
    /// Kestrel's limit on a request line, its CRLF included (8 KB by default, not changed by the app). Past it Kestrel
    /// answers 414 and closes the connection, and a client still sending the request's body may see the close before the
    /// answer: the server's own protocol limit at work, not the app failing.
    /// </summary>
    private const int RequestLineLimit = 8 * 1024;

    /// <summary>The request line's target as Kestrel sees it: the path and query (the client made the URI absolute when it sent it).</summary>
    private static string Target(Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;

    private static readonly string[] RouteValues =
    [
        "1", "0", "-1", "2147483647", "2147483648", "99999999999999999999999", "1.5", "1e9", "abc", "true", "contact",
        "%00", "%0D%0A", "..%2F..%2Fetc%2Fpasswd", "%E2%80%AE", "%F0%9F%98%80", "%25", "%FF%FE", new string('9', 400),
    ];

    private static readonly string[] QueryNames =
    [
        "q", "page", "pageSize", "sort", "pipeline", "stage", "from", "to", "status", "source", "responsible", "culture",
        "redirectUri", "returnUrl", "deal", "after", "since", "limit", "offset", "fields", "format", "view", "period", "id",
        "kind", "companyId", "contactId", "amountFrom", "amountTo", "createdFrom", "createdTo", "bucket", "slug", "utm_source",
    ];

    private static readonly string[] BodyNames =
    [
        "title", "name", "firstName", "lastName", "email", "emails", "phone", "phones", "amount", "currency", "stageId",
        "pipelineId", "companyId", "contactId", "responsibleUserId", "dueAt", "closeDate", "comment", "status", "source",
        "kind", "subject", "body", "website", "lines", "productId", "quantity", "price", "version", "slug", "fields", "url",
        "events", "secret", "toStageId", "expectedVersion", "afterDealId", "reason", "won", "text", "values", "sort",
    ];

    private CrmAppFactory _app = default!;

    public Task InitializeAsync()
    {
        // Limits high enough that the requests reach their handlers rather than a 429.
        _app = new CrmAppFactory(settings: new Dictionary<string, string> { ["Crm:Api:PermitsPerMinute"] = "1000000" });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData(20261202)]
    [InlineData(17)]
    [InlineData(4242)]
    public async Task EveryEndpoint_RandomAndMalformedRequests_NeverAnswerA5xx(int seed)
    {
        var random = new Random(seed);
        var endpoints = _app.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.StartsWith("/_", StringComparison.Ordinal)
                && !e.Metadata.Any(m => m.GetType().Name.Contains("StaticAsset", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => (Endpoint: e, Method: method)))
            .DistinctBy(x => $"{x.Method} {x.Endpoint.RoutePattern.RawText}")
            .OrderBy(x => x.Endpoint.RoutePattern.RawText, StringComparer.Ordinal).ThenBy(x => x.Method, StringComparer.Ordinal)
            .ToList();
        Assert.Contains(endpoints, x => x.Endpoint.RoutePattern.RawText!.StartsWith("/api/v1", StringComparison.Ordinal));
        Assert.Contains(endpoints, x => x.Endpoint.RoutePattern.RawText!.StartsWith("/forms/", StringComparison.Ordinal));

        using var token = await ApiApp.ClientAsync(_app, "manager@demo.crm");
        using var browser = await ApiApp.SignedInAsync(_app, "manager@demo.crm");
        using var nobody = ApiApp.Anonymous(_app);
        HttpClient[] clients = [token, browser, nobody];
        var failures = new List<string>();
        var sent = 0;
        var refusedByKestrel = 0;
        foreach (var (endpoint, method) in endpoints)
        {
            for (var i = 0; i < Tries; i++)
            {
                using var request = Request(random, endpoint, method);
                var described = $"{method} {request.RequestUri}{(request.Content is null ? "" : " with " + Describe(await request.Content.ReadAsStringAsync()))}";
                try
                {
                    using var response = await clients[random.Next(clients.Length)].SendAsync(request);
                    sent++;
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{(int)response.StatusCode} for {described}");
                    }
                }
                catch (HttpRequestException) when ($"{method} {Target(request.RequestUri!)} HTTP/1.1\r\n".Length > RequestLineLimit)
                {
                    refusedByKestrel++;
                }
                catch (HttpRequestException ex)
                {
                    failures.Add($"no answer ({ex.Message}) for {described}");
                }
            }
        }

        Assert.True(sent > 1000, $"Only {sent} requests were answered ({refusedByKestrel} more over Kestrel's request line limit were cut off).");
        Assert.True(failures.Count == 0, $"Seed {seed}: {failures.Count} of {sent} requests to {endpoints.Count} endpoints failed:\n" + string.Join("\n", failures.Take(40)));
    }

    private static HttpRequestMessage Request(Random random, RouteEndpoint endpoint, string method)
    {
        var path = new StringBuilder();
        foreach (var segment in endpoint.RoutePattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => Pick(random, RouteValues),
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
                    _ => "",
                });
            }
        }
        var query = new List<string>();
        for (var n = random.Next(0, 5); n > 0; n--)
        {
            query.Add($"{Pick(random, QueryNames)}={Escape(Garbage(random))}");
        }
        var uri = path.Length == 0 ? "/" : path.ToString();
        var request = new HttpRequestMessage(new HttpMethod(method), query.Count == 0 ? uri : $"{uri}?{string.Join('&', query)}");
        if (method is "POST" or "PUT" or "PATCH" or "DELETE" && random.Next(6) != 0)
        {
            request.Content = Body(random);
        }
        if (random.Next(4) == 0)
        {
            request.Headers.TryAddWithoutValidation("If-Match", Pick(random, ["\"1\"", "\"-1\"", "W/\"x\"", "*", "garbage", "\"99999999999\""]));
        }
        if (random.Next(6) == 0)
        {
            request.Headers.TryAddWithoutValidation("Origin", Pick(random, ["null", "https://evil.example", "http://127.0.0.1:1"]));
        }
        return request;
    }

    private static HttpContent Body(Random random)
    {
        switch (random.Next(8))
        {
            case 0:
                return new StringContent(Pick(random, ["{", "null", "[]", "123", "\"text\"", "{\"a\":", "{}", "\u0000", "[{}]"]), Encoding.UTF8, "application/json");
            case 1:
                return new FormUrlEncodedContent(Enumerable.Range(0, random.Next(1, 8)).Select(_ => KeyValuePair.Create(Pick(random, BodyNames), Garbage(random))));
            case 2:
                var odd = new StringContent(Garbage(random), Encoding.UTF8);
                odd.Headers.Remove("Content-Type");
                odd.Headers.TryAddWithoutValidation("Content-Type", Pick(random, ["text/plain", "application/xml", "multipart/form-data", "application/json; charset=latin1", "application/x-www-form-urlencoded"]));
                return odd;
            default:
                var body = new JsonObject();
                for (var n = random.Next(1, 10); n > 0; n--)
                {
                    body[Pick(random, BodyNames)] = Value(random, depth: 0);
                }
                return new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
    }

    private static JsonNode? Value(Random random, int depth) => random.Next(depth > 1 ? 6 : 8) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(Pick(random, [0L, -1L, 1L, long.MaxValue, long.MinValue, int.MaxValue + 1L])),
        3 => JsonValue.Create(Pick(random, [0.5, -1e308, 1e308, 99999999999999.99, -0.0000001])),
        4 or 5 => JsonValue.Create(Garbage(random)),
        6 => new JsonArray([.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => Value(random, depth + 1))]),
        _ => new JsonObject(Enumerable.Range(0, random.Next(0, 4)).Select(i => KeyValuePair.Create(Pick(random, BodyNames) + i, Value(random, depth + 1)))),
    };

    /// <summary>A string a user or an attacker might send: empty, huge, control characters, markup, formulas, odd dates and numbers.</summary>
    private static string Garbage(Random random) => random.Next(14) switch
    {
        0 => "",
        1 => new string('x', Pick(random, [256, 4_001, 70_000])),
        2 => "\u0000\u0001\u001f\r\n\t",
        3 => "<script>alert(1)</script>",
        4 => "=HYPERLINK(\"http://evil\")",
        5 => Pick(random, ["2026-13-45", "0001-01-01", "9999-12-31T23:59:59Z", "yesterday", "1e400", "-0", "NaN", "Infinity"]),
        6 => Pick(random, ["-1", "0", "2147483648", "-9223372036854775809", "1.7976931348623157E+309", "0x10"]),
        7 => "\uD800", // a lone surrogate
        8 => "😀‮ zażółć gęślą jaźń",
        9 => "' OR 1=1 --",
        10 => "%s%n{0}{{}}${x}",
        11 => Pick(random, ["http://", "javascript:alert(1)", "//evil.example", "/\\evil", "mailto:"]),
        12 => string.Concat(Enumerable.Range(0, random.Next(1, 30)).Select(_ => (char)random.Next(0x20, 0x250))),
        _ => Pick(random, ["a@b", "@", "+48", "+48 600 000 000", "PLN", "XXX", "Open", "Won", "anna@demo.crm"]),
    };

    private static string Escape(string value)
    {
        try
        {
            return Uri.EscapeDataString(value);
        }
        catch (UriFormatException)
        {
            return "%ED%A0%80"; // the lone surrogate, as its bytes would be
        }
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];

    private static string Describe(string body) => body.Length > 300 ? body[..300] + $"… ({body.Length} characters)" : body;
}
