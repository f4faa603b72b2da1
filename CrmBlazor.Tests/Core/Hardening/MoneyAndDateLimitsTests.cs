using CrmBlazor.Core.Reports;

namespace CrmBlazor.Tests.Core.Hardening;

/// <summary>
/// Limits found in review (issue "Live and exact", hardening): a deal's amount from product lines is capped as a typed
/// amount is, sums of money never overflow the database (SQLite's SUM of 64-bit integers did past ~922 deals at the
/// largest amount, and the board and the funnel of that pipeline then failed), and typed dates have bounds.
/// </summary>
public class MoneyAndDateLimitsTests : CoreTest
{
    private static readonly DateTime Now = new(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);

    public MoneyAndDateLimitsTests() : base(new TestDatabase())
    {
    }

    protected MoneyAndDateLimitsTests(TestDatabase db) : base(db)
    {
    }

    private static ProductLineInput Line(string name, decimal qty, decimal price, decimal tax = 0) =>
        new() { Name = name, Unit = "pcs", Quantity = qty, UnitPrice = price, TaxRate = tax };

    [Fact]
    public async Task SaveProductsAsync_ALineOverTheLargestAmount_IsRefusedNextToThatLine()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Huge", amount: 5m);

        // 1,000,000 x 1,000,000,000 = 10^15, a thousand times the largest amount a deal may have.
        var result = await Db.Deals.SaveProductsAsync(new SaveDealProducts(deal.Id, deal.Version,
            [Line("Small", 1, 10m), Line("Huge", DealTotals.MaxQuantity, CatalogRules.MaxPrice)]), Anna);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("Lines[1].Quantity", "Deal.LineTotalTooLarge"), (error.Field, error.MessageKey));
        var board = (await Db.Boards.GetBoardAsync(Pipeline.PipelineId))!;
        Assert.Equal(5m, board.Columns[0].Totals.Single().Amount);
    }

    [Fact]
    public async Task SaveProductsAsync_LinesEachWithinButTogetherOverTheCap_AreRefusedAtTheLineThatCrossesIt()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Many", amount: 5m);
        var half = Line("Half", 1000, DealRules.MaxAmount / 2000m, tax: 0);

        var atCap = await Db.Deals.SaveProductsAsync(new SaveDealProducts(deal.Id, deal.Version, [half, half]), Anna);
        Assert.True(atCap.IsOk, string.Join(", ", atCap.Errors.Select(e => e.Field + " " + e.MessageKey)));
        Assert.Equal(DealRules.MaxAmount, atCap.Value!.Totals.Total);

        var over = await Db.Deals.SaveProductsAsync(new SaveDealProducts(deal.Id, atCap.Value.Version, [half, half, Line("Cent", 1, 0.01m)]), Anna);

        var error = Assert.Single(over.Errors);
        Assert.Equal(("Lines[2].Quantity", "Deal.LinesTotalTooLarge"), (error.Field, error.MessageKey));
    }

    [Fact]
    public async Task BoardFunnelAndReports_AThousandDealsAtTheLargestAmount_LoadWithExactSums()
    {
        Db.Clock.Now = Now;
        var reason = new LostReason { Name = "Price", Sort = 0 };
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            db.LostReasons.Add(reason);
            for (var i = 0; i < 1000; i++)
            {
                var (stage, closed) = (i % 4) switch
                {
                    0 or 1 => (Pipeline.NewStageId, false),
                    2 => (Pipeline.WonStageId, true),
                    _ => (Pipeline.LostStageId, true),
                };
                db.Deals.Add(new Deal
                {
                    Title = $"Max {i}", Amount = DealRules.MaxAmount, Currency = "PLN", PipelineId = Pipeline.PipelineId, StageId = stage,
                    Rank = $"r{i:D5}", ResponsibleUserId = Anna.UserId, StageEnteredAt = Now, ClosedAt = closed ? Now : null,
                    FurthestOpenStageSort = 0, LostReason = stage == Pipeline.LostStageId ? reason : null,
                });
            }
            await db.SaveChangesAsync();
        }
        var quarter = 250 * DealRules.MaxAmount;
        var filter = new ReportFilter(Pipeline.PipelineId, new PeriodFilter(PeriodKind.Custom, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)));

        var board = (await Db.Boards.GetBoardAsync(Pipeline.PipelineId))!;
        var funnel = (await Db.Get<FunnelService>().GetFunnelAsync(filter, Manager))!;
        var reports = Db.Get<ReportService>();
        var byUser = Assert.Single(await reports.GetResultsByUserAsync(filter, Manager));
        var won = Assert.Single(await reports.GetWonOverTimeAsync(filter, TimeBucket.Month, Manager));
        var lost = Assert.Single(await reports.GetLostReasonsAsync(filter, Manager), r => r.Count > 0);

        Assert.Equal(2 * quarter, board.Columns.Single(c => c.Stage.Id == Pipeline.NewStageId).Totals.Single().Amount);
        Assert.Equal(quarter, board.Columns.Single(c => c.Stage.Id == Pipeline.WonStageId).Totals.Single().Amount);
        Assert.Equal(quarter, funnel.LostAmounts.Single().Amount);
        Assert.Equal((quarter, quarter), (byUser.WonAmounts.Single().Amount, byUser.LostAmounts.Single().Amount));
        Assert.Equal(quarter, won.Amounts.Single().Amount);
        Assert.Equal(quarter, lost.Amounts.Single().Amount);
    }

    [Fact]
    public async Task BoardSums_AmountsWithCentsOverManyRows_AreExact()
    {
        // The two parts of the sum meet again exactly: odd amounts with cents, large and small.
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "A", amount: 999_999_999_999.99m);
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "B", amount: 0.01m);
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "C", amount: 429_496.73m);

        var board = (await Db.Boards.GetBoardAsync(Pipeline.PipelineId))!;

        Assert.Equal(999_999_999_999.99m + 0.01m + 429_496.73m, board.Columns[0].Totals.Single().Amount);
    }

    [Theory]
    [InlineData(1899, 12, 31)]
    [InlineData(2200, 1, 1)]
    public async Task ActivityDeadline_OutsideTheBounds_IsRefusedNextToTheField(int year, int month, int day)
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Call");
        var input = new ActivityInput
        {
            Type = ActivityType.Task, Subject = "Far", Deadline = new DateTime(year, month, day, 12, 0, 0, DateTimeKind.Utc),
        };

        var result = await Db.Get<ActivityService>().PlanAsync(ElementRef.Deal(deal.Id), input, Anna);

        var error = Assert.Single(result.Errors);
        Assert.Equal((nameof(ActivityInput.Deadline), "Validation.DateRange"), (error.Field, error.MessageKey));
    }

    [Fact]
    public async Task CloseDate_BeforeTheBounds_IsRefused()
    {
        Db.Clock.Now = Now;
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Old");

        var result = await Db.Deals.CloseAsync(new CloseDeal(deal.Id, deal.Version, Pipeline.WonStageId, FinalAmount: 1m, ClosedOn: new DateOnly(1899, 12, 31)), Anna);

        var error = Assert.Single(result.Errors);
        Assert.Equal((nameof(CloseDeal.ClosedOn), "Validation.DateRange"), (error.Field, error.MessageKey));
    }

    [Fact]
    public async Task Website_LongerOnceNormalised_IsRefusedAsTooLong()
    {
        // 295 characters typed; with "https://" in front it is 303, over the column's 300.
        var site = "example.com/" + new string('a', 283);
        var result = await Db.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput { Name = "Long site", Website = site }, Anna);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("Website", "Validation.MaxLength"), (error.Field, error.MessageKey));
    }
}

public sealed class PostgresMoneyAndDateLimitsTests(PostgresServer server) : MoneyAndDateLimitsTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
