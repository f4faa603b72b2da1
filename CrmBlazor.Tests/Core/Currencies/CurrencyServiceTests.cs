using CrmBlazor.Core.Reports;

namespace CrmBlazor.Tests.Core.Currencies;

/// <summary>
/// Currencies and rates (decision 029) on a database set up from the configured PLN (base), EUR, USD. The test clock's
/// today is 2 November 2026.
/// </summary>
public class CurrencyServiceTests : CoreTest
{
    private static readonly DateOnly Today = new(2026, 11, 2);

    public CurrencyServiceTests() : base(new TestDatabase())
    {
    }

    protected CurrencyServiceTests(TestDatabase db) : base(db)
    {
    }

    private Actor Admin { get; set; } = default!;
    private CurrencyService Currencies => Db.Get<CurrencyService>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
    }

    private async Task<CurrencyView> CurrencyAsync(string code) => (await Currencies.ListAsync()).Single(c => c.Code == code);

    private async Task<ExchangeRateView> RateAsync(string code, DateOnly day, decimal rate)
    {
        var result = await Currencies.SaveRateAsync((await CurrencyAsync(code)).Id, null, null, new ExchangeRateInput { ValidFrom = day, Rate = rate }, Admin);
        Assert.True(result.IsOk, string.Join(", ", result.Errors.Select(e => e.Field + " " + e.MessageKey)));
        return result.Value!;
    }

    [Fact]
    public async Task ListAsync_NewDatabase_TakesTheConfiguredCurrencies_FirstAsBase()
    {
        var list = await Currencies.ListAsync();

        Assert.Equal(["PLN", "EUR", "USD"], list.Select(c => c.Code));
        Assert.True(list[0].IsBase);
        Assert.All(list, c => Assert.Equal(2, c.Decimals));
    }

    [Theory]
    [InlineData("eur", "Currency.Exists")]
    [InlineData("EU", "Currency.BadCode")]
    [InlineData("E1R", "Currency.BadCode")]
    [InlineData("", "Currency.BadCode")]
    public async Task SaveAsync_DuplicateOrBadCode_RefusedNextToTheCode(string code, string expected)
    {
        var result = await Currencies.SaveAsync(null, null, new CurrencyInput { Code = code }, Admin);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal((nameof(CurrencyInput.Code), expected), (result.Errors.Single().Field, result.Errors.Single().MessageKey));
    }

    [Fact]
    public async Task SaveAsync_NewCurrency_AddedWithItsDecimals_AndEveryonesPagesHear()
    {
        using var events = new EventLog(Db.Live);

        var result = await Currencies.SaveAsync(null, null, new CurrencyInput { Code = " jpy ", Decimals = 0 }, Admin);

        Assert.True(result.IsOk);
        var jpy = await CurrencyAsync("JPY");
        Assert.Equal((0, true, false), (jpy.Decimals, jpy.IsActive, jpy.IsBase));
        var change = Assert.IsType<CurrenciesChanged>(Assert.Single(events.Events));
        Assert.Same(change, AccessPolicy.Shown(change, Anna));
    }

    [Fact]
    public async Task SaveAsync_BadDecimalsOrBaseDeactivated_RefusedNextToTheField()
    {
        var pln = await CurrencyAsync("PLN");

        var result = await Currencies.SaveAsync(pln.Id, pln.Version, new CurrencyInput { Code = "PLN", Decimals = 5, IsActive = false }, Admin);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(["Decimals", "IsActive"], result.Errors.Select(e => e.Field).Order());
    }

    [Fact]
    public async Task SalesUser_MayNotChangeCurrenciesOrRates()
    {
        var eur = await CurrencyAsync("EUR");

        Assert.Equal(ResultStatus.Forbidden, (await Currencies.SaveAsync(null, null, new CurrencyInput { Code = "CHF" }, Anna)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Currencies.SaveRateAsync(eur.Id, null, null, new ExchangeRateInput { ValidFrom = Today, Rate = 4m }, Anna)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Currencies.ImportRatesAsync("EUR;2026-11-02;4", Anna)).Status);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-4.25")]
    [InlineData("4.123456789")]
    [InlineData("1000001")]
    public async Task SaveRateAsync_ZeroNegativeOrTooPrecise_RefusedNextToTheRate(string rate)
    {
        var eur = await CurrencyAsync("EUR");

        var result = await Currencies.SaveRateAsync(eur.Id, null, null, new ExchangeRateInput { ValidFrom = Today, Rate = decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture) }, Admin);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(nameof(ExchangeRateInput.Rate), result.Errors.Single().Field);
        Assert.Empty(await Currencies.RatesOfAsync(eur.Id));
    }

    [Fact]
    public async Task SaveRateAsync_SecondRateOfTheSameDayOrARateOfTheBase_Refused()
    {
        await RateAsync("EUR", Today, 4.25m);
        var eur = await CurrencyAsync("EUR");
        var pln = await CurrencyAsync("PLN");

        var same = await Currencies.SaveRateAsync(eur.Id, null, null, new ExchangeRateInput { ValidFrom = Today, Rate = 4.3m }, Admin);
        var ofBase = await Currencies.SaveRateAsync(pln.Id, null, null, new ExchangeRateInput { ValidFrom = Today, Rate = 1.1m }, Admin);

        Assert.Equal(("ValidFrom", "Currency.RateExists"), (same.Errors.Single().Field, same.Errors.Single().MessageKey));
        Assert.Equal("Currency.BaseHasNoRate", ofBase.Errors.Single().MessageKey);
    }

    [Fact]
    public async Task SaveRateAsync_TwoAdminsEditOneRate_TheSecondIsTold_AndTheFirstValueStays()
    {
        var read = await RateAsync("EUR", Today, 4.25m);
        var other = await Db.AddUserAsync("Olga", CrmRoles.Admin);

        var first = await Currencies.SaveRateAsync(read.CurrencyId, read.Id, read.Version, new ExchangeRateInput { ValidFrom = Today, Rate = 4.30m }, Admin);
        var second = await Currencies.SaveRateAsync(read.CurrencyId, read.Id, read.Version, new ExchangeRateInput { ValidFrom = Today, Rate = 4.10m }, other);
        var delete = await Currencies.DeleteRateAsync(read.Id, read.Version, other);

        Assert.True(first.IsOk);
        Assert.Equal(ResultStatus.Conflict, second.Status);
        Assert.Equal("Currency.RateConflict", second.MessageKey);
        Assert.Equal(ResultStatus.Conflict, delete.Status);
        Assert.Equal(4.30m, (await Currencies.RatesOfAsync(read.CurrencyId)).Single().Rate);
    }

    [Fact]
    public async Task RatesAsync_TakesTheLatestRateOnOrBeforeToday_KeepingEightDecimals()
    {
        await RateAsync("EUR", Today.AddDays(-10), 4.1m);
        await RateAsync("EUR", Today, 4.28171234m);
        await RateAsync("EUR", Today.AddDays(1), 9m);

        var rates = await Currencies.RatesAsync();

        Assert.Equal(4.28171234m, rates.RateOf("EUR"));
        Assert.Null(rates.RateOf("USD"));
        Assert.Equal(1m, rates.RateOf("PLN"));
    }

    [Fact]
    public async Task Board_DealsInThreeCurrencies_ColumnTotalInTheBaseAtTodaysRate_WithTheMissingRateNamed()
    {
        await RateAsync("EUR", Today, 4.25m);
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Euro deal", 1000m, "EUR");
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Zloty deal", 500m, "PLN");
        await Db.AddDealAsync(Anna, Pipeline.ProposalStageId, "Dollar deal", 10m, "USD");

        var board = (await Db.Boards.GetBoardAsync(Pipeline.PipelineId, Anna))!;
        var rates = board.Rates!;
        var newColumn = board.Columns.Single(c => c.Stage.Id == Pipeline.NewStageId);
        var proposal = board.Columns.Single(c => c.Stage.Id == Pipeline.ProposalStageId);

        Assert.Equal(new BaseTotal("PLN", 4750m, []), rates.ToBase(newColumn.Totals) with { MissingRates = [] });
        Assert.True(rates.ToBase(newColumn.Totals).IsComplete);
        Assert.Equal(["USD"], rates.ToBase(proposal.Totals).MissingRates);
        Assert.True(rates.NeedsBaseTotal(newColumn.Totals));
    }

    [Fact]
    public async Task Funnel_AmountsConvertToTheBase()
    {
        await RateAsync("EUR", Today, 4m);
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Euro deal", 100m, "EUR");
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Zloty deal", 50m, "PLN");

        var funnel = (await Db.Get<FunnelService>().GetFunnelAsync(new ReportFilter(Pipeline.PipelineId, new PeriodFilter(PeriodKind.ThisYear)), Manager))!;
        var rates = await Currencies.RatesAsync();

        Assert.Equal(450m, rates.ToBase(funnel.Steps[0].Amounts).Amount);
    }

    [Fact]
    public async Task Convert_CatalogPriceInAnotherCurrency_ConvertsThroughTheBase_RoundedToTheTargetsDecimals()
    {
        await Currencies.SaveAsync(null, null, new CurrencyInput { Code = "JPY", Decimals = 0 }, Admin);
        await RateAsync("EUR", Today, 4.25m);
        await RateAsync("USD", Today, 3.9m);
        await RateAsync("JPY", Today, 0.0265m);

        var rates = await Currencies.RatesAsync();

        Assert.Equal(108.97m, rates.Convert(100m, "EUR", "USD"));   // 425 PLN / 3.9
        Assert.Equal(425m, rates.Convert(100m, "EUR", "PLN"));
        Assert.Equal(16038m, rates.Convert(100m, "EUR", "JPY"));    // 425 / 0.0265 = 16037.7
        Assert.Null(CurrencyRates.FromOptions(["PLN", "EUR"], Today).Convert(1m, "EUR", "PLN"));
    }

    [Fact]
    public async Task Deals_InactiveCurrency_RefusedForANewDeal_KeptByOneThatHasIt()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Dollar deal", 10m, "USD");
        var usd = await CurrencyAsync("USD");
        Assert.True((await Currencies.SaveAsync(usd.Id, usd.Version, new CurrencyInput { Code = "USD", Decimals = 2, IsActive = false }, Admin)).IsOk);

        var created = await Db.Deals.CreateAsync(new DealInput { Title = "New dollar deal", Amount = 5m, Currency = "USD", StageId = Pipeline.NewStageId }, Anna);
        var edited = await Db.Deals.UpdateAsync(deal.Id, deal.Version, new DealInput { Title = "Dollar deal, renamed", Amount = 10m, Currency = "USD", StageId = Pipeline.NewStageId }, Anna);

        Assert.Equal(ResultStatus.Invalid, created.Status);
        Assert.Contains(created.Errors, e => e.Field == nameof(DealInput.Currency));
        Assert.True(edited.IsOk, string.Join(", ", edited.Errors.Select(e => e.Field + " " + e.MessageKey)));
        Assert.DoesNotContain("USD", await Currencies.ActiveCodesAsync());
    }

    [Fact]
    public async Task SetBaseAsync_WithRates_Refused_WithoutRates_MovesTheBase()
    {
        await RateAsync("EUR", Today, 4.25m);
        var eur = await CurrencyAsync("EUR");

        var refused = await Currencies.SetBaseAsync(eur.Id, Admin);
        var rate = (await Currencies.RatesOfAsync(eur.Id)).Single();
        await Currencies.DeleteRateAsync(rate.Id, rate.Version, Admin);
        var done = await Currencies.SetBaseAsync(eur.Id, Admin);

        Assert.Equal("Currency.BaseHasRates", refused.Errors.Single().MessageKey);
        Assert.True(done.IsOk);
        Assert.Equal("EUR", (await Currencies.RatesAsync()).BaseCode);
        Assert.Equal(["EUR"], (await Currencies.ListAsync()).Where(c => c.IsBase).Select(c => c.Code));
    }

    [Fact]
    public async Task ImportRatesAsync_GoodFile_AddsAndReplacesRatesOfTheSameDay()
    {
        await RateAsync("EUR", Today, 4.25m);

        var result = await Currencies.ImportRatesAsync("code;date;rate\r\nEUR;2026-11-02;4,2817\nusd;2026-11-02;3.95\n\nEUR;2026-11-01;4.2\n", Admin);

        Assert.True(result.IsOk, string.Join(", ", result.Errors.Select(e => e.Field + " " + e.MessageKey)));
        Assert.Equal((2, 1), (result.Value!.Added, result.Value.Replaced));
        var rates = await Currencies.RatesAsync();
        Assert.Equal((4.2817m, 3.95m), (rates.RateOf("EUR"), rates.RateOf("USD")));
    }

    [Fact]
    public async Task ImportRatesAsync_BadLines_SaveNothing_AndNameEachLine()
    {
        var result = await Currencies.ImportRatesAsync("EUR;2026-11-02;4.25\nXXX;2026-11-02;1\nUSD;02.11.2026;3.9\nUSD;2026-11-02;0\nPLN;2026-11-02;1\nEUR;2026-11-03", Admin);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(
            [("Line2", "Currency.ImportUnknown"), ("Line3", "Currency.ImportDate"), ("Line4", "Currency.ImportRate"), ("Line5", "Currency.ImportBase"), ("Line6", "Currency.ImportCells")],
            result.Errors.Select(e => (e.Field, e.MessageKey)));
        Assert.Null((await Currencies.RatesAsync()).RateOf("EUR"));
    }
}

public sealed class PostgresCurrencyServiceTests(PostgresServer server)
    : CurrencyServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
