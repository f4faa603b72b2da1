using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// What the app's own instruments (meter <c>CrmBlazor</c>) record while it lives. Meters are process-wide: tests that
/// run at the same time add their measurements too, so a test asserts on what its own actions must have recorded.
/// </summary>
public sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();

    public MeterRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CrmMetrics.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measurements { get; } = new();

    public IReadOnlyList<(double Value, Dictionary<string, object?> Tags)> Of(string instrument) =>
        [.. Measurements.Where(m => m.Instrument == instrument).Select(m => (m.Value, m.Tags))];

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }
        Measurements.Enqueue((instrument.Name, value, copy));
    }

    public void Dispose() => _listener.Dispose();
}
