namespace CrmBlazor.Tests.Core.Common;

public class CurrencyDecimalsTests
{
    [Theory]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("ISK", 0)]
    [InlineData("CLP", 0)]
    [InlineData("VND", 0)]
    [InlineData("PYG", 0)]
    [InlineData("UGX", 0)]
    [InlineData("XAF", 0)]
    [InlineData("XOF", 0)]
    [InlineData("HUF", 0)]   // ISO says 2, but forints are invoiced whole
    [InlineData("BHD", 3)]
    [InlineData("KWD", 3)]
    [InlineData("OMR", 3)]
    [InlineData("JOD", 3)]
    [InlineData("TND", 3)]
    [InlineData("IQD", 3)]
    [InlineData("LYD", 3)]
    public void ZeroOrThreeDecimalCurrency_RoundsAndFitsItsSmallestUnit(string currency, int decimals)
    {
        var unit = decimals == 0 ? 1m : 0.001m;
        var wholeUnits = 1234m * unit;
        var halfUnitMore = wholeUnits + unit / 2;
        Assert.Equal(decimals, CurrencyDecimals.Of(currency));
        Assert.Equal(decimals, CurrencyDecimals.Of(currency.ToLowerInvariant()));
        Assert.Equal(wholeUnits + unit, CurrencyDecimals.Round(halfUnitMore, currency));
        Assert.True(CurrencyDecimals.Fits(wholeUnits, currency));
        Assert.False(CurrencyDecimals.Fits(halfUnitMore, currency));
    }

    [Theory]
    [InlineData("PLN")]
    [InlineData("EUR")]
    [InlineData("USD")]
    [InlineData("XYZ")]   // unknown codes too
    [InlineData("")]
    [InlineData(null)]
    public void OtherCurrency_HasTwoDecimals(string? currency)
    {
        Assert.Equal(2, CurrencyDecimals.Of(currency));
        Assert.Equal(0.13m, CurrencyDecimals.Round(0.125m, currency));
        Assert.True(CurrencyDecimals.Fits(0.12m, currency));
        Assert.False(CurrencyDecimals.Fits(0.125m, currency));
    }

    [Theory]
    [InlineData(2.5, 3)]
    [InlineData(-2.5, -3)]
    [InlineData(3.5, 4)]
    public void Round_Midpoint_GoesAwayFromZero_NotToEven(decimal amount, decimal expected)
    {
        Assert.Equal(expected, CurrencyDecimals.Round(amount, "JPY"));
    }
}
