namespace CrmBlazor.Tests.Core.Deals;

public class DealProductsTests(TestDatabase? db = null) : CoreTest(db)
{
    private ProductService Products => Db.Get<ProductService>();

    private static ProductLineInput Line(string name, decimal qty, decimal price, decimal tax = 23, int? productId = null) =>
        new() { Name = name, Unit = "pcs", Quantity = qty, UnitPrice = price, TaxRate = tax, ProductId = productId };

    [Fact]
    public async Task SaveProductsAsync_Lines_DealAmountFollowsTheirTotalAndTheBoardHearsIt()
    {
        var laptop = (await Products.SaveAsync(null, 0, new ProductInput { Name = "Laptop", Unit = "pcs", Price = 4299m, Currency = "PLN", TaxRate = 23 }, Manager)).Value!;
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Hardware", amount: 5m);
        using var log = new EventLog(Db.Live);

        var result = await Db.Deals.SaveProductsAsync(new SaveDealProducts(deal.Id, deal.Version,
            [Line("Laptop", 2, 4299m, productId: laptop.Id), Line("Setup", 1, 250m, 23) with { DiscountKind = DiscountKind.Amount, DiscountValue = 50 }]), Anna);

        Assert.True(result.IsOk, string.Join(", ", result.Errors.Select(e => e.Field + " " + e.MessageKey)));
        // 8598.00 + 1977.54 tax; 200.00 + 46.00 tax
        Assert.Equal(10821.54m, result.Value!.Totals.Total);
        var change = Assert.IsType<DealChanged>(Assert.Single(log.Events));
        Assert.Equal((DealChangeKind.Updated, 5m, 10821.54m), (change.Kind, change.Before!.Amount, change.After!.Amount));
        var board = (await Db.Boards.GetBoardAsync(Pipeline.PipelineId))!;
        Assert.Equal(10821.54m, board.Columns[0].Totals.Single().Amount);
        Assert.Equal(laptop.Id, result.Value.Lines[0].ProductId);
    }

    [Fact]
    public async Task UpdateAsync_DealWithLines_KeepsTheLinesTotalWhateverIsTyped_AndAHandSetAmountWithoutLines()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Services", amount: 100m);
        var handSet = await Db.Deals.UpdateAsync(deal.Id, deal.Version, new DealInput { Title = "Services", Amount = 700m, Currency = "PLN", StageId = Pipeline.NewStageId }, Anna);
        Assert.Equal(700m, handSet.Value!.Amount);

        var saved = await Db.Deals.SaveProductsAsync(new SaveDealProducts(deal.Id, handSet.Value.Version, [Line("Consulting", 10, 100m, 0)]), Anna);
        var edited = await Db.Deals.UpdateAsync(deal.Id, saved.Value!.Version, new DealInput { Title = "Services 2", Amount = 1m, Currency = "PLN", StageId = Pipeline.NewStageId }, Anna);

        Assert.Equal((1000m, "Services 2"), (edited.Value!.Amount, edited.Value.Title));
        var cleared = await Db.Deals.SaveProductsAsync(new SaveDealProducts(deal.Id, edited.Value.Version, []), Anna);
        Assert.Empty(cleared.Value!.Lines);
        var afterClear = await Db.Deals.UpdateAsync(deal.Id, cleared.Value.Version, new DealInput { Title = "Services 2", Amount = 42m, Currency = "PLN", StageId = Pipeline.NewStageId }, Anna);
        Assert.Equal(42m, afterClear.Value!.Amount);
    }

    [Fact]
    public async Task SaveProductsAsync_StaleVersion_IsAConflictAndSavesNothing()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Race");
        await Db.Deals.UpdateAsync(deal.Id, deal.Version, new DealInput { Title = "Race!", Amount = 1m, Currency = "PLN", StageId = Pipeline.NewStageId }, Manager);

        var result = await Db.Deals.SaveProductsAsync(new SaveDealProducts(deal.Id, deal.Version, [Line("A", 1, 1m)]), Anna);

        Assert.Equal(ResultStatus.Conflict, result.Status);
        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.False(await db.DealProductLines.AnyAsync());
    }

    [Fact]
    public async Task SaveProductsAsync_TypedInLineSavedToCatalog_ManagerCreatesTheProduct_SalesIsRefusedOnThatRow()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "New product");
        var byAnna = await Db.Deals.SaveProductsAsync(new SaveDealProducts(deal.Id, deal.Version, [Line("Ok", 1, 1m), Line("Custom kit", 1, 99m) with { SaveToCatalog = true }]), Anna);
        Assert.Equal(("Lines[1].SaveToCatalog", "Product.Forbidden"), (Assert.Single(byAnna.Errors).Field, byAnna.Errors[0].MessageKey));

        using var log = new EventLog(Db.Live);
        var byManager = await Db.Deals.SaveProductsAsync(new SaveDealProducts(deal.Id, deal.Version, [Line("Custom kit", 1, 99m) with { SaveToCatalog = true }]), Manager);

        Assert.True(byManager.IsOk);
        var product = Assert.Single((await Products.SearchAsync("Custom")));
        Assert.Equal((99m, "PLN"), (product.Price, product.Currency));
        Assert.Equal(product.Id, byManager.Value!.Lines[0].ProductId);
        // The deal's change and the new product's, so open catalog lists show it too.
        Assert.Equal([typeof(DealChanged), typeof(ProductChanged)], log.Events.Select(e => e.GetType()));
        Assert.Equal((product.Id, true), (((ProductChanged)log.Events[1]).ProductId, ((ProductChanged)log.Events[1]).Created));
    }

    [Fact]
    public async Task SaveProductsAsync_ClosedDeal_IsRefused()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Done");
        var won = await Db.Deals.CloseAsync(new CloseDeal(deal.Id, deal.Version, Pipeline.WonStageId, FinalAmount: 10m), Anna);

        var result = await Db.Deals.SaveProductsAsync(new SaveDealProducts(deal.Id, won.Value!.Version, [Line("A", 1, 1m)]), Anna);

        Assert.Equal(("Lines", "Deal.ClosedNoProducts"), (Assert.Single(result.Errors).Field, result.Errors[0].MessageKey));
    }

    [Fact]
    public async Task CloseAsync_Won_SetsFinalAmountAndDateAndLeavesTheOpenSums()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Win me", amount: 1000m);
        using var log = new EventLog(Db.Live);
        var yesterday = DateOnly.FromDateTime(Db.Clock.GetUtcNow().UtcDateTime).AddDays(-1);

        var result = await Db.Deals.CloseAsync(new CloseDeal(deal.Id, deal.Version, Pipeline.WonStageId, FinalAmount: 1250.50m, ClosedOn: yesterday, Comment: " Signed "), Anna);

        Assert.True(result.IsOk);
        Assert.Equal((Pipeline.WonStageId, 1250.50m), (result.Value!.StageId, result.Value.Amount));
        await using var db = await Db.Factory.CreateDbContextAsync();
        var saved = await db.Deals.SingleAsync(d => d.Id == deal.Id);
        // The start of that day in the team's time zone: 1 November 00:00 in Warsaw is 31 October 23:00 UTC.
        Assert.Equal((new DateTime(2026, 10, 31, 23, 0, 0), "Signed", (int?)null), (saved.ClosedAt, saved.CloseComment, saved.LostReasonId));
        Assert.Equal(DealChangeKind.Moved, Assert.IsType<DealChanged>(Assert.Single(log.Events)).Kind);
        var board = (await Db.Boards.GetBoardAsync(Pipeline.PipelineId))!;
        Assert.Empty(board.Columns[0].Totals);
        Assert.Equal(1250.50m, board.Columns[2].Totals.Single().Amount);
    }

    [Fact]
    public async Task CloseAsync_WonWithLines_AmountIsTheLinesTotal()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Lines");
        var lines = await Db.Deals.SaveProductsAsync(new SaveDealProducts(deal.Id, deal.Version, [Line("A", 2, 50m, 8)]), Anna);

        var result = await Db.Deals.CloseAsync(new CloseDeal(deal.Id, lines.Value!.Version, Pipeline.WonStageId, FinalAmount: 1m), Anna);

        Assert.Equal(108m, result.Value!.Amount);
    }

    [Theory]
    [InlineData(true, null, null, "FinalAmount", "Validation.Required")]
    [InlineData(true, -1.0, null, "FinalAmount", "Validation.NotNegative")]
    [InlineData(true, 1.001, null, "FinalAmount", "Validation.MaxDecimals")]
    [InlineData(true, 10.0, 1, "ClosedOn", "Deal.CloseDateInFuture")]
    [InlineData(false, null, null, "LostReasonId", "Validation.Required")]
    public async Task CloseAsync_MissingOrBadResult_ReportsTheField(bool won, double? amount, int? daysAhead, string field, string key)
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Bad");
        var today = DateOnly.FromDateTime(Db.Clock.GetUtcNow().UtcDateTime);

        var result = await Db.Deals.CloseAsync(new CloseDeal(deal.Id, deal.Version, won ? Pipeline.WonStageId : Pipeline.LostStageId,
            FinalAmount: (decimal?)amount, ClosedOn: daysAhead is { } d ? today.AddDays(d) : null), Anna);

        Assert.Equal((field, key), (Assert.Single(result.Errors).Field, result.Errors[0].MessageKey));
    }

    [Fact]
    public async Task CloseAsync_IntoAnOpenStage_IsRefused()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Open");

        var result = await Db.Deals.CloseAsync(new CloseDeal(deal.Id, deal.Version, Pipeline.ProposalStageId, FinalAmount: 1m), Anna);

        Assert.Equal("Deal.NotAClosingStage", Assert.Single(result.Errors).MessageKey);
    }

    [Fact]
    public async Task CloseAsync_LostWithReason_StoresReasonAndComment_InactiveReasonRefused()
    {
        var reasons = Db.Get<LostReasonService>();
        var price = (await reasons.SaveAsync(null, new LostReasonInput("Price too high"), _admin ??= await Db.AddUserAsync("Ada", CrmRoles.Admin))).Value!;
        var retired = (await reasons.SaveAsync(null, new LostReasonInput("Retired", IsActive: false), _admin)).Value!;
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Lose me");

        var refused = await Db.Deals.CloseAsync(new CloseDeal(deal.Id, deal.Version, Pipeline.LostStageId, LostReasonId: retired.Id), Anna);
        var lost = await Db.Deals.CloseAsync(new CloseDeal(deal.Id, deal.Version, Pipeline.LostStageId, LostReasonId: price.Id, Comment: "Went with the cheaper offer"), Anna);

        Assert.Equal(("LostReasonId", "Validation.NoLongerExists"), (Assert.Single(refused.Errors).Field, refused.Errors[0].MessageKey));
        Assert.True(lost.IsOk);
        var details = (await Db.Get<DealQueryService>().GetDetailsAsync(deal.Id))!;
        Assert.Equal(("Price too high", "Went with the cheaper offer", true), (details.LostReasonName, details.CloseComment, details.IsClosed));
    }

    private Actor? _admin;

    [Fact]
    public async Task CloseAsync_SomeoneElsesDeal_SalesIsForbidden_ManagerMayClose()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Anna's");

        var byPiotr = await Db.Deals.CloseAsync(new CloseDeal(deal.Id, deal.Version, Pipeline.WonStageId, FinalAmount: 1m), Piotr);
        var byManager = await Db.Deals.CloseAsync(new CloseDeal(deal.Id, deal.Version, Pipeline.WonStageId, FinalAmount: 1m), Manager);

        Assert.Equal(ResultStatus.Forbidden, byPiotr.Status);
        Assert.True(byManager.IsOk);
    }

    [Fact]
    public async Task ReopenAsync_ClosedDeal_ClearsClosingFields_OthersForbidden_OpenDealRefused()
    {
        var reason = (await Db.Get<LostReasonService>().SaveAsync(null, new LostReasonInput("No budget"), await Db.AddUserAsync("Ada", CrmRoles.Admin))).Value!;
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Back again");
        var notClosed = await Db.Deals.ReopenAsync(new ReopenDeal(deal.Id, deal.Version, Pipeline.ProposalStageId), Anna);
        var lost = await Db.Deals.CloseAsync(new CloseDeal(deal.Id, deal.Version, Pipeline.LostStageId, LostReasonId: reason.Id, Comment: "later"), Anna);

        var byPiotr = await Db.Deals.ReopenAsync(new ReopenDeal(deal.Id, lost.Value!.Version, Pipeline.ProposalStageId), Piotr);
        var intoClosed = await Db.Deals.ReopenAsync(new ReopenDeal(deal.Id, lost.Value.Version, Pipeline.WonStageId), Anna);
        var reopened = await Db.Deals.ReopenAsync(new ReopenDeal(deal.Id, lost.Value.Version, Pipeline.ProposalStageId), Anna);

        Assert.Equal("Deal.NotClosed", Assert.Single(notClosed.Errors).MessageKey);
        Assert.Equal(ResultStatus.Forbidden, byPiotr.Status);
        Assert.Equal("Deal.NotAnOpenStage", Assert.Single(intoClosed.Errors).MessageKey);
        Assert.Equal(Pipeline.ProposalStageId, reopened.Value!.StageId);
        await using var db = await Db.Factory.CreateDbContextAsync();
        var saved = await db.Deals.SingleAsync(d => d.Id == deal.Id);
        Assert.Equal((null, null, null), (saved.ClosedAt, saved.LostReasonId, saved.CloseComment));
    }

    [Fact]
    public async Task LostReasons_OnlyAdminsChange_DuplicatesRefused_OrderMoves()
    {
        var reasons = Db.Get<LostReasonService>();
        var admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
        Assert.Equal(ResultStatus.Forbidden, (await reasons.SaveAsync(null, new LostReasonInput("X"), Manager)).Status);
        var a = (await reasons.SaveAsync(null, new LostReasonInput("Too late"), admin)).Value!;
        var b = (await reasons.SaveAsync(null, new LostReasonInput("Competitor"), admin)).Value!;
        Assert.Equal(("Name", "LostReason.Exists"), (Assert.Single((await reasons.SaveAsync(null, new LostReasonInput("Too late"), admin)).Errors).Field, "LostReason.Exists"));

        await reasons.MoveAsync(b.Id, -1, admin);
        await reasons.SaveAsync(a.Id, new LostReasonInput("Too late", IsActive: false), admin);

        Assert.Equal(["Competitor"], (await reasons.ListAsync()).Select(r => r.Name));
        Assert.Equal(["Competitor", "Too late"], (await reasons.ListAsync(includeInactive: true)).Select(r => r.Name));
    }

    [Fact]
    public async Task UpdateAsync_ZeroDecimalCurrency_RefusesFractions()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Yen");
        var options = Db.Get<Microsoft.Extensions.Options.IOptions<CrmBlazor.Core.CrmOptions>>().Value;
        options.Currencies.Add("JPY");

        var result = await Db.Deals.UpdateAsync(deal.Id, deal.Version, new DealInput { Title = "Yen", Amount = 10.5m, Currency = "JPY", StageId = Pipeline.NewStageId }, Anna);

        Assert.Equal(("Amount", "Validation.MaxDecimals"), (Assert.Single(result.Errors).Field, result.Errors[0].MessageKey));
    }
}

public sealed class PostgresDealProductsTests(PostgresServer server) : DealProductsTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
