using System.Text.Json;
using Microsoft.JSInterop;

namespace CrmBlazor.Components.Shared;

/// <summary>
/// An ApexCharts chart (wwwroot/lib/apexcharts, loaded by the first chart a page draws, not by every page). Created after the first render; when
/// <see cref="Options"/> change it is updated in place (<c>updateOptions</c>, animated from the old numbers, never
/// emptied and redrawn); destroyed with the component.
/// </summary>
public sealed partial class ApexChart
{
    public const string ModulePath = "./Components/Shared/ApexChart.razor.js";
    private const string LibraryScript = "lib/apexcharts/apexcharts.min.js";
    private const string LibraryStyle = "lib/apexcharts/apexcharts.css";

    private ElementReference _element;
    private IJSObjectReference? _module;
    private string? _shownJson;
    private bool _rendered;
    private bool _syncing;
    private bool _disposed;

    [Parameter, EditorRequired]
    public ApexChartOptions Options { get; set; } = default!;

    [Parameter(CaptureUnmatchedValues = true)]
    public IReadOnlyDictionary<string, object>? Attributes { get; set; }

    // The chart's markup is ApexCharts' own: Blazor renders the empty host once and leaves it alone.
    protected override bool ShouldRender() => !_rendered;

    protected override Task OnParametersSetAsync() => _rendered ? SyncAsync() : Task.CompletedTask;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _rendered = true;
            await SyncAsync();
        }
    }

    /// <summary>Brings the chart to the current options; one call at a time, and it catches up with options that changed meanwhile.</summary>
    private async Task SyncAsync()
    {
        if (_syncing || _disposed)
        {
            return;
        }
        _syncing = true;
        try
        {
            for (var json = Options.ToJson(); json != _shownJson && !_disposed; json = Options.ToJson())
            {
                if (_module is null)
                {
                    _module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
                    // The fingerprinted URLs where there are (a published build), so browsers cache them for good.
                    await _module.InvokeVoidAsync("load", Assets[LibraryScript], Assets[LibraryStyle]);
                    if (_disposed)
                    {
                        // Removed while the library loaded (another report tab chosen meanwhile): its host element is
                        // gone too, and drawing into it failed with "Invalid value used as weak map key".
                        return;
                    }
                }
                var options = JsonSerializer.Deserialize<JsonElement>(json);
                await _module.InvokeVoidAsync(_shownJson is null ? "create" : "update", _element, options);
                _shownJson = json;
            }
        }
        finally
        {
            _syncing = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_module is null)
        {
            return;
        }
        try
        {
            await _module.InvokeVoidAsync("destroy", _element);
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the browser's page with it: nothing to destroy.
        }
    }
}
