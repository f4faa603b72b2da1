using CrmBlazor.Core.Reports;
using CrmBlazor.Exports;

namespace CrmBlazor.Components.Pages.Reports;

/// <summary>The reports: each a chart and a table of the same numbers, exported by <see cref="ReportEndpoints"/>.</summary>
public sealed partial class ReportTabs(
    ReportService reports, FunnelService funnels, CurrencyService currencies, PipelineService pipelines, UserDirectory directory, CurrentUser currentUser, IStringLocalizer<SharedResource> L)
{
    private ReportFilter _filter = new(null, new PeriodFilter(PeriodKind.ThisYear));
    private TimeBucket _bucket = TimeBucket.Month;
    private ResolvedPeriod? _period;
    private IReadOnlyList<PipelineSummary> _pipelines = [];
    private IReadOnlyList<UserSummary> _users = [];
    private IReadOnlyList<UserResultRow>? _byUser;
    private IReadOnlyList<WonPeriodRow>? _wonOverTime;
    private IReadOnlyList<LeadSourceRow>? _leadSources;
    private IReadOnlyList<StageDurationRow>? _durations;
    private IReadOnlyList<LostReasonRow>? _lostReasons;
    private CurrencyRates? _rates;
    private Actor? _actor;
    private bool _loading;

    protected override async Task OnInitializedAsync()
    {
        _actor = await currentUser.GetActorAsync();
        _pipelines = await pipelines.GetPipelinesAsync();
        if (AccessPolicy.SeesEveryonesNumbers(_actor))
        {
            _users = await directory.GetUsersAsync();
        }
        await LoadAsync();
    }

    private async Task FilterChangedAsync(ReportFilter filter)
    {
        _filter = filter;
        await LoadAsync();
    }

    private async Task BucketChangedAsync(TimeBucket bucket)
    {
        _bucket = bucket;
        _wonOverTime = await reports.GetWonOverTimeAsync(_filter, _bucket, _actor!);
    }

    private async Task LoadAsync()
    {
        _loading = true;
        try
        {
            var actor = _actor!;
            _period = funnels.Resolve(_filter.Period);
            _rates = await currencies.RatesAsync();
            _byUser = await reports.GetResultsByUserAsync(_filter, actor);
            _wonOverTime = await reports.GetWonOverTimeAsync(_filter, _bucket, actor);
            _leadSources = await reports.GetLeadSourcesAsync(_filter, actor);
            _durations = await reports.GetStageDurationsAsync(_filter, actor);
            _lostReasons = await reports.GetLostReasonsAsync(_filter, actor);
        }
        finally
        {
            _loading = false;
        }
    }

    private string CsvUrl(string report) => ReportEndpoints.CsvUrl(report, _filter, _bucket);

    private string UserName(UserResultRow row) => row.UserName ?? L["Reports.Unassigned"];

    private string ReasonName(LostReasonRow row) => row.Reason ?? L["Reports.NoReason"];

    private string BucketLabel(DateOnly start) => ReportEndpoints.BucketLabel(start, _bucket);
}
