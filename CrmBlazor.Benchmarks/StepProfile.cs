using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// Where a scenario's time goes inside the app: the duration of each activity of the app's own source
/// (<c>CrmBlazor</c>: commits, form reads, duplicate searches, lead list reads) and of ASP.NET Core's request
/// activity (the whole request in the server; on SQLite `LiveCommit.Begin` is the wait for the database's write lock),
/// the count of snapshot reads, and the thread pool's queue,
/// sampled every 100 ms. Printed as a table after the run.
/// </summary>
internal sealed class StepProfile : IDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _steps = new(StringComparer.Ordinal);
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private long _snapshotReads;
    private int _maxQueue, _maxThreads;
    private long _queueSum, _queueSamples;
    private TimeSpan _cpuAtReset = Process.GetCurrentProcess().TotalProcessorTime;
    private long _resetAt = Stopwatch.GetTimestamp();
    private int _gcAtReset = GC.CollectionCount(0);
    private TimeSpan _gcPauseAtReset = GC.GetTotalPauseDuration();

    public StepProfile()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name is CrmMetrics.Name or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => Add(activity.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn"
                ? "HTTP request in the server (all middleware)" : activity.OperationName, activity.Duration.TotalMilliseconds),
        };
        ActivitySource.AddActivityListener(_activities);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CrmMetrics.Name && instrument.Name == "crm.live.snapshot.reads")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _snapshotReads, value));
        _meters.Start();
        _sampler = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var queued = (int)ThreadPool.PendingWorkItemCount;
                Interlocked.Add(ref _queueSum, queued);
                Interlocked.Increment(ref _queueSamples);
                _maxQueue = Math.Max(_maxQueue, queued);
                _maxThreads = Math.Max(_maxThreads, ThreadPool.ThreadCount);
                try
                {
                    await Task.Delay(100, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
    }

    /// <summary>Forgets what was measured so far (after a warm-up).</summary>
    public void Reset()
    {
        _steps.Clear();
        Interlocked.Exchange(ref _snapshotReads, 0);
        (_cpuAtReset, _resetAt) = (Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.GetTimestamp());
        (_gcAtReset, _gcPauseAtReset) = (GC.CollectionCount(0), GC.GetTotalPauseDuration());
        // The thread pool's figures too (a sample taken while this runs may still belong to the time before).
        Interlocked.Exchange(ref _queueSum, 0);
        Interlocked.Exchange(ref _queueSamples, 0);
        (_maxQueue, _maxThreads) = (0, 0);
    }

    private void Add(string step, double ms) => _steps.GetOrAdd(step, _ => []).Add(ms);

    public void Print(string title)
    {
        var table = new Table("step (ms)", "count", "p50", "p95", "p99", "max", "mean");
        foreach (var (step, values) in _steps.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var samples = new Samples(step);
            samples.AddRange(values);
            var s = samples.Summarize();
            table.Row(step, s.Count.ToString("N0"), Table.F(s.P50), Table.F(s.P95), Table.F(s.P99), Table.F(s.Max), Table.F(s.Mean));
        }
        table.Print(title);
        Console.WriteLine($"Snapshot reads with the live sequence (boards, lead lists): {Interlocked.Read(ref _snapshotReads):N0}. " +
            $"Thread pool: queue mean {(double)_queueSum / Math.Max(1, _queueSamples):0.0}, max {_maxQueue}; threads max {_maxThreads}.");
        // The whole process (app, pages, simulated clients) since the last Reset: how busy the cores were, and the GC.
        var wall = Stopwatch.GetElapsedTime(_resetAt);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuAtReset;
        Console.WriteLine($"Process CPU since the measured run began: {cpu.TotalSeconds:0.0} s in {wall.TotalSeconds:0.0} s, " +
            $"{cpu / wall / Environment.ProcessorCount:P0} of {Environment.ProcessorCount} cores; " +
            $"GC: {GC.CollectionCount(0) - _gcAtReset} collections, paused {(GC.GetTotalPauseDuration() - _gcPauseAtReset).TotalSeconds:0.0} s.");
    }

    public void Dispose()
    {
        _stop.Cancel();
        _sampler.Wait();
        _activities.Dispose();
        _meters.Dispose();
        _stop.Dispose();
    }
}
