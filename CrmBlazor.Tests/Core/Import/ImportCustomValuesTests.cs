using CrmBlazor.Core.Import;

namespace CrmBlazor.Tests.Core.Import;

/// <summary>A file's date-and-time cells: the team's wall-clock time unless the cell says its offset (as exports write them, decision 017).</summary>
public sealed class ImportCustomValuesTests
{
    private static readonly CustomFieldView Call = new(1, 1, ElementKind.Lead, "UF_CALL", CustomFieldType.DateTime, "Call", "Rozmowa", null, false, false, null, 0, false, []);
    private static readonly TimeZoneInfo Warsaw = CrmTime.FindZone("Europe/Warsaw");

    [Theory]
    [InlineData("2026-12-02 00:30", 2026, 12, 1, 23, 30)] // Warsaw's winter time, UTC+1
    [InlineData("2026-07-02 00:30", 2026, 7, 1, 22, 30)] // summer time, UTC+2
    [InlineData("2026-12-02T00:30:00Z", 2026, 12, 2, 0, 30)] // said to be UTC
    [InlineData("2026-12-02T00:30:00+03:00", 2026, 12, 1, 21, 30)] // its own offset
    public void DateTimeCell_IsTheTeamsTimeUnlessItSaysItsOffset(string cell, int year, int month, int day, int hour, int minute)
    {
        var value = ImportCustomValues.Parse(Call, cell, "PLN", Warsaw);

        Assert.NotNull(value);
        Assert.Equal(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Utc), value.Date);
        Assert.Equal(DateTimeKind.Utc, value.Date!.Value.Kind);
    }

    [Fact]
    public void DateTimeCell_ThatIsNoTime_IsNoValue() => Assert.Null(ImportCustomValues.Parse(Call, "next week", "PLN", Warsaw));
}
