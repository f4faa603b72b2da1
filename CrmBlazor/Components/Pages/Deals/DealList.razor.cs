using Microsoft.AspNetCore.WebUtilities;

namespace CrmBlazor.Components.Pages.Deals;

/// <summary>
/// The list view of the deals beside the kanban: the same pipeline and the same filters (in the address, read by
/// <see cref="DealFilterQuery"/>), sorted and paged on the server (<see cref="DealBoardService.GetListAsync"/>), and the
/// sort in the address too (<c>sort</c>, <c>desc</c>). Any change to the pipeline's deals or their activities reloads
/// the page shown, coalesced.
/// </summary>
public sealed partial class DealList(
    DealBoardService boards, CustomFieldService customFields, ListColumnService listColumns, LiveViews liveViews,
    CurrentUser currentUser, NavigationManager navigation, IStringLocalizer<SharedResource> L) : IDisposable
{
    private static readonly Dictionary<string, DealListSort> SortKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["title"] = DealListSort.Title,
        ["stage"] = DealListSort.Stage,
        ["amount"] = DealListSort.Amount,
        ["responsible"] = DealListSort.Responsible,
        ["party"] = DealListSort.Party,
        ["closed"] = DealListSort.Closed,
        ["created"] = DealListSort.Created,
    };

    private static readonly Dictionary<string, DealListSort> ColumnSorts = new(StringComparer.Ordinal)
    {
        [nameof(DealListRow.Title)] = DealListSort.Title,
        [nameof(DealListRow.StageName)] = DealListSort.Stage,
        [nameof(DealListRow.Amount)] = DealListSort.Amount,
        [nameof(DealListRow.ResponsibleName)] = DealListSort.Responsible,
        [nameof(DealListRow.CompanyName)] = DealListSort.Party,
        [nameof(DealListRow.ClosedAt)] = DealListSort.Closed,
        [nameof(DealListRow.CreatedAt)] = DealListSort.Created,
    };

    private MudDataGrid<DealListRow>? _grid;
    private DealListPage? _page;
    private LiveView? _live;
    private LiveWatch? _deals;
    private DealFilter _filter = DealFilter.None;
    private DealListSort _sort = DealListSort.Created;
    private bool _descending = true;
    private GridSort _gridSort;
    private IReadOnlyList<CustomFieldView> _customFields = [];
    private IReadOnlyList<string> _columns = [];

    [SupplyParameterFromQuery(Name = "pipeline")]
    public int? PipelineId { get; set; }

    protected override async Task OnInitializedAsync()
    {
        ReadAddress();
        _live = liveViews.For(InvokeAsync, DispatchExceptionAsync);
        // Deals, their activities, deadlines, removals and the pipeline's stages: the SQL decides what the page now holds.
        _deals = _live.WatchReload([LiveTopics.Pipelines], ReloadAsync);
        _live.WatchReload(LiveTopics.CustomFields, async () =>
        {
            await LoadColumnsAsync();
            StateHasChanged();
            await ReloadAsync();
        });
        _live.OnReconnected(ReloadAsync);
        await LoadColumnsAsync();
    }

    private async Task LoadColumnsAsync()
    {
        _customFields = await customFields.ListAsync(ElementKind.Deal);
        _columns = await listColumns.ColumnsAsync(await currentUser.GetActorAsync(), ElementKind.Deal);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (ReadAddress() && _grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    /// <summary>
    /// The filter and sort from the address; true when they changed. Read first in <see cref="OnInitializedAsync"/>
    /// too: the grid is first drawn during its awaits, and a grid drawn with the default sort would take that for a
    /// header the user clicked and put it over the address's.
    /// </summary>
    private bool ReadAddress()
    {
        var filter = DealFilterQuery.Parse(navigation.Uri);
        var query = QueryHelpers.ParseQuery(new Uri(navigation.Uri).Query);
        var sort = query.TryGetValue("sort", out var s) && SortKeys.TryGetValue(s.ToString(), out var key) ? key : DealListSort.Created;
        var descending = !query.TryGetValue("desc", out var d) || d.ToString() is not ("0" or "false");
        var changed = filter != _filter || sort != _sort || descending != _descending;
        (_filter, _sort, _descending) = (filter, sort, descending);
        return changed;
    }

    private SortDirection Initial(DealListSort sort) => sort != _sort ? SortDirection.None : _descending ? SortDirection.Descending : SortDirection.Ascending;

    private async Task<GridData<DealListRow>> LoadAsync(GridState<DealListRow> state, CancellationToken ct)
    {
        if (GridSort.Clicked(ref _gridSort, state.SortDefinitions.FirstOrDefault()) is { } definition
            && ColumnSorts.TryGetValue(definition.SortBy, out var sort) && (sort, definition.Descending) != (_sort, _descending))
        {
            // A header was clicked: the sort goes to the address (a reload or a link keeps it).
            (_sort, _descending) = (sort, definition.Descending);
            navigation.NavigateTo(Address(_page?.Pipeline?.Id ?? PipelineId, _filter, _sort, _descending), replace: true);
        }
        var actor = await currentUser.GetActorAsync();
        _page = await boards.GetListAsync(new DealListPageQuery
        {
            PipelineId = PipelineId,
            Filter = _filter,
            SortBy = _sort,
            Descending = _descending,
            Columns = _columns,
            Skip = state.Page * state.PageSize,
            Take = state.PageSize,
        }, actor, ct);
        if (_page.Pipeline is { } pipeline)
        {
            _deals?.Follow(LiveTopics.Pipelines, LiveTopics.Pipeline(pipeline.Id));
        }
        StateHasChanged();
        return new GridData<DealListRow> { Items = _page.Items, TotalItems = _page.Total };
    }

    private static string Address(int? pipelineId, DealFilter filter, DealListSort sort, bool descending) =>
        DealFilterQuery.Path(DealFilterQuery.ListPath, pipelineId, filter,
            ("sort", sort == DealListSort.Created ? null : SortKeys.First(k => k.Value == sort).Key),
            ("desc", descending ? null : "0")).TrimStart('/');

    private void Go(int? pipelineId, DealFilter filter, DealListSort sort, bool descending) =>
        navigation.NavigateTo(Address(pipelineId, filter, sort, descending), replace: true);

    private async Task ReloadAsync()
    {
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private Task ColumnsChanged(IReadOnlyList<string> columns)
    {
        _columns = columns;
        return ReloadAsync();
    }

    public void Dispose() => _live?.Dispose();
}
