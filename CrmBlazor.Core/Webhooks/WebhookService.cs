namespace CrmBlazor.Core.Webhooks;

/// <summary>Settings &gt; Webhooks: admins add, change, switch on and off and delete webhooks, read their delivery log and send a delivery again.</summary>
public sealed class WebhookService(
    IDbContextFactory<CrmDbContext> contextFactory, IWebhookSecretProtector secrets, TimeProvider time, WebhookDispatcher dispatcher, ILiveUpdates live)
{
    public async Task<Result<IReadOnlyList<WebhookView>>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageWebhooks(actor))
        {
            return Result<IReadOnlyList<WebhookView>>.Forbidden();
        }
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var hooks = await Views(db).ToListAsync(ct);
        return Result<IReadOnlyList<WebhookView>>.Ok(hooks.Select(Parsed).ToList());
    }

    /// <summary>The webhook's signing secret, for an admin to copy into the receiver.</summary>
    public async Task<Result<string>> RevealSecretAsync(int id, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageWebhooks(actor))
        {
            return Result<string>.Forbidden();
        }
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var stored = await db.Set<Webhook>().Where(w => w.Id == id).Select(w => w.ProtectedSecret).FirstOrDefaultAsync(ct);
        if (stored is null)
        {
            return Result<string>.NotFound();
        }
        try
        {
            return Result<string>.Ok(secrets.Unprotect(stored));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return Result<string>.Conflict(null, "Webhook.SecretUnreadable");
        }
    }

    /// <summary>Adds a webhook (<paramref name="id"/> null) or changes one. Switching it on again clears a switch-off after failures.</summary>
    public async Task<Result<WebhookSaved>> SaveAsync(int? id, WebhookInput input, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageWebhooks(actor))
        {
            return Result<WebhookSaved>.Forbidden();
        }
        var url = input.Url?.Trim() ?? "";
        var v = new Validator().Required(nameof(WebhookInput.Url), url).MaxLength(nameof(WebhookInput.Url), url, WebhookRules.UrlMaxLength);
        if (v.IsValid && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && string.IsNullOrEmpty(uri.UserInfo)))
        {
            v.Add(nameof(WebhookInput.Url), "Webhook.Url");
        }
        var events = input.Events.Where(WebhookEventTypes.All.Contains).Distinct().OrderBy(e => WebhookEventTypes.All.ToList().IndexOf(e)).ToList();
        if (events.Count == 0)
        {
            v.Add(nameof(WebhookInput.Events), "Webhook.Events");
        }
        var secret = string.IsNullOrWhiteSpace(input.Secret) ? null : input.Secret.Trim();
        if (secret is not null && (secret.Length < WebhookRules.SecretMinLength || secret.Length > WebhookRules.SecretMaxLength))
        {
            v.Add(nameof(WebhookInput.Secret), "Webhook.Secret", WebhookRules.SecretMinLength);
        }
        if (!v.IsValid)
        {
            return Result<WebhookSaved>.Invalid(v.Errors);
        }
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        Webhook? hook;
        if (id is null)
        {
            secret ??= WebhookSignature.NewSecret();
            hook = new Webhook { Url = url, Events = string.Join(',', events), ProtectedSecret = secrets.Protect(secret), CreatedAt = now, Enabled = input.Enabled };
            db.Set<Webhook>().Add(hook);
        }
        else
        {
            hook = await db.Set<Webhook>().FirstOrDefaultAsync(w => w.Id == id, ct);
            if (hook is null)
            {
                return Result<WebhookSaved>.NotFound();
            }
            if (hook.Version != input.Version)
            {
                return Result<WebhookSaved>.Conflict(null, "Webhook.Conflict");
            }
            hook.Url = url;
            hook.Events = string.Join(',', events);
            if (secret is not null)
            {
                hook.ProtectedSecret = secrets.Protect(secret);
            }
            if (input.Enabled && !hook.Enabled)
            {
                hook.DisabledAt = null;
                hook.DisabledReason = null;
                hook.FailingSince = null;
            }
            hook.Enabled = input.Enabled;
            hook.Version++;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result<WebhookSaved>.Conflict(null, "Webhook.Conflict");
        }
        await ChangedAsync(actor, ct);
        if (hook.Enabled)
        {
            dispatcher.Wake();
        }
        var view = Parsed(await Views(db, hook.Id).FirstAsync(ct));
        return Result<WebhookSaved>.Ok(new WebhookSaved(view, secret));
    }

    /// <summary>Deletes a webhook with its delivery log.</summary>
    public async Task<Result<bool>> DeleteAsync(int id, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageWebhooks(actor))
        {
            return Result<bool>.Forbidden();
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var deleted = await db.Set<Webhook>().Where(w => w.Id == id).ExecuteDeleteAsync(ct);
        await ChangedAsync(actor, ct);
        return deleted == 0 ? Result<bool>.NotFound() : Result<bool>.Ok(true);
    }

    /// <summary>The delivery log of a webhook, newest first.</summary>
    public async Task<Result<Page<WebhookDeliveryRow>>> DeliveriesAsync(int webhookId, WebhookDeliveryStatus? status, int skip, int take, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageWebhooks(actor))
        {
            return Result<Page<WebhookDeliveryRow>>.Forbidden();
        }
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var query = db.Set<WebhookDelivery>().AsNoTracking().Where(d => d.WebhookId == webhookId && (status == null || d.Status == status));
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(d => d.Id).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 200))
            .Select(d => new WebhookDeliveryRow(d.Id, d.EventId, d.EventType, d.CreatedAt, d.Status, d.Attempts, d.NextAttemptAt, d.LastAttemptAt, d.LastStatusCode, d.LastError, d.DeliveredAt))
            .ToListAsync(ct);
        return Result<Page<WebhookDeliveryRow>>.Ok(new Page<WebhookDeliveryRow>(rows, total));
    }

    /// <summary>Every try of one delivery, newest first.</summary>
    public async Task<Result<IReadOnlyList<WebhookAttemptRow>>> AttemptsAsync(long deliveryId, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageWebhooks(actor))
        {
            return Result<IReadOnlyList<WebhookAttemptRow>>.Forbidden();
        }
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var rows = await db.Set<WebhookAttempt>().AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderByDescending(a => a.Id)
            .Select(a => new WebhookAttemptRow(a.At, a.StatusCode, a.Error, a.DurationMs)).ToListAsync(ct);
        return Result<IReadOnlyList<WebhookAttemptRow>>.Ok(rows);
    }

    /// <summary>
    /// Sends a delivery again, at once, with a new retry window (whatever its state: delivered, failed or waiting for
    /// its next try). Refused while a server is sending it.
    /// </summary>
    public async Task<Result<bool>> SendAgainAsync(long deliveryId, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageWebhooks(actor))
        {
            return Result<bool>.Forbidden();
        }
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var updated = await db.Set<WebhookDelivery>().Where(d => d.Id == deliveryId && (d.LeaseUntil == null || d.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, WebhookDeliveryStatus.Pending).SetProperty(d => d.NextAttemptAt, now)
                .SetProperty(d => d.WindowStartedAt, now).SetProperty(d => d.LeaseOwner, (Guid?)null).SetProperty(d => d.LeaseUntil, (DateTime?)null), ct);
        if (updated == 0)
        {
            return await db.Set<WebhookDelivery>().AnyAsync(d => d.Id == deliveryId, ct)
                ? Result<bool>.Conflict(false, "Webhook.Sending")
                : Result<bool>.NotFound();
        }
        dispatcher.Wake();
        return Result<bool>.Ok(true);
    }

    /// <summary>
    /// Stores a <c>webhook.test</c> delivery for the webhook and wakes the sender: it goes the way every delivery goes
    /// (signed, retried, in the delivery log). Refused for a webhook that is switched off (nothing would send it).
    /// </summary>
    public async Task<Result<long>> SendTestAsync(int id, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageWebhooks(actor))
        {
            return Result<long>.Forbidden();
        }
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var hook = await db.Set<Webhook>().AsNoTracking().Where(w => w.Id == id).Select(w => new { w.Enabled }).FirstOrDefaultAsync(ct);
        if (hook is null)
        {
            return Result<long>.NotFound();
        }
        if (!hook.Enabled)
        {
            return Result<long>.Conflict(0, "Webhook.TestSwitchedOff");
        }
        var eventId = Guid.NewGuid();
        var payload = System.Text.Json.JsonSerializer.Serialize(
            new WebhookOutbox.Body(eventId, WebhookEventTypes.Test, now, new WebhookOutbox.BodyActor(actor.UserId, actor.DisplayName), new { webhookId = id }),
            WebhookOutbox.Json);
        var delivery = new WebhookDelivery
        {
            WebhookId = id, EventId = eventId, EventType = WebhookEventTypes.Test, Payload = payload, CreatedAt = now, WindowStartedAt = now,
            NextAttemptAt = now, Status = WebhookDeliveryStatus.Pending,
        };
        db.Set<WebhookDelivery>().Add(delivery);
        await db.SaveChangesAsync(ct);
        dispatcher.Wake();
        return Result<long>.Ok(delivery.Id);
    }

    private static IQueryable<StoredView> Views(CrmDbContext db, int? id = null) =>
        db.Set<Webhook>().AsNoTracking().Where(w => id == null || w.Id == id).OrderBy(w => w.Id).Select(w => new StoredView(w.Id, w.Url, w.Events, w.Enabled, w.FailingSince, w.DisabledAt, w.DisabledReason,
            db.Set<WebhookDelivery>().Count(d => d.WebhookId == w.Id && d.Status == WebhookDeliveryStatus.Pending),
            db.Set<WebhookDelivery>().Count(d => d.WebhookId == w.Id && d.Status == WebhookDeliveryStatus.Failed),
            w.Version));

    private static WebhookView Parsed(StoredView w) =>
        new(w.Id, w.Url, WebhookEventTypes.Parse(w.Events), w.Enabled, w.FailingSince, w.DisabledAt, w.DisabledReason, w.Pending, w.Failed, w.Version);

    private sealed record StoredView(int Id, string Url, string Events, bool Enabled, DateTime? FailingSince, DateTime? DisabledAt, string? DisabledReason, int Pending, int Failed, int Version);

    // Every server's directory of enabled webhooks reads them again (this one at once).
    private async Task ChangedAsync(Actor actor, CancellationToken ct)
    {
        WebhookDirectory.Of(live).Forget();
        await live.PublishAsync(contextFactory, new WebhooksChanged { ActorId = actor.UserId, ActorName = actor.DisplayName, OccurredAt = time.GetUtcNow().UtcDateTime }, ct);
    }
}
