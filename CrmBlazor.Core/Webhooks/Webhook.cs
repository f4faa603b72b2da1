namespace CrmBlazor.Core.Webhooks;

/// <summary>
/// An outgoing webhook: where to send which events, and the secret that signs them. The secret is kept encrypted
/// (<see cref="IWebhookSecretProtector"/>), not hashed: the server needs it back to sign each delivery.
/// </summary>
public class Webhook
{
    public int Id { get; set; }
    public required string Url { get; set; }
    /// <summary>The event names it wants (<see cref="WebhookEventTypes"/>), comma-separated.</summary>
    public required string Events { get; set; }
    /// <summary>The signing secret, encrypted by Data Protection.</summary>
    public required string ProtectedSecret { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    /// <summary>When deliveries began failing without a success since (null while it works).</summary>
    public DateTime? FailingSince { get; set; }
    /// <summary>When it was switched off after a day of failures (null otherwise); an admin switches it on again.</summary>
    public DateTime? DisabledAt { get; set; }
    public string? DisabledReason { get; set; }
    public int Version { get; set; }
}

public enum WebhookDeliveryStatus
{
    Pending,
    Delivered,
    /// <summary>Failed for the whole retry window (24 hours by default): no more tries unless someone sends it again.</summary>
    Failed,
}

/// <summary>
/// One event for one webhook: written in the same transaction as the change it describes (an outbox row), then sent
/// by <see cref="WebhookDispatcher"/>. A sender claims it with a lease (<see cref="LeaseOwner"/>, <see cref="LeaseUntil"/>)
/// by a conditional UPDATE, so two servers never send it at once.
/// </summary>
public class WebhookDelivery
{
    public long Id { get; set; }
    public int WebhookId { get; set; }
    /// <summary>The event's id: the same for every webhook that gets it and every try (receivers drop repeats by it).</summary>
    public Guid EventId { get; set; }
    public required string EventType { get; set; }
    /// <summary>The JSON body sent, exactly.</summary>
    public required string Payload { get; set; }
    public DateTime CreatedAt { get; set; }
    public WebhookDeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    /// <summary>When the current retry window began (creation, or the last "send again"): tries stop 24 hours after it.</summary>
    public DateTime WindowStartedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public Guid? LeaseOwner { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTime? DeliveredAt { get; set; }
}

/// <summary>One try of a delivery: when, the receiver's status code (null when it did not answer) or the error.</summary>
public class WebhookAttempt
{
    public long Id { get; set; }
    public long DeliveryId { get; set; }
    public DateTime At { get; set; }
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
    public int DurationMs { get; set; }
}
