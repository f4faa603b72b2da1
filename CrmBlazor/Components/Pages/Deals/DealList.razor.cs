using System.Linq.Expressions;
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
    CurrentUser currentUser, NavigationManager navigation, CrmTime time, IStringLocalizer<SharedResource> L) : IDisposable
{
    /// <summary>
    /// The columns' properties, made once. MudBlazor's <c>PropertyColumn</c> compiles its expression whenever it is handed
    /// a new one, and a lambda written in the markup is a new expression at every render: a live page re-rendering its
    /// grid compiled every column each time.
    /// </summary>
    private static class Column
    {
        public static readonly Expression<Func<DealListRow, string>> Title = d => d.Title;
        public static readonly Expression<Func<DealListRow, string>> StageName = d => d.StageName;
        public static readonly Expression<Func<DealListRow, decimal>> Amount = d => d.Amount;
        public static readonly Expression<Func<DealListRow, string>> ResponsibleName = d => d.ResponsibleName!;
        public static readonly Expression<Func<DealListRow, string>> CompanyName = d => d.CompanyName!;
        public static readonly Expression<Func<DealListRow, DateTime?>> ClosedAt = d => d.ClosedAt;
        public static readonly Expression<Func<DealListRow, DateTime>> CreatedAt = d => d.CreatedAt;
    }

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
    private int _gridKey;
    private int? _pipelineAsked;
    private Func<GridState<DealListRow>, CancellationToken, Task<GridData<DealListRow>>> _load = default!;
    private DealListPage? _page;
    private LiveView? _live;
    private LiveWatch? _deals;
    private DealFilter _filter = DealFilter.None;
    private DealListSort _sort = DealListSort.Created;
    private bool _descending = true;
    private IReadOnlyList<CustomFieldView> _customFields = [];
    private IReadOnlyList<string> _columns = [];

    [SupplyParameterFromQuery(Name = "pipeline")]
    public int? PipelineId { get; set; }

    protected override async Task OnInitializedAsync()
    {
        // The address's sort before the first render: the first grid starts in it (not in the default, to be replaced
        // by a second grid in OnParametersSetAsync).
        (_sort, _descending) = SortOf(navigation.Uri);
        _load = LoadFor(_gridKey);
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
        var filter = DealFilterQuery.Parse(navigation.Uri, _customFields, time.Zone);
        var (sort, descending) = SortOf(navigation.Uri);
        var sortChanged = sort != _sort || descending != _descending;
        // Another pipeline from the menu is a new set of rows too.
        var filterChanged = filter != _filter || PipelineId != _pipelineAsked;
        _pipelineAsked = PipelineId;
        (_filter, _sort, _descending) = (filter, sort, descending);
        if (sortChanged)
        {
            // The address changed the sort (a header click sets it before it goes to the address, so it is never here):
            // the grid's own sort is stale, and a load it asked for would read as a header click and undo the address.
            // A new grid starts in the address's sort and loads itself; the old one's loads are ignored.
            _load = LoadFor(++_gridKey);
        }
        else if (filterChanged && _grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private static (DealListSort Sort, bool Descending) SortOf(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        var sort = query.TryGetValue("sort", out var s) && SortKeys.TryGetValue(s.ToString(), out var key) ? key : DealListSort.Created;
        return (sort, !query.TryGetValue("desc", out var d) || d.ToString() is not ("0" or "false"));
    }

    /// <summary>The grid's data function for the grid of <paramref name="key"/>: a load asked for by an older grid gives nothing and changes nothing.</summary>
    private Func<GridState<DealListRow>, CancellationToken, Task<GridData<DealListRow>>> LoadFor(int key) =>
        (state, ct) => key == _gridKey ? LoadAsync(state, ct) : Task.FromResult(new GridData<DealListRow> { Items = [], TotalItems = 0 });

    private SortDirection Initial(DealListSort sort) => sort != _sort ? SortDirection.None : _descending ? SortDirection.Descending : SortDirection.Ascending;

    private async Task<GridData<DealListRow>> LoadAsync(GridState<DealListRow> state, CancellationToken ct)
    {
        if (state.SortDefinitions.FirstOrDefault() is { } definition && ColumnSorts.TryGetValue(definition.SortBy, out var sort)
            && (sort, definition.Descending) != (_sort, _descending))
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
