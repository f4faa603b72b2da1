using System.Net;
using CrmBlazor.Health;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CrmBlazor.Tests.Browser;

/// <summary>/health/live and /health/ready over HTTP, without signing in; and the checks on a database and a Redis that do not answer.</summary>
public sealed class HealthHttpTests : IClassFixture<AppFixture>
{
    private readonly CrmAppFactory _app;

    public HealthHttpTests(AppFixture app) => _app = app.Server;

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_Anonymous_IsHealthy(string path)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(_app.BaseUrl) };

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void WithoutAnOtlpEndpoint_NoTelemetryIsCollected() =>
        Assert.Null(_app.Services.GetService(typeof(OpenTelemetry.Metrics.MeterProvider)));

    [Fact]
    public async Task DatabaseCheck_ADatabaseThatDoesNotAnswer_IsUnhealthy()
    {
        var options = new DbContextOptionsBuilder<CrmDbContext>().UseNpgsql("Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2").Options;
        var check = new DatabaseHealthCheck(new PooledDbContextFactory<CrmDbContext>(options), NullLogger<DatabaseHealthCheck>.Instance);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    [Fact]
    public async Task RedisCheck_ARedisThatStopped_IsUnhealthy_AndOneThatAnswersIsHealthy()
    {
        var redis = new RedisServer();
        var options = ConfigurationOptions.Parse(redis.ConnectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 1000;
        options.SyncTimeout = 1000;
        options.AsyncTimeout = 1000;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var check = new RedisHealthCheck(connection, NullLogger<RedisHealthCheck>.Instance);

        var up = await check.CheckHealthAsync(new HealthCheckContext());
        redis.Dispose();
        var down = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal((HealthStatus.Healthy, HealthStatus.Unhealthy), (up.Status, down.Status));
    }
}
