using Bunit;
using CrmBlazor.Components.Pages.Leads;
using CrmBlazor.Components.Shared;

namespace CrmBlazor.Tests.Components.Leads;

public sealed class LeadFormTests : CrmComponentTest
{
    private int _changes;

    public LeadFormTests() => UseNewDatabase();

    private IRenderedComponent<LeadForm> Render(LeadFormModel model, FieldErrors? errors = null, bool readOnly = false) =>
        Context.Render<LeadForm>(p => p.Add(f => f.Model, model).Add(f => f.Errors, errors ?? FieldErrors.None).Add(f => f.ReadOnly, readOnly)
            .Add(f => f.Changed, () => _changes++));

    private static LeadFormModel TwoPhones() => LeadFormModel.From(new LeadInput
    {
        Title = "Fair contact", FirstName = "Olivia", CompanyName = "Clarke Studio",
        Phones = [new PhoneInput("+48601234567", PhoneType.Mobile), new PhoneInput("+48221234567", PhoneType.Work)],
        Emails = [new EmailInput("olivia@clarke-studio.com")],
    });

    [Fact]
    public void GivenALeadWithTwoPhones_ShowsARowForEachAndNoAddresses()
    {
        var form = Render(TwoPhones());

        Assert.Equal("Fair contact", form.Input("Title").GetAttribute("value"));
        Assert.Equal(["+48 601 234 567", "+48 22 123 45 67"], form.FindAll("[data-testid=phone-row] input[type=tel]").Select(i => i.GetAttribute("value")));
        Assert.Single(form.FindAll("[data-testid=email-row]"));
        Assert.Empty(form.FindAll("[data-testid=address-row]"));
        Assert.DoesNotContain("Street", form.Labels());
    }

    [Fact]
    public void Errors_ShowNextToTheTitleTheSecondPhoneAndUnderThePhones()
    {
        var errors = new FieldErrors([new("Title", "Validation.Required"), new("Phones[1]", "Validation.Phone"), new("Phones", "Lead.NeedsReach")]);

        var form = Render(TwoPhones(), errors);

        Assert.Equal("Required.", form.ErrorOf("Title"));
        var rows = form.FindAll("[data-testid=phone-row]");
        Assert.DoesNotContain("valid phone", rows[0].TextContent);
        Assert.Contains("Enter a valid phone number", rows[1].TextContent);
        Assert.Contains("at least one phone or e-mail", form.Find("[data-testid=phones-error]").TextContent);
    }

    [Fact]
    public void ReadOnly_AConvertedLeadCannotBeTypedInto()
    {
        var form = Render(TwoPhones(), readOnly: true);

        form.AssertReadOnly();
    }

    [Fact]
    public void TypingAPhoneOrTheCompany_ChangesTheModelAndRaisesChanged()
    {
        var model = new LeadFormModel();
        var form = Render(model);

        form.Find("[data-testid=phone-row] input[type=tel]").Input("601 999 888");
        form.Input("Company").Input("Clarke Studio");

        Assert.Equal(2, _changes);
        var probe = model.Probe(null);
        Assert.Equal(["601 999 888"], probe.Phones);
        Assert.Equal("Clarke Studio", probe.CompanyName);
    }

    [Fact]
    public void AddAPhone_TheNewRowIsAMobile()
    {
        var model = new LeadFormModel();
        var form = Render(model);

        form.FindAll("button").Single(b => b.TextContent.Contains("Add a phone")).Click();

        Assert.Equal([PhoneType.Mobile, PhoneType.Mobile], model.ToInput().Phones.Select(p => p.Type));
    }
}
