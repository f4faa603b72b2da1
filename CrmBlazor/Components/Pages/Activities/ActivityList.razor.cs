namespace CrmBlazor.Components.Pages.Activities;

/// <summary>
/// The Activities section: the user's (or, as their role allows, everyone's) activities by period, type and element
/// kind, completed in place. Any activity change anyone makes reloads the page shown.
/// </summary>
public sealed partial class ActivityList(
    ActivityService activities, ActivityCompletion completion, IDialogService dialogs, NavigationManager navigation, LiveViews liveViews, CurrentUser currentUser, CrmTime time,
    IStringLocalizer<SharedResource> L) : IDisposable
{
    private MudDataGrid<ActivityRow>? _grid;
    private LiveView? _live;
    private Actor? _actor;
    private bool _mineOnly = true;
    private ActivityPeriod _period = ActivityPeriod.Open;
    private ActivityType? _type;
    private ElementKind? _kind;
    private string? _message;
    private string? _periodQuery;

    /// <summary>The period to open with (<c>?period=Overdue</c>, from the bell's list).</summary>
    [SupplyParameterFromQuery(Name = "period")] public string? PeriodQuery { get; set; }

    protected override async Task OnInitializedAsync()
    {

        _live = liveViews.For(InvokeAsync, DispatchExceptionAsync);
        _actor = await currentUser.GetActorAsync();
        // The grid reads its page after this, with the user known: an event before then has nothing to reload.
        _live.WatchReload(LiveTopics.Activities, ReloadAsync);
    }

    /// <summary>A new <c>?period=</c> (the bell's links, also while this page is open) selects that period.</summary>
    protected override async Task OnParametersSetAsync()
    {
        if (PeriodQuery == _periodQuery)
        {
            return;
        }
        _periodQuery = PeriodQuery;
        if (Enum.TryParse<ActivityPeriod>(PeriodQuery, ignoreCase: true, out var period) && Enum.IsDefined(period) && period != _period)
        {
            _period = period;
            await ReloadAsync();
        }
    }

    private async Task<GridData<ActivityRow>> LoadAsync(GridState<ActivityRow> state, CancellationToken ct)
    {
        var page = await activities.ListAsync(new ActivityQuery
        {
            MineOnly = _mineOnly,
            Period = _period,
            Type = _type,
            ElementKind = _kind,
            Skip = state.Page * state.PageSize,
            Take = state.PageSize,
        }, _actor!, ct);
        return new GridData<ActivityRow> { Items = page.Items, TotalItems = page.Total };
    }

    private bool MayChange(ActivityRow activity) => _actor is not null && AccessPolicy.MayChangeActivity(_actor, activity.ResponsibleUserId, activity.CreatedById);

    private async Task CompleteAsync(ActivityRow activity)
    {
        _message = null;
        await completion.CompleteAsync(activity, _actor!, ReloadAsync);
    }

    /// <summary>A click on an activity opens it: its edit dialog for whoever may change it (planned), else its element.</summary>
    private async Task OpenAsync(ActivityRow activity)
    {
        if (activity.State != ActivityState.Planned || !MayChange(activity))
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

    private Task MineChanged(bool value) => Change(() => _mineOnly = value);
    private Task PeriodChanged(ActivityPeriod value) => Change(() => _period = value);
    private Task TypeChanged(ActivityType? value) => Change(() => _type = value);
    private Task KindChanged(ElementKind? value) => Change(() => _kind = value);

    private Task Change(Action change)
    {
        change();
        return ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    public void Dispose() => _live?.Dispose();
}
