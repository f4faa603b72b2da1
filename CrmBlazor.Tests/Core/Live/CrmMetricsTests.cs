namespace CrmBlazor.Tests.Core.Live;

/// <summary>The write path's own instrument: each commit records its time.</summary>
public class CrmMetricsTests : CoreTest
{
    public CrmMetricsTests() : base(new TestDatabase())
    {
    }

    protected CrmMetricsTests(TestDatabase db) : base(db)
    {
    }

    [Fact]
    public async Task SaveAndPublish_ACommit_RecordsItsDuration()
    {
        using var recorder = new MeterRecorder();

        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Measured");

        var commits = recorder.Of("crm.live.commit.duration");
        Assert.NotEmpty(commits);
        Assert.All(commits, c => Assert.True(c.Value >= 0));
    }

    [Fact]
    public void RecordPropagation_AnEventFromAnotherServer_IsTaggedRemote_AndNeverNegative()
    {
        using var recorder = new MeterRecorder();
        var occurred = new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);
        var change = new DealChanged { Kind = DealChangeKind.Moved, DealId = -4242, Version = 1, ActorId = "a", ActorName = "A", OccurredAt = occurred, IsRemote = true };

        CrmMetrics.RecordPropagation(change, occurred.AddMilliseconds(80));
        CrmMetrics.RecordPropagation(change with { IsRemote = false }, occurred.AddMilliseconds(-5)); // clocks of two servers

        var recorded = recorder.Of("crm.live.propagation.duration");
        Assert.Contains(recorded, m => m.Value == 80 && Equals(m.Tags["crm.remote"], true));
        Assert.Contains(recorded, m => m.Value == 0 && Equals(m.Tags["crm.remote"], false));
    }
}

public sealed class PostgresCrmMetricsTests(PostgresServer server) : CrmMetricsTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
