using System.Text.Json.Serialization;

namespace CrmBlazor.Core.RecycleBin;

/// <summary>How long a deleted lead, contact or company can be taken back (decision 020).</summary>
public static class RecycleBinRules
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(30);
}

/// <summary>What goes with a record into the bin, said before it is deleted.</summary>
/// <param name="Deals">Deals linked to it: they stay, without the link while it is in the bin.</param>
/// <param name="Activities">Its activities: hidden with it, back with it.</param>
/// <param name="Contacts">A company's contacts: they stay, without their company while it is in the bin.</param>
public sealed record DeletionPreview(ElementRef Element, string Title, int Version, int Deals, int Activities, int Contacts);

/// <summary>One record in the recycle bin.</summary>
public sealed record DeletedItem(ElementKind Kind, int Id, string Title, DateTime DeletedAt, string? DeletedById, string? DeletedByName, DateTime RestorableUntil)
{
    public ElementRef Element => new(Kind, Id);
}

public enum RemovalKind
{
    Deleted,
    Restored,
    Merged,
    Erased,
}

/// <summary>
/// Leads, contacts or companies deleted into the bin, taken back, merged into another one or erased: their lists, pages,
/// the boards and activity lists that showed them, the counters of <see cref="UserIds"/> and the bin follow.
/// </summary>
public sealed record ElementsRemoved : CrmEvent
{
    public required RemovalKind Kind { get; init; }
    /// <summary>The records gone (or back); for a merge, those merged away.</summary>
    public required IReadOnlyList<ElementRef> Elements { get; init; }
    /// <summary>For a merge: the record that stays.</summary>
    public ElementRef? Survivor { get; init; }
    public IReadOnlyList<int> PipelineIds { get; init; } = [];
    public IReadOnlyList<string> UserIds { get; init; } = [];

    [JsonIgnore]
    public override IReadOnlyList<string> Topics =>
    [
        LiveTopics.RecycleBin, LiveTopics.History, LiveTopics.Activities,
        .. Elements.Concat(Survivor is { } s ? [s] : []).Select(LiveTopics.Element),
        .. Elements.Select(e => e.Kind).Distinct().Select(k => k switch
        {
            ElementKind.Lead => LiveTopics.Leads,
            ElementKind.Contact => LiveTopics.Contacts,
            _ => LiveTopics.Companies,
        }),
        .. PipelineIds.Select(LiveTopics.Pipeline),
        .. UserIds.Distinct().Select(LiveTopics.User),
    ];
}
