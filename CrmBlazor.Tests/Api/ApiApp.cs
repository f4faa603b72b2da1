using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using CrmBlazor.Core.ApiTokens;

namespace CrmBlazor.Tests.Api;

/// <summary>The real app on Kestrel for the API's HTTP tests, and clients with tokens of the demo users.</summary>
public sealed partial class ApiApp : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public CrmAppFactory Server { get; private set; } = default!;

    public Task InitializeAsync()
    {
        Server = new CrmAppFactory();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A client with a new token of <paramref name="email"/>.</summary>
    public Task<HttpClient> ClientAsync(string email = "manager@demo.crm", ApiTokenScope scope = ApiTokenScope.ReadWrite) => ClientAsync(Server, email, scope);

    public static async Task<HttpClient> ClientAsync(CrmAppFactory server, string email, ApiTokenScope scope = ApiTokenScope.ReadWrite)
    {
        var actor = await server.ActorAsync(email);
        var token = (await server.Get<ApiTokenService>().CreateAsync(new ApiTokenInput { Name = "test", Scope = scope, Days = 1 }, actor)).Value!;
        var client = Anonymous(server);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Secret);
        return client;
    }

    public static HttpClient Anonymous(CrmAppFactory server, CookieContainer? cookies = null) => server.Client(cookies);

    /// <summary>Signs in with the sign-in form, as a browser does; the client then carries the cookie.</summary>
    public static Task<HttpClient> SignedInAsync(CrmAppFactory server, string email) => server.SignedInClientAsync(email);

}

/// <summary>Small helpers for requests with If-Match and JSON answers.</summary>
public static class ApiHttp
{
    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string url, object? body = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: ApiApp.Json);
        }
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {response.StatusCode}, expected {expected}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string ETag(this HttpResponseMessage response) => Assert.IsType<EntityTagHeaderValue>(response.Headers.ETag).Tag;

    public static async Task AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, (await response.JsonAsync(status)).GetProperty("status").GetInt32());
    }
}
