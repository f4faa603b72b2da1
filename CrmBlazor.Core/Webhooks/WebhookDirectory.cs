using System.Runtime.CompilerServices;

namespace CrmBlazor.Core.Webhooks;

/// <summary>
/// The enabled webhooks and the events each wants, kept in memory per app (per <see cref="ILiveUpdates"/>), so the one
/// write path adds no query to a commit when no webhook wants its events (a board move stays within its command
/// budget). Read from the database the first time it is needed and again after <see cref="WebhooksChanged"/>, which
/// <see cref="WebhookService"/> publishes on every change and which reaches every server through the live relay.
/// </summary>
/// <remarks>
/// A webhook added on one server is known to the others when that event arrives (milliseconds): a change committed on
/// another server in between makes no delivery for it (decision 021).
/// </remarks>
public sealed class WebhookDirectory
{
    private static readonly ConditionalWeakTable<ILiveUpdates, WebhookDirectory> Directories = [];

    private volatile IReadOnlyList<(int Id, IReadOnlyList<string> Events)>? _hooks;

    private WebhookDirectory(ILiveUpdates live) =>
        live.SubscribeAll(change =>
        {
            if (change is WebhooksChanged or WebhookSwitchedOff)
            {
                _hooks = null;
            }
            return Task.CompletedTask;
        });

    /// <summary>The directory of the app that <paramref name="live"/> belongs to.</summary>
    public static WebhookDirectory Of(ILiveUpdates live) => Directories.GetValue(live, l => new WebhookDirectory(l));

    /// <summary>The enabled webhooks, read through <paramref name="db"/> when not known.</summary>
    public async Task<IReadOnlyList<(int Id, IReadOnlyList<string> Events)>> EnabledAsync(CrmDbContext db, CancellationToken ct)
    {
        if (_hooks is { } known)
        {
            return known;
        }
        var rows = await db.Set<Webhook>().AsNoTracking().Where(w => w.Enabled).Select(w => new { w.Id, w.Events }).ToListAsync(ct);
        var hooks = rows.Select(h => (h.Id, WebhookEventTypes.Parse(h.Events))).ToList();
        _hooks = hooks;
        return hooks;
    }

    /// <summary>Forgets what it knows (this server); <see cref="WebhooksChanged"/> does the same on every server.</summary>
    public void Forget() => _hooks = null;

    /// <summary>Raised on this server after a commit stored deliveries (the dispatcher wakes to send them at once).</summary>
    public event Action? DeliveriesStored;

    /// <summary>Called by <see cref="LiveCommit"/> after a commit that stored deliveries.</summary>
    public void Stored() => DeliveriesStored?.Invoke();
}

/// <summary>
/// A webhook was switched off after its deliveries failed for the whole retry window: admins' open pages show a notice,
/// and every server's directory stops making deliveries for it.
/// </summary>
public sealed record WebhookSwitchedOff : CrmEvent
{
    public required int WebhookId { get; init; }
    public required string Url { get; init; }
    public required string Reason { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Topics => [LiveTopics.Webhooks];
}

/// <summary>A webhook was added, changed, switched on or off, or deleted: every server reads the enabled ones again.</summary>
public sealed record WebhooksChanged : CrmEvent
{
    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Topics => [LiveTopics.Webhooks];
}
