namespace CrmBlazor.Core.Timeline;

public static class TimelineRules
{
    public const int CommentMaxLength = 5000;
    public const int ValueMaxLength = 500;
}

/// <summary>A timeline entry as pages show it.</summary>
public sealed record TimelineItem(
    long Id,
    ElementKind ElementKind,
    int ElementId,
    string? ElementTitle,
    TimelineKind Kind,
    DateTime At,
    string? AuthorId,
    string? AuthorName,
    string? Field,
    string? OldValue,
    string? NewValue,
    string? Text,
    string? RelatedKind,
    int? RelatedId,
    DateTime? EditedAt,
    int Version)
{
    public ElementRef Element => new(ElementKind, ElementId);
}

/// <summary>The orders the API's timeline list offers (newest first by default); each is keyset-paged on (the key, the id).</summary>
public enum TimelineSort
{
    At,
    Id,
}

/// <summary>The History section's filters. Dates are UTC; <see cref="To"/> is exclusive.</summary>
public sealed record HistoryQuery
{
    public ElementKind? ElementKind { get; init; }
    public string? UserId { get; init; }
    public TimelineKind? Kind { get; init; }
    public DateTime? From { get; init; }
    public DateTime? To { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 25;
}
