using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CrmBlazor.Live;

/// <summary>
/// Tells the pages of a circuit that its connection came back after a drop, so a live page can reload what it shows
/// instead of trusting state that may have missed changes.
/// </summary>
public sealed class ConnectionState : CircuitHandler
{
    private bool _wasDown;

    public event Func<Task>? Reconnected;

    /// <summary>The connection went down: the tab closed or the network dropped (who else is here stops showing it).</summary>
    public event Action? WentDown;

    /// <summary>The connection is up: the first time, and again after a drop.</summary>
    public event Action? CameUp;

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _wasDown = true;
        WentDown?.Invoke();
        return Task.CompletedTask;
    }

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        CameUp?.Invoke();
        if (_wasDown && Reconnected is { } handlers)
        {
            _wasDown = false;
            foreach (var handler in handlers.GetInvocationList().Cast<Func<Task>>())
            {
                await handler();
            }
        }
    }
}
