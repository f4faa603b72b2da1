namespace CrmBlazor.Tests.Core.Live;

/// <summary>
/// The outbox (decision 022) on real SQLite and PostgreSQL: the database numbers events in commit order; each server
/// delivers every event once, in order, its own at once and other servers' from the outbox; a snapshot knows exactly
/// which events it holds; concurrent writers lose nothing; old events are pruned and a reader that asks for pruned
/// ones is told to load afresh.
/// </summary>
public class LiveOutboxTests : CoreTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public LiveOutboxTests() : this(new TestDatabase())
    {
    }

    protected LiveOutboxTests(TestDatabase db) : base(db)
    {
    }

    private async Task<long> LastStoredAsync()
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        return await LiveUpdates.LastSequenceAsync(db, default);
    }

    [Fact]
    public async Task ACommit_StoresItsEvents_NumberedByTheDatabase_AndDeliversThemInOrder()
    {
        using var log = new EventLog(Db.Live);
        var before = await LastStoredAsync();

        var first = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "First");
        var second = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Second");

        var deals = log.Events.OfType<DealChanged>().ToList();
        Assert.Equal([first.Id, second.Id], deals.Select(d => d.DealId));
        var sequences = log.Events.Select(e => e.Sequence).ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => before + i), sequences);
        Assert.Equal(await LastStoredAsync(), Db.Live.Sequence);
        Assert.All(log.Events, e => Assert.False(e.IsRemote));
    }

    [Fact]
    public async Task AnotherServer_DeliversTheSameEvents_FromTheOutbox_OnceAndInOrder()
    {
        await using var other = Db.SecondServer();
        await other.Live.StartAsync();
        using var here = new EventLog(Db.Live);
        using var there = new EventLog(other.Live);

        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Shared");
        Assert.True((await Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.ProposalStageId, deal.Version), Anna)).IsOk);
        await other.Live.CatchUpAsync();
        await other.Live.CatchUpAsync();

        Assert.Equal(here.Events.Select(e => (e.GetType(), e.Sequence)), there.Events.Select(e => (e.GetType(), e.Sequence)));
        Assert.All(there.Events, e => Assert.True(e.IsRemote));
        Assert.Equal(Db.Live.Sequence, other.Live.Sequence);
        var moved = there.Events.OfType<DealChanged>().Last();
        Assert.Equal(Pipeline.ProposalStageId, moved.After!.StageId);
    }

    [Fact]
    public async Task TheEventsOfOneCommit_AreNumberedOneAfterAnother_InTheirOrder_AndTheWriterLeavesItsContextAsItWas()
    {
        using var log = new EventLog(Db.Live);
        var before = await LastStoredAsync();
        await using var db = await Db.Factory.CreateDbContextAsync();

        Assert.True(await Db.Live.SaveAndPublishAsync(db,
            () => Task.FromResult<IReadOnlyList<CrmEvent>>([Notice("first"), Notice("second"), Notice("third")]), default));

        Assert.Equal([("first", before + 1), ("second", before + 2), ("third", before + 3)], log.Events.Select(e => (e.ActorId, e.Sequence)));
        var stored = await LiveUpdates.ReadAfterAsync(db, before, 10, default) ?? throw new Xunit.Sdk.XunitException("nothing stored");
        Assert.Equal(["first", "second", "third"], stored.Events.Select(e => e.ActorId));
        Assert.Equal(before + 3, stored.Last);
        Assert.True(db.Database.AutoSavepointsEnabled); // switched off only for the write path's own transaction
    }

    [Fact]
    public async Task ABoardRead_KnowsTheLastEventItsSnapshotHolds()
    {
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "On the board");

        var board = await Db.Boards.GetBoardAsync(Pipeline.PipelineId, Manager);

        Assert.Equal(await LastStoredAsync(), board!.Sequence);
        Assert.Equal(Db.Live.Sequence, board.Sequence);
    }

    [Fact]
    public async Task ConcurrentWriters_OnTwoServers_LoseNothing_AndEveryServerDeliversTheSameOrder()
    {
        await using var other = Db.SecondServer();
        await other.Live.StartAsync();
        await Db.Live.StartAsync();
        using var here = new EventLog(Db.Live);
        using var there = new EventLog(other.Live);
        var start = await LastStoredAsync();

        // Eight writers, four on each server, each creating deals; every commit is acknowledged before the next.
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var server = w % 2 == 0 ? Db : other;
            for (var i = 0; i < 10; i++)
            {
                await server.AddDealAsync(w % 4 < 2 ? Anna : Piotr, Pipeline.NewStageId, $"W{w}-{i}");
            }
        })).ToList();
        await Task.WhenAll(writers).WaitAsync(Timeout);
        // Each server delivered its own writers' events before they returned, whoever of them delivered which.
        foreach (var (log, parity) in new[] { (here, 0), (there, 1) })
        {
            lock (log.Events)
            {
                Assert.Equal(40, log.Events.OfType<DealChanged>().Count(d => d.Kind == DealChangeKind.Created
                    && int.Parse(d.After!.Title[1..d.After.Title.IndexOf('-')]) % 2 == parity));
            }
        }
        await Db.Live.CatchUpAsync();
        await other.Live.CatchUpAsync();

        var last = await LastStoredAsync();
        foreach (var log in new[] { here, there })
        {
            var sequences = log.Events.Select(e => e.Sequence).ToList();
            Assert.Equal(sequences.Order(), sequences); // in order
            Assert.Equal(sequences.Distinct(), sequences); // once
            Assert.Equal(80, log.Events.OfType<DealChanged>().Count(d => d.Kind == DealChangeKind.Created));
            Assert.Equal(last, sequences[^1]);
            Assert.True(sequences[0] > start);
        }
        Assert.Equal(here.Events.Select(e => e.Sequence), there.Events.Select(e => e.Sequence));
        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.Equal(80, await db.Deals.CountAsync(d => d.Title.StartsWith("W")));
    }

    [Fact]
    public async Task ReadingAfterASequence_SkipsARowThatCannotBeRead_AndCoversItInTheLastSequence()
    {
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Before");
        var before = await LastStoredAsync();
        await using var db = await Db.Factory.CreateDbContextAsync();
        db.LiveEvents.Add(new LiveEventRecord { CommittedAt = DateTime.UtcNow, Payload = """{"type":"fromANewerVersion","x":1}""" });
        await db.SaveChangesAsync();
        var unreadable = await LastStoredAsync();

        var stored = await LiveUpdates.ReadAfterAsync(db, before - 1, 10, default);

        Assert.NotNull(stored);
        Assert.Equal(2, stored.Rows);
        Assert.Equal(before, Assert.Single(stored.Events).Sequence);
        Assert.Equal(unreadable, stored.Last); // a catch-up goes on after it rather than asking for it again
    }

    [Fact]
    public async Task Pruning_KeepsTheLastEvent_AndAReaderAskingForPrunedEventsIsToldToReload()
    {
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Old");
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Older");
        var last = await LastStoredAsync();
        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.Single((await LiveUpdates.ReadAfterAsync(db, last - 1, 10, default) ?? throw new Xunit.Sdk.XunitException("pruned too early")).Events);

        var removed = await LiveUpdates.PruneAsync(db, DateTime.UtcNow.AddMinutes(1), default);

        Assert.True(removed > 0);
        Assert.Equal(last, await LiveUpdates.LastSequenceAsync(db, default)); // the sequence goes on from here
        Assert.Null(await LiveUpdates.ReadAfterAsync(db, last - 2, 10, default));
        Assert.Empty((await LiveUpdates.ReadAfterAsync(db, last, 10, default) ?? throw new Xunit.Sdk.XunitException("nothing asked was pruned")).Events);
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "New");
        Assert.True(await LiveUpdates.LastSequenceAsync(db, default) > last);
    }

    private static AccessChanged Notice(string who) => new() { ActorId = who, ActorName = who, OccurredAt = DateTime.UtcNow };

    // A writer's transaction up to its commit, without its delivery (which the test then runs, or not).
    private async Task<IReadOnlyList<CrmEvent>> AppendAsync(CrmEvent change, bool commit = true)
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var appended = await Db.Live.AppendAsync(db, [change], default);
        if (commit)
        {
            await transaction.CommitAsync();
        }
        return appended;
    }

    [Fact]
    public async Task AWriterCommittingRightAfterAnotherHere_LeavesItsEventsToThatWriter_AndBothArriveInOrder_WithoutReadingTheOutbox()
    {
        await Db.Live.StartAsync();
        Db.Live.HandOverWait = TimeSpan.FromMinutes(5); // the first writer is only late here, never gone
        using var log = new EventLog(Db.Live);
        var first = await AppendAsync(Notice("first"));
        var second = await AppendAsync(Notice("second"));

        await Db.Live.DeliverAsync(second);

        Assert.Empty(log.Events); // left to the first writer, which has not come yet
        await Db.Live.DeliverAsync(first);
        Assert.Equal([first[0].Sequence, second[0].Sequence], log.Events.Select(e => e.Sequence));
        Assert.All(log.Events, e => Assert.False(e.IsRemote)); // both from memory: the first was not read back
        Assert.Equal(second[0].Sequence, Db.Live.Sequence);
    }

    [Fact]
    public async Task AWriterWhoseEarlierNeighbourIsGone_ReadsItsEventFromTheOutbox_AndDeliversBothInOrder()
    {
        await Db.Live.StartAsync();
        Db.Live.HandOverWait = TimeSpan.Zero; // the first writer's number is never left to it
        using var log = new EventLog(Db.Live);
        var gone = await AppendAsync(Notice("committed, then its writer failed"));
        var second = await AppendAsync(Notice("second"));

        await Db.Live.DeliverAsync(second);

        Assert.Equal([gone[0].Sequence, second[0].Sequence], log.Events.Select(e => e.Sequence));
        Assert.True(log.Events[0].IsRemote); // read from the outbox
        Assert.False(log.Events[1].IsRemote);
    }

    [Fact]
    public async Task EventsLeftToAWriterThatNeverComes_AreDeliveredByTheNextCatchUp_InOrder()
    {
        await Db.Live.StartAsync();
        Db.Live.HandOverWait = TimeSpan.FromMinutes(5);
        using var log = new EventLog(Db.Live);
        var gone = await AppendAsync(Notice("committed, then its writer failed"));
        var second = await AppendAsync(Notice("second"));
        await Db.Live.DeliverAsync(second);
        Assert.Empty(log.Events);

        await Db.Live.CatchUpAsync(); // what LiveOutboxFollower does every second

        Assert.Equal([gone[0].Sequence, second[0].Sequence], log.Events.Select(e => e.Sequence));
        await Db.Live.DeliverAsync(gone); // the writer comes after all: nothing twice
        Assert.Equal(2, log.Events.Count);
    }

    [Fact]
    public async Task ANumberWhoseTransactionRolledBack_HoldsNoLaterEventBack_OnceAbandoned()
    {
        await Db.Live.StartAsync();
        Db.Live.HandOverWait = TimeSpan.FromMinutes(5);
        using var log = new EventLog(Db.Live);
        var rolledBack = await AppendAsync(Notice("rolled back"), commit: false);
        var second = await AppendAsync(Notice("second"));

        await Db.Live.DeliverAsync(second);
        if (second[0].Sequence > rolledBack[0].Sequence)
        {
            // PostgreSQL never gives a number twice: the second's events are left to the first's writer until it gives up.
            Assert.Empty(log.Events);
        }
        // (SQLite gives the rolled-back number again, to the second: nothing is left to anyone.)
        await Db.Live.AbandonAsync(rolledBack);

        var delivered = Assert.Single(log.Events);
        Assert.Equal(second[0].Sequence, delivered.Sequence);
        Assert.Equal("second", ((AccessChanged)delivered).ActorId);
    }

    [Fact]
    public async Task EventsWaitingBehindAGapAfterTheWriterTheyWaitFor_AreDeliveredByThatWriter_WithoutACatchUp()
    {
        await Db.Live.StartAsync();
        Db.Live.HandOverWait = TimeSpan.FromMinutes(5);
        using var log = new EventLog(Db.Live);
        var first = await AppendAsync(Notice("first"));
        var rolledBack = await AppendAsync(Notice("rolled back"), commit: false);
        await Db.Live.AbandonAsync(rolledBack); // nothing waits for it yet
        var third = await AppendAsync(Notice("third")); // after a missing number on PostgreSQL (SQLite gives it again)
        await Db.Live.DeliverAsync(third);
        Assert.Empty(log.Events); // left to the first writer

        await Db.Live.DeliverAsync(first);

        Assert.Equal(["first", "third"], log.Events.Select(e => ((AccessChanged)e).ActorId));
        Assert.Equal(third[0].Sequence, Db.Live.Sequence);
    }

    [Fact]
    public async Task ANotice_WithoutAChange_GoesThroughTheOutbox_Too()
    {
        using var log = new EventLog(Db.Live);
        var before = await LastStoredAsync();

        await Db.Live.PublishAsync(Db.Factory, new AccessChanged { ActorId = "admin", ActorName = "Admin", OccurredAt = DateTime.UtcNow });

        var notice = Assert.Single(log.Events);
        Assert.Equal(before + 1, notice.Sequence);
        Assert.Equal(before + 1, await LastStoredAsync());
    }
}

public sealed class PostgresLiveOutboxTests(PostgresServer server) : LiveOutboxTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
