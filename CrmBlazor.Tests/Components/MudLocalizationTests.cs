using System.Globalization;
using Bunit;
using MudBlazor;

namespace CrmBlazor.Tests.Components;

/// <summary>MudBlazor's own strings (the pager, "Required") come from our tables in the user's language.</summary>
public sealed class MudLocalizationTests : CrmComponentTest
{
    private readonly CultureInfo _culture = CultureInfo.CurrentUICulture;

    [Theory]
    [InlineData("pl", "Wierszy na stronę:", "1–3 z 3")]
    [InlineData("en", "Rows per page:", "1-3 of 3")]
    public void DataGridPager_SaysRowsPerPageAndTheRangeInTheUsersLanguage(string culture, string rowsPerPage, string range)
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);

        var grid = Context.Render<MudDataGrid<int>>(p => p
            .Add(g => g.Items, [1, 2, 3])
            .Add(g => g.Columns, b => { b.OpenComponent<PropertyColumn<int, int>>(0); b.AddAttribute(1, "Property", (System.Linq.Expressions.Expression<Func<int, int>>)(i => i)); b.CloseComponent(); })
            .Add(g => g.PagerContent, b => { b.OpenComponent<MudDataGridPager<int>>(0); b.CloseComponent(); }));

        Assert.Contains(rowsPerPage, grid.Markup, StringComparison.Ordinal);
        Assert.Contains(range, grid.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequiredField_LeftEmpty_SaysWymaganeInPolish()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("pl");
        var field = Context.Render<MudTextField<string>>(p => p.Add(f => f.Required, true));

        await field.InvokeAsync(() => field.Instance.ValidateAsync());

        field.WaitForAssertion(() => Assert.Contains("Wymagane", field.Markup, StringComparison.Ordinal));
    }

    public override async Task DisposeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = _culture;
        await base.DisposeAsync();
    }
}
