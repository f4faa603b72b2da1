namespace CrmBlazor.Components.Pages.Leads;

/// <summary>Leads with server-side paging, sorting, search and filters; changes anyone makes reload the page shown.</summary>
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
        // The grid reloads at most once per burst of changes; each other user's change has its notice.
        // An import reloads it once per batch (one event per batch, not per lead).
        _live.WatchReload(LiveTopics.Leads, () => Reload(() => { }), change => change is LeadChanged or ElementHidden or ImportProgressed { Changed: > 0 });
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

    private async Task<GridData<LeadRow>> LoadAsync(GridState<LeadRow> state, CancellationToken ct)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var page = await Leads.ListAsync(new LeadQuery
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
        }, await CurrentUser.GetActorAsync(), ct);
        return new GridData<LeadRow> { Items = page.Items, TotalItems = page.Total };
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
