using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Core.Webhooks;

/// <summary>
/// Sends the stored deliveries of outgoing webhooks. Each round claims due deliveries with one conditional UPDATE (a
/// lease: only rows nobody holds, or whose holder's lease ran out because it crashed), sends them, and records each
/// result under the same claim. Several servers may run it on one database: a row is claimed by one of them at a time,
/// and the lease outlasts the send's timeout, so no delivery is sent by two servers at once. A failed try is retried
/// after a doubling delay for <see cref="WebhookOptions.RetryWindow"/>; a webhook whose deliveries failed for that long
/// without a success is switched off.
/// </summary>
public sealed class WebhookDispatcher : IDisposable
{
    private readonly IDbContextFactory<CrmDbContext> _contextFactory;
    private readonly IWebhookSecretProtector _secrets;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookDispatcher> _logger;
    private readonly ILiveUpdates _live;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _wake = new(0, 1);

    public WebhookDispatcher(IDbContextFactory<CrmDbContext> contextFactory, IWebhookSecretProtector secrets, IOptions<WebhookOptions> options,
        TimeProvider time, ILogger<WebhookDispatcher> logger, ILiveUpdates live)
    {
        _live = live;
        WebhookDirectory.Of(live).DeliveriesStored += Wake;
        _contextFactory = contextFactory;
        _secrets = secrets;
        _time = time;
        _logger = logger;
        Options = options.Value;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("CrmBlazor-Webhooks", "1.0"));
    }

    public WebhookOptions Options { get; }

    /// <summary>Runs rounds until <paramref name="ct"/> ends: at once when <see cref="Wake"/> is called, else every <see cref="WebhookOptions.PollInterval"/>.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await DeliverDueAsync(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                _logger.LogError(e, "Sending webhook deliveries failed; trying again later.");
            }
            if (sent == 0)
            {
                try
                {
                    await _wake.WaitAsync(Options.PollInterval, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Asks a running <see cref="RunAsync"/> to look for due deliveries now (new ones were just stored).</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    /// <summary>One round: claims up to <see cref="WebhookOptions.BatchSize"/> due deliveries, sends them, records the results. Returns how many it sent.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct = default)
    {
        var owner = Guid.NewGuid();
        var now = _time.GetUtcNow().UtcDateTime;
        List<Claimed> claimed;
        await using (var db = await _contextFactory.CreateDbContextAsync(ct))
        {
            var due = await db.Set<WebhookDelivery>()
                .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now)
                    && db.Set<Webhook>().Any(w => w.Id == d.WebhookId && w.Enabled))
                .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Select(d => d.Id).Take(Options.BatchSize).ToListAsync(ct);
            if (due.Count == 0)
            {
                return 0;
            }
            var leaseUntil = now + Options.Lease;
            // The claim: the same conditions again, evaluated by the database against the row as it is now (PostgreSQL
            // re-checks them after waiting for another server's update of the row; SQLite runs one writer at a time).
            var taken = await db.Set<WebhookDelivery>()
                .Where(d => due.Contains(d.Id) && d.Status == WebhookDeliveryStatus.Pending && (d.LeaseUntil == null || d.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseOwner, owner).SetProperty(d => d.LeaseUntil, leaseUntil), ct);
            if (taken == 0)
            {
                return 0;
            }
            claimed = await db.Set<WebhookDelivery>().AsNoTracking().Where(d => d.LeaseOwner == owner)
                .Join(db.Set<Webhook>(), d => d.WebhookId, w => w.Id, (d, w) => new Claimed(d.Id, d.WebhookId, d.EventId, d.EventType, d.Payload, d.Attempts, d.WindowStartedAt, w.Url, w.ProtectedSecret))
                .ToListAsync(ct);
        }
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (delivery, token) =>
        {
            var outcome = await SendAsync(delivery, token);
            await RecordAsync(delivery, owner, outcome, token);
        });
        return claimed.Count;
    }

    private async Task<Outcome> SendAsync(Claimed delivery, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        string secret;
        try
        {
            secret = _secrets.Unprotect(delivery.ProtectedSecret);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            _logger.LogError(e, "The secret of webhook {WebhookId} cannot be read (Data Protection keys lost?); set a new one.", delivery.WebhookId);
            return new Outcome(null, "The webhook's secret cannot be read: set a new secret.", 0);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
            {
                Content = new StringContent(delivery.Payload, System.Text.Encoding.UTF8, "application/json"),
            };
            var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, delivery.Payload));
            request.Headers.Add(WebhookSignature.EventHeader, delivery.EventType);
            request.Headers.Add(WebhookSignature.EventIdHeader, delivery.EventId.ToString());
            request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            return new Outcome(code, response.IsSuccessStatusCode ? null : $"HTTP {code} {response.ReasonPhrase}".Trim(), Elapsed(started));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Outcome(null, $"No answer within {Options.Timeout.TotalSeconds:0.#} s.", Elapsed(started));
        }
        catch (HttpRequestException e)
        {
            return new Outcome(null, e.Message, Elapsed(started));
        }
    }

    private static int Elapsed(long started) => (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

    private async Task RecordAsync(Claimed delivery, Guid owner, Outcome outcome, CancellationToken ct)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var attempts = delivery.Attempts + 1;
        var error = outcome.Error is { Length: > 500 } e ? e[..500] : outcome.Error;
        await using var db = await _contextFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var rows = db.Set<WebhookDelivery>().Where(d => d.Id == delivery.Id && d.LeaseOwner == owner);
        int recorded;
        WebhookSwitchedOff? switchedOff = null;
        if (outcome.Succeeded)
        {
            recorded = await rows.ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, WebhookDeliveryStatus.Delivered).SetProperty(d => d.DeliveredAt, now)
                .SetProperty(d => d.Attempts, attempts).SetProperty(d => d.LastAttemptAt, now).SetProperty(d => d.LastStatusCode, outcome.StatusCode)
                .SetProperty(d => d.LastError, (string?)null).SetProperty(d => d.LeaseOwner, (Guid?)null).SetProperty(d => d.LeaseUntil, (DateTime?)null), ct);
            await db.Set<Webhook>().Where(w => w.Id == delivery.WebhookId && w.FailingSince != null)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.FailingSince, (DateTime?)null), ct);
        }
        else
        {
            var givenUp = now - delivery.WindowStartedAt >= Options.RetryWindow;
            var next = now + Options.DelayAfter(attempts);
            recorded = await rows.ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, givenUp ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending)
                .SetProperty(d => d.NextAttemptAt, next)
                .SetProperty(d => d.Attempts, attempts).SetProperty(d => d.LastAttemptAt, now).SetProperty(d => d.LastStatusCode, outcome.StatusCode)
                .SetProperty(d => d.LastError, error).SetProperty(d => d.LeaseOwner, (Guid?)null).SetProperty(d => d.LeaseUntil, (DateTime?)null), ct);
            await db.Set<Webhook>().Where(w => w.Id == delivery.WebhookId && w.FailingSince == null)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.FailingSince, now), ct);
            var failingSince = now - Options.RetryWindow;
            var reason = $"Deliveries failed for {Options.RetryWindow.TotalHours:0.#} hours; the last: {error}";
            var disabled = await db.Set<Webhook>().Where(w => w.Id == delivery.WebhookId && w.Enabled && w.FailingSince <= failingSince)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.Enabled, false).SetProperty(w => w.DisabledAt, now)
                    .SetProperty(w => w.DisabledReason, reason.Length > 600 ? reason[..600] : reason), ct);
            if (disabled > 0)
            {
                _logger.LogWarning("Webhook {WebhookId} was switched off: its deliveries failed for {Hours} hours.", delivery.WebhookId, Options.RetryWindow.TotalHours);
                switchedOff = new WebhookSwitchedOff
                {
                    WebhookId = delivery.WebhookId, Url = delivery.Url, Reason = reason.Length > 600 ? reason[..600] : reason,
                    ActorId = "", ActorName = "", OccurredAt = now,
                };
            }
        }
        if (recorded == 0)
        {
            // The lease ran out and another server took the delivery over: its result counts, not this one.
            _logger.LogWarning("Webhook delivery {DeliveryId} was taken over by another server before its result was stored.", delivery.Id);
            return;
        }
        db.Set<WebhookAttempt>().Add(new WebhookAttempt { DeliveryId = delivery.Id, At = now, StatusCode = outcome.StatusCode, Error = error, DurationMs = outcome.DurationMs });
        await db.SaveChangesAsync(ct);
        // Admins' open pages show a notice; every server's directory stops making deliveries for it. Stored with the
        // switch itself (the outbox), delivered after the commit.
        IReadOnlyList<CrmEvent> events = switchedOff is null ? [] : await _live.AppendAsync(db, [switchedOff], ct);
        try
        {
            await transaction.CommitAsync(ct);
        }
        catch
        {
            await transaction.DisposeAsync(); // rolled back (and, on PostgreSQL, the outbox's lock let go) first
            await _live.AbandonAsync(events); // events committed here after it must not wait for its delivery
            throw;
        }
        await _live.DeliverAsync(events);
    }

    public void Dispose()
    {
        WebhookDirectory.Of(_live).DeliveriesStored -= Wake;
        _http.Dispose();
        _wake.Dispose();
    }

    private sealed record Claimed(long Id, int WebhookId, Guid EventId, string EventType, string Payload, int Attempts, DateTime WindowStartedAt, string Url, string ProtectedSecret);

    private sealed record Outcome(int? StatusCode, string? Error, int DurationMs)
    {
        public bool Succeeded => StatusCode is >= 200 and < 300;
    }
}
