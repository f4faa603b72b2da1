using CrmBlazor.Core.Common;
using CrmBlazor.Core.Deals;
using CrmBlazor.Core.Identity;
using CrmBlazor.Core.Live;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Tests.Core;

public class DealServiceTests : IAsyncLifetime
{
    private readonly TestDatabase _db;
    private TestPipeline _pipeline = default!;
    private Actor _manager = default!;
    private Actor _anna = default!;
    private Actor _piotr = default!;

    public DealServiceTests() => _db = new TestDatabase();

    protected DealServiceTests(TestDatabase db) => _db = db;

    public async Task InitializeAsync()
    {
        _pipeline = await _db.AddPipelineAsync();
        _manager = await _db.AddUserAsync("Marta", CrmRoles.Manager);
        _anna = await _db.AddUserAsync("Anna", CrmRoles.Sales);
        _piotr = await _db.AddUserAsync("Piotr", CrmRoles.Sales);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task CreateAsync_ValidInput_SavesAtTopOfColumnWithHistoryAndPublishesOnce()
    {
        var first = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "First");
        using var log = new EventLog(_db.Live);

        var result = await _db.Deals.CreateAsync(new DealInput { Title = "  Second ", Amount = 250.50m, Currency = "EUR", StageId = _pipeline.NewStageId }, _anna);

        Assert.True(result.IsOk);
        var card = result.Value!;
        Assert.Equal("Second", card.Title);
        Assert.Equal(250.50m, card.Amount);
        Assert.Equal(_anna.UserId, card.ResponsibleUserId);
        Assert.Equal("Anna", card.ResponsibleName);
        Assert.True(string.CompareOrdinal(card.Rank, first.Rank) < 0, "a new deal goes on top of its column");
        await using var db = await _db.Factory.CreateDbContextAsync();
        var history = await db.DealStageChanges.Where(c => c.DealId == card.Id).ToListAsync();
        Assert.Equal(_pipeline.NewStageId, Assert.Single(history).ToStageId);
        var change = Assert.IsType<DealChanged>(Assert.Single(log.Events));
        Assert.Equal(DealChangeKind.Created, change.Kind);
        Assert.Null(change.Before);
        Assert.Equal(card, change.After);
    }

    [Fact]
    public async Task ClosedStages_NeedTheClosingResult_NotAPlainMoveEditOrCreate()
    {
        var deal = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Closing");
        using var log = new EventLog(_db.Live);

        var moved = await _db.Deals.MoveAsync(new MoveDeal(deal.Id, _pipeline.WonStageId, deal.Version), _anna);
        var edited = await _db.Deals.UpdateAsync(deal.Id, deal.Version, new DealInput { Title = "Closing", Amount = 1, Currency = "PLN", StageId = _pipeline.LostStageId }, _anna);
        var created = await _db.Deals.CreateAsync(new DealInput { Title = "Born won", Amount = 1, Currency = "PLN", StageId = _pipeline.WonStageId }, _anna);

        Assert.All([moved, edited, created], r => Assert.Equal(("StageId", "Deal.UseClose"), (Assert.Single(r.Errors).Field[^7..], r.Errors[0].MessageKey)));
        Assert.Empty(log.Events);
    }

    [Fact]
    public async Task MoveAsync_OutOfWon_ReopensTheDeal_ClearingItsClosingDateWithAReopenedEntry()
    {
        var deal = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Closing");
        _db.Clock.Now += TimeSpan.FromHours(1);
        var closedAt = _db.Clock.Now.UtcDateTime;

        var won = await _db.Deals.CloseAsync(new CloseDeal(deal.Id, deal.Version, _pipeline.WonStageId, FinalAmount: 1000m), _anna);
        Assert.True(won.IsOk);
        await using (var db = await _db.Factory.CreateDbContextAsync())
        {
            Assert.Equal(closedAt, (await db.Deals.SingleAsync(d => d.Id == deal.Id)).ClosedAt);
        }

        var reopened = await _db.Deals.MoveAsync(new MoveDeal(deal.Id, _pipeline.NewStageId, won.Value!.Version), _anna);
        Assert.True(reopened.IsOk);
        await using (var db = await _db.Factory.CreateDbContextAsync())
        {
            Assert.Null((await db.Deals.SingleAsync(d => d.Id == deal.Id)).ClosedAt);
            var entry = await db.TimelineEntries.Where(e => e.ElementId == deal.Id).OrderByDescending(e => e.Id).FirstAsync();
            Assert.Equal((CrmBlazor.Core.Timeline.TimelineKind.Reopened, "Won", "New"), (entry.Kind, entry.OldValue, entry.NewValue));
        }
    }

    [Theory]
    [InlineData("", 10, "PLN", "Title", "Validation.Required")]
    [InlineData("   ", 10, "PLN", "Title", "Validation.Required")]
    [InlineData("Ok", -1, "PLN", "Amount", "Validation.NotNegative")]
    [InlineData("Ok", 10.005, "PLN", "Amount", "Validation.TwoDecimals")]
    [InlineData("Ok", 2000000000000, "PLN", "Amount", "Validation.TooLarge")]
    [InlineData("Ok", 10, "XYZ", "Currency", "Validation.Currency")]
    [InlineData("Ok", 10, "", "Currency", "Validation.Currency")]
    public async Task CreateAsync_BadField_ReturnsErrorForThatFieldAndSavesNothing(string title, decimal amount, string currency, string field, string key)
    {
        using var log = new EventLog(_db.Live);

        var result = await _db.Deals.CreateAsync(new DealInput { Title = title, Amount = amount, Currency = currency, StageId = _pipeline.NewStageId }, _anna);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Equal((field, key), (error.Field, error.MessageKey));
        await using var db = await _db.Factory.CreateDbContextAsync();
        Assert.Equal(0, await db.Deals.CountAsync());
        Assert.Empty(log.Events);
    }

    [Fact]
    public async Task CreateAsync_TitleTooLongAndMissingReferences_ReportsEveryField()
    {
        var result = await _db.Deals.CreateAsync(new DealInput
        {
            Title = new string('x', DealRules.TitleMaxLength + 1),
            Currency = "PLN",
            StageId = 999,
            CompanyId = 999,
            ContactId = 999,
            ResponsibleUserId = "nobody",
        }, _anna);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(
            ["CompanyId", "ContactId", "ResponsibleUserId", "StageId", "Title"],
            result.Errors.Select(e => e.Field).Order().ToArray());
    }

    [Fact]
    public async Task MoveAsync_ToAnotherStage_SavesStageRankAndHistoryAndPublishesBeforeAndAfter()
    {
        var deal = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Deal", 1200m);
        var target = await _db.AddDealAsync(_anna, _pipeline.ProposalStageId, "Already there");
        _db.Clock.Now = _db.Clock.Now.AddHours(3);
        using var log = new EventLog(_db.Live);

        var result = await _db.Deals.MoveAsync(new MoveDeal(deal.Id, _pipeline.ProposalStageId, deal.Version, AfterDealId: target.Id), _anna);

        Assert.True(result.IsOk);
        var moved = result.Value!;
        Assert.Equal(_pipeline.ProposalStageId, moved.StageId);
        Assert.Equal(deal.Version + 1, moved.Version);
        Assert.Equal(_db.Clock.Now.UtcDateTime, moved.StageEnteredAt);
        Assert.True(string.CompareOrdinal(target.Rank, moved.Rank) < 0, "lands below the card it was dropped under");
        await using var db = await _db.Factory.CreateDbContextAsync();
        var last = await db.DealStageChanges.Where(c => c.DealId == deal.Id).OrderByDescending(c => c.Id).FirstAsync();
        Assert.Equal((_pipeline.NewStageId, _pipeline.ProposalStageId, _anna.UserId, _db.Clock.Now.UtcDateTime), (last.FromStageId!.Value, last.ToStageId, last.ChangedById, last.ChangedAt));
        var change = Assert.IsType<DealChanged>(Assert.Single(log.Events));
        Assert.Equal((DealChangeKind.Moved, deal, moved, "Anna"), (change.Kind, change.Before, change.After, change.ActorName));
    }

    [Fact]
    public async Task MoveAsync_WithinColumn_PutsCardBetweenNeighboursWithoutHistoryOrTouchingOthers()
    {
        var c = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "C");
        var b = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "B");
        var a = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "A"); // column: A, B, C

        var result = await _db.Deals.MoveAsync(new MoveDeal(a.Id, _pipeline.NewStageId, a.Version, AfterDealId: b.Id, BeforeDealId: c.Id), _anna);

        Assert.True(result.IsOk);
        await using var db = await _db.Factory.CreateDbContextAsync();
        var column = await db.Deals.Where(d => d.StageId == _pipeline.NewStageId).OrderBy(d => d.Rank).Select(d => new { d.Title, d.Version }).ToListAsync();
        Assert.Equal(["B", "A", "C"], column.Select(d => d.Title).ToArray());
        Assert.Equal([b.Version, a.Version + 1, c.Version], column.Select(d => d.Version).ToArray());
        Assert.Equal(3, await db.DealStageChanges.CountAsync(h => h.ToStageId == _pipeline.NewStageId));
    }

    [Fact]
    public async Task MoveAsync_QueryBudget_AtMostFourCommandsAndNoRewriteOfOtherCards()
    {
        for (var i = 0; i < 30; i++)
        {
            await _db.AddDealAsync(_anna, _pipeline.ProposalStageId, $"Neighbour {i}");
        }
        var deal = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Moving");
        var board = await _db.Boards.GetBoardAsync(_pipeline.PipelineId);
        var proposal = board!.Columns.Single(c => c.Stage.Id == _pipeline.ProposalStageId).Cards;

        _db.Commands.Start();
        var result = await _db.Deals.MoveAsync(new MoveDeal(deal.Id, _pipeline.ProposalStageId, deal.Version, proposal[4].Id, proposal[5].Id), _anna);
        _db.Commands.Enabled = false;

        Assert.True(result.IsOk);
        Assert.True(_db.Commands.Count <= 4, $"{_db.Commands.Count} commands:\n{string.Join("\n---\n", _db.Commands.Texts)}");
        var updates = _db.Commands.Texts.Sum(t => t.Split("UPDATE \"Deals\"").Length - 1);
        Assert.Equal(1, updates);
    }

    [Fact]
    public async Task MoveAsync_StaleVersion_IsConflictWithCurrentCardAndChangesNothing()
    {
        var deal = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Deal");
        var first = await _db.Deals.MoveAsync(new MoveDeal(deal.Id, _pipeline.ProposalStageId, deal.Version), _manager);
        using var log = new EventLog(_db.Live);

        var second = await _db.Deals.MoveAsync(new MoveDeal(deal.Id, _pipeline.LostStageId, deal.Version), _anna);

        Assert.Equal(ResultStatus.Conflict, second.Status);
        Assert.Equal("Deal.MoveConflict", second.MessageKey);
        Assert.Equal(first.Value, second.Value);
        Assert.Empty(log.Events);
    }

    [Fact]
    public async Task MoveAsync_TwoUsersAtOnce_ExactlyOneWinsAndDatabaseMatchesTheLastEvent()
    {
        var deal = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Contested");
        using var log = new EventLog(_db.Live);

        var results = await Task.WhenAll(
            Task.Run(() => _db.Deals.MoveAsync(new MoveDeal(deal.Id, _pipeline.ProposalStageId, deal.Version), _manager)),
            Task.Run(() => _db.Deals.MoveAsync(new MoveDeal(deal.Id, _pipeline.ProposalStageId, deal.Version), _anna)));

        Assert.Single(results, r => r.IsOk);
        Assert.Single(results, r => r.Status == ResultStatus.Conflict);
        await using var db = await _db.Factory.CreateDbContextAsync();
        var saved = await db.Deals.SingleAsync(d => d.Id == deal.Id);
        var change = Assert.IsType<DealChanged>(Assert.Single(log.Events));
        Assert.Equal((saved.StageId, saved.Version), (change.After!.StageId, change.After.Version));
        Assert.Equal(results.Single(r => r.IsOk).Value, results.Single(r => !r.IsOk).Value);
    }

    [Fact]
    public async Task MoveAsync_RaceAfterReadingSameVersion_ConcurrencyTokenStopsTheSecondWrite()
    {
        var deal = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Raced");
        using var log = new EventLog(_db.Live);
        // Both moves pass the version check before either writes: only the row's concurrency token can stop one.
        _db.Commands.HoldNextReads(2);
        _db.Commands.Start();

        var results = await Task.WhenAll(
            Task.Run(() => _db.Deals.MoveAsync(new MoveDeal(deal.Id, _pipeline.ProposalStageId, deal.Version), _manager)),
            Task.Run(() => _db.Deals.MoveAsync(new MoveDeal(deal.Id, _pipeline.ProposalStageId, deal.Version), _anna)));
        _db.Commands.Enabled = false;

        var won = Assert.Single(results, r => r.IsOk);
        var lost = Assert.Single(results, r => r.Status == ResultStatus.Conflict);
        Assert.Equal("Deal.MoveConflict", lost.MessageKey);
        Assert.Equal(won.Value, lost.Value);
        Assert.Equal(2, _db.Commands.Texts.Count(t => t.Contains("UPDATE \"Deals\"", StringComparison.Ordinal)));
        var change = Assert.IsType<DealChanged>(Assert.Single(log.Events));
        Assert.Equal(won.Value, change.After);
        await using var db = await _db.Factory.CreateDbContextAsync();
        var saved = await db.Deals.SingleAsync(d => d.Id == deal.Id);
        Assert.Equal((won.Value!.StageId, won.Value.Version), (saved.StageId, saved.Version));
        Assert.Equal(1, await db.DealStageChanges.CountAsync(h => h.DealId == deal.Id && h.ToStageId == _pipeline.ProposalStageId));
    }

    [Fact]
    public async Task MoveAsync_SalesUserOnSomeoneElsesDeal_IsForbidden()
    {
        var deal = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Anna's");

        var result = await _db.Deals.MoveAsync(new MoveDeal(deal.Id, _pipeline.ProposalStageId, deal.Version), _piotr);
        var byManager = await _db.Deals.MoveAsync(new MoveDeal(deal.Id, _pipeline.ProposalStageId, deal.Version), _manager);

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.True(byManager.IsOk);
    }

    [Fact]
    public async Task MoveAsync_StageOfAnotherPipeline_IsInvalid()
    {
        var deal = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Deal");

        var result = await _db.Deals.MoveAsync(new MoveDeal(deal.Id, _pipeline.OtherPipelineStageId, deal.Version), _anna);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal("Deal.StageNotInPipeline", Assert.Single(result.Errors).MessageKey);
    }

    [Fact]
    public async Task MoveAsync_DeletedDeal_IsNotFound()
    {
        var deal = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Gone");
        Assert.True((await _db.Deals.DeleteAsync(deal.Id, deal.Version, _anna)).IsOk);

        var result = await _db.Deals.MoveAsync(new MoveDeal(deal.Id, _pipeline.ProposalStageId, deal.Version), _anna);

        Assert.Equal(ResultStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task UpdateAsync_ChangesFieldsAndStage_PublishesMovedWithBothCards()
    {
        var deal = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Old title", 100m);
        using var log = new EventLog(_db.Live);

        var result = await _db.Deals.UpdateAsync(deal.Id, deal.Version,
            new DealInput { Title = "New title", Amount = 300m, Currency = "USD", StageId = _pipeline.ProposalStageId, ResponsibleUserId = _piotr.UserId }, _anna);

        Assert.True(result.IsOk);
        Assert.Equal(("New title", 300m, "USD", _pipeline.ProposalStageId, "Piotr"), (result.Value!.Title, result.Value.Amount, result.Value.Currency, result.Value.StageId, result.Value.ResponsibleName));
        var change = Assert.IsType<DealChanged>(Assert.Single(log.Events));
        Assert.Equal((DealChangeKind.Moved, 100m, 300m), (change.Kind, change.Before!.Amount, change.After!.Amount));
    }

    [Fact]
    public async Task UpdateAsync_StaleVersion_IsConflictAndKeepsTheOtherUsersChange()
    {
        var deal = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Deal", 100m);
        var input = new DealInput { Title = "Deal", Amount = 500m, Currency = "PLN", StageId = _pipeline.NewStageId };
        Assert.True((await _db.Deals.UpdateAsync(deal.Id, deal.Version, input, _manager)).IsOk);

        var late = await _db.Deals.UpdateAsync(deal.Id, deal.Version, input with { Amount = 900m }, _anna);

        Assert.Equal(ResultStatus.Conflict, late.Status);
        Assert.Equal(500m, (await _db.Deals.GetForEditAsync(deal.Id))!.Input.Amount);
    }

    [Fact]
    public async Task DeleteAsync_PublishesDeletedWithAVersionAboveTheLastOne()
    {
        var deal = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Deal");
        using var log = new EventLog(_db.Live);

        var result = await _db.Deals.DeleteAsync(deal.Id, deal.Version, _manager);

        Assert.True(result.IsOk);
        var change = Assert.IsType<DealChanged>(Assert.Single(log.Events));
        Assert.Equal((DealChangeKind.Deleted, deal.Version + 1, (DealCard?)null), (change.Kind, change.Version, change.After));
        Assert.Null(await _db.Deals.GetForEditAsync(deal.Id));
    }

    [Fact]
    public async Task MoveAsync_KeysGrownTooLong_RespreadsColumnKeepingOrderAndVersions()
    {
        var bottom = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Bottom");
        var top = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Top");
        await using (var db = await _db.Factory.CreateDbContextAsync())
        {
            // As if thousands of cards had been added at the top: the next key above must grow past the limit.
            await db.Deals.Where(d => d.Id == top.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Rank, new string('0', Rank.RespreadLength) + "1"));
        }
        var moving = await _db.AddDealAsync(_anna, _pipeline.ProposalStageId, "Moving");

        var result = await _db.Deals.MoveAsync(new MoveDeal(moving.Id, _pipeline.NewStageId, moving.Version, BeforeDealId: top.Id), _anna);

        Assert.True(result.IsOk);
        await using var check = await _db.Factory.CreateDbContextAsync();
        var column = await check.Deals.Where(d => d.StageId == _pipeline.NewStageId).OrderBy(d => d.Rank).ToListAsync();
        Assert.Equal(["Moving", "Top", "Bottom"], column.Select(d => d.Title).ToArray());
        Assert.All(column, d => Assert.True(d.Rank.Length <= Rank.RespreadLength));
        Assert.Equal(top.Version, column[1].Version);
    }
}

/// <summary>The same use cases on PostgreSQL, the scale-out database.</summary>
public sealed class PostgresDealServiceTests(PostgresServer server) : DealServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
