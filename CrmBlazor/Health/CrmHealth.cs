using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace CrmBlazor.Health;

/// <summary>
/// <c>/health/live</c>: the process answers (no dependency is asked, so a database outage does not get every
/// instance restarted). <c>/health/ready</c>: the database answers, and Redis when <c>ConnectionStrings:Redis</c> is
/// set; 503 otherwise, so a load balancer stops sending users to this instance. Both anonymous, plain text
/// ("Healthy", "Degraded", "Unhealthy"), no details for strangers; the reason of a failure is logged.
/// </summary>
internal static class CrmHealth
{
    public const string Ready = "ready";

    public static IServiceCollection AddCrmHealth(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready], timeout: TimeSpan.FromSeconds(5));
        if (configuration.GetConnectionString("Redis") is { Length: > 0 })
        {
            checks.AddCheck<RedisHealthCheck>("redis", tags: [Ready], timeout: TimeSpan.FromSeconds(5));
        }
        return services;
    }

    public static void MapCrmHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) }).AllowAnonymous();
    }
}

/// <summary>The database answers a query (SQLite or PostgreSQL, through the app's own context factory).</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<CrmDbContext> contexts, ILogger<DatabaseHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database does not answer.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Health: the database does not answer");
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
    }
}

/// <summary>Redis answers a PING on the connection the relay and the SignalR backplane share.</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis, ILogger<RedisHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogWarning(ex, "Health: Redis does not answer");
            return HealthCheckResult.Unhealthy("Redis does not answer.", ex);
        }
    }
}
