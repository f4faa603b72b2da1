using System.Globalization;
using CrmBlazor.Components.Elements;

namespace CrmBlazor.Tests.Components;

public sealed class StoredMoneyTests
{
    [Theory]
    [InlineData("pl", "2653.48 PLN", "2 653,48 PLN")]
    [InlineData("en", "2653.48 PLN", "2,653.48 PLN")]
    [InlineData("pl", "1500 JPY", "1 500 JPY")]
    [InlineData("pl", "-12.345 KWD", "-12,345 KWD")]
    [InlineData("pl", "Price too high", "Price too high")]
    [InlineData("pl", "12.5", "12.5")]
    public void Show_StoredMoney_InTheReadersCulture(string culture, string stored, string shown)
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            // .NET's Polish group separator is a no-break space.
            Assert.Equal(shown, StoredMoney.Show(stored)?.Replace('\u00A0', ' '));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
