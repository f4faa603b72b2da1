namespace CrmBlazor.Tests.Core.Common;

public class CurrencyDecimalsTests
{
    [Theory]
    [InlineData("JPY")]
    [InlineData("KRW")]
    [InlineData("ISK")]
    [InlineData("CLP")]
    [InlineData("VND")]
    [InlineData("PYG")]
    [InlineData("UGX")]
    [InlineData("XAF")]
    [InlineData("XOF")]
    [InlineData("HUF")]   // ISO says 2, but forints are invoiced whole
    public void ZeroDecimalCurrency_RoundsAndFitsWholeUnits(string currency)
    {
        Assert.Equal(0, CurrencyDecimals.Of(currency));
        Assert.Equal(0, CurrencyDecimals.Of(currency.ToLowerInvariant()));
        Assert.Equal(1235m, CurrencyDecimals.Round(1234.5m, currency));
        Assert.True(CurrencyDecimals.Fits(1234m, currency));
        Assert.False(CurrencyDecimals.Fits(1234.5m, currency));
    }

    [Theory]
    [InlineData("BHD")]
    [InlineData("KWD")]
    [InlineData("OMR")]
    [InlineData("JOD")]
    [InlineData("TND")]
    [InlineData("IQD")]
    [InlineData("LYD")]
    public void ThreeDecimalCurrency_RoundsAndFitsThousandths(string currency)
    {
        Assert.Equal(3, CurrencyDecimals.Of(currency));
        Assert.Equal(3, CurrencyDecimals.Of(currency.ToLowerInvariant()));
        Assert.Equal(1.235m, CurrencyDecimals.Round(1.2345m, currency));
        Assert.True(CurrencyDecimals.Fits(1.234m, currency));
        Assert.False(CurrencyDecimals.Fits(1.2345m, currency));
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
