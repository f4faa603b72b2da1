using System.Net;
using System.Text.RegularExpressions;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>Plain HTTP against a running test app: clients that keep cookies and do not follow redirects, and the sign-in form.</summary>
public static partial class AppHttp
{
    public static HttpClient Client(this CrmAppFactory app, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer() }) { BaseAddress = new Uri(app.BaseUrl) };

    /// <summary>Fills and posts the sign-in form as a browser does: with its antiforgery token and handler name.</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/account/login");
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenField().Match(form).Groups[1].Value),
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    /// <summary>A client signed in as <paramref name="email"/> (a demo user) through the form; it then carries the cookie.</summary>
    public static async Task<HttpClient> SignedInClientAsync(this CrmAppFactory app, string email)
    {
        var client = app.Client();
        var response = await PostSignInAsync(client, email, BrowserFixture.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}

/// <summary>A class fixture: one real app on Kestrel (demo data, SQLite) for the HTTP tests of one class.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public CrmAppFactory Server { get; private set; } = default!;

    public Task InitializeAsync()
    {
        Server = new CrmAppFactory();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
