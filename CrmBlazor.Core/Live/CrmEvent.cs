using System.Text.Json.Serialization;

namespace CrmBlazor.Core.Live;

/// <summary>
/// Something other users should see, published once by a Core service after its transaction commits.
/// The same record reaches Blazor circuits (in process) and SignalR clients of <c>/hubs/crm</c> (as JSON).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(DealChanged), "dealChanged")]
[JsonDerivedType(typeof(LeadChanged), "leadChanged")]
[JsonDerivedType(typeof(ActivityChanged), "activityChanged")]
[JsonDerivedType(typeof(TimelineChanged), "timelineChanged")]
[JsonDerivedType(typeof(CountersDue), "countersDue")]
[JsonDerivedType(typeof(ElementChanged), "elementChanged")]
[JsonDerivedType(typeof(ProductChanged), "productChanged")]
[JsonDerivedType(typeof(PipelineChanged), "pipelineChanged")]
[JsonDerivedType(typeof(Calls.IncomingCall), "incomingCall")]
[JsonDerivedType(typeof(ImportProgressed), "importProgressed")]
[JsonDerivedType(typeof(ElementHidden), "elementHidden")]
[JsonDerivedType(typeof(AccessChanged), "accessChanged")]
[JsonDerivedType(typeof(RecycleBin.ElementsRemoved), "elementsRemoved")]
[JsonDerivedType(typeof(CustomFieldsChanged), "customFieldsChanged")]
[JsonDerivedType(typeof(Webhooks.WebhooksChanged), "webhooksChanged")]
[JsonDerivedType(typeof(Webhooks.WebhookSwitchedOff), "webhookSwitchedOff")]
[JsonDerivedType(typeof(Mail.MailArrived), "mailArrived")]
[JsonDerivedType(typeof(Mail.MailRead), "mailRead")]
[JsonDerivedType(typeof(Activities.ActivityReminder), "activityReminder")]
[JsonDerivedType(typeof(Currencies.CurrenciesChanged), "currenciesChanged")]
[JsonDerivedType(typeof(SavedViews.SavedViewsChanged), "savedViewsChanged")]
[JsonDerivedType(typeof(Leads.LeadOptionsChanged), "leadOptionsChanged")]
public abstract record CrmEvent
{
    public required string ActorId { get; init; }
    public required string ActorName { get; init; }
    public required DateTime OccurredAt { get; init; }

    /// <summary>
    /// The position of this event among all events of the deployment, given by the database when the event was stored
    /// in the outbox with its change (decision 022), in commit order. A view loaded from a snapshot holding the events
    /// up to N applies only later ones.
    /// </summary>
    public long Sequence { get; init; }

    /// <summary>
    /// True when this server delivered the event from the outbox rather than from its own writer (another server's or
    /// process's commit, or one that another writer here delivered first); for telemetry only.
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

    /// <summary>Users whose counters this change moved (the responsible users of a deleted deal's activities).</summary>
    public IReadOnlyList<string> NotifiedUserIds { get; init; } = [];

    [JsonIgnore]
    public override IReadOnlyList<string> Topics =>
        (Before, After) switch
        {
            ({ } b, { } a) when b.PipelineId != a.PipelineId => [LiveTopics.Pipeline(b.PipelineId), LiveTopics.Pipeline(a.PipelineId), ..ElementTopics],
            (_, { } a) => [LiveTopics.Pipeline(a.PipelineId), ..ElementTopics],
            ({ } b, null) => [LiveTopics.Pipeline(b.PipelineId), ..ElementTopics],
            _ => [],
        };

    private string[] ElementTopics => [LiveTopics.Element(ElementRef.Deal(DealId)), LiveTopics.History, .. NotifiedUserIds.Select(LiveTopics.User)];
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

    /// <summary>Who was responsible before this change, when that changed (their counters change too).</summary>
    public string? PreviousResponsibleUserId { get; init; }

    /// <remarks>A conversion may have made a contact and a company: their lists reload too.</remarks>
    [JsonIgnore]
    public override IReadOnlyList<string> Topics =>
        [LiveTopics.Leads, LiveTopics.Element(ElementRef.Lead(LeadId)), LiveTopics.History,
            .. Kind == LeadChangeKind.Converted ? [LiveTopics.Contacts, LiveTopics.Companies] : Array.Empty<string>(),
            .. new[] { Row.ResponsibleUserId, PreviousResponsibleUserId }.OfType<string>().Distinct().Select(LiveTopics.User)];
}

public enum ActivityChangeKind
{
    Planned,
    Updated,
    Completed,
    Deleted,
}

/// <summary>
/// An activity was planned, edited, completed or deleted. It wakes the counters of whoever was and is responsible,
/// the page of the element it belongs to, and activity lists.
/// </summary>
public sealed record ActivityChanged : CrmEvent
{
    public required ActivityChangeKind Kind { get; init; }
    public required int ActivityId { get; init; }
    public required int Version { get; init; }
    public required ElementRef Element { get; init; }
    public ActivityRow? Before { get; init; }
    public ActivityRow? After { get; init; }

    /// <summary>For an activity of a deal: the deal's pipeline, whose board marks the deal's card.</summary>
    public int? DealPipelineId { get; init; }

    /// <summary>For an activity of a deal: the earliest deadline of the deal's planned activities now (null: none planned).</summary>
    public DateTime? DealNextActivityAt { get; init; }

    /// <summary>
    /// Who is responsible for <see cref="Element"/> (null: nobody), so each receiver's read scope is checked without a
    /// query (<see cref="AccessPolicy.Shown"/>). A receiver who may read the element but not the activity gets the event
    /// without <see cref="Before"/> and <see cref="After"/>.
    /// </summary>
    public required string? ElementResponsibleUserId { get; init; }

    [JsonIgnore]
    public override IReadOnlyList<string> Topics =>
        [LiveTopics.Activities, LiveTopics.Element(Element), LiveTopics.History,
            .. DealPipelineId is { } pipelineId ? [LiveTopics.Pipeline(pipelineId)] : Array.Empty<string>(),
            .. new[] { Before?.ResponsibleUserId, After?.ResponsibleUserId }.OfType<string>().Distinct().Select(LiveTopics.User)];
}

public enum TimelineChangeKind
{
    Added,
    Edited,
    Deleted,
}

/// <summary>A comment was added, edited or deleted on an element's timeline.</summary>
public sealed record TimelineChanged : CrmEvent
{
    public required TimelineChangeKind Kind { get; init; }
    public required ElementRef Element { get; init; }
    public required long EntryId { get; init; }

    /// <summary>Who is responsible for <see cref="Element"/> (null: nobody): only readers of the element hear of it.</summary>
    public required string? ElementResponsibleUserId { get; init; }

    [JsonIgnore]
    public override IReadOnlyList<string> Topics => [LiveTopics.Element(Element), LiveTopics.History];
}

/// <summary>
/// Deadlines passed or a new day began with nobody acting: the counters of <see cref="UserIds"/> changed.
/// Published by the server's deadline watcher.
/// </summary>
public sealed record CountersDue : CrmEvent
{
    public required IReadOnlyList<string> UserIds { get; init; }

    /// <summary>Pipelines with deals whose activities just became overdue: their boards redraw the cards' marks.</summary>
    public IReadOnlyList<int> PipelineIds { get; init; } = [];

    [JsonIgnore]
    public override IReadOnlyList<string> Topics => [.. UserIds.Select(LiveTopics.User), .. PipelineIds.Select(LiveTopics.Pipeline)];
}

/// <summary>A contact or company was created or edited (their pages, timelines and lists follow).</summary>
public sealed record ElementChanged : CrmEvent
{
    public required ElementRef Element { get; init; }
    public required bool Created { get; init; }
    public required int Version { get; init; }

    /// <summary>Who is responsible for it now (null: nobody).</summary>
    public required string? ResponsibleUserId { get; init; }

    /// <summary>Who was responsible before this change, when that changed: its readers until now are told it is hidden.</summary>
    public string? PreviousResponsibleUserId { get; init; }

    [JsonIgnore]
    public override IReadOnlyList<string> Topics =>
        [LiveTopics.Element(Element), LiveTopics.History,
            .. Element.Kind switch { ElementKind.Contact => [LiveTopics.Contacts], ElementKind.Company => [LiveTopics.Companies], _ => Array.Empty<string>() }];
}

/// <summary>A catalog product was created, edited, deactivated or activated again (catalog lists follow).</summary>
public sealed record ProductChanged : CrmEvent
{
    public required int ProductId { get; init; }
    public required bool Created { get; init; }
    public required int Version { get; init; }

    [JsonIgnore]
    public override IReadOnlyList<string> Topics => [LiveTopics.Products];
}

public enum PipelineChangeKind
{
    Created,
    Renamed,
    StagesChanged,
    Deleted,
}

/// <summary>
/// A pipeline was created, renamed or deleted, or its stages changed (added, renamed, recoloured, reordered, kind,
/// deleted). Boards and funnels of the pipeline read it again; selectors of pipelines (topic
/// <see cref="LiveTopics.Pipelines"/>) too. Deals moved by the change have their own <see cref="DealChanged"/> events.
/// </summary>
public sealed record PipelineChanged : CrmEvent
{
    public required PipelineChangeKind Kind { get; init; }
    public required int PipelineId { get; init; }
    public required int Version { get; init; }

    [JsonIgnore]
    public override IReadOnlyList<string> Topics => [LiveTopics.Pipeline(PipelineId), LiveTopics.Pipelines];
}

/// <summary>
/// An import run moved on: a batch committed (its records in <see cref="Changed"/>; lists reload once for the whole
/// batch), it finished, was cancelled or undone. Its page and the import history follow its counts.
/// </summary>
public sealed record ImportProgressed : CrmEvent
{
    public required int RunId { get; init; }
    public required ElementKind Kind { get; init; }
    /// <summary>A deal run's pipeline: its boards reload once per batch.</summary>
    public int? PipelineId { get; init; }
    public required string FileName { get; init; }
    public required Import.ImportRunState State { get; init; }
    public required int TotalRows { get; init; }
    public required int RowsRead { get; init; }
    public required int Created { get; init; }
    public required int Updated { get; init; }
    public required int Skipped { get; init; }
    public required int Failed { get; init; }
    /// <summary>How many records this step created, updated or removed (0 for a step that changed none).</summary>
    public required int Changed { get; init; }

    [JsonIgnore]
    public override IReadOnlyList<string> Topics =>
        [LiveTopics.Import(RunId), LiveTopics.Imports, LiveTopics.User(ActorId),
            .. Changed > 0 ? [LiveTopics.History, Kind switch
            {
                ElementKind.Contact => LiveTopics.Contacts,
                ElementKind.Company => LiveTopics.Companies,
                ElementKind.Deal => PipelineId is { } pipeline ? LiveTopics.Pipeline(pipeline) : LiveTopics.History,
                _ => LiveTopics.Leads,
            }] : Array.Empty<string>()];
}

/// <summary>
/// What a receiver hears instead of a change to a lead, contact or company it could read until now and may no longer
/// read (it was given to someone outside the receiver's scope): the element's id only, on the original's topics, so
/// lists reload without it and its open page says it is not readable. See <see cref="AccessPolicy.Shown"/>.
/// </summary>
public sealed record ElementHidden : CrmEvent
{
    public required ElementRef Element { get; init; }

    /// <summary>The topics of the change it stands for (without users' own topics).</summary>
    [JsonIgnore]
    public IReadOnlyList<string> On { get; init; } = [];

    [JsonIgnore]
    public override IReadOnlyList<string> Topics => On;
}

/// <summary>
/// An admin changed users, roles or departments: what users may read may have changed. Every open page reads its data
/// again (<c>LiveView</c>), and every server drops its cached access profiles (<see cref="Team.AccessProfiles"/>).
/// </summary>
public sealed record AccessChanged : CrmEvent
{
    [JsonIgnore]
    public override IReadOnlyList<string> Topics => [LiveTopics.Access];
}

public static class LiveTopics
{
    /// <summary>Changes of users, roles or departments (<see cref="AccessChanged"/>): every live view follows it.</summary>
    public const string Access = "access";

    /// <summary>Every change of any pipeline's name or stages (the settings page, pipeline selectors).</summary>
    public const string Pipelines = "pipelines";
    /// <summary>Every import run's progress (the history of runs).</summary>
    public const string Imports = "imports";
    /// <summary>Every change of a custom field's definition (forms, lists, the settings page).</summary>
    public const string CustomFields = "customfields";
    public const string Webhooks = "webhooks";
    /// <summary>Every change of the currencies or their rates (boards, the funnel, reports, forms, the settings page).</summary>
    public const string Currencies = "currencies";
    /// <summary>Every change of the lead statuses, sources and junk reasons (lead lists and pages, forms, the settings page).</summary>
    public const string LeadOptions = "lead-options";

    public static string Import(int runId) => $"import:{runId}";

    /// <summary>The saved views of one list (its views menus; decision 028).</summary>
    public static string SavedViews(string list) => $"saved-views:{list}";

    public const string Leads = "leads";
    public const string Activities = "activities";
    public const string Contacts = "contacts";
    public const string Companies = "companies";
    public const string Products = "products";
    /// <summary>Every event that adds to some element's timeline.</summary>
    public const string History = "history";
    /// <summary>The recycle bin's page (decision 020).</summary>
    public const string RecycleBin = "recycle-bin";

    public static string Element(ElementRef element) => $"element:{element}";

    public static string Pipeline(int pipelineId) => $"pipeline:{pipelineId}";
    public static string User(string userId) => $"user:{userId}";

    public static bool IsUser(string topic) => topic.StartsWith("user:", StringComparison.Ordinal);
}
