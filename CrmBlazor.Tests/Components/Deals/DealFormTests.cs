using Bunit;
using CrmBlazor.Components.Pages.Deals;
using CrmBlazor.Components.Shared;

namespace CrmBlazor.Tests.Components.Deals;

public sealed class DealFormTests : CrmComponentTest
{
    private static readonly StageView[] Stages =
    [
        new(1, "New", "#999", StageKind.Open, 0), new(2, "Offer", "#999", StageKind.Open, 1),
        new(3, "Won", "#0a0", StageKind.Won, 2), new(4, "Lost", "#a00", StageKind.Lost, 3),
    ];

    public DealFormTests() => UseNewDatabase();

    private static DealFormModel Order(int stageId = 2) =>
        new() { Title = "Order", Amount = 1200m, Currency = "PLN", StageId = stageId, Company = new(5, "Bałtyk") };

    [Fact]
    public void Dialog_GivenADeal_ShowsItsFields()
    {
        var form = Context.Render<DealForm>(p => p.Add(f => f.Model, Order()).Add(f => f.Stages, Stages));

        Assert.Equal(["Title", "Amount", "Currency", "Stage", "Company", "Contact", "Responsible"], form.Labels());
        Assert.Equal("Order", form.Input("Title").GetAttribute("value"));
        Assert.Equal("Bałtyk", form.Input("Company").GetAttribute("value"));
    }

    [Fact]
    public void CompleteLead_BesideTheStage_ShowsWhatTheDialogPutsThere()
    {
        var form = Context.Render<DealForm>(p => p.Add(f => f.Model, Order()).Add(f => f.Stages, Stages).Add(f => f.Place, FormPlace.CompleteLead)
            .Add(f => f.BesideStage, "<span data-testid=pipeline>Sales</span>"));

        Assert.Equal(["Title", "Amount", "Currency", "Stage"], form.Labels());
        Assert.Equal("Sales", form.Find("[data-testid=pipeline]").TextContent);
    }

    [Fact]
    public void Page_ClosedDealWithProducts_HidesTheStageAndTakesTheAmountFromTheLines()
    {
        var form = Context.Render<DealForm>(p => p.Add(f => f.Model, Order(stageId: 3)).Add(f => f.Stages, Stages).Add(f => f.Place, FormPlace.Page)
            .Add(f => f.HideStage, true).Add(f => f.AmountFromLines, true).Add(f => f.SavedCompanyId, 5));

        Assert.DoesNotContain("Stage", form.Labels());
        Assert.True(form.Input("Amount").HasAttribute("readonly"));
        Assert.Contains("products", form.Field("Amount").TextContent);
        Assert.Equal("companies/5", form.FindAll("a").Single(a => a.TextContent.Contains("company")).GetAttribute("href"));
    }

    [Fact]
    public void Errors_ShowNextToTitleAmountAndStage()
    {
        var errors = new FieldErrors([new("Title", "Validation.Required"), new("Amount", "Validation.NotNegative"), new("StageId", "Deal.StageNotInPipeline")]);

        var form = Context.Render<DealForm>(p => p.Add(f => f.Model, Order()).Add(f => f.Stages, Stages).Add(f => f.Errors, errors));

        Assert.Equal("Required.", form.ErrorOf("Title"));
        Assert.Equal("Must not be negative.", form.ErrorOf("Amount"));
        Assert.Equal("That stage belongs to another pipeline.", form.ErrorOf("Stage"));
        Assert.Null(form.ErrorOf("Currency"));
    }

    [Fact]
    public void ReadOnly_EveryFieldIsReadOnly()
    {
        var form = Context.Render<DealForm>(p => p.Add(f => f.Model, Order()).Add(f => f.Stages, Stages).Add(f => f.ReadOnly, true));

        form.AssertReadOnly();
    }

    [Fact]
    public void TypingTheTitle_ChangesTheInputTheOwnerSaves()
    {
        var model = Order();
        var form = Context.Render<DealForm>(p => p.Add(f => f.Model, model).Add(f => f.Stages, Stages));

        form.Input("Title").Change("Bigger order");

        Assert.Equal(("Bigger order", 2, 5), (model.ToInput().Title, model.ToInput().StageId, model.ToInput().CompanyId));
    }
}
