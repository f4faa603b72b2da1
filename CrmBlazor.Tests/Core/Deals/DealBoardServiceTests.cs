namespace CrmBlazor.Tests.Core.Deals;

public class DealBoardServiceTests(TestDatabase? db = null) : CoreTest(db)
{
    [Fact]
    public async Task GetBoardAsync_CountsAndSumsComeFromAllDealsNotTheFirstPage()
    {
        for (var i = 0; i < 45; i++)
        {
            await Db.AddDealAsync(Anna, Pipeline.NewStageId, $"PLN {i}", 100.25m);
        }
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Euro", 50m, "EUR");
        await Db.AddDealAsync(Anna, Pipeline.ProposalStageId, "Other column", 7m);

        var board = await Db.Boards.GetBoardAsync(pipelineId: null);

        Assert.NotNull(board);
        Assert.Equal(["New", "Proposal", "Won", "Lost"], board.Columns.Select(c => c.Stage.Name).ToArray());
        var column = board.Columns[0];
        Assert.Equal(46, column.Count);
        Assert.Equal([new MoneyTotal("EUR", 50m), new MoneyTotal("PLN", 4511.25m)], column.Totals);
        Assert.Equal(Db.Boards.PageSize, column.Cards.Count);
        Assert.Equal(column.Cards.OrderBy(c => c.Rank, StringComparer.Ordinal).ThenBy(c => c.Id), column.Cards);
        Assert.Equal(1, board.Columns[1].Count);
        Assert.Empty(board.Columns[2].Cards);
        Assert.Equal(["Sales", "Other"], board.Pipelines.Select(p => p.Name).ToArray());
    }

    [Fact]
    public async Task GetColumnPageAsync_WalksTheWholeColumnOnceEvenWithTiedRanks()
    {
        for (var i = 0; i < 47; i++)
        {
            await Db.AddDealAsync(Anna, Pipeline.NewStageId, $"Deal {i}");
        }
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            // Two users adding a card at the top at the same moment can produce equal ranks.
            foreach (var deal in db.Deals.OrderBy(d => d.Id).Take(5))
            {
                deal.Rank = "5";
            }
            await db.SaveChangesAsync();
        }

        var board = await Db.Boards.GetBoardAsync(Pipeline.PipelineId);
        var seen = board!.Columns[0].Cards.ToList();
        while (seen.Count < board.Columns[0].Count)
        {
            var page = await Db.Boards.GetColumnPageAsync(Pipeline.NewStageId, seen[^1]);
            Assert.NotEmpty(page);
            seen.AddRange(page);
        }

        Assert.Equal(47, seen.Select(c => c.Id).Distinct().Count());
        Assert.Empty(await Db.Boards.GetColumnPageAsync(Pipeline.NewStageId, seen[^1]));
    }

    [Fact]
    public async Task GetBoardAsync_SequenceCoversEveryEventPublishedBeforeIt()
    {
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Before");
        var sequenceBefore = Db.Live.Sequence;

        var board = await Db.Boards.GetBoardAsync(Pipeline.PipelineId);
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "After");

        Assert.Equal(sequenceBefore, board!.Sequence);
        Assert.Equal(sequenceBefore + 1, Db.Live.Sequence);
    }

    [Fact]
    public async Task GetBoardAsync_TwoBoardsOfTheSamePipeline_ShareEachUnchangedCard_AndAChangedDealIsANewCard()
    {
        var kept = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Kept");
        var changed = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Changed");
        var first = (await Db.Boards.GetBoardAsync(Pipeline.PipelineId, Anna))!;

        await Db.Deals.MoveAsync(new MoveDeal(changed.Id, Pipeline.ProposalStageId, changed.Version), Anna);
        var second = (await Db.Boards.GetBoardAsync(Pipeline.PipelineId, Anna))!;
        var page = await Db.Boards.GetColumnPageAsync(Pipeline.NewStageId, last: null, Anna);
        var filtered = (await Db.Boards.GetBoardAsync(Pipeline.PipelineId, Anna, new DealFilter { Mine = true }))!; // few deals: read by key

        DealCard Card(BoardView board, int id) => board.Columns.SelectMany(c => c.Cards).Single(c => c.Id == id);
        Assert.Same(Card(first, kept.Id), Card(second, kept.Id));
        Assert.Same(Card(first, kept.Id), page.Single(c => c.Id == kept.Id));
        Assert.Same(Card(first, kept.Id), Card(filtered, kept.Id));
        Assert.NotSame(Card(first, changed.Id), Card(second, changed.Id));
        Assert.Equal(Pipeline.ProposalStageId, Card(second, changed.Id).StageId);
    }

    [Fact]
    public void DealCardPool_GivesTheCardItHasForAnEqualOne_AndKeepsAnotherAsItIs()
    {
        var pool = new DealCardPool();
        var card = new DealCard(1, 1, 1, "a", "Deal", 10m, "PLN", null, "ACME", null, null, "u", "Anna", DateTime.UnixEpoch, 0);
        var copy = card with { };
        var renamed = card with { CompanyName = "ACME Ltd" };

        Assert.Same(card, pool.Share(card));
        Assert.Same(card, pool.Share(copy));
        Assert.Same(renamed, pool.Share(renamed));
        Assert.Equal(2, pool.Count);
    }

    [Fact]
    public void DealCardPool_CardsNobodyHolds_AreDroppedWhenThePoolHasGrown()
    {
        var pool = new DealCardPool();
        ShareCardsAndLetGo(pool, 1023);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var kept = new DealCard(5000, 1, 1, "a", "Kept", 1m, "PLN", null, null, null, null, null, null, DateTime.UnixEpoch, 0);
        Assert.Same(kept, pool.Share(kept)); // the 1,024th: the pool sweeps

        Assert.Equal(1, pool.Count);
        GC.KeepAlive(kept);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void ShareCardsAndLetGo(DealCardPool pool, int count)
    {
        for (var i = 0; i < count; i++)
        {
            pool.Share(new DealCard(i, 1, 1, "a", $"Deal {i}", 1m, "PLN", null, null, null, null, null, null, DateTime.UnixEpoch, 0));
        }
    }

    [Fact]
    public async Task GetBoardAsync_UnknownPipeline_FallsBackToNull()
    {
        Assert.Null(await Db.Boards.GetBoardAsync(pipelineId: 12345));
    }
}

/// <summary>The board's queries on PostgreSQL, the scale-out database.</summary>
public sealed class PostgresDealBoardServiceTests(PostgresServer server) : DealBoardServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
