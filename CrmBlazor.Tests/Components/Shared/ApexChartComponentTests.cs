using System.Text.Json;
using Bunit;
using CrmBlazor.Components.Pages.Reports;
using CrmBlazor.Components.Shared;
using CrmBlazor.Core.Reports;

namespace CrmBlazor.Tests.Components.Shared;

public sealed class ApexChartComponentTests : CrmComponentTest
{
    private readonly BunitJSModuleInterop _module;

    public ApexChartComponentTests()
    {
        _module = Context.JSInterop.SetupModule(ApexChart.ModulePath);
        _module.SetupVoid("create", _ => true).SetVoidResult();
        _module.SetupVoid("update", _ => true).SetVoidResult();
        _module.SetupVoid("destroy", _ => true).SetVoidResult();
    }

    private static FunnelView Funnel(params int[] counts)
    {
        string[] names = ["New", "Proposal", "Won"];
        var steps = counts.Select((c, i) => new FunnelStep(new StageView(i + 1, names[i], $"#00000{i}", i == 2 ? StageKind.Won : StageKind.Open, i), c, [new MoneyTotal("PLN", c * 100m)], null)).ToList();
        var pipeline = new PipelineSummary(1, "Sales", true);
        var period = new ResolvedPeriod(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), new DateTime(2026, 10, 31, 23, 0, 0), new DateTime(2026, 11, 30, 23, 0, 0));
        return new FunnelView(pipeline, [pipeline], period, null, counts[0], steps, counts[^1], 0, [], null, null);
    }

    private static JsonElement Options(JSRuntimeInvocation invocation) => Assert.IsType<JsonElement>(invocation.Arguments[1]);

    [Fact]
    public void FirstRender_CreatesTheChartWithTheFunnelOptions()
    {
        Context.Render<ApexChart>(p => p.Add(c => c.Options, ReportCharts.Funnel(Funnel(8, 5, 2), "Deals", "None")));

        var options = Options(_module.VerifyInvoke("create"));
        Assert.Equal("bar", options.GetProperty("chart").GetProperty("type").GetString());
        Assert.True(options.GetProperty("plotOptions").GetProperty("bar").GetProperty("isFunnel").GetBoolean());
        Assert.True(options.GetProperty("plotOptions").GetProperty("bar").GetProperty("horizontal").GetBoolean());
        Assert.Equal(["New", "Proposal", "Won"], options.GetProperty("xaxis").GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        var series = Assert.Single(options.GetProperty("series").EnumerateArray());
        Assert.Equal("Deals", series.GetProperty("name").GetString());
        Assert.Equal([8m, 5m, 2m], series.GetProperty("data").EnumerateArray().Select(d => d.GetDecimal()));
        // Nulls are left out, so ApexCharts keeps its own defaults.
        Assert.False(options.GetProperty("chart").TryGetProperty("stacked", out _));
        Assert.False(options.TryGetProperty("theme", out _));
    }

    [Fact]
    public void NewOptions_UpdateTheChartInPlace_NeverRecreateIt()
    {
        var cut = Context.Render<ApexChart>(p => p.Add(c => c.Options, ReportCharts.Funnel(Funnel(8, 5, 2), "Deals", "None")));

        cut.Render(p => p.Add(c => c.Options, ReportCharts.Funnel(Funnel(8, 6, 2), "Deals", "None")));

        var create = Assert.Single(_module.VerifyInvoke("create", calledTimes: 1));
        var update = Assert.Single(_module.VerifyInvoke("update", calledTimes: 1));
        Assert.Equal([8m, 6m, 2m], Options(update).GetProperty("series")[0].GetProperty("data").EnumerateArray().Select(d => d.GetDecimal()));
        Assert.Equal(create.Arguments[0], update.Arguments[0]);
    }

    [Fact]
    public void EqualOptions_DoNotTouchTheChart()
    {
        var cut = Context.Render<ApexChart>(p => p.Add(c => c.Options, ReportCharts.Funnel(Funnel(3, 2, 1), "Deals", "None")));

        cut.Render(p => p.Add(c => c.Options, ReportCharts.Funnel(Funnel(3, 2, 1), "Deals", "None")));

        _module.VerifyNotInvoke("update");
    }

    [Fact]
    public async Task RemovedWhileTheLibraryLoads_NeverDrawsIntoItsGoneHost()
    {
        // The first chart of a page waits for ApexCharts to load; a report tab chosen meanwhile removes the chart.
        var load = _module.SetupVoid("load", _ => true);
        Context.Render<ApexChart>(p => p.Add(c => c.Options, ReportCharts.Funnel(Funnel(3, 2, 1), "Deals", "None")));

        _module.VerifyInvoke("load");
        await Context.DisposeComponentsAsync();
        load.SetVoidResult();
        await Context.Renderer.Dispatcher.InvokeAsync(() => { }); // what the load's end set going has run

        _module.VerifyNotInvoke("create");
    }

    [Fact]
    public async Task Dispose_DestroysTheChart()
    {
        Context.Render<ApexChart>(p => p.Add(c => c.Options, ReportCharts.Funnel(Funnel(3, 2, 1), "Deals", "None")));

        await Context.DisposeComponentsAsync();

        _module.VerifyInvoke("destroy", calledTimes: 1);
    }
}
