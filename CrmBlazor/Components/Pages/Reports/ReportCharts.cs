using CrmBlazor.Core.Reports;

namespace CrmBlazor.Components.Pages.Reports;

/// <summary>The ApexCharts options of the funnel and the reports, from their numbers.</summary>
public static class ReportCharts
{
    private static readonly ApexChartSettings Bar = new("bar", Height: 320, Toolbar: new ApexToolbar(false));

    /// <summary>The funnel: one horizontal bar per step, centred (<c>isFunnel</c>), labelled with its number of deals.</summary>
    public static ApexChartOptions Funnel(FunnelView funnel, string seriesName, string noData) => new()
    {
        Chart = Bar with { Height = Math.Max(240, 60 * funnel.Steps.Count) },
        Series = [new ApexSeries(seriesName, funnel.Steps.Select(s => (decimal)s.Count).ToList())],
        XAxis = new ApexXAxis(funnel.Steps.Select(s => s.Stage.Name).ToList()),
        PlotOptions = new ApexPlotOptions(new ApexBarOptions(Horizontal: true, IsFunnel: true, BarHeight: "80%", Distributed: true, BorderRadius: 0)),
        DataLabels = new ApexDataLabels(Enabled: true, new ApexDataLabelStyle(["#fff"], "14px")),
        Colors = funnel.Steps.Select(s => s.Stage.Color).ToList(),
        Legend = new ApexLegend(false),
        NoData = new ApexNoData(noData),
    };

    /// <summary>Vertical bars, one series per entry of <paramref name="series"/>.</summary>
    public static ApexChartOptions Bars(IReadOnlyList<string> categories, IReadOnlyList<ApexSeries> series, IReadOnlyList<string>? colors = null, bool horizontal = false, bool stacked = false) => new()
    {
        Chart = Bar with { Stacked = stacked ? true : null },
        Series = series,
        XAxis = new ApexXAxis(categories),
        PlotOptions = new ApexPlotOptions(new ApexBarOptions(Horizontal: horizontal, BorderRadius: 2)),
        DataLabels = new ApexDataLabels(Enabled: true),
        Colors = colors,
        Legend = new ApexLegend(series.Count > 1),
    };

    /// <summary>The amounts of one currency out of per-currency totals (0 when there are none).</summary>
    public static decimal In(this IReadOnlyList<MoneyTotal> totals, string currency) =>
        totals.FirstOrDefault(t => t.Currency == currency)?.Amount ?? 0m;

    public static string Show(IReadOnlyList<MoneyTotal> totals) =>
        totals.Count == 0 ? "–" : string.Join(", ", totals.Select(t => Format.Money(t.Amount, t.Currency)));

    /// <summary>
    /// The total in the base currency at today's rates, with the per-currency amounts beside it (decision 029); only
    /// the amounts when they are all in the base currency or there are no rates.
    /// </summary>
    public static string Show(IReadOnlyList<MoneyTotal> totals, CurrencyRates? rates, IStringLocalizer L)
    {
        if (rates is null || !rates.NeedsBaseTotal(totals))
        {
            return Show(totals);
        }
        var total = rates.ToBase(totals);
        var text = total.IsComplete
            ? L["Currency.BaseTotal", Format.Money(total.Amount, total.Currency)]
            : L["Currency.BaseTotalPartial", Format.Money(total.Amount, total.Currency), string.Join(", ", total.MissingRates)];
        return $"{text} ({Show(totals)})";
    }

    public static string Percent(double? rate) =>
        rate is { } r ? r.ToString("P1", System.Globalization.CultureInfo.CurrentCulture) : "–";
}
