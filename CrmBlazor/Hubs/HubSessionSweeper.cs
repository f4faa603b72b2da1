using System.Security.Claims;
using System.Threading.Channels;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Hubs;

/// <summary>
/// Ends this server's <see cref="CrmHub"/> connections whose user has been deactivated, deleted, or has signed out
/// (their security stamp changed) since the connection was made, whether or not the connection calls anything
/// (<see cref="SecurityStampHubFilter"/> only sees calls; an idle listener would stay). It checks every connection's
/// user in one query at once after each <see cref="AccessChanged"/> (a deactivation publishes one, and the outbox brings
/// it to every server), and every <c>Crm:SignIn:RevalidateSeconds</c> (at most 60 s) for stamp changes that publish
/// nothing, such as signing out elsewhere.
/// </summary>
internal sealed class HubSessionSweeper(
    HubAudience audience,
    ILiveUpdates live,
    IDbContextFactory<CrmDbContext> contextFactory,
    IOptions<IdentityOptions> identityOptions,
    IOptions<CrmSignInOptions> signInOptions,
    TimeProvider clock,
    ILogger<HubSessionSweeper> logger) : BackgroundService
{
    /// <summary>One pending sweep at most: a wake-up during a sweep runs one more after it.</summary>
    private readonly Channel<bool> _due = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = live.Subscribe(LiveTopics.Access, _ =>
        {
            _due.Writer.TryWrite(true);
            return Task.CompletedTask;
        });
        var ticks = TickAsync(stoppingToken);
        try
        {
            await foreach (var _ in _due.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "Checking the hub connections' users failed; retrying at the next interval");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await ticks;
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(signInOptions.Value.RevalidationInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                _due.Writer.TryWrite(true);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Aborts every connection whose user is gone, inactive, or carries a security stamp other than the database's.</summary>
    internal async Task SweepAsync(CancellationToken ct = default)
    {
        var connections = audience.Connections;
        if (connections.Count == 0)
        {
            return;
        }
        var ids = connections.Select(c => c.UserId).Distinct(StringComparer.Ordinal).ToList();
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.IsActive, u.SecurityStamp })
            .ToDictionaryAsync(u => u.Id, StringComparer.Ordinal, ct);
        var stampClaim = identityOptions.Value.ClaimsIdentity.SecurityStampClaimType;
        foreach (var connection in connections)
        {
            if (!users.TryGetValue(connection.UserId, out var user) || !user.IsActive
                || user.SecurityStamp != connection.User.FindFirstValue(stampClaim))
            {
                logger.LogInformation("Ending hub connection {ConnectionId}: its user is signed out or deactivated", connection.ConnectionId);
                connection.Abort();
            }
        }
    }
}
