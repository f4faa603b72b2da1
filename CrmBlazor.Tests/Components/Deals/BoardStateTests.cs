using CrmBlazor.Components.Pages.Deals;

namespace CrmBlazor.Tests.Components.Deals;

public class BoardStateTests
{
    private static readonly StageView New = new(1, "New", "#111", StageKind.Open, 0);
    private static readonly StageView Proposal = new(2, "Proposal", "#222", StageKind.Open, 1);

    private static DealCard Card(int id, int stageId, string rank, decimal amount = 100m, string currency = "PLN", int version = 0) =>
        new(id, 7, stageId, rank, $"Deal {id}", amount, currency, null, null, null, null, null, null, DateTime.UnixEpoch, version);

    /// <summary>New holds cards 1 and 2 of 3 (one unloaded, ranked after them); Proposal holds card 10, its only one.</summary>
    private static BoardState Board(long sequence = 5) => new(new BoardView(
        new PipelineSummary(7, "Sales", true),
        [new PipelineSummary(7, "Sales", true)],
        [
            new BoardColumn(New, 3, [new MoneyTotal("PLN", 300m)], [Card(1, 1, "a"), Card(2, 1, "c")]),
            new BoardColumn(Proposal, 1, [new MoneyTotal("EUR", 50m)], [Card(10, 2, "m", 50m, "EUR")]),
        ],
        sequence));

    private static DealChanged Moved(DealCard before, DealCard after, long sequence) => new()
    {
        Kind = DealChangeKind.Moved, DealId = after.Id, Version = after.Version, Before = before, After = after,
        ActorId = "u", ActorName = "Someone", OccurredAt = DateTime.UnixEpoch, Sequence = sequence,
    };

    [Fact]
    public void Apply_MoveToAnotherColumn_MovesCardAndBothColumnsNumbers()
    {
        var board = Board();

        var changed = board.Apply(Moved(Card(1, 1, "a"), Card(1, 2, "n", version: 1), sequence: 6));

        Assert.True(changed);
        Assert.Equal([2], board.CardsIn(1).Select(c => c.Id));
        Assert.Equal([10, 1], board.CardsIn(2).Select(c => c.Id));
        Assert.Equal((2, 2), (board.Column(1)!.Count, board.Column(2)!.Count));
        Assert.Equal([new MoneyTotal("PLN", 200m)], board.Column(1)!.Totals);
        Assert.Equal([new MoneyTotal("EUR", 50m), new MoneyTotal("PLN", 100m)], board.Column(2)!.Totals);
    }

    [Fact]
    public void Totals_ReadBeforeAndAfterAChange_FollowTheChange()
    {
        var board = Board();
        Assert.Equal([new MoneyTotal("PLN", 300m)], board.Column(1)!.Totals);
        Assert.Same(board.Column(1)!.Totals, board.Column(1)!.Totals); // made once between changes

        board.Apply(Moved(Card(1, 1, "a"), Card(1, 2, "n", version: 1), sequence: 6));

        Assert.Equal([new MoneyTotal("PLN", 200m)], board.Column(1)!.Totals);
        Assert.Equal([new MoneyTotal("EUR", 50m), new MoneyTotal("PLN", 100m)], board.Column(2)!.Totals);
    }

    [Fact]
    public void Apply_EventAlreadyInTheSnapshot_ChangesNothing()
    {
        var board = Board(sequence: 5);

        var changed = board.Apply(Moved(Card(1, 1, "a"), Card(1, 2, "n", version: 1), sequence: 5));

        Assert.False(changed);
        Assert.Equal(3, board.Column(1)!.Count);
        Assert.Contains(board.CardsIn(1), c => c.Id == 1);
    }

    [Fact]
    public void Apply_OlderVersionAfterNewer_KeepsTheNewerCardButCountsBoth()
    {
        var board = Board();
        board.Apply(Moved(Card(1, 2, "n", version: 1), Card(1, 1, "b", version: 2), sequence: 7)); // arrives first
        board.Apply(Moved(Card(1, 1, "a"), Card(1, 2, "n", version: 1), sequence: 6));

        Assert.Equal(1, board.Find(1)!.StageId);
        Assert.Equal("b", board.Find(1)!.Rank);
        Assert.Equal((3, 1), (board.Column(1)!.Count, board.Column(2)!.Count));
    }

    [Fact]
    public void Apply_CardRankedBeyondTheLoadedOnes_OnlyCountsUntilLoaded()
    {
        var board = Board();

        board.Apply(Moved(Card(10, 2, "m", 50m, "EUR"), Card(10, 1, "z", 50m, "EUR", version: 1), sequence: 6));

        Assert.Equal(4, board.Column(1)!.Count);
        Assert.Equal([1, 2], board.CardsIn(1).Select(c => c.Id));
        Assert.True(board.HasMore(1));
        Assert.Empty(board.CardsIn(2));
    }

    [Fact]
    public void Apply_Deleted_RemovesCardAndNumbers()
    {
        var board = Board();

        board.Apply(new DealChanged
        {
            Kind = DealChangeKind.Deleted, DealId = 10, Version = 1, Before = Card(10, 2, "m", 50m, "EUR"),
            ActorId = "u", ActorName = "Someone", OccurredAt = DateTime.UnixEpoch, Sequence = 6,
        });

        Assert.Empty(board.CardsIn(2));
        Assert.Equal(0, board.Column(2)!.Count);
        Assert.Empty(board.Column(2)!.Totals);
    }

    [Fact]
    public void ShowAtThenRestore_FailedMove_PutsTheCardBackWithoutTouchingCounts()
    {
        var board = Board();
        var card = board.Find(1)!;

        board.ShowAt(card with { StageId = 2, Rank = "n" });
        Assert.Contains(board.CardsIn(2), c => c.Id == 1);
        board.Restore(1, card);

        Assert.Equal([1, 2], board.CardsIn(1).Select(c => c.Id));
        Assert.Equal((3, 1), (board.Column(1)!.Count, board.Column(2)!.Count));
    }

    [Fact]
    public void NeighboursAt_DropIndex_GivesTheCardsAboveAndBelow()
    {
        var board = Board();

        Assert.Equal((null, 2), Ids(board.NeighboursAt(1, 0, movingDealId: 1)));
        Assert.Equal((10, null), Ids(board.NeighboursAt(2, 1, movingDealId: 1)));
        Assert.Equal((1, 2), Ids(board.NeighboursAt(1, 1, movingDealId: 99)));
        Assert.True(board.IsRightBelow(board.Find(2)!, 1, board.Find(1)));
        Assert.False(board.IsRightBelow(board.Find(2)!, 1, null));

        static (int?, int?) Ids((DealCard? Above, DealCard? Below) n) => (n.Above?.Id, n.Below?.Id);
    }

    [Fact]
    public void AddPage_SkipsCardsTheBoardHasNewer()
    {
        var board = Board();
        board.Apply(Moved(Card(2, 1, "c"), Card(2, 2, "n", version: 3), sequence: 6));

        board.AddPage([Card(2, 1, "c", version: 2), Card(3, 1, "d")]);

        Assert.Equal([1, 3], board.CardsIn(1).Select(c => c.Id));
        Assert.Equal(2, board.Find(2)!.StageId);
    }
}
