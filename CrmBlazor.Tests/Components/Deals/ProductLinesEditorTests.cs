using Bunit;
using CrmBlazor.Components.Pages.Deals;
using CrmBlazor.Components.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Components.Deals;

public sealed class ProductLinesEditorTests : TeamComponentTest
{
    public override async Task InitializeAsync()
    {
        Context.Services.AddSingleton(Db.Get<ProductService>());
        await base.InitializeAsync();
    }

    private async Task<DealProducts> DealWithLinesAsync(params ProductLineInput[] lines)
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Order");
        var saved = await Db.Deals.SaveProductsAsync(new SaveDealProducts(deal.Id, deal.Version, lines), Anna);
        Assert.True(saved.IsOk);
        return saved.Value!;
    }

    private static ProductLineInput Line(string name, decimal qty, decimal price, decimal tax) =>
        new() { Name = name, Unit = "pcs", Quantity = qty, UnitPrice = price, TaxRate = tax };

    private static string Text(IRenderedComponent<ProductLinesEditor> editor, string testId) => editor.Find($"[data-testid={testId}]").TextContent.Trim();

    /// <summary>The field's message area: MudBlazor puts the test id on the input, the message beside it in its control.</summary>
    private static string Field(IRenderedComponent<ProductLinesEditor> editor, int row, string testId) =>
        Cell(editor, row, testId).Closest(".mud-input-control")!.TextContent;

    private static AngleSharp.Dom.IElement Cell(IRenderedComponent<ProductLinesEditor> editor, int row, string testId) =>
        editor.FindAll("[data-testid=product-line]")[row].QuerySelector($"[data-testid={testId}]")!;

    [Fact]
    public async Task Render_SavedLines_ShowsLineTotalsAndTheCoresTotals()
    {
        var products = await DealWithLinesAsync(Line("Licence", 3, 1188m, 23), Line("Catering", 2, 85m, 8));

        var editor = Context.Render<ProductLinesEditor>(p => p.Add(e => e.Saved, products));

        Assert.Equal(2, editor.FindAll("[data-testid=product-line]").Count);
        Assert.Equal(Format.Exact(4383.72m, "PLN"), Cell(editor, 0, "line-total").TextContent.Trim());
        Assert.Equal(Format.Exact(183.60m, "PLN"), Cell(editor, 1, "line-total").TextContent.Trim());
        Assert.Equal(Format.Exact(3734m, "PLN"), Text(editor, "total-subtotal"));
        Assert.Equal(Format.Exact(833.32m, "PLN"), Text(editor, "total-tax"));
        Assert.Equal(Format.Exact(4567.32m, "PLN"), Text(editor, "total-grand"));
    }

    [Fact]
    public async Task TypingAQuantity_RecomputesTotalsAtOnce()
    {
        var products = await DealWithLinesAsync(Line("Licence", 1, 100m, 23));
        var editor = Context.Render<ProductLinesEditor>(p => p.Add(e => e.Saved, products));

        await editor.InvokeAsync(() => Cell(editor, 0, "line-quantity").Input("4"));

        editor.WaitForAssertion(() =>
        {
            Assert.Equal(Format.Exact(492m, "PLN"), Cell(editor, 0, "line-total").TextContent.Trim());
            Assert.Equal(Format.Exact(492m, "PLN"), Text(editor, "total-grand"));
        });
    }

    [Fact]
    public async Task BadCells_ShowTheirMessageInTheRowAndField_AndSaveIsRefused()
    {
        var products = await DealWithLinesAsync(Line("Licence", 1, 100m, 23), Line("Support", 1, 50m, 23));
        var editor = Context.Render<ProductLinesEditor>(p => p.Add(e => e.Saved, products));

        await editor.InvokeAsync(() => Cell(editor, 1, "line-quantity").Input("0"));
        await editor.InvokeAsync(() => Cell(editor, 0, "line-tax").Input("123"));
        await editor.InvokeAsync(() => Cell(editor, 0, "line-name").Input(""));

        editor.WaitForAssertion(() =>
        {
            Assert.Contains("Must be greater than zero.", Field(editor, 1, "line-quantity"));
            Assert.DoesNotContain("Must be greater than zero.", Field(editor, 0, "line-quantity"));
            Assert.Contains("Enter a percentage from 0 to 100.", Field(editor, 0, "line-tax"));
            Assert.Contains("Required.", Field(editor, 0, "line-name"));
        });

        await editor.InvokeAsync(() => editor.Find("[data-testid=save-lines]").Click());

        var saved = (await Db.Deals.GetProductsAsync(products.DealId))!;
        Assert.Equal(["Licence", "Support"], saved.Lines.Select(l => l.Name));
        Assert.Equal(1m, saved.Lines[1].Quantity);
    }

    [Fact]
    public async Task AddTypedLineAndSave_SavesThroughCore_AndReportsTheNewLines()
    {
        var products = await DealWithLinesAsync(Line("Licence", 1, 100m, 23));
        DealProducts? reported = null;
        var editor = Context.Render<ProductLinesEditor>(p => p.Add(e => e.Saved, products).Add(e => e.OnSaved, (DealProducts d) => reported = d));

        await editor.InvokeAsync(() => editor.Find("[data-testid=add-line]").Click());
        await editor.InvokeAsync(() => Cell(editor, 1, "line-name").Input("Installation"));
        await editor.InvokeAsync(() => Cell(editor, 1, "line-price").Input("50"));
        await editor.InvokeAsync(() => editor.Find("[data-testid=save-lines]").Click());

        editor.WaitForAssertion(() => Assert.NotNull(reported));
        Assert.Equal(["Licence", "Installation"], reported!.Lines.Select(l => l.Name));
        Assert.Equal(184.50m, reported.Totals.Total);
        Assert.Equal(184.50m, (await Db.Deals.GetForEditAsync(products.DealId))!.Input.Amount);
    }
}
