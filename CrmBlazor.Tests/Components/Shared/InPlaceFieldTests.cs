using Bunit;
using CrmBlazor.Components.Pages.Contacts;
using CrmBlazor.Components.Pages.Deals;
using CrmBlazor.Components.Pages.Leads;
using CrmBlazor.Components.Shared;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CrmBlazor.Tests.Components.Shared;

/// <summary>
/// Issue 19: an element page's fields read as text and are edited in place, one at a time, saved through the page's
/// Core use case and version (the lead's page here; the deal's, contact's and company's work the same way); dialogs
/// say "Required" only once a field was touched, and on Save.
/// </summary>
public sealed class InPlaceFieldTests : TeamComponentTest
{
    private LeadService Leads => Db.Get<LeadService>();

    private async Task<LeadDetails> NewLeadAsync(string title = "Fair contact") =>
        (await Leads.CreateAsync(new LeadInput { Title = title, FirstName = "Grace", Emails = [new("grace@miller.co.uk")], ResponsibleUserId = Anna.UserId }, Anna)).Value!;

    private static IRenderedComponent<InPlaceField> FieldOf(IRenderedComponent<LeadEdit> page, string field) =>
        page.FindComponents<InPlaceField>().First(f => f.Instance.Field == field);

    private static string Shown(IRenderedComponent<LeadEdit> page, string field) => page.Find($"[data-in-place={field}]").TextContent;

    [Fact]
    public async Task LeadPage_FieldsReadAsText_OneOpensEditsAndSavesAlone()
    {
        var lead = await NewLeadAsync();
        var page = Context.Render<LeadEdit>(p => p.Add(e => e.Id, lead.Id));
        page.WaitForElement("[data-in-place=Title]");

        Assert.Equal("BUTTON", page.Find("[data-in-place=Title]").TagName);
        Assert.Contains("Edit", page.Find("[data-in-place=Title] .visually-hidden").TextContent);
        Assert.Contains("Fair contact", Shown(page, "Title"));
        Assert.Empty(page.FindAll("[data-in-place-editing]"));
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Trim() == "Save");

        await page.InvokeAsync(() => page.Find("[data-in-place=Title]").Click());
        page.WaitForElement("[data-in-place-editing=Title] input");
        await page.InvokeAsync(() => page.Find("[data-in-place-editing=Title] input").Input("Fair contact, renamed"));
        await page.InvokeAsync(() => FieldOf(page, "Title").Instance.CommitAsync(byKey: true));

        page.WaitForAssertion(() => Assert.Contains("Fair contact, renamed", Shown(page, "Title")));
        var saved = (await Leads.GetAsync(lead.Id))!;
        Assert.Equal(("Fair contact, renamed", "Grace", lead.Version + 1), (saved.Input.Title, saved.Input.FirstName, saved.Version));
        Assert.Empty(page.FindAll("[data-in-place-editing]"));
    }

    [Fact]
    public async Task LeadPage_F2OpensAField_EscapeDropsWhatWasTyped()
    {
        var lead = await NewLeadAsync();
        var page = Context.Render<LeadEdit>(p => p.Add(e => e.Id, lead.Id));
        page.WaitForElement("[data-in-place=FirstName]");

        await page.InvokeAsync(() => page.Find("[data-in-place=FirstName]").KeyDown(new KeyboardEventArgs { Key = "F2" }));
        page.WaitForElement("[data-in-place-editing=FirstName] input");
        await page.InvokeAsync(() => page.Find("[data-in-place-editing=FirstName] input").Input("Not meant"));
        await page.InvokeAsync(() => FieldOf(page, "FirstName").Instance.CancelAsync());

        page.WaitForAssertion(() => Assert.Contains("Grace", Shown(page, "FirstName")));
        Assert.Equal(lead.Version, (await Leads.GetAsync(lead.Id))!.Version);
    }

    [Fact]
    public async Task LeadPage_RefusedSave_ShowsTheErrorNextToTheFieldAndKeepsItOpen()
    {
        var lead = await NewLeadAsync();
        var page = Context.Render<LeadEdit>(p => p.Add(e => e.Id, lead.Id));
        page.WaitForElement("[data-in-place=Title]");

        await page.InvokeAsync(() => page.Find("[data-in-place=Title]").Click());
        page.WaitForElement("[data-in-place-editing=Title] input");
        await page.InvokeAsync(() => page.Find("[data-in-place-editing=Title] input").Input(""));
        await page.InvokeAsync(() => FieldOf(page, "Title").Instance.CommitAsync(byKey: true));

        page.WaitForAssertion(() => Assert.Contains("Required.", page.Find("[data-in-place-editing=Title]").TextContent));
        Assert.Equal("Fair contact", (await Leads.GetAsync(lead.Id))!.Input.Title);
    }

    [Fact]
    public async Task LeadPage_SomeoneSavedFirst_SaysSoAndShowsTheSavedValue()
    {
        var lead = await NewLeadAsync();
        var page = Context.Render<LeadEdit>(p => p.Add(e => e.Id, lead.Id));
        page.WaitForElement("[data-in-place=Title]");
        await page.InvokeAsync(() => page.Find("[data-in-place=Title]").Click());
        page.WaitForElement("[data-in-place-editing=Title] input");
        await page.InvokeAsync(() => page.Find("[data-in-place-editing=Title] input").Input("Mine"));

        Assert.True((await Leads.UpdateAsync(lead.Id, lead.Version, lead.Input with { Title = "Theirs" }, Manager)).IsOk);
        page.WaitForElement("[data-testid=saved-elsewhere]");
        await page.InvokeAsync(() => FieldOf(page, "Title").Instance.CommitAsync(byKey: false));

        page.WaitForAssertion(() =>
        {
            Assert.Contains("saved this record first", page.Find("[data-testid=lead-message]").TextContent);
            Assert.Contains("Theirs", Shown(page, "Title"));
        });
        Assert.Equal("Theirs", (await Leads.GetAsync(lead.Id))!.Input.Title);
    }

    [Fact]
    public async Task LeadPage_AnotherUsersSave_UpdatesTheShownTextLive()
    {
        var lead = await NewLeadAsync();
        var page = Context.Render<LeadEdit>(p => p.Add(e => e.Id, lead.Id));
        page.WaitForElement("[data-in-place=Title]");

        Assert.True((await Leads.UpdateAsync(lead.Id, lead.Version, lead.Input with { LastName = "Miller" }, Manager)).IsOk);

        page.WaitForAssertion(() => Assert.Contains("Miller", Shown(page, "LastName")));
    }

    [Fact]
    public async Task LeadPage_ReadOnlyForTheUser_ShowsTextWithoutButtonsAndSaysWhy()
    {
        var lead = (await Leads.CreateAsync(new LeadInput { Title = "Piotr's", FirstName = "Ola", Emails = [new("ola@example.com")], ResponsibleUserId = Piotr.UserId }, Piotr)).Value!;
        var page = Context.Render<LeadEdit>(p => p.Add(e => e.Id, lead.Id));
        page.WaitForElement("[data-in-place=Title]");

        Assert.Equal("DIV", page.Find("[data-in-place=Title]").TagName);
        Assert.Contains("Read only", page.Find("[data-testid=read-only-why]").TextContent);
    }

    [Fact]
    public void Dialog_FieldBlurredUntouched_ShowsNoRequired_TypedThenEmptied_DoesShowIt()
    {
        var form = Context.Render<DealForm>(p => p.Add(f => f.Model, new DealFormModel { Currency = "PLN" }));

        form.Input("Title").Focus();
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

        await provider.InvokeAsync(() => provider.Find("[data-testid=contact-form] input").Focus());
        await provider.InvokeAsync(() => provider.Find("[data-testid=contact-form] input").Blur());
        Assert.DoesNotContain("Required", provider.Find("[data-testid=contact-form]").TextContent);

        await provider.InvokeAsync(() => provider.FindAll("button").First(b => b.TextContent.Trim() == "Save").Click());
        provider.WaitForAssertion(() => Assert.Contains("Required.", provider.Find("[data-testid=contact-form]").TextContent));
    }
}
