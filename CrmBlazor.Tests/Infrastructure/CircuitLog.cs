using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// Counts the Blazor circuits an app server opens and closes (closed: a tab gone, or a dropped connection kept past
/// the server's retention), for tests to wait on. Registered with <see cref="AddTo"/> when the app is made.
/// </summary>
public sealed class CircuitLog
{
    private readonly Lock _lock = new();
    private readonly List<(Func<bool> Met, TaskCompletionSource Done)> _waiting = [];
    private int _opened;
    private int _closed;

    public int Opened
    {
        get
        {
            lock (_lock)
            {
                return _opened;
            }
        }
    }

    public int Closed
    {
        get
        {
            lock (_lock)
            {
                return _closed;
            }
        }
    }

    public void AddTo(IServiceCollection services) => services.AddScoped<CircuitHandler>(_ => new Handler(this));

    /// <summary>Completes once <paramref name="count"/> circuits have been opened in all.</summary>
    public Task OpenedAsync(int count) => WaitAsync(() => _opened >= count);

    /// <summary>Completes once <paramref name="count"/> circuits have been closed in all.</summary>
    public Task ClosedAsync(int count) => WaitAsync(() => _closed >= count);

    private Task WaitAsync(Func<bool> met)
    {
        lock (_lock)
        {
            if (met())
            {
                return Task.CompletedTask;
            }
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((met, done));
            return done.Task;
        }
    }

    private void Change(ref int counter)
    {
        lock (_lock)
        {
            counter++;
            foreach (var waiter in _waiting.Where(w => w.Met()).ToList())
            {
                _waiting.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }

    private sealed class Handler(CircuitLog log) : CircuitHandler
    {
        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            log.Change(ref log._opened);
            return Task.CompletedTask;
        }

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            log.Change(ref log._closed);
            return Task.CompletedTask;
        }
    }
}
