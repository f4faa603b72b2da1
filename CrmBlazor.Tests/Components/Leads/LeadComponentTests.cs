using Bunit;
using CrmBlazor.Components.Pages.Leads;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CrmBlazor.Tests.Components.Leads;

public sealed class LeadComponentTests : TeamComponentTest
{
    private LeadService Leads => Db.Get<LeadService>();

    [Fact]
    public async Task LeadEdit_SaveWithBadInput_ShowsEachMessageNextToItsField()
    {
        var page = Context.Render<LeadEdit>();
        page.WaitForElement("input[type=tel]");

        // Each step finds its element afresh on the renderer: the duplicates check re-renders the page after every input.
        await page.InvokeAsync(() => page.Find("input[type=tel]").Input("12"));
        await page.InvokeAsync(() => page.Find("input[type=email]").Input("not-an-email"));
        await page.InvokeAsync(() => page.FindAll("button").First(b => b.TextContent.Contains("Save")).Click());

        page.WaitForAssertion(() =>
        {
            Assert.Contains("Required.", FieldText(page, 0));
            Assert.Contains("Enter a valid phone number", page.Find("input[type=tel]").Closest(".mud-input-control")!.TextContent);
            Assert.Contains("Enter a valid e-mail address.", page.Find("input[type=email]").Closest(".mud-input-control")!.TextContent);
            Assert.Contains("Please correct the marked fields.", page.Find("[data-testid=lead-message]").TextContent);
        });
        Assert.Equal(0, (await Leads.ListAsync(new LeadQuery())).Total);
    }

    [Fact]
    public async Task LeadEdit_NoPhoneOrEmail_SaysHowToReachThePerson()
    {
        var page = Context.Render<LeadEdit>();
        page.WaitForElement("input[type=tel]");

        await page.InvokeAsync(() => page.Find("input").Change("Nobody to call"));
        await page.InvokeAsync(() => page.FindAll("button").First(b => b.TextContent.Contains("Save")).Click());

        page.WaitForAssertion(() => Assert.Contains("at least one phone or e-mail", page.Find("[data-testid=phones-error]").TextContent));
    }

    [Fact]
    public async Task LeadEdit_TypingAKnownEmail_ListsTheDuplicateWithALink()
    {
        var contact = (await Db.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = "Ewa", LastName = "Michalska", Email = "ewa@baltyk.pl" }, Anna)).Value!;
        var page = Context.Render<LeadEdit>();
        page.WaitForElement("input[type=email]");

        await page.InvokeAsync(() => page.Find("input[type=email]").Input("EWA@baltyk.pl"));

        page.WaitForAssertion(() =>
        {
            var match = page.Find("[data-testid=duplicate]");
            Assert.Contains("Contact: Ewa Michalska", match.TextContent);
            Assert.Contains("Same e-mail: ewa@baltyk.pl", match.TextContent);
        });
        Assert.True(contact.Id > 0);
    }

    [Fact]
    public async Task CompleteDialog_Opened_PrefillsFromTheLeadAndPreselectsAnExistingContact()
    {
        var contact = (await Db.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = "Grace", LastName = "Miller", Email = "grace@miller.co.uk" }, Anna)).Value!;
        var lead = (await Leads.CreateAsync(new LeadInput
        {
            Title = "Fair contact", FirstName = "Grace", LastName = "Miller", CompanyName = "Miller & Sons",
            Emails = [new("grace@miller.co.uk")], ExpectedAmount = 4200m, Currency = "EUR",
        }, Anna)).Value!;
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        var provider = Context.Render<MudDialogProvider>();

        await provider.InvokeAsync(() => dialogs.ShowAsync<LeadCompleteDialog>("Complete lead",
            new DialogParameters<LeadCompleteDialog> { { d => d.LeadId, lead.Id }, { d => d.LeadVersion, lead.Version } }));

        provider.WaitForElement("[data-testid=deal-section]");
        provider.WaitForAssertion(() =>
        {
            var contactSection = provider.Find("[data-testid=contact-section]");
            Assert.Contains($"Use the existing Grace Miller", contactSection.TextContent);
            var chosen = contactSection.QuerySelectorAll("input[type=radio]").Single(r => r.HasAttribute("checked"));
            Assert.Contains("Use the existing Grace Miller", chosen.Closest("label")!.TextContent);
            Assert.Equal("Miller & Sons", provider.Find("[data-testid=company-section] input:not([type=radio])").GetAttribute("value"));
            var dealInputs = provider.FindAll("[data-testid=deal-section] input");
            Assert.Contains(dealInputs, i => i.GetAttribute("value") == "Fair contact");
            Assert.Contains(dealInputs, i => i.GetAttribute("value")?.Replace(",", "").StartsWith("4200", StringComparison.Ordinal) == true);
        });
        Assert.True(contact.Id > 0);
    }

    private static string FieldText(IRenderedComponent<LeadEdit> page, int index) =>
        page.FindAll(".mud-input-control")[index].TextContent;
}
