using System.Globalization;
using System.Text;
using CrmBlazor.Core.Reports;
using Cell = CrmBlazor.Core.Reports.CsvExport.Cell;

namespace CrmBlazor.Exports;

/// <summary>
/// <c>GET /api/reports/{report}.csv</c>: a report as CSV, for the signed-in user (the same Core queries and access rule
/// as the page), with the page's filters in the query string. Text is escaped against spreadsheet formulas by
/// <see cref="CsvExport"/>.
/// </summary>
public static class ReportEndpoints
{
    public static readonly string[] Reports = ["by-user", "won-over-time", "lead-sources", "time-in-stage", "lost-reasons"];

    public static void MapReportEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/{report}.csv", ExportAsync).RequireAuthorization();

    public static string CsvUrl(string report, ReportFilter filter, TimeBucket bucket)
    {
        var query = new List<string> { $"period={filter.Period.Kind}", $"bucket={bucket}" };
        if (filter.PipelineId is { } pipeline)
        {
            query.Add($"pipeline={pipeline.ToString(CultureInfo.InvariantCulture)}");
        }
        if (filter.Period.Kind == PeriodKind.Custom)
        {
            query.Add($"from={filter.Period.From:yyyy-MM-dd}");
            query.Add($"to={filter.Period.To:yyyy-MM-dd}");
        }
        if (!string.IsNullOrEmpty(filter.UserId))
        {
            query.Add($"user={Uri.EscapeDataString(filter.UserId)}");
        }
        return $"api/reports/{report}.csv?{string.Join('&', query)}";
    }

    public static string BucketLabel(DateOnly start, TimeBucket bucket) =>
        bucket == TimeBucket.Month ? start.ToString("yyyy-MM", CultureInfo.InvariantCulture) : start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<IResult> ExportAsync(string report, HttpContext http, ReportService reports, FunnelService funnel, AccessProfiles profiles, IStringLocalizer<SharedResource> L)
    {
        if (!Reports.Contains(report))
        {
            return Results.NotFound();
        }
        var query = http.Request.Query;
        var filter = new ReportFilter(
            int.TryParse(query["pipeline"], CultureInfo.InvariantCulture, out var pipeline) ? pipeline : null,
            new PeriodFilter(
                Enum.TryParse<PeriodKind>(query["period"], ignoreCase: true, out var kind) ? kind : PeriodKind.ThisMonth,
                DateOnly.TryParseExact(query["from"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) ? from : null,
                DateOnly.TryParseExact(query["to"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) ? to : null),
            query["user"].FirstOrDefault());
        var bucket = Enum.TryParse<TimeBucket>(query["bucket"], ignoreCase: true, out var b) ? b : TimeBucket.Month;
        var ct = http.RequestAborted;
        var actor = await CurrentUser.ActorAsync(http.User, profiles, ct);
        if (!AccessPolicy.MayAtAll(actor, AccessEntity.Report, AccessAction.Export))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        List<IReadOnlyList<Cell>> rows = report switch
        {
            "by-user" => ByUser(await reports.GetResultsByUserAsync(filter, actor, ct), L),
            "won-over-time" => WonOverTime(await reports.GetWonOverTimeAsync(filter, bucket, actor, ct), bucket, L),
            "lead-sources" => LeadSources(await reports.GetLeadSourcesAsync(filter, actor, ct), L),
            "time-in-stage" => TimeInStage(await reports.GetStageDurationsAsync(filter, actor, ct), L),
            _ => LostReasons(await reports.GetLostReasonsAsync(filter, actor, ct), L),
        };
        var period = funnel.Resolve(filter.Period);
        var csv = await CsvExport.ToStringAsync(rows);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();
        return Results.File(bytes, "text/csv; charset=utf-8", $"{report}-{period.FirstDay:yyyy-MM-dd}-{period.LastDay:yyyy-MM-dd}.csv");
    }

    private static List<IReadOnlyList<Cell>> ByUser(IReadOnlyList<UserResultRow> rows, IStringLocalizer L)
    {
        var currencies = Currencies(rows.SelectMany(r => r.WonAmounts.Concat(r.LostAmounts)));
        List<IReadOnlyList<Cell>> table =
        [
            [L["Reports.User"].Value, L["Reports.Won"].Value, L["Reports.Lost"].Value,
                .. currencies.Select(c => (Cell)$"{L["Reports.WonAmount"]} {c}"), .. currencies.Select(c => (Cell)$"{L["Reports.LostAmount"]} {c}")],
        ];
        table.AddRange(rows.Select(r => (IReadOnlyList<Cell>)
        [
            r.UserName ?? L["Reports.Unassigned"].Value, CsvExport.Number(r.Won), CsvExport.Number(r.Lost),
            .. currencies.Select(c => CsvExport.Number(Amount(r.WonAmounts, c))), .. currencies.Select(c => CsvExport.Number(Amount(r.LostAmounts, c))),
        ]));
        return table;
    }

    private static List<IReadOnlyList<Cell>> WonOverTime(IReadOnlyList<WonPeriodRow> rows, TimeBucket bucket, IStringLocalizer L)
    {
        var currencies = Currencies(rows.SelectMany(r => r.Amounts));
        List<IReadOnlyList<Cell>> table =
            [[L[bucket == TimeBucket.Week ? "Reports.Week" : "Reports.Month"].Value, L["Reports.Won"].Value, .. currencies.Select(c => (Cell)$"{L["Reports.WonAmount"]} {c}")]];
        table.AddRange(rows.Select(r => (IReadOnlyList<Cell>)
            [BucketLabel(r.Start, bucket), CsvExport.Number(r.Won), .. currencies.Select(c => CsvExport.Number(Amount(r.Amounts, c)))]));
        return table;
    }

    private static List<IReadOnlyList<Cell>> LeadSources(IReadOnlyList<LeadSourceRow> rows, IStringLocalizer L)
    {
        List<IReadOnlyList<Cell>> table =
            [[L["Lead.Source"].Value, L["Reports.Leads"].Value, L["Reports.Open"].Value, L["Reports.ConvertedToDeal"].Value, L["Reports.ConvertedWithoutDeal"].Value, L["Reports.Junk"].Value, L["Reports.ConversionRate"].Value]];
        table.AddRange(rows.Select(r => (IReadOnlyList<Cell>)
            [r.Label, CsvExport.Number(r.Total), CsvExport.Number(r.Open), CsvExport.Number(r.ConvertedToDeal), CsvExport.Number(r.ConvertedWithoutDeal), CsvExport.Number(r.Junk), CsvExport.Number(r.ConversionRate, 4)]));
        return table;
    }

    private static List<IReadOnlyList<Cell>> TimeInStage(IReadOnlyList<StageDurationRow> rows, IStringLocalizer L)
    {
        List<IReadOnlyList<Cell>> table = [[L["Funnel.Stage"].Value, L["Reports.Stays"].Value, L["Reports.AverageDays"].Value]];
        table.AddRange(rows.Select(r => (IReadOnlyList<Cell>)[r.Stage.Name, CsvExport.Number(r.Stays), CsvExport.Number(r.AverageDays, 2)]));
        return table;
    }

    private static List<IReadOnlyList<Cell>> LostReasons(IReadOnlyList<LostReasonRow> rows, IStringLocalizer L)
    {
        var currencies = Currencies(rows.SelectMany(r => r.Amounts));
        List<IReadOnlyList<Cell>> table = [[L["Reports.Reason"].Value, L["Reports.Lost"].Value, .. currencies.Select(c => (Cell)$"{L["Reports.LostAmount"]} {c}")]];
        table.AddRange(rows.Select(r => (IReadOnlyList<Cell>)
            [r.Reason ?? L["Reports.NoReason"].Value, CsvExport.Number(r.Count), .. currencies.Select(c => CsvExport.Number(Amount(r.Amounts, c)))]));
        return table;
    }

    private static List<string> Currencies(IEnumerable<MoneyTotal> totals) =>
        totals.Select(t => t.Currency).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static decimal Amount(IReadOnlyList<MoneyTotal> totals, string currency) =>
        totals.FirstOrDefault(t => t.Currency == currency)?.Amount ?? 0m;
}
