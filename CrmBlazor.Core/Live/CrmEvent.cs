using System.Text.Json.Serialization;
using CrmBlazor.Core.Deals;

namespace CrmBlazor.Core.Live;

/// <summary>
/// Something other users should see, published once by a Core service after its transaction commits.
/// The same record reaches Blazor circuits (in process) and SignalR clients of <c>/hubs/crm</c> (as JSON).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(DealChanged), "dealChanged")]
[JsonDerivedType(typeof(LeadChanged), "leadChanged")]
public abstract record CrmEvent
{
    public required string ActorId { get; init; }
    public required string ActorName { get; init; }
    public required DateTime OccurredAt { get; init; }

    /// <summary>
    /// The position of this event among all published ones, set by <see cref="ILiveUpdates.Publish"/>. A view loaded
    /// at <see cref="ILiveUpdates.Sequence"/> N already contains every event up to N and applies only later ones.
    /// </summary>
    public long Sequence { get; init; }

    /// <summary>
    /// True on a server that received the event from another server (see the Redis relay): it is shown to this
    /// server's pages, but not relayed or forwarded to hub clients again, since its own server did that.
    /// </summary>
    [JsonIgnore]
    public bool IsRemote { get; init; }

    /// <summary>The subscription keys this event wakes (see <see cref="LiveTopics"/>).</summary>
    [JsonIgnore]
    public abstract IReadOnlyList<string> Topics { get; }
}

public enum DealChangeKind
{
    Created,
    Updated,
    Moved,
    Deleted,
}

/// <summary>
/// A deal was created, edited, moved (or reordered) or deleted. <see cref="Before"/> and <see cref="After"/> are the card
/// as it was and as it is (null when it did not or no longer exists), so a board can adjust its cards, counts and sums
/// without a query. <see cref="Version"/> grows with every change of the deal: a client drops an event older than the card it shows.
/// </summary>
public sealed record DealChanged : CrmEvent
{
    public required DealChangeKind Kind { get; init; }
    public required int DealId { get; init; }
    public required int Version { get; init; }
    public DealCard? Before { get; init; }
    public DealCard? After { get; init; }

    [JsonIgnore]
    public override IReadOnlyList<string> Topics =>
        (Before, After) switch
        {
            ({ } b, { } a) when b.PipelineId != a.PipelineId => [LiveTopics.Pipeline(b.PipelineId), LiveTopics.Pipeline(a.PipelineId)],
            (_, { } a) => [LiveTopics.Pipeline(a.PipelineId)],
            ({ } b, null) => [LiveTopics.Pipeline(b.PipelineId)],
            _ => [],
        };
}

public enum LeadChangeKind
{
    Created,
    Updated,
    Converted,
    Junked,
}

/// <summary>A lead was created, edited or completed; <see cref="Row"/> is how lists show it now.</summary>
public sealed record LeadChanged : CrmEvent
{
    public required LeadChangeKind Kind { get; init; }
    public required int LeadId { get; init; }
    public required int Version { get; init; }
    public required Leads.LeadRow Row { get; init; }

    [JsonIgnore]
    public override IReadOnlyList<string> Topics => [LiveTopics.Leads];
}

public static class LiveTopics
{
    public const string Leads = "leads";

    public static string Pipeline(int pipelineId) => $"pipeline:{pipelineId}";
    public static string User(string userId) => $"user:{userId}";
}
