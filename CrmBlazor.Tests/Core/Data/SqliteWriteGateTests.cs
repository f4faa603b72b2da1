namespace CrmBlazor.Tests.Core.Data;

/// <summary>
/// The SQLite write gate (decision 022): a writer waits in this process for the one before it, on every write path (a
/// use case's commit, a plain save), per database file; PostgreSQL never enters it.
/// </summary>
public sealed class SqliteWriteGateTests : CoreTest
{
    /// <summary>Until <paramref name="writer"/> waits at the gate of <paramref name="db"/>'s database (and has not finished).</summary>
    private static async Task WaitingAsync(CrmDbContext db, Task writer)
    {
        var deadline = DateTime.UtcNow.AddSeconds(4); // under the gate's patience
        while (SqliteWriteGate.WaitingAt(db) == 0)
        {
            Assert.False(writer.IsCompleted, "the writer finished without waiting at the gate");
            Assert.True(DateTime.UtcNow < deadline, "the writer never came to the gate");
            await Task.Yield();
        }
        Assert.False(writer.IsCompleted);
    }

    [Fact]
    public async Task AUseCasesCommit_WaitsAtTheGate_UntilTheWriterBeforeItLeaves()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Gated");
        await using var other = await Db.Factory.CreateDbContextAsync();
        var held = SqliteWriteGate.Enter(other, default);
        Assert.True(held.Entered);

        // Nothing holds SQLite's own lock, so only the gate keeps the move from finishing.
        var move = Task.Run(() => Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.ProposalStageId, deal.Version), Anna));
        await WaitingAsync(other, move);

        held.Dispose();
        Assert.True((await move).IsOk);
        Assert.Equal(Pipeline.ProposalStageId, (await Db.Deals.GetForEditAsync(deal.Id))!.Input.StageId);
    }

    [Fact]
    public async Task APlainSave_WaitsAtTheGate_AndASaveInsideATransaction_DoesNotEnterItAgain()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Saved plainly");
        await using var holder = await Db.Factory.CreateDbContextAsync();
        var held = SqliteWriteGate.Enter(holder, default);

        await using var db = await Db.Factory.CreateDbContextAsync();
        (await db.Deals.SingleAsync(d => d.Id == deal.Id)).Title = "Renamed";
        var save = Task.Run(() => db.SaveChangesAsync());
        await WaitingAsync(holder, save);
        held.Dispose();
        Assert.Equal(1, await save);

        // A transaction's owner holds the gate; its saves inside do not wait for it again.
        using (var writer = SqliteWriteGate.Enter(db, default))
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            (await db.Deals.SingleAsync(d => d.Id == deal.Id)).Title = "Renamed again";
            Assert.Equal(1, await db.SaveChangesAsync());
            await transaction.CommitAsync();
        }
        await using var check = await Db.Factory.CreateDbContextAsync();
        Assert.Equal("Renamed again", (await check.Deals.SingleAsync(d => d.Id == deal.Id)).Title);
    }

    [Fact]
    public async Task EachDatabaseFile_HasItsOwnGate()
    {
        await using var holder = await Db.Factory.CreateDbContextAsync();
        using var held = SqliteWriteGate.Enter(holder, default);

        await using var elsewhere = new TestDatabase();
        var pipeline = await elsewhere.AddPipelineAsync();
        var anna = await elsewhere.AddUserAsync("Anna", CrmRoles.Sales);
        var deal = await elsewhere.AddDealAsync(anna, pipeline.NewStageId, "Another file");
        Assert.True((await elsewhere.Deals.MoveAsync(new MoveDeal(deal.Id, pipeline.ProposalStageId, deal.Version), anna)).IsOk);
    }
}

/// <summary>PostgreSQL's writes run concurrently: the gate is never entered.</summary>
public sealed class PostgresSqliteWriteGateTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task OnPostgreSql_TheGateIsNeverEntered()
    {
        await using var db = new TestDatabase(server.NewDatabase());
        await using var first = await db.Factory.CreateDbContextAsync();
        await using var second = await db.Factory.CreateDbContextAsync();
        using var one = SqliteWriteGate.Enter(first, default);
        using var two = SqliteWriteGate.Enter(second, default);
        Assert.False(one.Entered);
        Assert.False(two.Entered);
    }
}
