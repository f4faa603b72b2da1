namespace CrmBlazor.Tests.Core.Deals;

public sealed class DealTotalsTests
{
    private static ProductLineInput Line(decimal qty, decimal price, decimal tax = 23, DiscountKind kind = DiscountKind.Percent, decimal discount = 0) =>
        new() { Name = "Item", Unit = "pcs", Quantity = qty, UnitPrice = price, TaxRate = tax, DiscountKind = kind, DiscountValue = discount };

    [Fact]
    public void Compute_PercentAndAmountDiscountsWithMixedVat_SumsWhatEachLineShows()
    {
        var totals = DealTotals.Compute(
        [
            Line(3, 1_188.00m, 23, DiscountKind.Percent, 10),   // gross 3564.00, discount 356.40, net 3207.60, tax 737.75 (737.748)
            Line(2, 85.00m, 8, DiscountKind.Amount, 20),         // gross 170.00, discount 20.00, net 150.00, tax 12.00
            Line(1, 59.90m, 0),                                  // gross 59.90, no tax
        ], "PLN");

        Assert.Equal(new LineTotal(3564.00m, 356.40m, 3207.60m, 737.75m, 3945.35m), totals.Lines[0]);
        Assert.Equal(new LineTotal(170.00m, 20.00m, 150.00m, 12.00m, 162.00m), totals.Lines[1]);
        Assert.Equal(new LineTotal(59.90m, 0m, 59.90m, 0m, 59.90m), totals.Lines[2]);
        Assert.Equal((3793.90m, 376.40m, 3417.50m, 749.75m, 4167.25m), (totals.Subtotal, totals.Discount, totals.Net, totals.Tax, totals.Total));
    }

    [Theory]
    [InlineData(0.5, 0.01, 23, 0.01, 0.00)]      // 0.005 → 0.01 (half away from zero); tax 0.0023 → 0.00
    [InlineData(1, 0.5, 23, 0.50, 0.12)]         // tax 0.115 → 0.12
    [InlineData(1, 2.5, 23, 2.50, 0.58)]         // tax 0.575 → 0.58, not banker's 0.58/0.57
    [InlineData(3, 33.333, 8, 100.00, 8.00)]     // 99.999 → 100.00
    public void Line_MidpointsAndLongPrices_RoundHalfAwayFromZeroToCents(decimal qty, decimal price, decimal tax, decimal expectedNet, decimal expectedTax)
    {
        var line = DealTotals.Line(Line(qty, price, tax), "PLN");

        Assert.Equal((expectedNet, expectedTax), (line.Net, line.Tax));
    }

    [Fact]
    public void Compute_ZeroDecimalCurrency_RoundsEveryStepToWholeUnits()
    {
        var totals = DealTotals.Compute([Line(3, 333.5m, 10, DiscountKind.Percent, 5), Line(1, 1001m, 8)], "JPY");

        // 1000.5 → 1001; discount 50.05 → 50; net 951; tax 95.1 → 95.  1001; tax 80.08 → 80.
        Assert.Equal(new LineTotal(1001m, 50m, 951m, 95m, 1046m), totals.Lines[0]);
        Assert.Equal(new LineTotal(1001m, 0m, 1001m, 80m, 1081m), totals.Lines[1]);
        Assert.Equal(2127m, totals.Total);
        Assert.Equal(0, CurrencyDecimals.Of("HUF"));
        Assert.Equal(3, CurrencyDecimals.Of("KWD"));
        Assert.Equal(2, CurrencyDecimals.Of("PLN"));
    }

    [Fact]
    public void Validate_BadCells_NamesTheRowAndField()
    {
        var errors = DealTotals.Validate(
        [
            Line(1, 10),
            Line(0, 10) with { Name = "" },
            Line(2, -1, tax: 123),
            Line(1, 10, 23, DiscountKind.Amount, 10.01m),
            Line(1, 10, 23, DiscountKind.Percent, 101),
            Line(1, 10, 23, DiscountKind.Amount, 0.5m),
        ], "JPY");

        Assert.Equal(
            [
                ("Lines[1].Name", "Validation.Required"), ("Lines[1].Quantity", "Validation.Positive"),
                ("Lines[2].UnitPrice", "Validation.NotNegative"), ("Lines[2].TaxRate", "Validation.Percent"),
                ("Lines[3].DiscountValue", "Validation.MaxDecimals"), ("Lines[4].DiscountValue", "Validation.Percent"),
                ("Lines[5].DiscountValue", "Validation.MaxDecimals"),
            ],
            errors.Select(e => (e.Field, e.MessageKey)).ToArray());
    }

    [Fact]
    public void Validate_AmountDiscountOverTheLine_IsRefused()
    {
        var errors = DealTotals.Validate([Line(2, 10, 23, DiscountKind.Amount, 20.01m)], "PLN");

        Assert.Equal(("Lines[0].DiscountValue", "Deal.DiscountOverLine"), (Assert.Single(errors).Field, errors[0].MessageKey));
    }

    // The limits below are tested at the limit (accepted) and one step past it (refused), so that a limit moved by
    // one step either way is caught.

    [Theory]
    [InlineData(0.001, null)]                 // the smallest quantity with three decimals
    [InlineData(0, "Validation.Positive")]
    [InlineData(-1, "Validation.Positive")]
    [InlineData(1_000_000, null)]             // DealTotals.MaxQuantity
    [InlineData(1_000_000.001, "Validation.TooLarge")]
    [InlineData(1.0005, "Validation.MaxDecimals")]
    public void Validate_Quantity_AcceptsUpToTheLimitWithThreeDecimals(decimal quantity, string? error)
    {
        var errors = DealTotals.Validate([Line(quantity, 1)], "PLN");

        Assert.Equal(error is null ? [] : [("Lines[0].Quantity", error)], errors.Select(e => (e.Field, e.MessageKey)).ToArray());
    }

    [Theory]
    [InlineData(0, null)]                     // a free item is a valid line
    [InlineData(-0.0001, "Validation.NotNegative")]
    [InlineData(1_000_000_000, null)]         // CatalogRules.MaxPrice
    [InlineData(1_000_000_000.0001, "Validation.TooLarge")]
    [InlineData(0.0001, null)]
    [InlineData(0.00005, "Validation.MaxDecimals")]
    public void Validate_UnitPrice_AcceptsZeroUpToTheLimitWithFourDecimals(decimal price, string? error)
    {
        var errors = DealTotals.Validate([Line(1, price)], "PLN");

        Assert.Equal(error is null ? [] : [("Lines[0].UnitPrice", error)], errors.Select(e => (e.Field, e.MessageKey)).ToArray());
    }

    [Fact]
    public void Validate_TooPreciseNumbers_CarryTheirDecimalsForTheMessage()
    {
        var errors = DealTotals.Validate([Line(1.0005m, 0.00005m)], "PLN");

        Assert.Equal(
            [("Lines[0].Quantity", "Validation.MaxDecimals", 3), ("Lines[0].UnitPrice", "Validation.MaxDecimals", 4)],
            errors.Select(e => (e.Field, e.MessageKey, (int)Assert.Single(e.Args))).ToArray());
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(23, true)]
    [InlineData(100, true)]
    [InlineData(-0.01, false)]
    [InlineData(100.01, false)]
    [InlineData(22.995, false)]
    public void Validate_TaxRate_IsAPercentFromZeroToHundredWithTwoDecimals(decimal rate, bool valid)
    {
        var errors = DealTotals.Validate([Line(1, 10, rate)], "PLN");

        Assert.Equal(valid ? [] : [("Lines[0].TaxRate", "Validation.Percent")], errors.Select(e => (e.Field, e.MessageKey)).ToArray());
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(10, true)]
    [InlineData(100, true)]
    [InlineData(-0.01, false)]
    [InlineData(100.01, false)]
    [InlineData(12.345, false)]
    public void Validate_PercentDiscount_IsFromZeroToHundredWithTwoDecimals(decimal percent, bool valid)
    {
        var errors = DealTotals.Validate([Line(1, 10, 23, DiscountKind.Percent, percent)], "PLN");

        Assert.Equal(valid ? [] : [("Lines[0].DiscountValue", "Validation.Percent")], errors.Select(e => (e.Field, e.MessageKey)).ToArray());
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(-0.01, "Validation.NotNegative")]
    [InlineData(20, null)]                    // exactly the whole line (2 × 10.00)
    [InlineData(20.01, "Deal.DiscountOverLine")]
    public void Validate_AmountDiscount_IsFromZeroUpToTheWholeLine(decimal amount, string? error)
    {
        var errors = DealTotals.Validate([Line(2, 10, 23, DiscountKind.Amount, amount)], "PLN");

        Assert.Equal(error is null ? [] : [("Lines[0].DiscountValue", error)], errors.Select(e => (e.Field, e.MessageKey)).ToArray());
    }

    [Fact]
    public void Validate_AmountDiscountOnAFreeItem_IsOverTheLine()
    {
        var errors = DealTotals.Validate([Line(3, 0, 23, DiscountKind.Amount, 0.01m)], "PLN");

        Assert.Equal(("Lines[0].DiscountValue", "Deal.DiscountOverLine"), (Assert.Single(errors).Field, errors[0].MessageKey));
    }

    [Fact]
    public void Validate_AmountDiscountOnABadQuantity_ReportsOnlyTheQuantity()
    {
        // With no valid quantity there is no line value to compare the discount with.
        var errors = DealTotals.Validate([Line(0, 10, 23, DiscountKind.Amount, 5)], "PLN");

        Assert.Equal(("Lines[0].Quantity", "Validation.Positive"), (Assert.Single(errors).Field, errors[0].MessageKey));
    }

    [Fact]
    public void Validate_LineCount_AcceptsTheLimitAndRefusesOneMore()
    {
        var atLimit = Enumerable.Repeat(Line(1, 10), DealRules.MaxProductLines).ToList();

        var accepted = DealTotals.Validate(atLimit, "PLN");
        var refused = DealTotals.Validate([.. atLimit, Line(1, 10)], "PLN");

        Assert.Empty(accepted);
        var error = Assert.Single(refused);
        Assert.Equal(("Lines", "Validation.TooMany", DealRules.MaxProductLines), (error.Field, error.MessageKey, (int)Assert.Single(error.Args)));
    }

    [Fact]
    public void Validate_NewEmptyLine_NeedsANameAndAUnit()
    {
        var errors = DealTotals.Validate([new ProductLineInput()], "PLN");

        Assert.Equal(
            [("Lines[0].Name", "Validation.Required"), ("Lines[0].Unit", "Validation.Required")],
            errors.Select(e => (e.Field, e.MessageKey)).ToArray());
    }
}
