using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Browser;

/// <summary>The sign-in and sign-out endpoints over plain HTTP, against the real app on Kestrel.</summary>
public sealed partial class SignInHttpTests : IClassFixture<AppFixture>
{
    private readonly CrmAppFactory _app;

    public SignInHttpTests(AppFixture app) => _app = app.Server;

    [Fact]
    public async Task SignIn_UnknownAccountWrongPasswordAndLockedAccount_GetTheSameMessage()
    {
        var locked = await NewUserAsync();
        using var client = Client(_app);
        for (var attempt = 0; attempt < 3; attempt++) // the test app locks after 3
        {
            await SignInAsync(client, locked, "Wrong-Passw0rd!");
        }

        var unknown = await SignInAsync(client, $"nobody-{Guid.NewGuid():N}@demo.crm", "Wrong-Passw0rd!");
        var wrong = await SignInAsync(client, await NewUserAsync(), "Wrong-Passw0rd!");
        var lockedOut = await SignInAsync(client, locked, "Right-Passw0rd!");

        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Equal("Wrong e-mail or password. After several failed attempts an account is locked for a few minutes.", unknown.Error);
        Assert.Equal(unknown, wrong);
        Assert.Equal(unknown, lockedOut);
    }

    [Fact]
    public async Task SignIn_RightPassword_RedirectsAndTheCookieOpensPages()
    {
        using var client = Client(_app);

        var result = await SignInAsync(client, await NewUserAsync(), "Right-Passw0rd!");

        Assert.Equal(HttpStatusCode.Redirect, result.Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/deals")).StatusCode);
    }

    [Fact]
    public async Task SignOut_WithoutTheAntiforgeryTokenOrByGet_DoesNotSignOut()
    {
        using var client = Client(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(client, await NewUserAsync(), "Right-Passw0rd!")).Status);

        var post = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        var get = await client.GetAsync("/account/logout");

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/deals")).StatusCode); // still signed in
    }

    [Fact]
    public async Task SignIn_TooManyAttemptsForOneAccountThenFromOneAddress_Answers429WithRetryAfter()
    {
        await using var app = new CrmAppFactory(settings: new Dictionary<string, string>
        {
            ["Crm:SignIn:PerAccountLimit"] = "2",
            // Anna's refused third attempt takes two of the address's permits: the middleware tries once more,
            // waiting with no queue, and the chain takes the address's permit before the account's refuses.
            ["Crm:SignIn:PerIpLimit"] = "6",
            ["Crm:SignIn:WindowSeconds"] = "300",
        });
        using var client = Client(app);

        var annaTwice = new[] { await PostAsync(client, "anna@demo.crm"), await PostAsync(client, " ANNA@demo.crm ") };
        var annaThird = await PostAsync(client, "anna@demo.crm");
        var others = new[] { await PostAsync(client, "piotr@demo.crm"), await PostAsync(client, "manager@demo.crm") };
        var addressFull = await PostAsync(client, "admin@demo.crm");

        Assert.All(annaTwice.Concat(others), r => Assert.NotEqual(HttpStatusCode.TooManyRequests, r.StatusCode));
        foreach (var refused in new[] { annaThird, addressFull })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 1, 300);
            Assert.Contains($"/account/login?retryAfter={retryAfter}", await refused.Content.ReadAsStringAsync());
        }
        var page = await client.GetStringAsync("/account/login?retryAfter=42");
        Assert.Contains("Too many sign-in attempts. Try again in 42 seconds.", page);
    }

    [Fact]
    public async Task HubCall_AfterTheUserSignedOutElsewhere_IsRefusedAndTheConnectionEnds()
    {
        var cookies = new CookieContainer();
        using var client = Client(_app, cookies);
        var email = await NewUserAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(client, email, "Right-Passw0rd!")).Status);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(_app.BaseUrl + "/hubs/crm", o => o.Headers["Cookie"] = cookies.GetCookieHeader(new Uri(_app.BaseUrl)))
            .Build();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await connection.StartAsync();
        Assert.Equal(1, await connection.InvokeAsync<int>("Echo", 1));

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByEmailAsync(email))!); // what signing out elsewhere does
        }

        // The test app checks a connection's user at its first call a second after the last check.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!closed.Task.IsCompleted)
        {
            try
            {
                await connection.InvokeAsync<int>("Echo", 2, timeout.Token);
            }
            catch (Exception e) when (e is HubException or InvalidOperationException || (e is OperationCanceledException && !timeout.IsCancellationRequested))
            {
                break; // refused, or the connection ended under the call
            }
            await Task.WhenAny(closed.Task, Task.Delay(200, timeout.Token));
        }
        await closed.Task.WaitAsync(timeout.Token);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task IdleHubConnection_OfAUserAnAdminDeactivates_IsClosedWithoutACall()
    {
        var email = await NewUserAsync();
        var (connection, closed) = await IdleHubAsync(email);
        await using var _ = connection;
        var admin = await _app.ActorAsync(await NewUserAsync(CrmRoles.Admin));
        var user = await _app.ActorAsync(email);

        Assert.True((await _app.Get<UserAdminService>().SetActiveAsync(user.UserId, false, admin)).IsOk);

        // Nothing is called on the connection: the server ends it (issue 11: within 60 s).
        await closed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task IdleHubConnection_OfAUserAnAdminDeactivates_IsClosedAtOnce_NotAtTheNextInterval()
    {
        await using var app = new CrmAppFactory(settings: new Dictionary<string, string> { ["Crm:SignIn:RevalidateSeconds"] = "60" });
        var email = await NewUserAsync(app: app);
        var (connection, closed) = await IdleHubAsync(email, app);
        await using var _ = connection;
        var admin = await app.ActorAsync(await NewUserAsync(CrmRoles.Admin, app));

        Assert.True((await app.Get<UserAdminService>().SetActiveAsync((await app.ActorAsync(email)).UserId, false, admin)).IsOk);

        // Well before the minute's check: the AccessChanged that deactivating publishes ends it.
        await closed.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task IdleHubConnection_AfterTheUserSignedOutElsewhere_IsClosedWithoutACall()
    {
        var email = await NewUserAsync();
        var (connection, closed) = await IdleHubAsync(email);
        await using var _ = connection;

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByEmailAsync(email))!); // what signing out elsewhere does
        }

        // No event tells of a sign-out: the server's check every RevalidateSeconds (1 s in the test app) ends it.
        await closed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task HubConnection_OfAnotherUser_StaysOpenWhenSomeoneIsDeactivated()
    {
        var (stays, staysClosed) = await IdleHubAsync(await NewUserAsync());
        await using var _ = stays;
        var email = await NewUserAsync();
        var (goes, goesClosed) = await IdleHubAsync(email);
        await using var __ = goes;
        var admin = await _app.ActorAsync(await NewUserAsync(CrmRoles.Admin));

        Assert.True((await _app.Get<UserAdminService>().SetActiveAsync((await _app.ActorAsync(email)).UserId, false, admin)).IsOk);

        await goesClosed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(staysClosed.IsCompleted);
        Assert.Equal(3, await stays.InvokeAsync<int>("Echo", 3));
    }

    /// <summary>A hub connection of <paramref name="email"/> (signed in with the form), started, and a task that completes when it closes.</summary>
    private async Task<(HubConnection Connection, Task Closed)> IdleHubAsync(string email, CrmAppFactory? app = null)
    {
        app ??= _app;
        var cookies = new CookieContainer();
        using var client = Client(app, cookies);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(client, email, "Right-Passw0rd!")).Status);
        var connection = new HubConnectionBuilder()
            .WithUrl(app.BaseUrl + "/hubs/crm", o => o.Headers["Cookie"] = cookies.GetCookieHeader(new Uri(app.BaseUrl)))
            .Build();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await connection.StartAsync();
        Assert.Equal(1, await connection.InvokeAsync<int>("Echo", 1));
        return (connection, closed.Task);
    }

    private static HttpClient Client(CrmAppFactory app, CookieContainer? cookies = null) => app.Client(cookies);

    private async Task<string> NewUserAsync(string role = CrmRoles.Sales, CrmAppFactory? app = null)
    {
        await using var scope = (app ?? _app).Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        var email = $"user-{Guid.NewGuid():N}@demo.crm";
        var user = new CrmUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Test user" };
        Assert.True((await users.CreateAsync(user, "Right-Passw0rd!")).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return email;
    }

    private sealed record SignInResult(HttpStatusCode Status, string? Error);

    /// <summary>Fills and posts the sign-in form as a browser does: with its antiforgery token and handler name.</summary>
    private static async Task<SignInResult> SignInAsync(HttpClient client, string email, string password)
    {
        var response = await AppHttp.PostSignInAsync(client, email, password);
        var body = await response.Content.ReadAsStringAsync();
        var error = ErrorMessage().Match(body);
        return new SignInResult(response.StatusCode, error.Success ? WebUtility.HtmlDecode(error.Groups[1].Value).Trim() : null);
    }

    /// <summary>A sign-in post with no token: only the rate limiter, which comes first, matters here.</summary>
    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string email) =>
        client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "x" }));

    [GeneratedRegex("<div class=\"mud-alert-message\">(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex ErrorMessage();
}
