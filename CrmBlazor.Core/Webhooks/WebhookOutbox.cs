using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmBlazor.Core.Webhooks;

/// <summary>The event names a webhook may ask for.</summary>
public static class WebhookEventTypes
{
    public const string LeadCreated = "lead.created";
    public const string LeadCompleted = "lead.completed";
    public const string DealCreated = "deal.created";
    public const string DealMoved = "deal.moved";
    public const string DealWon = "deal.won";
    public const string DealLost = "deal.lost";
    public const string ActivityCreated = "activity.created";
    public const string ActivityCompleted = "activity.completed";
    public const string ContactCreated = "contact.created";
    public const string ContactChanged = "contact.changed";
    public const string CompanyCreated = "company.created";
    public const string CompanyChanged = "company.changed";
    /// <summary>Sent only by "Send a test" on the settings page (never asked for).</summary>
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<string> All =
    [
        LeadCreated, LeadCompleted, DealCreated, DealMoved, DealWon, DealLost, ActivityCreated, ActivityCompleted,
        ContactCreated, ContactChanged, CompanyCreated, CompanyChanged,
    ];

    public static IReadOnlyList<string> Parse(string stored) =>
        stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(All.Contains).ToList();
}

/// <summary>
/// Turns the events of a commit into delivery rows, inside <see cref="LiveCommit"/>'s transaction: the outbox. A change
/// that commits has its deliveries stored with it; one that rolls back has none.
/// </summary>
public static class WebhookOutbox
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The body every receiver gets.</summary>
    public sealed record Body(Guid Id, string Type, DateTime OccurredAt, BodyActor Actor, object Data);

    public sealed record BodyActor(string Id, string Name);

    /// <summary>Adds the deliveries <paramref name="events"/> make for the enabled webhooks to <paramref name="db"/> (not saved). False when there are none.</summary>
    public static async Task<bool> AddAsync(CrmDbContext db, ILiveUpdates live, IReadOnlyList<CrmEvent> events, CancellationToken ct)
    {
        if (!events.Any(MayConcernWebhooks))
        {
            return false;
        }
        var wanted = await WebhookDirectory.Of(live).EnabledAsync(db, ct);
        if (wanted.Count == 0)
        {
            return false;
        }
        var added = false;
        foreach (var change in events)
        {
            foreach (var (type, data) in await DescribeAsync(db, change, ct))
            {
                var receivers = wanted.Where(h => h.Events.Contains(type)).Select(h => h.Id).ToList();
                if (receivers.Count == 0)
                {
                    continue;
                }
                var eventId = Guid.NewGuid();
                var payload = JsonSerializer.Serialize(new Body(eventId, type, change.OccurredAt, new BodyActor(change.ActorId, change.ActorName), data), Json);
                foreach (var webhookId in receivers)
                {
                    db.Set<WebhookDelivery>().Add(new WebhookDelivery
                    {
                        WebhookId = webhookId, EventId = eventId, EventType = type, Payload = payload, CreatedAt = change.OccurredAt,
                        WindowStartedAt = change.OccurredAt, NextAttemptAt = change.OccurredAt, Status = WebhookDeliveryStatus.Pending,
                    });
                    added = true;
                }
            }
        }
        return added;
    }

    private static bool MayConcernWebhooks(CrmEvent change) => change switch
    {
        LeadChanged l => l.Kind is LeadChangeKind.Created or LeadChangeKind.Converted or LeadChangeKind.Junked,
        DealChanged d => d.Kind is DealChangeKind.Created or DealChangeKind.Moved,
        ActivityChanged a => a.Kind is ActivityChangeKind.Planned or ActivityChangeKind.Completed,
        ElementChanged e => e.Element.Kind is ElementKind.Contact or ElementKind.Company,
        _ => false,
    };

    private static async Task<IReadOnlyList<(string Type, object Data)>> DescribeAsync(CrmDbContext db, CrmEvent change, CancellationToken ct)
    {
        switch (change)
        {
            case LeadChanged { Kind: LeadChangeKind.Created } l:
                return [(WebhookEventTypes.LeadCreated, new { lead = l.Row })];
            case LeadChanged { Kind: LeadChangeKind.Converted or LeadChangeKind.Junked } l:
                return [(WebhookEventTypes.LeadCompleted, new { result = l.Kind == LeadChangeKind.Junked ? "junk" : "converted", lead = l.Row })];
            case DealChanged { Kind: DealChangeKind.Created, After: { } card }:
                return [(WebhookEventTypes.DealCreated, new { deal = card })];
            case DealChanged { Kind: DealChangeKind.Moved, Before: { } before, After: { } after } when before.StageId != after.StageId:
                var kind = await db.Stages.Where(s => s.Id == after.StageId).Select(s => s.Kind).FirstOrDefaultAsync(ct);
                var type = kind switch { StageKind.Won => WebhookEventTypes.DealWon, StageKind.Lost => WebhookEventTypes.DealLost, _ => WebhookEventTypes.DealMoved };
                return [(type, new { deal = after, fromStageId = before.StageId, fromPipelineId = before.PipelineId })];
            case ActivityChanged { Kind: ActivityChangeKind.Planned, After: { } activity }:
                return [(WebhookEventTypes.ActivityCreated, new { activity })];
            case ActivityChanged { Kind: ActivityChangeKind.Completed, After: { } activity }:
                return [(WebhookEventTypes.ActivityCompleted, new { activity })];
            case ElementChanged { Element.Kind: ElementKind.Contact } e:
                return [(e.Created ? WebhookEventTypes.ContactCreated : WebhookEventTypes.ContactChanged, new { contact = new { id = e.Element.Id, version = e.Version } })];
            case ElementChanged { Element.Kind: ElementKind.Company } e:
                return [(e.Created ? WebhookEventTypes.CompanyCreated : WebhookEventTypes.CompanyChanged, new { company = new { id = e.Element.Id, version = e.Version } })];
            default:
                return [];
        }
    }
}
