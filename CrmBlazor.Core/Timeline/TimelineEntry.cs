namespace CrmBlazor.Core.Timeline;

public enum TimelineKind
{
    Created = 1,
    FieldChanged = 2,
    StageChanged = 3,
    Converted = 4,
    Junked = 5,
    ActivityPlanned = 6,
    ActivityDone = 7,
    Comment = 8,
    Deleted = 9,
    /// <summary>A deal closed: <c>Field</c> is Won or Lost, <c>NewValue</c> the final amount or the lost reason, <c>Text</c> the comment.</summary>
    Closed = 10,
    /// <summary>A closed deal reopened: from the closed stage (<c>OldValue</c>) to an open one (<c>NewValue</c>).</summary>
    Reopened = 11,
    /// <summary>A deal's product lines saved: <c>Text</c> lists them.</summary>
    ProductsChanged = 12,
    /// <summary>Created or updated by an import: <c>Text</c> is the file's name, <c>Field</c> Created or Updated, <c>RelatedId</c> the run.</summary>
    Imported = 13,
    /// <summary>A done activity planned again (its completion undone): <c>Text</c> is its subject.</summary>
    ActivityReopened = 14,
    /// <summary>Taken back out of the recycle bin (decision 020).</summary>
    Restored = 15,
    /// <summary>An activity deleted: <c>Text</c> is its subject, <c>RelatedId</c> the activity.</summary>
    ActivityDeleted = 16,
    /// <summary>A comment deleted by its author (its text is not kept).</summary>
    CommentDeleted = 17,
    /// <summary>Other elements merged into this one: <c>Text</c> names them, <c>RelatedKind</c>/<c>RelatedId</c> the first of them.</summary>
    Merged = 18,
    /// <summary>An e-mail arrived: <c>Text</c> is its subject, <c>RelatedId</c> the <c>MailMessage</c>.</summary>
    EmailIn = 19,
    /// <summary>An e-mail was sent from the CRM: <c>Text</c> is its subject, <c>RelatedId</c> the <c>MailMessage</c>.</summary>
    EmailOut = 20,
    /// <summary>
    /// An activity given to another user (a leaving user's planned activities reassigned): <c>Text</c> is its subject,
    /// <c>OldValue</c> and <c>NewValue</c> the responsible users' names, <c>RelatedId</c> the activity.
    /// </summary>
    ActivityReassigned = 21,
}

/// <summary>
/// One line of an element's history, written by the Core service in the same transaction as the change it describes.
/// Values are kept as they read at the time (a stage's or user's name), so history does not change when they are renamed.
/// </summary>
public class TimelineEntry : IVersioned
{
    public long Id { get; set; }
    public ElementKind ElementKind { get; set; }
    public int ElementId { get; set; }
    public TimelineKind Kind { get; set; }
    public DateTime At { get; set; }
    public string? AuthorId { get; set; }
    /// <summary>For <see cref="TimelineKind.FieldChanged"/>: the field's name (for example <c>Title</c>).</summary>
    public string? Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    /// <summary>A comment's text, an activity's subject, a deleted element's title, a junk comment.</summary>
    public string? Text { get; set; }
    /// <summary>The element or activity the entry points at: a converted lead's new deal, a planned activity.</summary>
    public string? RelatedKind { get; set; }
    public int? RelatedId { get; set; }
    public DateTime? EditedAt { get; set; }
    /// <summary>Concurrency token of comments, which their authors may edit.</summary>
    public int Version { get; set; }

    public ElementRef Element => new(ElementKind, ElementId);
}
