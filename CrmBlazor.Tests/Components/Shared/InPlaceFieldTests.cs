using Bunit;
using CrmBlazor.Components.Pages.Contacts;
using CrmBlazor.Components.Pages.Deals;
using CrmBlazor.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CrmBlazor.Tests.Components.Shared;

/// <summary>
/// Issue 19: a form under a page's <see cref="InPlaceEdit"/> reads as text and is edited one field at a time (click,
/// Enter or F2 opens; the page's save runs for that field; Escape resets); a user who may not change the record gets plain text. Dialogs say "Required" only once a field was
/// changed, and on Save. (The pages' saves through Core, conflicts and live updates: InPlaceBrowserTests.)
/// </summary>
public sealed class InPlaceFieldTests : TeamComponentTest
{
    private static readonly StageView[] Stages = [new(1, "New", "#999", StageKind.Open, 0), new(2, "Offer", "#999", StageKind.Open, 1)];

    private sealed class Page
    {
        public List<DealInput> Saved { get; } = [];
        public int Resets { get; set; }
        public bool Accept { get; set; } = true;
    }

    private (IRenderedComponent<CascadingValue<InPlaceEdit>> Form, InPlaceEdit Edit, DealFormModel Model, Page Page) Render(bool canEdit = true, FieldErrors? errors = null)
    {
        DealFormModel? shown = null;
        var model = new DealFormModel { Title = "Order", Amount = 1200m, Currency = "PLN", StageId = 1, Company = new(5, "Bałtyk") };
        shown = model;
        var page = new Page();
        IRenderedComponent<CascadingValue<InPlaceEdit>>? form = null;
        Action rerender = () => { };
        var edit = new InPlaceEdit(
            () => { page.Saved.Add(model.ToInput()); return Task.FromResult(page.Accept); },
            () => { page.Resets++; model.Title = "Order"; return Task.CompletedTask; },
            () => rerender(),
            () => shown!.Title == "Order") { CanEdit = canEdit };
        void Parameters(ComponentParameterCollectionBuilder<CascadingValue<InPlaceEdit>> p) => p.Add(c => c.Value, edit)
            .AddChildContent<DealForm>(f => f.Add(d => d.Model, model).Add(d => d.Stages, Stages).Add(d => d.Place, FormPlace.Page).Add(d => d.Errors, errors ?? FieldErrors.None));
        rerender = () => form?.Render(Parameters);
        form = Context.Render<CascadingValue<InPlaceEdit>>(Parameters);
        return (form, edit, model, page);
    }

    private static IRenderedComponent<InPlaceField> FieldOf(IRenderedComponent<CascadingValue<InPlaceEdit>> form, string field) =>
        form.FindComponents<InPlaceField>().First(f => f.Instance.Field == field);

    [Fact]
    public async Task Page_FieldsReadAsText_AClickOpensOne_CommitSavesItAndItReadsAsTextAgain()
    {
        var (form, _, model, page) = Render();

        Assert.Equal("BUTTON", form.Find("[data-in-place=Title]").TagName);
        Assert.Equal("Edit", form.Find("[data-in-place=Title] .visually-hidden").TextContent.Trim());
        Assert.Contains("Order", form.Find("[data-in-place=Title]").TextContent);
        Assert.Contains("1,200.00 PLN", form.Find("[data-in-place=Amount]").TextContent);
        Assert.Contains("New", form.Find("[data-in-place=StageId]").TextContent);
        Assert.Empty(form.FindAll("[data-in-place-editing]"));
        Assert.Empty(form.FindAll("input[type=text]:not([readonly])"));

        await form.InvokeAsync(() => form.Find("[data-in-place=Title]").Click());
        Assert.Equal("false", form.Find("[data-in-place-editing=Title]").GetAttribute("data-unsaved"));
        await form.InvokeAsync(() => form.Find("[data-in-place-editing=Title] input").Input("Bigger order"));
        Assert.Single(form.FindAll("[data-in-place-editing]"));
        // What was typed is known to the page as unsaved (another user's save then warns instead of reloading).
        Assert.Equal("true", form.Find("[data-in-place-editing=Title]").GetAttribute("data-unsaved"));
        await form.InvokeAsync(() => FieldOf(form, "Title").Instance.CommitAsync(byKey: true));

        form.WaitForAssertion(() => Assert.Contains("Bigger order", form.Find("[data-in-place=Title]").TextContent));
        Assert.Equal(("Bigger order", 1200m, 5), (page.Saved.Single().Title, page.Saved.Single().Amount, page.Saved.Single().CompanyId));
        Assert.Equal("Bigger order", model.Title);
        Assert.Empty(form.FindAll("[data-in-place-editing]"));
    }

    [Fact]
    public async Task Page_F2OpensAField_EscapeResetsIt_NothingSaved()
    {
        var (form, _, model, page) = Render();

        await form.InvokeAsync(() => form.Find("[data-in-place=Title]").KeyDown(new KeyboardEventArgs { Key = "F2" }));
        await form.InvokeAsync(() => form.Find("[data-in-place-editing=Title] input").Input("Not meant"));
        await form.InvokeAsync(() => FieldOf(form, "Title").Instance.CancelAsync());

        form.WaitForAssertion(() => Assert.Contains("Order", form.Find("[data-in-place=Title]").TextContent));
        Assert.Equal((1, 0, "Order"), (page.Resets, page.Saved.Count, model.Title));
    }

    [Fact]
    public async Task Page_AChoiceFromAList_SavesAtOnce()
    {
        var (form, edit, model, page) = Render();

        await form.InvokeAsync(() => form.Find("[data-in-place=Currency]").Click());
        model.Currency = "EUR";
        await form.InvokeAsync(() => edit.ChosenAsync(nameof(DealInput.Currency)));

        form.WaitForAssertion(() => Assert.Contains("EUR", form.Find("[data-in-place=Currency]").TextContent));
        Assert.Equal("EUR", page.Saved.Single().Currency);
    }

    [Fact]
    public void Page_UserMayOnlyRead_ShowsPlainTextWithNothingToOpen()
    {
        var (form, _, _, _) = Render(canEdit: false);

        Assert.Equal("DIV", form.Find("[data-in-place=Title]").TagName);
        Assert.Empty(form.FindAll("button[data-in-place]"));
    }

    [Fact]
    public void Dialog_FieldBlurredUntouched_ShowsNoRequired_TypedThenEmptied_DoesShowIt()
    {
        var form = Context.Render<DealForm>(p => p.Add(f => f.Model, new DealFormModel { Currency = "PLN" }));

        form.Input("Title").Blur();
        Assert.Null(form.ErrorOf("Title"));

        form.Input("Title").Change("x");
        form.Input("Title").Change("");
        form.Input("Title").Blur();
        form.WaitForAssertion(() => Assert.Equal("Required", form.ErrorOf("Title")));
    }

    [Fact]
    public async Task ContactDialog_NothingTouched_NoRequired_SaveShowsIt()
    {
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        var provider = Context.Render<MudDialogProvider>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<ContactCreateDialog>("New contact"));
        provider.WaitForElement("[data-testid=contact-form]");

        await provider.InvokeAsync(() => provider.Find("[data-testid=contact-form] input").Blur());
        Assert.DoesNotContain("Required", provider.Find("[data-testid=contact-form]").TextContent);

        await provider.InvokeAsync(() => provider.FindAll("button").First(b => b.TextContent.Trim() == "Save").Click());
        provider.WaitForAssertion(() => Assert.Contains("Required.", provider.Find("[data-testid=contact-form]").TextContent));
    }
}
