namespace CrmBlazor.Tests.Core.Common;

/// <summary>Every text search ignores case and takes <c>%</c>, <c>_</c> and <c>\</c> literally, on SQLite and PostgreSQL.</summary>
public class TextSearchTests(TestDatabase? db = null) : CoreTest(db)
{
    [Fact]
    public void Contains_Wildcards_AreEscapedAndLowerCased() =>
        Assert.Equal(@"%a\_b\%\\x%", TextSearch.Contains(@" A_b%\X "));

    [Theory]
    [InlineData("50%", new[] { "Rabat 50% sp. z o.o." })]
    [InlineData("a_b", new[] { "a_b Studio" })]
    [InlineData(@"c\d", new[] { @"c\d Media" })]
    [InlineData("RABAT", new[] { "Rabat 50% sp. z o.o.", "Rabat 500" })]
    [InlineData("łÓDŹ", new[] { "Łódź Tech" })]
    public async Task CompanyListAndSearch_TypedText_FindsOnlyLiteralMatchesInAnyCase(string text, string[] expected)
    {
        var companies = Db.Get<CompanyService>();
        foreach (var name in new[] { "Rabat 50% sp. z o.o.", "Rabat 500", "a_b Studio", "axb Studio", @"c\d Media", "cd Media", "Łódź Tech" })
        {
            Assert.True((await companies.SaveAsync(null, 0, new CompanyInput { Name = name }, Anna)).IsOk);
        }

        Assert.Equal(expected, (await companies.ListAsync(text, 0, 50)).Items.Select(c => c.Name).Order());
        Assert.Equal(expected, (await companies.SearchAsync(text)).Select(c => c.Name).Order());
    }

    [Fact]
    public async Task ContactList_MixedCaseAndWildcards_FindsOnlyLiteralMatches()
    {
        var contacts = Db.Get<ContactService>();
        await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Grace", LastName = "O_Neil" }, Anna);
        await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Grant", LastName = "OxNeil" }, Anna);

        Assert.Equal(["Grace O_Neil", "Grant OxNeil"], (await contacts.ListAsync("gRA", 0, 10)).Items.Select(c => c.FullName));
        Assert.Equal(["Grace O_Neil"], (await contacts.ListAsync("o_n", 0, 10)).Items.Select(c => c.FullName));
        Assert.Equal(["Grace O_Neil"], (await contacts.SearchAsync("O_N")).Select(c => c.Name));
    }

    [Fact]
    public async Task LeadList_Percent_FindsOnlyLiteralMatches()
    {
        var leads = Db.Get<LeadService>();
        foreach (var title in new[] { "Offer 50% off", "Offer 500 units" })
        {
            Assert.True((await leads.CreateAsync(new LeadInput { Title = title, Emails = [new EmailInput("x@example.com")] }, Anna)).IsOk);
        }

        Assert.Equal(["Offer 50% off"], (await leads.ListAsync(new LeadQuery { Search = "50%" })).Items.Select(l => l.Title));
        Assert.Equal(2, (await leads.ListAsync(new LeadQuery { Search = "OFFER" })).Total);
    }

    [Fact]
    public async Task ProductList_Underscore_FindsOnlyLiteralMatchesInAnyCase()
    {
        var products = Db.Get<ProductService>();
        foreach (var name in new[] { "Widget_1", "Widget11" })
        {
            Assert.True((await products.SaveAsync(null, 0, new ProductInput { Name = name, Unit = "pcs", Price = 1, Currency = "PLN", TaxRate = 23 }, Manager)).IsOk);
        }

        Assert.Equal(["Widget_1"], (await products.ListAsync(new ProductQuery { Search = "wIDGET_1" })).Items.Select(p => p.Name));
        Assert.Equal(2, (await products.ListAsync(new ProductQuery { Search = "WIDGET" })).Total);
    }
}

public sealed class PostgresTextSearchTests(PostgresServer server) : TextSearchTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
