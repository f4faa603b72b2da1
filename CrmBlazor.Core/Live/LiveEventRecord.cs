using System.Text.Json;

namespace CrmBlazor.Core.Live;

/// <summary>
/// A committed event in the outbox (table <c>LiveEvents</c>), saved in the transaction of the change it describes
/// (<see cref="LiveCommit"/>). The database numbers the rows: <see cref="Sequence"/> is the event's place among all the
/// deployment's events, in commit order (decision 022).
/// </summary>
public sealed class LiveEventRecord
{
    public long Sequence { get; set; }

    /// <summary>When the event was appended (UTC); rows older than <see cref="LiveUpdates.Retention"/> are pruned.</summary>
    public DateTime CommittedAt { get; set; }

    /// <summary>The event as JSON (<see cref="Json"/>), without its sequence.</summary>
    public required string Payload { get; set; }

    /// <summary>How events are stored: as the hub's clients get them.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal CrmEvent Read() =>
        (JsonSerializer.Deserialize<CrmEvent>(Payload, Json) ?? throw new JsonException($"Live event {Sequence} is empty")) with { Sequence = Sequence };
}
