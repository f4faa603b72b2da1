using Bunit;
using CrmBlazor.Components.Pages.Contacts;
using CrmBlazor.Components.Shared;

namespace CrmBlazor.Tests.Components.Contacts;

public sealed class ContactFormTests : CrmComponentTest
{
    private static readonly ContactInput Grace = new()
    {
        FirstName = "Grace", LastName = "Miller", CompanyId = 7, Position = "Buyer",
        Phones = [new PhoneInput("+48601234567")], Emails = [new EmailInput("grace@miller.co.uk")],
    };

    public ContactFormTests() => UseNewDatabase();

    private IRenderedComponent<ContactForm> Render(ContactFormModel model, FormPlace place, FieldErrors? errors = null, bool readOnly = false) =>
        Context.Render<ContactForm>(p => p.Add(f => f.Model, model).Add(f => f.Place, place).Add(f => f.Errors, errors ?? FieldErrors.None).Add(f => f.ReadOnly, readOnly));

    [Fact]
    public void Page_GivenAContact_ShowsItsFieldsAndEveryContactPoint()
    {
        var form = Render(ContactFormModel.From(Grace, "Miller & Sons"), FormPlace.Page);

        Assert.Equal("Grace", form.Input("First name").GetAttribute("value"));
        Assert.Equal("Miller", form.Input("Last name").GetAttribute("value"));
        Assert.Equal("Miller & Sons", form.Input("Company").GetAttribute("value"));
        Assert.Equal("Buyer", form.Input("Position").GetAttribute("value"));
        Assert.Contains("Responsible", form.Labels());
        Assert.Equal("+48601234567", form.Find("[data-testid=phone-row] input").GetAttribute("value"));
        Assert.Equal("grace@miller.co.uk", form.Find("[data-testid=email-row] input").GetAttribute("value"));
    }

    [Fact]
    public void CompleteLead_ShowsTheNameAndOneMainEmailAndPhoneOnly()
    {
        var form = Render(new ContactFormModel { FirstName = "Jan", Email = "jan@example.com", Phone = "601 234 567" }, FormPlace.CompleteLead);

        Assert.Equal(["First name", "Last name", "E-mail", "Phone"], form.Labels());
        Assert.Equal("jan@example.com", form.Input("E-mail").GetAttribute("value"));
        Assert.Empty(form.FindAll("[data-testid=contact-points]"));
    }

    [Fact]
    public void Errors_EachShowsNextToItsField_AContactPointsNextToItsRow()
    {
        var errors = new FieldErrors([new FieldError("FirstName", "Validation.Required"), new FieldError("Position", "Validation.MaxLength", 100), new FieldError("Phones[0]", "Validation.Phone")]);

        var form = Render(ContactFormModel.From(Grace, null), FormPlace.Page, errors);

        Assert.Equal("Required.", form.ErrorOf("First name"));
        Assert.Equal("At most 100 characters.", form.ErrorOf("Position"));
        Assert.Null(form.ErrorOf("Last name"));
        Assert.Contains("Enter a valid phone number", form.Find("[data-testid=phone-row]").TextContent);
    }

    [Fact]
    public void ReadOnly_NoFieldTakesInputAndNoRowCanBeAdded()
    {
        var form = Render(ContactFormModel.From(Grace, null), FormPlace.Page, readOnly: true);

        form.AssertReadOnly();
    }

    [Fact]
    public void Typing_ChangesTheModelTheOwnerSaves()
    {
        var model = new ContactFormModel();
        var form = Render(model, FormPlace.Dialog);

        form.Input("First name").Change("Ewa");
        form.Input("E-mail").Change("ewa@baltyk.pl");

        Assert.Equal(("Ewa", "ewa@baltyk.pl"), (model.ToInput().FirstName, model.ToInput().Email));
    }
}
