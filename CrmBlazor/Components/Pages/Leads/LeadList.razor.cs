namespace CrmBlazor.Components.Pages.Leads;

/// <summary>
/// Leads with server-side paging, sorting, search and filters. Changes anyone makes reach the page shown live: a new or
/// edited lead is applied to it from one query by key where that is exact (<see cref="LeadListWindow"/>), otherwise
/// the page is read again; either at most once per <see cref="LiveView.ReloadInterval"/> for a burst of changes.
/// </summary>
public sealed partial class LeadList
{
    private MudDataGrid<LeadRow>? _grid;
    private IReadOnlyList<UserSummary> _users = [];
    private LiveView? _live;
    private Actor? _actor;
    private string? _search;
    private LeadStatus? _status;
    private LeadSource? _source;
    private string? _responsible;
    private DateRange? _created;
    private IReadOnlyList<CustomFieldView> _customFields = [];
    private readonly Dictionary<int, int?> _customFilters = [];
    private IReadOnlyList<string> _columns = [];
    private LeadListWindow? _window;
    private readonly List<CrmEvent> _changes = [];
    private bool _readAgain;
    private bool _showWindow;

    protected override async Task OnInitializedAsync()
    {
        _live = LiveViews.For(InvokeAsync, DispatchExceptionAsync);
        _actor = await CurrentUser.GetActorAsync();
        _users = await Users.GetUsersAsync();
        _customFields = await CustomFields.ListAsync(ElementKind.Lead);
        _columns = await ListColumns.ColumnsAsync(await CurrentUser.GetActorAsync(), ElementKind.Lead);
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
    }

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
            Snackbar.Add(L[key, lead.ActorName, lead.Row.Title], Severity.Info, options => options.VisibleStateDuration = 2500);
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
        var sort = state.SortDefinitions.FirstOrDefault();
        return new LeadQuery
        {
            Search = _search,
            Status = _status,
            Source = _source,
            ResponsibleUserId = _responsible,
            CreatedFrom = _created?.Start?.Date.ToUniversalTime(),
            CreatedTo = _created?.End?.Date.AddDays(1).ToUniversalTime(),
            Custom = [.. _customFilters.Where(f => f.Value is not null).Select(f => new CustomFieldFilter(f.Key) { OptionId = f.Value })],
            Columns = _columns,
            SortBy = sort?.SortBy switch
            {
                nameof(LeadRow.Title) => LeadSort.Title,
                nameof(LeadRow.Status) => LeadSort.Status,
                nameof(LeadRow.Source) => LeadSort.Source,
                _ => LeadSort.CreatedAt,
            },
            Descending = sort?.Descending ?? true,
            Skip = state.Page * state.PageSize,
            Take = state.PageSize,
        };
    }

    private string ExportUrl(CrmBlazor.Core.Export.ExportFormat format) => CrmBlazor.Exports.ListExportEndpoints.Url("leads", format,
        ("search", _search), ("status", _status), ("source", _source), ("responsible", _responsible),
        ("createdFrom", _created?.Start?.Date.ToUniversalTime()), ("createdTo", _created?.End?.Date.AddDays(1).ToUniversalTime()),
        ("sort", _grid?.SortDefinitions.Values.FirstOrDefault()?.SortBy switch
        {
            nameof(LeadRow.Title) => LeadSort.Title,
            nameof(LeadRow.Status) => LeadSort.Status,
            nameof(LeadRow.Source) => LeadSort.Source,
            _ => LeadSort.CreatedAt,
        }),
        ("desc", _grid?.SortDefinitions.Values.FirstOrDefault()?.Descending ?? true));

    private static Color StatusColor(LeadStatus status) => status switch
    {
        LeadStatus.New => Color.Info,
        LeadStatus.InProgress => Color.Warning,
        LeadStatus.Processed => Color.Primary,
        LeadStatus.Converted => Color.Success,
        _ => Color.Default,
    };

    private Task SearchChanged(string? value) => Reload(() => _search = value);
    private Task StatusChanged(LeadStatus? value) => Reload(() => _status = value);
    private Task SourceChanged(LeadSource? value) => Reload(() => _source = value);
    private Task ResponsibleChanged(string? value) => Reload(() => _responsible = value);
    private Task CreatedChanged(DateRange? value) => Reload(() => _created = value);
    private Task CustomFilterChanged(int fieldId, int? optionId) => Reload(() => _customFilters[fieldId] = optionId);
    private Task ColumnsChanged(IReadOnlyList<string> columns) => Reload(() => _columns = columns);

    private async Task Reload(Action change)
    {
        change();
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    public void Dispose() => _live?.Dispose();
}
