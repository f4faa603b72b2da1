using System.Net;
using Microsoft.AspNetCore.Routing;
using CrmBlazor.Core.ApiTokens;
using CrmBlazor.Core.Parties;

namespace CrmBlazor.Tests.Api;

/// <summary>Who may call the API and how much: tokens, scopes, the user's permissions, the cookie, rate and size limits.</summary>
public sealed class ApiAccessTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static readonly object Lead = new { title = "Access", phones = new[] { new { number = "+48 601 234 567", type = "Mobile" } }, source = "Manual", status = "New" };

    [Fact]
    public async Task NoTokenOrAWrongOrRevokedToken_Answers401()
    {
        using var anonymous = ApiApp.Anonymous(app.Server);
        using var wrong = ApiApp.Anonymous(app.Server);
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", "crm_00000000_nothing");
        using var revoked = await app.ClientAsync("anna@demo.crm");
        var annas = await app.Server.Get<ApiTokenService>().ListAsync(await app.Server.ActorAsync("anna@demo.crm"));
        foreach (var token in annas)
        {
            await app.Server.Get<ApiTokenService>().RevokeAsync(token.Id, await app.Server.ActorAsync("anna@demo.crm"));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/leads")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(HttpMethod.Post, "/api/v1/leads", Lead)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/v1/deals")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await revoked.GetAsync("/api/v1/deals")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task ReadOnlyToken_ReadsButWritingIs403()
    {
        using var client = await app.ClientAsync("manager@demo.crm", ApiTokenScope.ReadOnly);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/leads")).StatusCode);
        await (await client.SendAsync(HttpMethod.Post, "/api/v1/leads", Lead)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task SalesUsersToken_ChangingAnotherUsersLead_Is403()
    {
        using var manager = await app.ClientAsync("manager@demo.crm");
        using var anna = await app.ClientAsync("anna@demo.crm");
        var created = await manager.SendAsync(HttpMethod.Post, "/api/v1/leads", Lead);
        var id = (await created.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();

        await (await anna.SendAsync(HttpMethod.Put, $"/api/v1/leads/{id}", Lead, created.ETag())).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Cookie_ReadsButWritesOnlyWithTheAntiforgeryToken()
    {
        using var client = await ApiApp.SignedInAsync(app.Server, "manager@demo.crm");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/leads")).StatusCode);
        await (await client.SendAsync(HttpMethod.Post, "/api/v1/leads", Lead)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/scalar/v1")).StatusCode);
    }

    [Fact]
    public async Task Token_LastUseIsListed()
    {
        using var client = await app.ClientAsync("piotr@demo.crm");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/users")).StatusCode);

        var token = Assert.Single(await app.Server.Get<ApiTokenService>().ListAsync(await app.Server.ActorAsync("piotr@demo.crm")), t => t.LastUsedAt is not null);
        Assert.Equal(ApiTokenScope.ReadWrite, token.Scope);
    }

    [Fact]
    public async Task TooManyRequestsForOneToken_Answer429WithRetryAfter_AndTooLargeBodies413()
    {
        await using var limited = new CrmAppFactory(settings: new Dictionary<string, string>
        {
            ["Crm:Api:PermitsPerMinute"] = "3",
            ["Crm:Api:MaxBodyBytes"] = "2000",
        });
        using var client = await ApiApp.ClientAsync(limited, "manager@demo.crm");
        using var other = await ApiApp.ClientAsync(limited, "manager@demo.crm");

        var large = await client.SendAsync(HttpMethod.Post, "/api/v1/leads", new { title = new string('x', 5000), source = "Manual", status = "New" });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/users")).StatusCode);
        var refused = await client.GetAsync("/api/v1/users");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/users")).StatusCode); // another token has its own window
    }

    [Fact]
    public async Task OpenApiDocument_ListsExactlyTheMappedApiEndpoints()
    {
        using var client = await app.ClientAsync("anna@demo.crm", ApiTokenScope.ReadOnly);
        var document = await (await client.GetAsync("/openapi/v1.json")).JsonAsync();

        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} {Normalize(path.Name)}"))
            .Order().ToList();
        var mapped = app.Server.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .Order().ToList();

        Assert.Equal(mapped, documented);
        Assert.Contains("POST /api/v1/deals/{id}/move", documented);
    }

    [Fact]
    public async Task OpenApiDocument_QueryParametersOfEveryRead_AreTheHandlersOwn_WithTheSortValues()
    {
        using var client = await app.ClientAsync("anna@demo.crm", ApiTokenScope.ReadOnly);
        var document = await (await client.GetAsync("/openapi/v1.json")).JsonAsync();
        var paths = document.GetProperty("paths");
        var reads = app.Server.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true
                && e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Contains("GET"))
            .ToList();
        Assert.NotEmpty(reads);
        foreach (var endpoint in reads)
        {
            var handler = endpoint.Metadata.GetMetadata<System.Reflection.MethodInfo>()!;
            var route = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var expected = handler.GetParameters()
                .Where(p => !route.Contains(p.Name!) && IsQueryType(p.ParameterType))
                .Select(p => p.Name!).Order(StringComparer.Ordinal).ToList();
            var operation = paths.GetProperty(Normalize(endpoint.RoutePattern.RawText!)).GetProperty("get");
            var documented = operation.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToList()
                : [];
            Assert.True(expected.SequenceEqual(documented), $"{endpoint.RoutePattern.RawText}: handler [{string.Join(", ", expected)}], document [{string.Join(", ", documented)}]");
        }

        // The sort parameter's schema names every value (inline or through its component schema).
        string SortSchema(string path)
        {
            var schema = paths.GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray()
                .Single(p => p.GetProperty("name").GetString() == "sort").GetProperty("schema").ToString();
            foreach (System.Text.RegularExpressions.Match reference in System.Text.RegularExpressions.Regex.Matches(schema, "#/components/schemas/(\\w+)"))
            {
                schema += document.GetProperty("components").GetProperty("schemas").GetProperty(reference.Groups[1].Value).ToString();
            }
            return schema;
        }
        string[] SortValues(string path)
        {
            var schema = SortSchema(path);
            return [.. Enum.GetNames<DealSort>().Concat(Enum.GetNames<PartySort>()).Concat(Enum.GetNames<LeadSort>()).Where(v => schema.Contains($"\"{v}\"", StringComparison.Ordinal))];
        }
        foreach (var (path, names) in new (string, string[])[]
        {
            ("/api/v1/deals", Enum.GetNames<DealSort>()), ("/api/v1/leads", Enum.GetNames<LeadSort>()), ("/api/v1/activities", Enum.GetNames<ActivitySort>()),
            ("/api/v1/timeline/{kind}/{id}", Enum.GetNames<TimelineSort>()), ("/api/v1/timeline/{kind}/{id}/comments", Enum.GetNames<TimelineSort>()),
            ("/api/v1/users", Enum.GetNames<UserSort>()),
        })
        {
            var schema = SortSchema(path);
            Assert.All(names, name => Assert.Contains($"\"{name}\"", schema, StringComparison.Ordinal));
        }
        Assert.Subset(SortValues("/api/v1/deals").ToHashSet(), Enum.GetNames<DealSort>().ToHashSet());
        Assert.Subset(SortValues("/api/v1/contacts").ToHashSet(), Enum.GetNames<PartySort>().ToHashSet());
        Assert.Subset(SortValues("/api/v1/companies").ToHashSet(), Enum.GetNames<PartySort>().ToHashSet());
        Assert.Subset(SortValues("/api/v1/leads").ToHashSet(), Enum.GetNames<LeadSort>().ToHashSet());
    }

    private static bool IsQueryType(Type type)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        return inner == typeof(string) || inner.IsPrimitive || inner.IsEnum || inner == typeof(DateTime) || inner == typeof(DateOnly) || inner == typeof(decimal);
    }

    private static string Normalize(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route, @"\{(\w+)(:[^}]*)?\}", "{$1}").TrimEnd('/');
}
