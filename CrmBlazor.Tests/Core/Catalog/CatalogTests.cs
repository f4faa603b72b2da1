namespace CrmBlazor.Tests.Core.Catalog;

public class CatalogTests(TestDatabase? db = null) : CoreTest(db)
{
    private ProductService Products => Db.Get<ProductService>();

    private static ProductInput Valid(string name = "Laptop", string? sku = null) =>
        new() { Name = name, Sku = sku, Unit = "pcs", Price = 4299m, Currency = "PLN", TaxRate = 23 };

    [Theory]
    [InlineData("", "pcs", 1, "PLN", 23, "Name", "Validation.Required")]
    [InlineData("X", "", 1, "PLN", 23, "Unit", "Validation.Required")]
    [InlineData("X", "pcs", -1, "PLN", 23, "Price", "Validation.NotNegative")]
    [InlineData("X", "pcs", 1.00001, "PLN", 23, "Price", "Validation.MaxDecimals")]
    [InlineData("X", "pcs", 1, "XXX", 23, "Currency", "Validation.Currency")]
    [InlineData("X", "pcs", 1, "PLN", 101, "TaxRate", "Validation.Percent")]
    public async Task SaveAsync_BadField_ReportsThatField(string name, string unit, decimal price, string currency, decimal tax, string field, string key)
    {
        var result = await Products.SaveAsync(null, 0, new ProductInput { Name = name, Unit = unit, Price = price, Currency = currency, TaxRate = tax }, Manager);

        Assert.Equal((field, key), (Assert.Single(result.Errors).Field, result.Errors[0].MessageKey));
    }

    [Fact]
    public async Task SaveAndSetActive_Committed_PublishOneProductChangedEach_OnTheProductsTopic()
    {
        using var log = new EventLog(Db.Live);

        var created = (await Products.SaveAsync(null, 0, Valid(), Manager)).Value!;
        var deactivated = (await Products.SetActiveAsync(created.Id, created.Version, false, Manager)).Value!;
        await Products.SetActiveAsync(created.Id, created.Version, true, Manager); // stale: nothing saved
        await Products.SaveAsync(null, 0, Valid(), Anna); // forbidden: nothing saved

        var events = log.Events.Cast<ProductChanged>().ToList();
        Assert.Equal([(created.Id, true, created.Version), (created.Id, false, deactivated.Version)], events.Select(e => (e.ProductId, e.Created, e.Version)));
        Assert.All(events, e => Assert.Equal([LiveTopics.Products], e.Topics));
        Assert.All(events, e => Assert.Equal("Marta", e.ActorName));
    }

    [Fact]
    public async Task SaveAsync_SalesUser_IsForbidden()
    {
        Assert.Equal(ResultStatus.Forbidden, (await Products.SaveAsync(null, 0, Valid(), Anna)).Status);
    }

    [Fact]
    public async Task SaveAsync_SkuAlreadyUsed_IsRefusedOnTheSku()
    {
        await Products.SaveAsync(null, 0, Valid("A", "SKU-1"), Manager);

        var result = await Products.SaveAsync(null, 0, Valid("B", " SKU-1 "), Manager);

        Assert.Equal(("Sku", "Product.SkuTaken"), (Assert.Single(result.Errors).Field, result.Errors[0].MessageKey));
    }

    [Fact]
    public async Task ListAsync_SearchSectionPagingAndDeactivation()
    {
        var software = (await Products.AddSectionAsync("Software", null, Manager)).Value!;
        for (var i = 0; i < 30; i++)
        {
            await Products.SaveAsync(null, 0, Valid($"Licence {i:00}", $"LIC-{i:00}") with { SectionId = i % 2 == 0 ? software.Id : null }, Manager);
        }
        var first = (await Products.ListAsync(new ProductQuery { Search = "licence", Take = 10 }));
        Assert.Equal((30, 10, "Licence 00"), (first.Total, first.Items.Count, first.Items[0].Name));
        Assert.Equal(15, (await Products.ListAsync(new ProductQuery { SectionId = software.Id })).Total);
        Assert.Single((await Products.ListAsync(new ProductQuery { Search = "LIC-07" })).Items);

        var edit = (await Products.GetAsync(first.Items[0].Id))!;
        var deactivated = await Products.SetActiveAsync(edit.Id, edit.Version, false, Manager);
        var stale = await Products.SetActiveAsync(edit.Id, edit.Version, true, Manager);

        Assert.False(deactivated.Value!.IsActive);
        Assert.Equal(ResultStatus.Conflict, stale.Status);
        Assert.Equal(29, (await Products.ListAsync(new ProductQuery())).Total);
        Assert.Equal(30, (await Products.ListAsync(new ProductQuery { IncludeInactive = true })).Total);
        Assert.DoesNotContain(await Products.SearchAsync("Licence 00"), p => p.Id == edit.Id);
    }

    [Fact]
    public async Task ListAsync_SortsByEveryColumn_InSql_BlanksLastEitherWay()
    {
        var tools = (await Products.AddSectionAsync("Tools", null, Manager)).Value!;
        var hardware = (await Products.AddSectionAsync("Hardware", null, Manager)).Value!;
        var anvil = (await Products.SaveAsync(null, 0, Valid("anvil") with { Price = 9.5m, TaxRate = 8, Unit = "pcs", SectionId = tools.Id }, Manager)).Value!;
        var bolt = (await Products.SaveAsync(null, 0, Valid("Bolt", "A-1") with { Price = 1000m, TaxRate = 0, Unit = "kg", SectionId = hardware.Id }, Manager)).Value!;
        var cable = (await Products.SaveAsync(null, 0, Valid("Cable", "B-2") with { Price = 100m, TaxRate = 23, Unit = "m" }, Manager)).Value!;
        await Products.SetActiveAsync(cable.Id, cable.Version, false, Manager);

        async Task<string[]> Names(ProductSort sort, bool descending = false, int skip = 0, int take = 25) =>
            [.. (await Products.ListAsync(new ProductQuery { IncludeInactive = true, SortBy = sort, Descending = descending, Skip = skip, Take = take })).Items.Select(p => p.Name)];

        Assert.Equal(["anvil", "Bolt", "Cable"], await Names(ProductSort.Name));
        Assert.Equal(["Cable", "Bolt", "anvil"], await Names(ProductSort.Name, descending: true));
        Assert.Equal(["Bolt", "Cable", "anvil"], await Names(ProductSort.Sku));
        Assert.Equal(["Cable", "Bolt", "anvil"], await Names(ProductSort.Sku, descending: true));
        Assert.Equal(["Bolt", "anvil", "Cable"], await Names(ProductSort.Section));
        Assert.Equal(["anvil", "Bolt", "Cable"], await Names(ProductSort.Section, descending: true));
        // As numbers, not as text ("100" < "1000" < "9.5").
        Assert.Equal(["anvil", "Cable", "Bolt"], await Names(ProductSort.Price));
        Assert.Equal(["Bolt", "Cable", "anvil"], await Names(ProductSort.Price, descending: true));
        Assert.Equal(["Bolt", "Cable", "anvil"], await Names(ProductSort.Unit));
        Assert.Equal(["Bolt", "anvil", "Cable"], await Names(ProductSort.TaxRate));
        Assert.Equal(["Cable", "anvil", "Bolt"], await Names(ProductSort.Active));
        Assert.Equal(["Cable"], await Names(ProductSort.Price, skip: 1, take: 1));
        Assert.Equal([anvil.Id, bolt.Id], (await Products.ListAsync(new ProductQuery { SortBy = ProductSort.Name })).Items.Select(p => p.Id));
    }
}

public sealed class PostgresCatalogTests(PostgresServer server) : CatalogTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
