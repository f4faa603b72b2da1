using System.Linq.Expressions;
using System.Globalization;

namespace CrmBlazor.Components.Pages.Leads;

/// <summary>
/// Leads with server-side paging, sorting, search and filters. Changes anyone makes reach the page shown live: a new or
/// edited lead is applied to it from one query by key where that is exact (<see cref="LeadListWindow"/>), otherwise
/// the page is read again; either at most once per <see cref="LiveView.ReloadInterval"/> for a burst of changes.
/// </summary>
public sealed partial class LeadList
{
    /// <summary>
    /// The columns' properties, made once. MudBlazor's <c>PropertyColumn</c> compiles its expression whenever it is handed
    /// a new one, and a lambda written in the markup is a new expression at every render: a live page re-rendering its
    /// grid compiled every column each time.
    /// </summary>
    private static class Column
    {
        public static readonly Expression<Func<LeadRow, string>> Title = l => l.Title;
        public static readonly Expression<Func<LeadRow, string>> PersonName = l => l.PersonName;
        public static readonly Expression<Func<LeadRow, string>> CompanyName = l => l.CompanyName!;
        public static readonly Expression<Func<LeadRow, string>> Email = l => l.Email!;
        public static readonly Expression<Func<LeadRow, string>> Phone = l => l.Phone!;
        public static readonly Expression<Func<LeadRow, LeadSource>> Source = l => l.Source;
        public static readonly Expression<Func<LeadRow, LeadStatus>> Status = l => l.Status;
        public static readonly Expression<Func<LeadRow, string>> ResponsibleName = l => l.ResponsibleName!;
        public static readonly Expression<Func<LeadRow, DateTime>> CreatedAt = l => l.CreatedAt;
    }

    private MudDataGrid<LeadRow>? _grid;
    private IReadOnlyList<UserSummary> _users = [];
    private LiveView? _live;
    private readonly List<int> _selected = [];

    private string MergeHref => $"duplicates?kind=Lead&ids={string.Join(',', _selected)}";

    private void Select(int id, bool selected)
    {
        _selected.Remove(id);
        if (selected)
        {
            _selected.Add(id);
        }
    }
    private Actor? _actor;
    private string? _search;
    /// <summary>Settings' statuses and sources (decision 030), read again live when an admin changes them.</summary>
    private LeadOptionSet _options = LeadOptionSet.Empty;
    private int? _status;
    private int? _source;
    private string? _responsible;
    private DateRange? _created;
    private IReadOnlyList<CustomFieldView> _customFields = [];
    private Dictionary<int, string?> _customFilters = [];
    private IReadOnlyList<string> _columns = [];
    private LeadListWindow? _window;
    private readonly List<CrmEvent> _changes = [];
    private bool _readAgain;
    private bool _showWindow;
    private LeadSort _sort = LeadSort.CreatedAt;
    private int _gridKey;
    private Func<GridState<LeadRow>, CancellationToken, Task<GridData<LeadRow>>>? _load;
    private bool _descending = true;

    private static readonly Dictionary<string, LeadSort> ColumnSorts = new(StringComparer.Ordinal)
    {
        [nameof(LeadRow.Title)] = LeadSort.Title,
        [nameof(LeadRow.PersonName)] = LeadSort.Person,
        [nameof(LeadRow.CompanyName)] = LeadSort.Company,
        [nameof(LeadRow.Email)] = LeadSort.Email,
        [nameof(LeadRow.Phone)] = LeadSort.Phone,
        [nameof(LeadRow.Source)] = LeadSort.Source,
        [nameof(LeadRow.Status)] = LeadSort.Status,
        [nameof(LeadRow.ResponsibleName)] = LeadSort.Responsible,
        [nameof(LeadRow.CreatedAt)] = LeadSort.CreatedAt,
    };

    private bool Filtered => !string.IsNullOrWhiteSpace(_search) || _status is not null || _source is not null || _responsible is not null
        || _created?.Start is not null || _created?.End is not null || _customFilters.Values.Any(v => !string.IsNullOrWhiteSpace(v));

    protected override async Task OnInitializedAsync()
    {
        // The address's sort before the first render: the first grid starts in it (not in the default, to be replaced
        // by a second grid once the rest of the address is read).
        var address = ListAddress.Of(Navigation.Uri);
        (_sort, _descending) = (address.Enum<LeadSort>("sort") ?? LeadSort.CreatedAt, address.Descending(byDefault: true));
        _load = LoadFor(_gridKey);
        _live = LiveViews.For(InvokeAsync, DispatchExceptionAsync);
        _actor = await CurrentUser.GetActorAsync();
        _users = await Users.GetUsersAsync();
        _customFields = await CustomFields.ListAsync(ElementKind.Lead);
        _columns = await ListColumns.ColumnsAsync(await CurrentUser.GetActorAsync(), ElementKind.Lead);
        _options = await LeadOptions.ListAsync();
        _live.WatchReload(LiveTopics.LeadOptions, async () =>
        {
            // A status or source renamed, added, reordered or deactivated: the filters and the rows' names follow.
            _options = await LeadOptions.ListAsync();
            StateHasChanged();
            await Reload(() => { });
        });
        _live.WatchReload(LiveTopics.CustomFields, async () =>
        {
            _customFields = await CustomFields.ListAsync(ElementKind.Lead);
            _columns = await ListColumns.ColumnsAsync(await CurrentUser.GetActorAsync(), ElementKind.Lead);
            StateHasChanged();
            await Reload(() => { });
        });
        // The page follows each burst of changes at most once per interval: it applies what it can from the events
        // (RefreshAsync) and reads the page again otherwise; each other user's change has its notice. An import
        // reloads it once per batch (one event per batch, not per lead).
        _live.WatchReload(LiveTopics.Leads, RefreshAsync, change =>
        {
            if (change is LeadChanged or ElementHidden or ImportProgressed { Changed: > 0 })
            {
                _changes.Add(change); // kept for the refresh this asks for (it runs on the renderer, after this)
                return true;
            }
            return false;
        });
        _live.Watch(LiveTopics.Leads, Notify);
        ReadAddress();
        Navigation.LocationChanged += OnLocationChanged;
    }

    /// <summary>The filters and sort from the address (a reload, a link, a saved view).</summary>
    private void ReadAddress()
    {
        var address = ListAddress.Of(Navigation.Uri);
        _search = address.Get("q");
        // An id of Settings' lists; an old address's kind ("New", "WebForm") means that kind's default option.
        _status = address.Int("status") ?? (address.Enum<LeadStatus>("status") is { } statusKind ? _options.Default(LeadOptionList.Status, (int)LeadOptionRules.Normalize(statusKind))?.Id : null);
        _source = address.Int("source") ?? (address.Enum<LeadSource>("source") is { } sourceKind ? _options.Default(LeadOptionList.Source, (int)sourceKind)?.Id : null);
        _responsible = address.Get("user");
        var (from, to) = (address.Day("from"), address.Day("to"));
        _created = from is null && to is null ? null : new DateRange(from, to);
        _customFilters = address.Custom();
        var sort = (_sort, _descending);
        _sort = address.Enum<LeadSort>("sort") ?? LeadSort.CreatedAt;
        _descending = address.Descending(byDefault: true);
        if ((_sort, _descending) != sort)
        {
            // The address changed the sort (a header click sets it before it goes to the address, so not here): the
            // grid's own sort is stale, and a load it asked for would read as a header click and undo the address. A new
            // grid starts in the address's sort and loads itself; the old one's loads change nothing.
            _load = LoadFor(++_gridKey);
        }
    }

    /// <summary>The grid's data function for the grid of <paramref name="key"/>: a load asked for by an older grid gives nothing and changes nothing.</summary>
    private Func<GridState<LeadRow>, CancellationToken, Task<GridData<LeadRow>>> LoadFor(int key) =>
        (state, ct) => key == _gridKey ? LoadAsync(state, ct) : Task.FromResult(new GridData<LeadRow> { Items = [], TotalItems = 0 });

    private void OnLocationChanged(object? sender, Microsoft.AspNetCore.Components.Routing.LocationChangedEventArgs e) =>
        _ = InvokeAsync(async () =>
        {
            if (new Uri(e.Location).AbsolutePath.TrimEnd('/').EndsWith("/leads", StringComparison.Ordinal))
            {
                await Reload(() => { });
                StateHasChanged(); // the filters show the address's (Clear filters, a saved view, back)
            }
        });

    private SortDirection Initial(LeadSort sort) => sort != _sort ? SortDirection.None : _descending ? SortDirection.Descending : SortDirection.Ascending;

    private string Address(bool withFilters = true) => ListAddress.Path("leads", withFilters ? _customFilters : new Dictionary<int, string?>(),
        ("q", withFilters ? _search : null), ("status", withFilters ? _status?.ToString(CultureInfo.InvariantCulture) : null), ("source", withFilters ? _source?.ToString(CultureInfo.InvariantCulture) : null),
        ("user", withFilters ? _responsible : null), ("from", withFilters ? ListAddress.DayText(_created?.Start) : null),
        ("to", withFilters ? ListAddress.DayText(_created?.End) : null),
        ("sort", _sort == LeadSort.CreatedAt ? null : _sort.ToString()), ("desc", _descending ? null : "0"));

    private Task Go(Action change)
    {
        change();
        Navigation.NavigateTo(Address(), replace: true);
        return Task.CompletedTask;
    }

    private void ClearFilters() => Navigation.NavigateTo(Address(withFilters: false), replace: true);

    private void Notify(CrmEvent change)
    {
        if (change is LeadChanged lead && lead.ActorId != _actor?.UserId)
        {
            var key = lead.Kind switch
            {
                LeadChangeKind.Created => "Live.LeadCreated",
                LeadChangeKind.Converted => "Live.LeadConverted",
                LeadChangeKind.Junked => "Live.LeadJunked",
                _ => "Live.LeadUpdated",
            };
            Notices.Add(L[key, lead.ActorName, lead.Row.Title], Severity.Info, options => options.VisibleStateDuration = 2500);
        }
    }

    /// <summary>
    /// The changes since the last refresh: applied to the page shown when each is exact from its lead's row (one query
    /// for all of them), else the page is read again. Without changes (the view's reload after an access change) it is
    /// read again too.
    /// </summary>
    private async Task RefreshAsync()
    {
        var changes = _changes.ToList();
        _changes.Clear();
        var window = _window;
        if (window is null || changes.Count == 0 || _readAgain)
        {
            await Reload(() => { });
            return;
        }
        var steps = changes.Select(change => (Change: change, Step: window.Consider(change))).Where(c => c.Step != LeadListStep.Nothing).ToList();
        if (steps.Count == 0)
        {
            return;
        }
        if (steps.Any(c => c.Step == LeadListStep.Reload))
        {
            await Reload(() => { });
            return;
        }
        var rows = await Leads.RowsAsync(window.Query, [.. steps.Select(c => ((LeadChanged)c.Change).LeadId)], await CurrentUser.GetActorAsync());
        if (!ReferenceEquals(window, _window) || _readAgain)
        {
            await Reload(() => { }); // the page was read (or asked to be) meanwhile, perhaps with other filters
            return;
        }
        foreach (var (change, _) in steps)
        {
            var lead = (LeadChanged)change;
            if (!window.Apply(lead, rows.GetValueOrDefault(lead.LeadId)))
            {
                await Reload(() => { });
                return;
            }
        }
        // The grid shows the page as it is now, without a query (LoadAsync hands it the window).
        _showWindow = true;
        await Reload(() => { });
    }

    private async Task<GridData<LeadRow>> LoadAsync(GridState<LeadRow> state, CancellationToken ct)
    {
        if (state.SortDefinitions.FirstOrDefault() is { } definition && ColumnSorts.TryGetValue(definition.SortBy, out var sort)
            && (sort, definition.Descending) != (_sort, _descending))
        {
            // A header was clicked: the sort goes to the address too.
            (_sort, _descending) = (sort, definition.Descending);
            Navigation.NavigateTo(Address(), replace: true);
        }
        var query = QueryFor(state);
        var showWindow = _showWindow;
        _showWindow = false;
        if (showWindow && _window is { } window && window.Answers(query))
        {
            return new GridData<LeadRow> { Items = [.. window.Items], TotalItems = window.Total };
        }
        _readAgain = true; // until this read is in: a refresh meanwhile would apply changes to a page about to be replaced
        try
        {
            _window = await Leads.ListLiveAsync(query, await CurrentUser.GetActorAsync(), ct);
        }
        finally
        {
            _readAgain = false;
        }
        return new GridData<LeadRow> { Items = [.. _window.Items], TotalItems = _window.Total };
    }

    private LeadQuery QueryFor(GridState<LeadRow> state)
    {
        return new LeadQuery
        {
            Search = _search,
            StatusId = _status,
            SourceId = _source,
            ResponsibleUserId = _responsible,
            CreatedFrom = _created?.Start?.Date.ToUniversalTime(),
            CreatedTo = _created?.End?.Date.AddDays(1).ToUniversalTime(),
            Custom = CustomListFilters.ToFilters(_customFields, _customFilters, Time.Zone),
            Columns = _columns,
            SortBy = _sort,
            Descending = _descending,
            Skip = state.Page * state.PageSize,
            Take = state.PageSize,
        };
    }

    private string ExportUrl(CrmBlazor.Core.Export.ExportFormat format) => CrmBlazor.Exports.ListExportEndpoints.Url("leads", format,
        ("search", _search), ("statusId", _status), ("sourceId", _source), ("responsible", _responsible),
        ("createdFrom", _created?.Start?.Date.ToUniversalTime()), ("createdTo", _created?.End?.Date.AddDays(1).ToUniversalTime()),
        ("sort", _sort), ("desc", _descending));

    private static Color StatusColor(LeadStatus status) => status switch
    {
        LeadStatus.New => Color.Info,
        LeadStatus.InProgress => Color.Warning,
        LeadStatus.Converted => Color.Success,
        _ => Color.Default,
    };

    private Task SearchChanged(string? value) => Go(() => _search = value);
    private Task StatusChanged(int? value) => Go(() => _status = value);
    private Task SourceChanged(int? value) => Go(() => _source = value);
    private Task ResponsibleChanged(string? value) => Go(() => _responsible = value);
    private Task CreatedChanged(DateRange? value) => Go(() => _created = value);
    private Task CustomFilterChanged((int FieldId, string? Value) filter) => Go(() => _customFilters[filter.FieldId] = filter.Value);
    private Task ColumnsChanged(IReadOnlyList<string> columns) => Reload(() => _columns = columns);

    private async Task Reload(Action change)
    {
        var key = _gridKey;
        change();
        ReadAddress();
        if (key != _gridKey)
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
        Navigation.LocationChanged -= OnLocationChanged;
        _live?.Dispose();
    }
}
