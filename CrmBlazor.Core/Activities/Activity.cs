namespace CrmBlazor.Core.Activities;

public enum ActivityType
{
    Call = 1,
    Meeting = 2,
    Task = 3,
    Email = 4,
}

public enum ActivityDirection
{
    Incoming = 1,
    Outgoing = 2,
}

public enum ActivityState
{
    Planned = 0,
    Done = 1,
}

/// <summary>Something done or to do with a client, on one lead, contact, company or deal.</summary>
public class Activity : IVersioned, IAudited, IResponsibleRecord
{
    public int Id { get; set; }
    public ActivityType Type { get; set; }
    public required string Subject { get; set; }
    public string? Description { get; set; }
    /// <summary>When it is due (UTC): a call's or meeting's start, a task's or e-mail's deadline.</summary>
    public DateTime Deadline { get; set; }
    /// <summary>For calls and meetings.</summary>
    public int? DurationMinutes { get; set; }
    /// <summary>For calls and e-mails.</summary>
    public ActivityDirection? Direction { get; set; }
    public required string ResponsibleUserId { get; set; }
    public ElementKind ElementKind { get; set; }
    public int ElementId { get; set; }
    public ActivityState State { get; set; }
    public DateTime? CompletedAt { get; set; }
    public string? CompletedById { get; set; }
    /// <summary>What came of it, noted when it was done (for example "Agreed to a demo next week").</summary>
    public string? Outcome { get; set; }
    /// <summary>How long before <see cref="Deadline"/> its responsible user is reminded (0: at the deadline); null: never.</summary>
    public int? ReminderMinutes { get; set; }
    /// <summary>When the reminder is due (UTC): <see cref="Deadline"/> less <see cref="ReminderMinutes"/>; null without one.</summary>
    public DateTime? RemindAt { get; set; }
    /// <summary>
    /// When a server claimed the reminder (a conditional UPDATE, so one server of several, once; see
    /// <see cref="ReminderService"/>); null while it is still to come. A new <see cref="RemindAt"/> clears it.
    /// </summary>
    public DateTime? ReminderSentAt { get; set; }
    /// <summary>Who planned it (set by the service, who may then change it); see <see cref="IAudited"/>.</summary>
    public required string CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedById { get; set; }
    public int Version { get; set; }
    /// <summary>Set while the element it is on is in the recycle bin: hidden with it, back with it (decision 020).</summary>
    public DateTime? DeletedAt { get; set; }

    string? IAudited.CreatedById
    {
        get => CreatedById;
        set => CreatedById = value ?? CreatedById;
    }

    public ElementRef Element => new(ElementKind, ElementId);
}
