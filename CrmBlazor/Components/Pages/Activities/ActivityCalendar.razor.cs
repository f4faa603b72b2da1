using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.JSInterop;
using Microsoft.AspNetCore.Components.Web;

namespace CrmBlazor.Components.Pages.Activities;

public enum CalendarView
{
    Day,
    Week,
    Month,
}

/// <summary>
/// The user's (or, as their role allows, everyone's) activities on a day, week or month calendar in the team's time
/// zone. An activity is moved by dragging it to another day (or hour, in the day view) or with the arrow keys; the move
/// is saved through <see cref="ActivityService.RescheduleAsync"/> with the version it was shown with, and every open
/// calendar and list follows live. A click opens the activity.
/// </summary>
public sealed partial class ActivityCalendar(
    ActivityService activities, LiveViews liveViews, CurrentUser currentUser, CrmTime time, IDialogService dialogs,
    NavigationManager navigation, IStringLocalizer<SharedResource> L, ILogger<ActivityCalendar> logger) : IDisposable
{
    private const int MonthCellLimit = 4;
    private readonly Dictionary<int, ElementReference> _chips = [];
    private LiveView? _live;
    private Actor? _actor;
    private CalendarView _view = CalendarView.Month;
    private bool _mineOnly = true;
    private DateOnly _anchor;
    private Dictionary<DateOnly, List<ActivityRow>> _byDay = [];
    private ActivityRow? _dragging;
    private int? _focusAfterRender;
    private string? _message;
    private string? _announcement;

    private DateOnly Today => DateOnly.FromDateTime(time.ToLocal(time.UtcNow));

    /// <summary>
    /// A day button's name: the long date, its day without a leading zero, so the number the button shows is a word of
    /// its name (WCAG 2.5.3, label in name: "1" in "Tuesday, 1 December 2026", not "01").
    /// </summary>
    private static string DayLabel(DateOnly day) =>
        day.ToString(Regex.Replace(CultureInfo.CurrentCulture.DateTimeFormat.LongDatePattern, "(?<!d)dd(?!d)", "d"), CultureInfo.CurrentCulture);

    protected override async Task OnInitializedAsync()
    {
        _anchor = Today;
        _live = liveViews.For(InvokeAsync, DispatchExceptionAsync);
        _actor = await currentUser.GetActorAsync();
        await LoadAsync();
        _live.WatchReload(LiveTopics.Activities, ReloadAsync);
    }

    /// <summary>The first and the day after the last day shown.</summary>
    private (DateOnly From, DateOnly To) Range
    {
        get
        {
            var monday = Monday(_anchor);
            return _view switch
            {
                CalendarView.Day => (_anchor, _anchor.AddDays(1)),
                CalendarView.Week => (monday, monday.AddDays(7)),
                _ => (Monday(new DateOnly(_anchor.Year, _anchor.Month, 1)), Monday(new DateOnly(_anchor.Year, _anchor.Month, 1)).AddDays(42)),
            };
        }
    }

    private static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private IEnumerable<DateOnly> Days
    {
        get
        {
            var (from, to) = Range;
            for (var day = from; day < to; day = day.AddDays(1))
            {
                yield return day;
            }
        }
    }

    private static IEnumerable<string> DayNames
    {
        get
        {
            var names = CultureInfo.CurrentCulture.DateTimeFormat.AbbreviatedDayNames;
            return Enumerable.Range(1, 7).Select(i => names[i % 7]);
        }
    }

    private string RangeTitle => _view switch
    {
        CalendarView.Day => _anchor.ToString("D", CultureInfo.CurrentCulture),
        CalendarView.Week => $"{Range.From.ToString("d", CultureInfo.CurrentCulture)} – {Range.To.AddDays(-1).ToString("d", CultureInfo.CurrentCulture)}",
        _ => CultureInfo.CurrentCulture.TextInfo.ToTitleCase(_anchor.ToString("Y", CultureInfo.CurrentCulture)),
    };

    private List<ActivityRow> ItemsOn(DateOnly day) => _byDay.GetValueOrDefault(day) ?? [];

    private bool MayMove(ActivityRow activity) =>
        activity.State == ActivityState.Planned && _actor is not null && AccessPolicy.MayChangeActivity(_actor, activity.ResponsibleUserId, activity.CreatedById);

    private async Task LoadAsync()
    {
        var (from, to) = Range;
        var rows = await activities.CalendarAsync(
            time.ToUtc(from.ToDateTime(TimeOnly.MinValue)), time.ToUtc(to.ToDateTime(TimeOnly.MinValue)), _mineOnly, _actor!);
        _byDay = rows.GroupBy(a => DateOnly.FromDateTime(time.ToLocal(a.Deadline))).ToDictionary(g => g.Key, g => g.ToList());
    }

    private async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private Task ViewChanged(CalendarView view)
    {
        _view = view;
        return ReloadAsync();
    }

    private Task MineChanged(bool mineOnly)
    {
        _mineOnly = mineOnly;
        return ReloadAsync();
    }

    private Task MoveAsync(int step)
    {
        _anchor = _view switch
        {
            CalendarView.Day => _anchor.AddDays(step),
            CalendarView.Week => _anchor.AddDays(7 * step),
            _ => _anchor.AddMonths(step),
        };
        return ReloadAsync();
    }

    private Task TodayAsync()
    {
        _anchor = Today;
        return ReloadAsync();
    }

    private Task OpenDayAsync(DateOnly day)
    {
        _anchor = day;
        _view = CalendarView.Day;
        return ReloadAsync();
    }

    /// <summary>A click opens the activity: its edit dialog for whoever may change it, else the element it is on.</summary>
    private async Task OpenAsync(ActivityRow activity)
    {
        if (!MayMove(activity))
        {
            navigation.NavigateTo(activity.Element.Path.TrimStart('/'));
            return;
        }
        var dialog = await dialogs.ShowAsync<ActivityEditDialog>(L["Activity.Edit"],
            new DialogParameters<ActivityEditDialog> { { d => d.ActivityId, activity.Id } }, EditDialogs.Options);
        if (!(await dialog.Result)!.Canceled)
        {
            await ReloadAsync();
        }
    }

    /// <summary>Dropped on a day (keeping the time of day) or, in the day view, on an hour (keeping the minutes).</summary>
    private async Task DropAsync(DateOnly day, int? hour)
    {
        if (_dragging is not { } activity)
        {
            return;
        }
        _dragging = null;
        var local = time.ToLocal(activity.Deadline);
        var target = day.ToDateTime(hour is { } h ? new TimeOnly(h, local.Minute) : TimeOnly.FromDateTime(local));
        await RescheduleAsync(activity, target, focus: false);
    }

    /// <summary>
    /// The keyboard's way to move: ← and → a day, ↑ and ↓ a week (an hour in the day view). The moved activity keeps the focus.
    /// </summary>
    private async Task KeyAsync(ActivityRow activity, KeyboardEventArgs e)
    {
        if (!MayMove(activity))
        {
            return;
        }
        var local = time.ToLocal(activity.Deadline);
        DateTime? target = e.Key switch
        {
            "ArrowLeft" => local.AddDays(-1),
            "ArrowRight" => local.AddDays(1),
            "ArrowUp" => _view == CalendarView.Day ? local.AddHours(-1) : local.AddDays(-7),
            "ArrowDown" => _view == CalendarView.Day ? local.AddHours(1) : local.AddDays(7),
            _ => null,
        };
        if (target is { } moved)
        {
            await RescheduleAsync(activity, moved, focus: true);
        }
    }

    private async Task RescheduleAsync(ActivityRow activity, DateTime targetLocal, bool focus)
    {
        _message = null;
        if (targetLocal == time.ToLocal(activity.Deadline))
        {
            return;
        }
        try
        {
            var result = await activities.RescheduleAsync(activity.Id, activity.Version, time.ToUtc(targetLocal), _actor!);
            if (result.IsOk)
            {
                _announcement = L["Calendar.Moved", activity.Subject, targetLocal.ToString("g", CultureInfo.CurrentCulture)];
                var day = DateOnly.FromDateTime(targetLocal);
                if (focus && (day < Range.From || day >= Range.To))
                {
                    // Moved out of the days shown: the calendar follows it.
                    _anchor = day;
                }
                _focusAfterRender = focus ? activity.Id : null;
            }
            else
            {
                _message = L[result.MessageKey ?? "Error.Unexpected"].Value;
            }
        }
        catch (Exception ex) when (Transient.IsDatabaseFailure(ex))
        {
            logger.LogError(ex, "Rescheduling activity {ActivityId} failed", activity.Id);
            _message = L["Error.Unexpected"].Value;
        }
        await ReloadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusAfterRender is { } id && _chips.TryGetValue(id, out var chip))
        {
            _focusAfterRender = null;
            try
            {
                await chip.FocusAsync();
            }
            catch (JSException)
            {
                // The activity left the calendar meanwhile (moved or deleted by someone else): nothing to focus.
            }
        }
    }

    public void Dispose() => _live?.Dispose();
}
