namespace CrmBlazor.Components.Pages.Activities;

/// <summary>
/// The Activities section: the user's (or, as their role allows, everyone's) activities by period, type and element
/// kind, completed in place. Any activity change anyone makes reloads the page shown.
/// </summary>
public sealed partial class ActivityList : IDisposable
{
    private MudDataGrid<ActivityRow>? _grid;
    private LiveView? _live;
    private Actor? _actor;
    private bool _mineOnly = true;
    private ActivityPeriod _period = ActivityPeriod.Open;
    private ActivityType? _type;
    private ElementKind? _kind;
    private string? _message;

    [Inject] private ActivityService Activities { get; set; } = default!;
    [Inject] private LiveViews LiveViews { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private CrmTime Time { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _live = LiveViews.For(InvokeAsync, DispatchExceptionAsync);
        _actor = await CurrentUser.GetActorAsync();
        // The grid reads its page after this, with the user known: an event before then has nothing to reload.
        _live.WatchReload(LiveTopics.Activities, ReloadAsync);
    }

    private async Task<GridData<ActivityRow>> LoadAsync(GridState<ActivityRow> state, CancellationToken ct)
    {
        var page = await Activities.ListAsync(new ActivityQuery
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
        try
        {
            var result = await Activities.CompleteAsync(activity.Id, activity.Version, _actor!);
            if (!result.IsOk)
            {
                _message = L[result.MessageKey ?? "Error.Unexpected"].Value;
            }
        }
        catch (Exception ex) when (Transient.IsDatabaseFailure(ex))
        {
            _message = L["Error.Unexpected"].Value;
        }
        await ReloadAsync();
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
