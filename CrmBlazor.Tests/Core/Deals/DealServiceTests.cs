namespace CrmBlazor.Tests.Core.Deals;

public class DealServiceTests(TestDatabase? db = null) : CoreTest(db)
{
    [Fact]
    public async Task CreateAsync_ValidInput_SavesAtTopOfColumnWithHistoryAndPublishesOnce()
    {
        var first = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "First");
        using var log = new EventLog(Db.Live);

        var result = await Db.Deals.CreateAsync(new DealInput { Title = "  Second ", Amount = 250.50m, Currency = "EUR", StageId = Pipeline.NewStageId }, Anna);

        Assert.True(result.IsOk);
        var card = result.Value!;
        Assert.Equal("Second", card.Title);
        Assert.Equal(250.50m, card.Amount);
        Assert.Equal(Anna.UserId, card.ResponsibleUserId);
        Assert.Equal("Anna", card.ResponsibleName);
        Assert.True(string.CompareOrdinal(card.Rank, first.Rank) < 0, "a new deal goes on top of its column");
        await using var db = await Db.Factory.CreateDbContextAsync();
        var history = await db.DealStageChanges.Where(c => c.DealId == card.Id).ToListAsync();
        Assert.Equal(Pipeline.NewStageId, Assert.Single(history).ToStageId);
        var change = Assert.IsType<DealChanged>(Assert.Single(log.Events));
        Assert.Equal(DealChangeKind.Created, change.Kind);
        Assert.Null(change.Before);
        Assert.Equal(card, change.After);
    }

    [Fact]
    public async Task ClosedStages_NeedTheClosingResult_NotAPlainMoveEditOrCreate()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Closing");
        using var log = new EventLog(Db.Live);

        var moved = await Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.WonStageId, deal.Version), Anna);
        var edited = await Db.Deals.UpdateAsync(deal.Id, deal.Version, new DealInput { Title = "Closing", Amount = 1, Currency = "PLN", StageId = Pipeline.LostStageId }, Anna);
        var created = await Db.Deals.CreateAsync(new DealInput { Title = "Born won", Amount = 1, Currency = "PLN", StageId = Pipeline.WonStageId }, Anna);

        Assert.All([moved, edited, created], r => Assert.Equal(("StageId", "Deal.UseClose"), (Assert.Single(r.Errors).Field[^7..], r.Errors[0].MessageKey)));
        Assert.Empty(log.Events);
    }

    [Fact]
    public async Task MoveAsync_OutOfWon_ReopensTheDeal_ClearingItsClosingDateWithAReopenedEntry()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Closing");
        Db.Clock.Now += TimeSpan.FromHours(1);
        var closedAt = Db.Clock.Now.UtcDateTime;

        var won = await Db.Deals.CloseAsync(new CloseDeal(deal.Id, deal.Version, Pipeline.WonStageId, FinalAmount: 1000m), Anna);
        Assert.True(won.IsOk);
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            Assert.Equal(closedAt, (await db.Deals.SingleAsync(d => d.Id == deal.Id)).ClosedAt);
        }

        var reopened = await Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.NewStageId, won.Value!.Version), Anna);
        Assert.True(reopened.IsOk);
        await using (var db = await Db.Factory.CreateDbContextAsync())
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
        using var log = new EventLog(Db.Live);

        var result = await Db.Deals.CreateAsync(new DealInput { Title = title, Amount = amount, Currency = currency, StageId = Pipeline.NewStageId }, Anna);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Equal((field, key), (error.Field, error.MessageKey));
        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.Equal(0, await db.Deals.CountAsync());
        Assert.Empty(log.Events);
    }

    [Fact]
    public async Task CreateAsync_TitleTooLongAndMissingReferences_ReportsEveryField()
    {
        var result = await Db.Deals.CreateAsync(new DealInput
        {
            Title = new string('x', DealRules.TitleMaxLength + 1),
            Currency = "PLN",
            StageId = 999,
            CompanyId = 999,
            ContactId = 999,
            ResponsibleUserId = "nobody",
        }, Anna);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(
            ["CompanyId", "ContactId", "ResponsibleUserId", "StageId", "Title"],
            result.Errors.Select(e => e.Field).Order().ToArray());
    }

    [Fact]
    public async Task MoveAsync_ToAnotherStage_SavesStageRankAndHistoryAndPublishesBeforeAndAfter()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Deal", 1200m);
        var target = await Db.AddDealAsync(Anna, Pipeline.ProposalStageId, "Already there");
        Db.Clock.Now = Db.Clock.Now.AddHours(3);
        using var log = new EventLog(Db.Live);

        var result = await Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.ProposalStageId, deal.Version, AfterDealId: target.Id), Anna);

        Assert.True(result.IsOk);
        var moved = result.Value!;
        Assert.Equal(Pipeline.ProposalStageId, moved.StageId);
        Assert.Equal(deal.Version + 1, moved.Version);
        Assert.Equal(Db.Clock.Now.UtcDateTime, moved.StageEnteredAt);
        Assert.True(string.CompareOrdinal(target.Rank, moved.Rank) < 0, "lands below the card it was dropped under");
        await using var db = await Db.Factory.CreateDbContextAsync();
        var last = await db.DealStageChanges.Where(c => c.DealId == deal.Id).OrderByDescending(c => c.Id).FirstAsync();
        Assert.Equal((Pipeline.NewStageId, Pipeline.ProposalStageId, Anna.UserId, Db.Clock.Now.UtcDateTime), (last.FromStageId!.Value, last.ToStageId, last.ChangedById, last.ChangedAt));
        var change = Assert.IsType<DealChanged>(Assert.Single(log.Events));
        Assert.Equal((DealChangeKind.Moved, deal, moved, "Anna"), (change.Kind, change.Before, change.After, change.ActorName));
    }

    [Fact]
    public async Task MoveAsync_WithinColumn_PutsCardBetweenNeighboursWithoutHistoryOrTouchingOthers()
    {
        var c = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "C");
        var b = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "B");
        var a = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "A"); // column: A, B, C

        var result = await Db.Deals.MoveAsync(new MoveDeal(a.Id, Pipeline.NewStageId, a.Version, AfterDealId: b.Id, BeforeDealId: c.Id), Anna);

        Assert.True(result.IsOk);
        await using var db = await Db.Factory.CreateDbContextAsync();
        var column = await db.Deals.Where(d => d.StageId == Pipeline.NewStageId).OrderBy(d => d.Rank).Select(d => new { d.Title, d.Version }).ToListAsync();
        Assert.Equal(["B", "A", "C"], column.Select(d => d.Title).ToArray());
        Assert.Equal([b.Version, a.Version + 1, c.Version], column.Select(d => d.Version).ToArray());
        Assert.Equal(3, await db.DealStageChanges.CountAsync(h => h.ToStageId == Pipeline.NewStageId));
    }

    [Fact]
    public async Task MoveAsync_QueryBudget_AtMostFiveCommandsAndNoRewriteOfOtherCards()
    {
        for (var i = 0; i < 30; i++)
        {
            await Db.AddDealAsync(Anna, Pipeline.ProposalStageId, $"Neighbour {i}");
        }
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Moving");
        var board = await Db.Boards.GetBoardAsync(Pipeline.PipelineId);
        var proposal = board!.Columns.Single(c => c.Stage.Id == Pipeline.ProposalStageId).Cards;

        Db.Commands.Start();
        var result = await Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.ProposalStageId, deal.Version, proposal[4].Id, proposal[5].Id), Anna);
        Db.Commands.Enabled = false;

        Assert.True(result.IsOk);
        // Four for the move itself, one to store its event in the outbox (on PostgreSQL taking the outbox's lock too).
        Assert.True(Db.Commands.Count <= 5, $"{Db.Commands.Count} commands:\n{string.Join("\n---\n", Db.Commands.Texts)}");
        var updates = Db.Commands.Texts.Sum(t => t.Split("UPDATE \"Deals\"").Length - 1);
        Assert.Equal(1, updates);
    }

    [Fact]
    public async Task CreateAndUpdate_ReadTheCustomFieldDefinitionsOnce_ForValidationAndSave()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Edited");
        static int Reads(IEnumerable<string> texts) => texts.Count(t => t.Contains("FROM \"CustomFields\"", StringComparison.Ordinal));

        Db.Commands.Start();
        var created = await Db.Deals.CreateAsync(new DealInput { Title = "Created", Amount = 1, Currency = "PLN", StageId = Pipeline.NewStageId }, Anna);
        var createReads = Reads(Db.Commands.Texts);
        Db.Commands.Start();
        var updated = await Db.Deals.UpdateAsync(deal.Id, deal.Version, new DealInput { Title = "Edited again", Amount = 2, Currency = "PLN", StageId = Pipeline.NewStageId }, Anna);
        var updateReads = Reads(Db.Commands.Texts);
        Db.Commands.Enabled = false;

        Assert.True(created.IsOk);
        Assert.True(updated.IsOk);
        Assert.Equal(1, createReads);
        Assert.Equal(1, updateReads);
    }

    [Fact]
    public async Task MoveAsync_StaleVersion_IsConflictWithCurrentCardAndChangesNothing()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Deal");
        var first = await Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.ProposalStageId, deal.Version), Manager);
        using var log = new EventLog(Db.Live);

        var second = await Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.LostStageId, deal.Version), Anna);

        Assert.Equal(ResultStatus.Conflict, second.Status);
        Assert.Equal("Deal.MoveConflict", second.MessageKey);
        Assert.Equal(first.Value, second.Value);
        Assert.Empty(log.Events);
    }

    [Fact]
    public async Task MoveAsync_TwoUsersAtOnce_ExactlyOneWinsAndDatabaseMatchesTheLastEvent()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Contested");
        using var log = new EventLog(Db.Live);

        var results = await Task.WhenAll(
            Task.Run(() => Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.ProposalStageId, deal.Version), Manager)),
            Task.Run(() => Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.ProposalStageId, deal.Version), Anna)));

        Assert.Single(results, r => r.IsOk);
        Assert.Single(results, r => r.Status == ResultStatus.Conflict);
        await using var db = await Db.Factory.CreateDbContextAsync();
        var saved = await db.Deals.SingleAsync(d => d.Id == deal.Id);
        var change = Assert.IsType<DealChanged>(Assert.Single(log.Events));
        Assert.Equal((saved.StageId, saved.Version), (change.After!.StageId, change.After.Version));
        Assert.Equal(results.Single(r => r.IsOk).Value, results.Single(r => !r.IsOk).Value);
    }

    [Fact]
    public async Task MoveAsync_RaceAfterReadingSameVersion_ConcurrencyTokenStopsTheSecondWrite()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Raced");
        using var log = new EventLog(Db.Live);
        // Both moves pass the version check before either writes: only the row's concurrency token can stop one.
        Db.Commands.HoldNextReads(2);
        Db.Commands.Start();

        var results = await Task.WhenAll(
            Task.Run(() => Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.ProposalStageId, deal.Version), Manager)),
            Task.Run(() => Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.ProposalStageId, deal.Version), Anna)));
        Db.Commands.Enabled = false;

        var won = Assert.Single(results, r => r.IsOk);
        var lost = Assert.Single(results, r => r.Status == ResultStatus.Conflict);
        Assert.Equal("Deal.MoveConflict", lost.MessageKey);
        Assert.Equal(won.Value, lost.Value);
        Assert.Equal(2, Db.Commands.Texts.Count(t => t.Contains("UPDATE \"Deals\"", StringComparison.Ordinal)));
        var change = Assert.IsType<DealChanged>(Assert.Single(log.Events));
        Assert.Equal(won.Value, change.After);
        await using var db = await Db.Factory.CreateDbContextAsync();
        var saved = await db.Deals.SingleAsync(d => d.Id == deal.Id);
        Assert.Equal((won.Value!.StageId, won.Value.Version), (saved.StageId, saved.Version));
        Assert.Equal(1, await db.DealStageChanges.CountAsync(h => h.DealId == deal.Id && h.ToStageId == Pipeline.ProposalStageId));
    }

    [Fact]
    public async Task MoveAsync_SalesUserOnSomeoneElsesDeal_IsForbidden()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Anna's");

        var result = await Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.ProposalStageId, deal.Version), Piotr);
        var byManager = await Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.ProposalStageId, deal.Version), Manager);

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.True(byManager.IsOk);
    }

    [Fact]
    public async Task MoveAsync_StageOfAnotherPipeline_IsInvalid()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Deal");

        var result = await Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.OtherPipelineStageId, deal.Version), Anna);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal("Deal.StageNotInPipeline", Assert.Single(result.Errors).MessageKey);
    }

    [Fact]
    public async Task MoveAsync_DeletedDeal_IsNotFound()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Gone");
        Assert.True((await Db.Deals.DeleteAsync(deal.Id, deal.Version, Anna)).IsOk);

        var result = await Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.ProposalStageId, deal.Version), Anna);

        Assert.Equal(ResultStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task UpdateAsync_ChangesFieldsAndStage_PublishesMovedWithBothCards()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Old title", 100m);
        using var log = new EventLog(Db.Live);

        var result = await Db.Deals.UpdateAsync(deal.Id, deal.Version,
            new DealInput { Title = "New title", Amount = 300m, Currency = "USD", StageId = Pipeline.ProposalStageId, ResponsibleUserId = Piotr.UserId }, Anna);

        Assert.True(result.IsOk);
        Assert.Equal(("New title", 300m, "USD", Pipeline.ProposalStageId, "Piotr"), (result.Value!.Title, result.Value.Amount, result.Value.Currency, result.Value.StageId, result.Value.ResponsibleName));
        var change = Assert.IsType<DealChanged>(Assert.Single(log.Events));
        Assert.Equal((DealChangeKind.Moved, 100m, 300m), (change.Kind, change.Before!.Amount, change.After!.Amount));
    }

    [Fact]
    public async Task UpdateAsync_StaleVersion_IsConflictAndKeepsTheOtherUsersChange()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Deal", 100m);
        var input = new DealInput { Title = "Deal", Amount = 500m, Currency = "PLN", StageId = Pipeline.NewStageId };
        Assert.True((await Db.Deals.UpdateAsync(deal.Id, deal.Version, input, Manager)).IsOk);

        var late = await Db.Deals.UpdateAsync(deal.Id, deal.Version, input with { Amount = 900m }, Anna);

        Assert.Equal(ResultStatus.Conflict, late.Status);
        Assert.Equal(500m, (await Db.Deals.GetForEditAsync(deal.Id))!.Input.Amount);
    }

    [Fact]
    public async Task DeleteAsync_PublishesDeletedWithAVersionAboveTheLastOne()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Deal");
        using var log = new EventLog(Db.Live);

        var result = await Db.Deals.DeleteAsync(deal.Id, deal.Version, Manager);

        Assert.True(result.IsOk);
        var change = Assert.IsType<DealChanged>(Assert.Single(log.Events));
        Assert.Equal((DealChangeKind.Deleted, deal.Version + 1, (DealCard?)null), (change.Kind, change.Version, change.After));
        Assert.Null(await Db.Deals.GetForEditAsync(deal.Id));
    }

    [Fact]
    public async Task MoveAsync_KeysGrownTooLong_RespreadsColumnKeepingOrderAndVersions()
    {
        var bottom = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Bottom");
        var top = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Top");
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            // As if thousands of cards had been added at the top: the next key above must grow past the limit.
            await db.Deals.Where(d => d.Id == top.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Rank, new string('0', Rank.RespreadLength) + "1"));
        }
        var moving = await Db.AddDealAsync(Anna, Pipeline.ProposalStageId, "Moving");

        var result = await Db.Deals.MoveAsync(new MoveDeal(moving.Id, Pipeline.NewStageId, moving.Version, BeforeDealId: top.Id), Anna);

        Assert.True(result.IsOk);
        await using var check = await Db.Factory.CreateDbContextAsync();
        var column = await check.Deals.Where(d => d.StageId == Pipeline.NewStageId).OrderBy(d => d.Rank).ToListAsync();
        Assert.Equal(["Moving", "Top", "Bottom"], column.Select(d => d.Title).ToArray());
        Assert.All(column, d => Assert.True(d.Rank.Length <= Rank.RespreadLength));
        Assert.Equal(top.Version, column[1].Version);
    }
}

/// <summary>The same use cases on PostgreSQL, the scale-out database.</summary>
public sealed class PostgresDealServiceTests(PostgresServer server) : DealServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
