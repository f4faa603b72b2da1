using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.JSInterop;

namespace CrmBlazor.Live;

/// <summary>
/// Before this server stops (a deploy, a restart), asks every page with a connected circuit on it to pause that
/// circuit (<c>Blazor.pauseCircuit</c>): .NET 10 then hands the circuit's state to the browser, which resumes it on
/// whichever server answers next, itself restarted or another one, at the same place and without a reload
/// (ReconnectModal.razor.js, decision 032). A page that does not pause within <see cref="Wait"/> reloads once the
/// server is back, as before.
/// </summary>
public sealed class CircuitPauseOnStop(ILogger<CircuitPauseOnStop> logger) : IHostedLifecycleService
{
    /// <summary>How long a stopping server waits for its pages to pause.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Circuit, IJSRuntime> _connected = new();
    private readonly TaskCompletionSource _allGone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _stopping = true; // from now on the last circuit to go completes _allGone
        var pages = _connected.ToArray();
        if (pages.Length == 0)
        {
            return;
        }
        var allGone = _connected.IsEmpty ? Task.CompletedTask : _allGone.Task;
        foreach (var (_, js) in pages)
        {
            _ = AskAsync(js);
        }
        var paused = await Task.WhenAny(allGone, Task.Delay(Wait, cancellationToken)) == allGone;
        logger.LogInformation("Stopping: {Asked} pages asked to pause their circuits, {Left} still connected{After}",
            pages.Length, _connected.Count, paused ? "" : $" after {Wait.TotalSeconds:0} s");
    }

    internal void Up(Circuit circuit, IJSRuntime js)
    {
        _connected[circuit] = js;
        if (_stopping)
        {
            _ = AskAsync(js); // came (back) while the server stops
        }
    }

    internal void Down(Circuit circuit)
    {
        if (_connected.TryRemove(circuit, out _) && _stopping && _connected.IsEmpty)
        {
            _allGone.TrySetResult();
        }
    }

    private async Task AskAsync(IJSRuntime js)
    {
        try
        {
            await js.InvokeVoidAsync("crmCircuit.pauseForRestart");
        }
        catch (Exception ex) when (ex is JSDisconnectedException or JSException or TaskCanceledException or InvalidOperationException)
        {
            logger.LogDebug(ex, "A page could not be asked to pause its circuit");
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Tells <see cref="CircuitPauseOnStop"/> which circuits are connected (one per circuit).</summary>
    public sealed class Tracker(CircuitPauseOnStop pauser, IJSRuntime js) : CircuitHandler
    {
        public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            pauser.Up(circuit, js);
            return Task.CompletedTask;
        }

        public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            pauser.Down(circuit);
            return Task.CompletedTask;
        }

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            pauser.Down(circuit);
            return Task.CompletedTask;
        }
    }
}
