using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CrmBlazor.Core.Live;

/// <summary>
/// The app's own telemetry (meter and activity source <c>CrmBlazor</c>), exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (docs/decisions/016-security-headers-and-observability.md).
/// </summary>
public static class CrmMetrics
{
    public const string Name = "CrmBlazor";

    public static readonly Meter Meter = new(Name);
    public static readonly ActivitySource Source = new(Name);

    /// <summary>The write path's time in <see cref="LiveCommit"/>: the transaction and delivering.</summary>
    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>(
        "crm.live.commit.duration", "ms", "Time of one use case's commit: the transaction (with, on SQLite, its wait for the write lock) and the delivery of its events (or their hand-over to the writer of the number before them, which delivers them next).");

    /// <summary>Snapshots read with their live sequence (boards, lead lists).</summary>
    public static readonly Counter<long> SnapshotReads = Meter.CreateCounter<long>(
        "crm.live.snapshot.reads", "{read}", "Read snapshots taken together with the live sequence (boards, lead lists).");

    /// <summary>From a change's time to its event being applied on a page (<c>crm.remote</c>: read back from the outbox, committed by another server or writer).</summary>
    public static readonly Histogram<double> PropagationDuration = Meter.CreateHistogram<double>(
        "crm.live.propagation.duration", "ms", "Time from a change to its event reaching an open page on this server.");

    public static readonly UpDownCounter<long> OpenBoards = Meter.CreateUpDownCounter<long>(
        "crm.boards.open", "{board}", "Deal boards open on this server.");

    public static readonly UpDownCounter<long> HubConnections = Meter.CreateUpDownCounter<long>(
        "crm.hub.connections", "{connection}", "Connections of outside clients to /hubs/crm on this server.");

    /// <summary>Records how long ago <paramref name="change"/> happened, now that a page applies it.</summary>
    public static void RecordPropagation(CrmEvent change, DateTime utcNow)
    {
        if (change.OccurredAt == default || !PropagationDuration.Enabled)
        {
            return;
        }
        var elapsed = (utcNow - change.OccurredAt).TotalMilliseconds;
        PropagationDuration.Record(Math.Max(0, elapsed), new KeyValuePair<string, object?>("crm.remote", change.IsRemote));
    }
}
