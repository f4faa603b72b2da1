namespace CrmBlazor.Core.Webhooks;

public static class WebhookRules
{
    public const int UrlMaxLength = 500;
    public const int SecretMinLength = 16;
    public const int SecretMaxLength = 200;
}

/// <summary>What the settings page shows of a webhook (never its secret).</summary>
public sealed record WebhookView(
    int Id,
    string Url,
    IReadOnlyList<string> Events,
    bool Enabled,
    DateTime? FailingSince,
    DateTime? DisabledAt,
    string? DisabledReason,
    int Pending,
    int Failed,
    int Version);

public sealed class WebhookInput
{
    public string? Url { get; set; }
    public List<string> Events { get; set; } = [];
    public bool Enabled { get; set; } = true;
    /// <summary>A new secret; empty keeps the current one (a new webhook then gets a random one).</summary>
    public string? Secret { get; set; }
    public int Version { get; set; }
}

/// <summary>A saved webhook; <see cref="Secret"/> only when it was just made or changed (to show once more on the page).</summary>
public sealed record WebhookSaved(WebhookView Webhook, string? Secret);

public sealed record WebhookDeliveryRow(
    long Id,
    Guid EventId,
    string EventType,
    DateTime CreatedAt,
    WebhookDeliveryStatus Status,
    int Attempts,
    DateTime NextAttemptAt,
    DateTime? LastAttemptAt,
    int? LastStatusCode,
    string? LastError,
    DateTime? DeliveredAt);

public sealed record WebhookAttemptRow(DateTime At, int? StatusCode, string? Error, int DurationMs);
