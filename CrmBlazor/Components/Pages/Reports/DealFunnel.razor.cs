using CrmBlazor.Core.Access;
using CrmBlazor.Components.Shared;
using CrmBlazor.Core.Common;
using CrmBlazor.Core.Identity;
using CrmBlazor.Core.Live;
using CrmBlazor.Core.Reports;
using CrmBlazor.Live;
using CrmBlazor.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace CrmBlazor.Components.Pages.Reports;

/// <summary>
/// The live sales funnel of a pipeline. Any change of a deal of that pipeline (by anyone) recomputes the numbers with
/// <see cref="FunnelService"/>; bursts are coalesced (one query in flight, at most one more after it) and the chart is
/// updated in place.
/// </summary>
public sealed partial class DealFunnel : IDisposable
{
    /// <summary>How long a change waits for others to join it before the funnel is recomputed.</summary>
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(150);

    private ReportFilter? _filter;
    private FunnelView? _funnel;
    private ApexChartOptions _chart = default!;
    private IReadOnlyList<UserSummary> _users = [];
    private Actor? _actor;
    private IDisposable? _subscription;
    private int _subscribedPipeline;
    private bool _loading;
    private bool _pending;
    private bool _ready;
    private bool _disposed;

    [Inject] private FunnelService Funnels { get; set; } = default!;
    [Inject] private UserDirectory Directory { get; set; } = default!;
    [Inject] private ILiveUpdates Live { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private ConnectionState Connection { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "pipeline")]
    public int? PipelineId { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _actor = await CurrentUser.GetActorAsync();
        _filter = new ReportFilter(PipelineId, new PeriodFilter(PeriodKind.ThisQuarter));
        if (AccessPolicy.SeesEveryonesNumbers(_actor))
        {
            _users = await Directory.GetUsersAsync();
        }
        Connection.Reconnected += OnReconnectedAsync;
        await RefreshAsync(coalesce: false);
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
        return RefreshAsync(coalesce: false);
    }

    /// <summary>
    /// Recomputes the funnel; a call while a query runs only marks it pending, and the running one then goes again
    /// once, so any burst of changes costs at most two queries and the last one sees them all.
    /// </summary>
    private async Task RefreshAsync(bool coalesce)
    {
        if (_loading)
        {
            _pending = true;
            return;
        }
        _loading = true;
        try
        {
            do
            {
                _pending = false;
                if (coalesce)
                {
                    await Task.Delay(Coalesce);
                }
                await LoadAsync();
                StateHasChanged();
            }
            while (_pending && !_disposed);
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task LoadAsync()
    {
        if (_filter is null || _actor is null || _disposed)
        {
            return;
        }
        var funnel = await Funnels.GetFunnelAsync(_filter, _actor);
        if (funnel is null)
        {
            return;
        }
        // Subscribe (again) when the pipeline changes; a change landing between the query and this line is caught by
        // the next one, as every event triggers a full recompute.
        if (funnel.Pipeline.Id != _subscribedPipeline)
        {
            _subscription?.Dispose();
            _subscribedPipeline = funnel.Pipeline.Id;
            _subscription = Live.Subscribe(LiveTopics.Pipeline(_subscribedPipeline), OnLiveChangeAsync);
            _filter = _filter with { PipelineId = funnel.Pipeline.Id };
        }
        _funnel = funnel;
        _chart = ReportCharts.Funnel(funnel, L["Funnel.Deals"], L["Common.NoRecords"]);
    }

    private Task OnLiveChangeAsync(CrmEvent change) => InvokeAsync(async () =>
    {
        try
        {
            if (change is DealChanged)
            {
                await RefreshAsync(coalesce: true);
            }
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    });

    private Task OnReconnectedAsync() => InvokeAsync(() => RefreshAsync(coalesce: false));

    public void Dispose()
    {
        _disposed = true;
        Connection.Reconnected -= OnReconnectedAsync;
        _subscription?.Dispose();
    }
}
