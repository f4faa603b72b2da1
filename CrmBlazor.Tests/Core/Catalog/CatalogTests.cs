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
}

public sealed class PostgresCatalogTests(PostgresServer server) : CatalogTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
