using CrmBlazor.Components.Pages.Deals;

namespace CrmBlazor.Tests.Components.Deals;

/// <summary>The deal board's and list's filters in their address: a link, a reload and a saved view give the same deals.</summary>
public sealed class DealFilterQueryTests
{
    private static readonly CustomFieldView Size = new(3, 1, ElementKind.Deal, "UF_SIZE", CustomFieldType.List, "Size", "Rozmiar", null, false, false, null, 0, true,
        [new CustomFieldOptionView(7, "Small", false), new CustomFieldOptionView(8, "Large", false)]);
    private static readonly CustomFieldView Seats = new(4, 1, ElementKind.Deal, "UF_SEATS", CustomFieldType.Number, "Seats", "Miejsca", null, false, false, null, 1, false, []);
    private static readonly CustomFieldView Signed = new(5, 1, ElementKind.Deal, "UF_SIGNED", CustomFieldType.Date, "Signed", "Podpisano", null, false, false, null, 2, false, []);
    private static readonly CustomFieldView Vip = new(6, 1, ElementKind.Deal, "UF_VIP", CustomFieldType.YesNo, "VIP", "VIP", null, false, false, null, 3, false, []);
    private static readonly CustomFieldView Call = new(9, 1, ElementKind.Deal, "UF_CALL", CustomFieldType.DateTime, "Call", "Rozmowa", null, false, false, null, 4, false, []);
    private static readonly CustomFieldView[] Fields = [Size, Seats, Signed, Vip, Call];
    private static readonly TimeZoneInfo Warsaw = CrmTime.FindZone("Europe/Warsaw");

    [Fact]
    public void Path_ThenParse_GivesTheSameFilter_CustomFieldsIncluded()
    {
        var filter = new DealFilter
        {
            Search = "crane",
            Mine = true,
            AmountFrom = 100.5m,
            CreatedFrom = new DateOnly(2026, 11, 1),
            Activity = DealActivityFilter.Overdue,
            Custom = new CustomFilterSet(CustomFieldFilterText.Filters(Fields, new Dictionary<int, string?>
            {
                [Size.Id] = "8", [Seats.Id] = "10..", [Signed.Id] = "2026-11-01..2026-11-30", [Vip.Id] = "no", [Call.Id] = "2026-12-01..2026-12-01",
            }, Warsaw)),
        };

        var path = DealFilterQuery.Path(DealFilterQuery.ListPath, 2, filter, ("sort", "amount"));
        var parsed = DealFilterQuery.Parse("http://crm.test" + path, Fields, Warsaw);

        Assert.StartsWith("/deals/list?", path);
        Assert.Contains("cf3=8", path);
        Assert.Contains("cf5=2026-11-01..2026-11-30", path);
        Assert.Equal(filter, parsed);
        Assert.Contains("cf9=2026-12-01..2026-12-01", path);
        Assert.Equal(5, parsed.Custom.Count);
        // A date field's days are days; a date-and-time field's are the team's (Warsaw: UTC+1 in December).
        Assert.Equal(new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), parsed.Custom.Single(f => f.FieldId == Signed.Id).DateTo);
        var call = parsed.Custom.Single(f => f.FieldId == Call.Id);
        Assert.Equal((new DateTime(2026, 11, 30, 23, 0, 0), new DateTime(2026, 12, 1, 23, 0, 0)), (call.DateFrom, call.DateTo));
    }

    [Fact]
    public void Parse_LeavesOutWhatItCannotRead()
    {
        // An option the field does not have, a field that is gone, text that is no number: no filter, never an error.
        var parsed = DealFilterQuery.Parse("http://crm.test/deals?cf3=99&cf42=1&cf4=many&cf6=yes", Fields, Warsaw);

        Assert.Equal(new DealFilter { Custom = new CustomFilterSet([new CustomFieldFilter(Vip.Id) { Flag = true }]) }, parsed);
        Assert.True(DealFilterQuery.Parse("http://crm.test/deals?cf3=8", [], Warsaw).IsEmpty);
    }
}
