using System.Globalization;

namespace CrmBlazor.Components.Pages.Activities;

/// <summary>Plans an activity on <see cref="Element"/>, or edits <see cref="ActivityId"/>. Times are typed in the team's time zone.</summary>
public sealed partial class ActivityEditDialog(
    ActivityService activities, UserDirectory users, CurrentUser currentUser, CrmTime time, IStringLocalizer<SharedResource> L)
{
    /// <summary>The format of an HTML <c>datetime-local</c> input.</summary>
    internal const string LocalInputFormat = "yyyy-MM-ddTHH:mm";

    /// <summary>What a <c>datetime-local</c> input may send: Blazor adds seconds to the browser's value.</summary>
    private static readonly string[] LocalInputFormats = [LocalInputFormat, "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFF"];

    private IReadOnlyList<UserSummary> _users = [];
    private FieldErrors _errors = FieldErrors.None;
    private string? _message;
    private string? _zoneHint;
    private bool _saving;
    private int _version;
    private ActivityType _type = ActivityType.Call;
    private ActivityDirection? _direction = ActivityDirection.Outgoing;
    private string _subject = "";
    private string? _description;
    private string? _deadline;
    private int? _duration = 30;
    private string? _responsibleUserId;
    private int? _reminder = ActivityRules.DefaultReminderMinutes;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter] public ElementRef Element { get; set; }
    [Parameter] public ActivityType Type { get; set; } = ActivityType.Call;
    [Parameter] public int? ActivityId { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _users = await users.GetUsersAsync();
        _zoneHint = time.Zone.Id;
        if (ActivityId is { } id && await activities.GetAsync(id) is { } existing)
        {
            _version = existing.Version;
            _type = existing.Type;
            _direction = existing.Direction;
            _subject = existing.Subject;
            _description = existing.Description;
            _deadline = time.ToLocal(existing.Deadline).ToString(LocalInputFormat, CultureInfo.InvariantCulture);
            _duration = existing.DurationMinutes;
            _responsibleUserId = existing.ResponsibleUserId;
            _reminder = existing.ReminderMinutes;
            Element = existing.Element;
            return;
        }
        _type = Type;
        var inAnHour = time.ToLocal(time.UtcNow).AddHours(1);
        _deadline = new DateTime(inAnHour.Year, inAnHour.Month, inAnHour.Day, inAnHour.Hour, 0, 0).ToString(LocalInputFormat, CultureInfo.InvariantCulture);
        _responsibleUserId = (await currentUser.GetActorAsync()).UserId;
    }

    /// <summary>The form's choices, and an activity's own time (set through the API) when it is none of them.</summary>
    private IEnumerable<int> ReminderChoices =>
        _reminder is { } own && !ActivityRules.ReminderChoices.Contains(own) ? [.. ActivityRules.ReminderChoices, own] : ActivityRules.ReminderChoices;

    private string ReminderText(int minutes) =>
        ActivityRules.ReminderChoices.Contains(minutes) ? L["Reminder.Before." + minutes] : L["Reminder.BeforeMinutes", minutes];

    private async Task SaveAsync()
    {
        _saving = true;
        try
        {
            var actor = await currentUser.GetActorAsync();
            var input = new ActivityInput
            {
                Type = _type,
                Subject = _subject ?? "",
                Description = _description,
                // A day outside DateBounds is not converted (near year 1 the zone's offset would leave the calendar):
                // Core refuses it with its message next to the field.
                Deadline = !DateTime.TryParseExact(_deadline, LocalInputFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) ? default
                    : DateBounds.Contains(DateOnly.FromDateTime(local)) ? time.ToUtc(local)
                    : DateTime.SpecifyKind(local, DateTimeKind.Utc),
                DurationMinutes = _duration,
                Direction = _direction,
                ResponsibleUserId = _responsibleUserId,
                ReminderMinutes = _reminder,
            };
            var result = ActivityId is { } id
                ? await activities.UpdateAsync(id, _version, input, actor)
                : await activities.PlanAsync(Element, input, actor);
            if (result.IsOk)
            {
                Dialog.Close(DialogResult.Ok(result.Value));
                return;
            }
            _errors = new FieldErrors(result.Errors);
            _message = result.Status == ResultStatus.Invalid ? null : L[result.MessageKey ?? "Error.Unexpected"].Value;
            if (result is { Status: ResultStatus.Conflict, Value: { } current })
            {
                _version = current.Version;
            }
        }
        catch (Exception ex) when (Transient.IsDatabaseFailure(ex))
        {
            _message = L["Error.Unexpected"].Value;
        }
        finally
        {
            _saving = false;
        }
    }
}
