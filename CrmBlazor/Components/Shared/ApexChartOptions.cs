using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmBlazor.Components.Shared;

/// <summary>
/// The part of ApexCharts' options (https://apexcharts.com/docs/options/) the app uses, typed. Serialized with
/// <see cref="Json"/>: camelCase, nulls left out, so ApexCharts' own defaults apply to whatever is not set.
/// </summary>
public sealed record ApexChartOptions
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required ApexChartSettings Chart { get; init; }
    public required IReadOnlyList<ApexSeries> Series { get; init; }

    [JsonPropertyName("xaxis")]
    public ApexXAxis? XAxis { get; init; }

    public ApexPlotOptions? PlotOptions { get; init; }
    public ApexDataLabels? DataLabels { get; init; }
    public IReadOnlyList<string>? Colors { get; init; }
    public ApexLegend? Legend { get; init; }
    public ApexTheme? Theme { get; init; }
    public ApexNoData? NoData { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <param name="Type">bar, line, area, ...: a funnel is a horizontal bar chart with <see cref="ApexBarOptions.IsFunnel"/>.</param>
public sealed record ApexChartSettings(string Type, int? Height = null, bool? Stacked = null, ApexToolbar? Toolbar = null, ApexAnimations? Animations = null);

public sealed record ApexToolbar(bool Show);

public sealed record ApexAnimations(bool Enabled);

public sealed record ApexSeries(string Name, IReadOnlyList<decimal> Data);

public sealed record ApexXAxis(IReadOnlyList<string> Categories);

public sealed record ApexPlotOptions(ApexBarOptions? Bar = null);

public sealed record ApexBarOptions(bool? Horizontal = null, bool? IsFunnel = null, string? BarHeight = null, bool? Distributed = null, int? BorderRadius = null);

public sealed record ApexDataLabels(bool? Enabled = null, ApexDataLabelStyle? Style = null);

public sealed record ApexDataLabelStyle(IReadOnlyList<string>? Colors = null, string? FontSize = null);

public sealed record ApexLegend(bool Show);

/// <param name="Mode">light or dark.</param>
public sealed record ApexTheme(string Mode);

public sealed record ApexNoData(string Text);
