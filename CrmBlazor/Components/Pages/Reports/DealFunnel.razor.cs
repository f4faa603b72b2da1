using CrmBlazor.Core.Reports;

namespace CrmBlazor.Components.Pages.Reports;

/// <summary>
/// The live sales funnel of a pipeline. Any change of a deal of that pipeline (by anyone) recomputes the numbers with
/// <see cref="FunnelService"/>; bursts are coalesced by its <see cref="LiveWatch"/> (reloads never overlap, at most one
/// per <see cref="LiveView.ReloadInterval"/>, the last one after the last change) and the chart is updated in place.
/// </summary>
public sealed partial class DealFunnel(
    FunnelService funnels, CurrencyService currencies, UserDirectory directory, LiveViews liveViews, CurrentUser currentUser, IStringLocalizer<SharedResource> L) : IDisposable
{
    private ReportFilter? _filter;
    private FunnelView? _funnel;
    private CurrencyRates? _rates;
    private ApexChartOptions _chart = default!;
    private IReadOnlyList<UserSummary> _users = [];
    private Actor? _actor;
    private LiveView? _live;
    private LiveWatch? _pipeline;
    private bool _ready;

    [SupplyParameterFromQuery(Name = "pipeline")]
    public int? PipelineId { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _live = liveViews.For(InvokeAsync, DispatchExceptionAsync);
        _pipeline = _live.WatchReload([], RefreshAsync, change => change is DealChanged or PipelineChanged);
        _live.OnReconnected(_pipeline.ReloadAsync);
        // A currency or rate changed: the totals in the base currency are read again (decision 029).
        _live.WatchReload([LiveTopics.Currencies], RefreshAsync);
        _actor = await currentUser.GetActorAsync();
        _filter = new ReportFilter(PipelineId, new PeriodFilter(PeriodKind.ThisQuarter));
        if (AccessPolicy.SeesEveryonesNumbers(_actor))
        {
            _users = await directory.GetUsersAsync();
        }
        await _pipeline.ReloadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // A marker for browser tests: the circuit is interactive.
        if (firstRender)
        {
            _ready = true;
            StateHasChanged();
        }
    }

    private Task FilterChangedAsync(ReportFilter filter)
    {
        _filter = filter;
        return _pipeline!.ReloadAsync();
    }

    private async Task RefreshAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        if (_filter is null || _actor is null)
        {
            return;
        }
        var funnel = await funnels.GetFunnelAsync(_filter, _actor);
        if (funnel is null)
        {
            return;
        }
        // Follow the pipeline shown; a change landing between the query and this line is caught by the next one, as
        // every event triggers a full recompute.
        if (_pipeline!.Follow(LiveTopics.Pipeline(funnel.Pipeline.Id)))
        {
            _filter = _filter with { PipelineId = funnel.Pipeline.Id };
        }
        _funnel = funnel;
        _rates = await currencies.RatesAsync();
        _chart = ReportCharts.Funnel(funnel, L["Funnel.Deals"], L["Common.NoRecords"]);
    }

    public void Dispose() => _live?.Dispose();
}
