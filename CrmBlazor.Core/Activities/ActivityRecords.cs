namespace CrmBlazor.Core.Activities;

public static class ActivityRules
{
    public const int SubjectMaxLength = 200;
    public const int DescriptionMaxLength = 4000;
    public const int OutcomeMaxLength = 2000;
    public const int MaxDurationMinutes = 24 * 60;

    /// <summary>The reminder a new activity gets unless the user chooses another (or none).</summary>
    public const int DefaultReminderMinutes = 15;
    /// <summary>The longest a reminder may come before the deadline: a week.</summary>
    public const int MaxReminderMinutes = 7 * 24 * 60;
    /// <summary>The choices the activity form offers (minutes before the deadline; 0 is at the deadline).</summary>
    public static readonly IReadOnlyList<int> ReminderChoices = [0, 5, 15, 30, 60, 120, 24 * 60];

    public static bool HasDirection(ActivityType type) => type is ActivityType.Call or ActivityType.Email;

    public static bool HasDuration(ActivityType type) => type is ActivityType.Call or ActivityType.Meeting;
}

/// <summary>What a user types to plan or edit an activity. <see cref="Deadline"/> is UTC.</summary>
public sealed record ActivityInput
{
    public ActivityType Type { get; init; } = ActivityType.Call;
    public string Subject { get; init; } = "";
    public string? Description { get; init; }
    public DateTime Deadline { get; init; }
    public int? DurationMinutes { get; init; }
    public ActivityDirection? Direction { get; init; }
    public string? ResponsibleUserId { get; init; }
    /// <summary>Minutes before <see cref="Deadline"/> to remind the responsible user (0: at the deadline); null: no reminder.</summary>
    public int? ReminderMinutes { get; init; } = ActivityRules.DefaultReminderMinutes;
}

/// <summary>An activity as lists, pages and live events show it.</summary>
public sealed record ActivityRow(
    int Id,
    ActivityType Type,
    string Subject,
    string? Description,
    DateTime Deadline,
    int? DurationMinutes,
    ActivityDirection? Direction,
    string ResponsibleUserId,
    string? ResponsibleName,
    ElementKind ElementKind,
    int ElementId,
    string? ElementTitle,
    ActivityState State,
    DateTime? CompletedAt,
    int Version,
    string? CreatedById = null,
    string? Outcome = null,
    int? ReminderMinutes = null)
{
    public ElementRef Element => new(ElementKind, ElementId);

    public bool IsOverdue(DateTime now) => State == ActivityState.Planned && Deadline < now;
}

/// <summary>Which activities a list shows.</summary>
public enum ActivityPeriod
{
    /// <summary>Every planned activity.</summary>
    Open,
    Overdue,
    Today,
    ThisWeek,
    Done,
}

public sealed record ActivityQuery
{
    /// <summary>Only the user's own (responsible) activities; otherwise all that the user's role can see.</summary>
    public bool MineOnly { get; init; } = true;
    public ActivityPeriod Period { get; init; } = ActivityPeriod.Open;
    public ActivityType? Type { get; init; }
    public ElementKind? ElementKind { get; init; }
    /// <summary>The Activities list's sort; null: the period's own order (by deadline, done ones by completion, latest first).</summary>
    public ActivityListSort? SortBy { get; init; }
    public bool Descending { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 25;
}

/// <summary>What the Activities list sorts by (its columns): offset-paged, the id last.</summary>
public enum ActivityListSort
{
    Deadline,
    Subject,
    /// <summary>The title of the lead, contact, company or deal it is on.</summary>
    Element,
    Responsible,
}

/// <summary>
/// The orders the API's activity list offers; each is keyset-paged on (the key, the id). <see cref="CompletedAt"/>
/// orders a planned activity (which has no completion yet) by its deadline.
/// </summary>
public enum ActivitySort
{
    Deadline,
    Id,
    CreatedAt,
    UpdatedAt,
    CompletedAt,
}

/// <summary>What needs a user's attention. <see cref="Total"/> is what the navigation's badge shows.</summary>
public sealed record Counters(int Overdue, int DueToday, int NewLeads, int LeadActivities, int DealActivities)
{
    public static readonly Counters None = new(0, 0, 0, 0, 0);

    /// <summary>Planned activities that are overdue or due today.</summary>
    public int Activities => Overdue + DueToday;

    /// <summary>New leads nobody has worked yet plus lead activities due.</summary>
    public int Leads => NewLeads + LeadActivities;

    public int Deals => DealActivities;

    /// <summary>Incoming e-mails the user was told about and has not opened.</summary>
    public int UnreadMail { get; init; }

    public int Total => Activities + NewLeads;
}
