using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CrmBlazor.Tests.Browser;

/// <summary>OpenTelemetry is on only with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; the hub counts its connections.</summary>
public sealed partial class TelemetryHttpTests : IClassFixture<TelemetryHttpTests.App>
{
    public sealed class App : IAsyncLifetime
    {
        public CrmAppFactory Server { get; private set; } = default!;

        public Task InitializeAsync()
        {
            // Nothing listens there: the exporter's failures are only logged, the app is not disturbed.
            Server = new CrmAppFactory(settings: new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9" });
            return Task.CompletedTask;
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    private readonly CrmAppFactory _app;

    public TelemetryHttpTests(App app) => _app = app.Server;

    [Fact]
    public void WithAnOtlpEndpoint_MetricsAndTracesAreSetUp()
    {
        Assert.NotNull(_app.Services.GetService(typeof(MeterProvider)));
        Assert.NotNull(_app.Services.GetService(typeof(TracerProvider)));
    }

    [Fact]
    public async Task HubConnection_CountsUpWhileOpenAndDownWhenClosed()
    {
        using var recorder = new MeterRecorder();
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = new Uri(_app.BaseUrl) };
        var form = await client.GetStringAsync("/account/login");
        using var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenField().Match(form).Groups[1].Value),
            ["_handler"] = "login",
            ["Input.Email"] = "anna@demo.crm",
            ["Input.Password"] = BrowserFixture.Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var connection = new HubConnectionBuilder()
            .WithUrl(_app.BaseUrl + "/hubs/crm", o => o.Headers["Cookie"] = cookies.GetCookieHeader(new Uri(_app.BaseUrl)))
            .Build();
        await connection.StartAsync();
        Assert.Equal(1, await connection.InvokeAsync<int>("Echo", 1)); // connected, OnConnectedAsync has run
        Assert.Contains(recorder.Of("crm.hub.connections"), m => m.Value == 1);
        await connection.DisposeAsync();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!recorder.Of("crm.hub.connections").Any(m => m.Value == -1))
        {
            Assert.True(DateTime.UtcNow < deadline, "the hub did not count the connection down within 10 s");
            await Task.Delay(20);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
