using System.Linq.Expressions;
namespace CrmBlazor.Components.Pages.Activities;

/// <summary>
/// The Activities section: the user's (or, as their role allows, everyone's) activities by period, type and element
/// kind, sorted by any column in SQL and completed in place. The filters and the sort live in the address
/// (<see cref="ListAddress"/>: <c>mine=0</c>, <c>period</c>, <c>type</c>, <c>kind</c>, <c>sort</c>, <c>desc</c>), so a
/// reload, a link (the bell's <c>?period=Overdue</c>) or a saved view shows the same list. Any activity change anyone
/// makes reloads the page shown.
/// </summary>
public sealed partial class ActivityList(
    ActivityService activities, ActivityCompletion completion, IDialogService dialogs, NavigationManager navigation, LiveViews liveViews, CurrentUser currentUser, CrmTime time,
    IStringLocalizer<SharedResource> L) : IDisposable
{
    /// <summary>
    /// The columns' properties, made once. MudBlazor's <c>PropertyColumn</c> compiles its expression whenever it is handed
    /// a new one, and a lambda written in the markup is a new expression at every render: a live page re-rendering its
    /// grid compiled every column each time.
    /// </summary>
    private static class Column
    {
        public static readonly Expression<Func<ActivityRow, string>> Subject = a => a.Subject;
        public static readonly Expression<Func<ActivityRow, string>> ElementTitle = a => a.ElementTitle!;
        public static readonly Expression<Func<ActivityRow, DateTime>> Deadline = a => a.Deadline;
        public static readonly Expression<Func<ActivityRow, string>> ResponsibleName = a => a.ResponsibleName!;
    }

    private static readonly Dictionary<string, ActivityListSort> ColumnSorts = new(StringComparer.Ordinal)
    {
        [nameof(ActivityRow.Subject)] = ActivityListSort.Subject,
        [nameof(ActivityRow.ElementTitle)] = ActivityListSort.Element,
        [nameof(ActivityRow.Deadline)] = ActivityListSort.Deadline,
        [nameof(ActivityRow.ResponsibleName)] = ActivityListSort.Responsible,
    };

    private MudDataGrid<ActivityRow>? _grid;
    /// <summary>No sort in the address: the period's own order (by deadline; done ones latest first).</summary>
    private readonly AddressSort<ActivityListSort> _sort = new();
    private Func<GridState<ActivityRow>, CancellationToken, Task<GridData<ActivityRow>>>? _load;
    private LiveView? _live;
    private Actor? _actor;
    private bool _mineOnly = true;
    private ActivityPeriod _period = ActivityPeriod.Open;
    private ActivityType? _type;
    private ElementKind? _kind;
    private string? _message;

    /// <summary>Whether anything but the default (my open activities, any type and element) is chosen.</summary>
    private bool Filtered => !_mineOnly || _period != ActivityPeriod.Open || _type is not null || _kind is not null;

    protected override async Task OnInitializedAsync()
    {
        ReadAddress(); // before the first render: the grid starts in the address's sort
        _live = liveViews.For(InvokeAsync, DispatchExceptionAsync);
        _live.WatchReload(LiveTopics.Activities, ReloadAsync);
        navigation.LocationChanged += OnLocationChanged;
        _actor = await currentUser.GetActorAsync();
    }

    /// <summary>The filters and sort from the address. A sort that changed there makes a new grid (<see cref="AddressSort{TSort}"/>).</summary>
    private void ReadAddress()
    {
        var address = ListAddress.Of(navigation.Uri);
        _mineOnly = address.Get("mine") is not ("0" or "false");
        _period = address.Enum<ActivityPeriod>("period") ?? ActivityPeriod.Open;
        _type = address.Enum<ActivityType>("type");
        _kind = address.Enum<ElementKind>("kind");
        if (_sort.Read(address))
        {
            _load = _sort.Loader<GridState<ActivityRow>, GridData<ActivityRow>>(LoadAsync, new() { Items = [], TotalItems = 0 });
        }
    }

    private void OnLocationChanged(object? sender, Microsoft.AspNetCore.Components.Routing.LocationChangedEventArgs e) =>
        _ = InvokeAsync(async () =>
        {
            if (new Uri(e.Location).AbsolutePath.TrimEnd('/').EndsWith("/activities", StringComparison.Ordinal))
            {
                await ReloadAsync();
                StateHasChanged(); // the filters show the address's (Clear filters, a saved view, back)
            }
        });

    private string Address(bool withFilters = true) => ListAddress.Path("activities", new Dictionary<int, string?>(),
        [("mine", withFilters && !_mineOnly ? "0" : null), ("period", withFilters && _period != ActivityPeriod.Open ? _period.ToString() : null),
            ("type", withFilters ? _type?.ToString() : null), ("kind", withFilters ? _kind?.ToString() : null), .. _sort.Pairs()]);

    private void ClearFilters() => navigation.NavigateTo(Address(withFilters: false), replace: true);

    private async Task<GridData<ActivityRow>> LoadAsync(GridState<ActivityRow> state, CancellationToken ct)
    {
        if (state.SortDefinitions.FirstOrDefault() is { } definition
            && _sort.Clicked(ColumnSorts.TryGetValue(definition.SortBy, out var sort) ? sort : null, definition.Descending))
        {
            // A header was clicked: the sort goes to the address too.
            navigation.NavigateTo(Address(), replace: true);
        }
        var page = await activities.ListAsync(new ActivityQuery
        {
            MineOnly = _mineOnly,
            Period = _period,
            Type = _type,
            ElementKind = _kind,
            SortBy = _sort.By,
            Descending = _sort.Descending,
            Skip = state.Page * state.PageSize,
            Take = state.PageSize,
        }, _actor ?? await currentUser.GetActorAsync(), ct);
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

    private void MineChanged(bool value) => Go(() => _mineOnly = value);
    private void PeriodChanged(ActivityPeriod value) => Go(() => _period = value);
    private void TypeChanged(ActivityType? value) => Go(() => _type = value);
    private void KindChanged(ElementKind? value) => Go(() => _kind = value);

    /// <summary>A filter changed: it goes to the address, whose navigation reloads the list.</summary>
    private void Go(Action change)
    {
        change();
        navigation.NavigateTo(Address(), replace: true);
    }

    /// <summary>Reads the address again and the page shown: a new grid when the address brought another sort.</summary>
    private async Task ReloadAsync()
    {
        var key = _sort.Key;
        ReadAddress();
        if (key != _sort.Key)
        {
            StateHasChanged(); // a new grid, in the address's sort, loads itself
            return;
        }
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    public void Dispose()
    {
        navigation.LocationChanged -= OnLocationChanged;
        _live?.Dispose();
    }
}
