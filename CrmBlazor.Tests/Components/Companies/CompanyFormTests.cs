using Bunit;
using CrmBlazor.Components.Pages.Companies;
using CrmBlazor.Components.Shared;

namespace CrmBlazor.Tests.Components.Companies;

public sealed class CompanyFormTests : CrmComponentTest
{
    public CompanyFormTests() => UseNewDatabase();

    private static CompanyFormModel Baltyk() => CompanyFormModel.From(new CompanyInput
    {
        Name = "Bałtyk", Website = "https://baltyk.pl", City = "Gdańsk",
        Addresses = [new AddressInput { Type = AddressType.Office, Street = "Długa 1", City = "Gdańsk" }],
    });

    [Fact]
    public void Dialog_OffersNameMainEmailAndPhoneWebsiteAndCity()
    {
        var form = Context.Render<CompanyForm>(p => p.Add(f => f.Model, new CompanyFormModel()).Add(f => f.Place, FormPlace.Dialog));

        Assert.Equal(["Name", "E-mail", "Phone", "Website", "City"], form.Labels());
    }

    [Fact]
    public void Page_GivenACompany_ShowsItsFieldsAndAddresses()
    {
        var form = Context.Render<CompanyForm>(p => p.Add(f => f.Model, Baltyk()));

        Assert.Equal("Bałtyk", form.Input("Name").GetAttribute("value"));
        Assert.Equal("https://baltyk.pl", form.Input("Website").GetAttribute("value"));
        Assert.Contains("Responsible", form.Labels());
        Assert.Contains(form.FindAll("[data-testid=address-row] input"), i => i.GetAttribute("value") == "Długa 1");
    }

    [Fact]
    public void Errors_ShowNextToTheNameTheWebsiteAndTheAddressRow()
    {
        var errors = new FieldErrors([new("Name", "Validation.Required"), new("Website", "Validation.Website"), new("Addresses[0].City", "Validation.AddressNeedsCity")]);

        var form = Context.Render<CompanyForm>(p => p.Add(f => f.Model, Baltyk()).Add(f => f.Errors, errors));

        Assert.Equal("Required.", form.ErrorOf("Name"));
        Assert.Equal("Enter a valid web address.", form.ErrorOf("Website"));
        Assert.Null(form.ErrorOf("Street"));
        Assert.Contains("Enter at least the city or the street.", form.Find("[data-testid=address-row]").TextContent);
    }

    [Fact]
    public void ReadOnly_LeavesEveryFieldAsItIs()
    {
        var form = Context.Render<CompanyForm>(p => p.Add(f => f.Model, Baltyk()).Add(f => f.ReadOnly, true));

        form.AssertReadOnly();
    }

    [Fact]
    public void AddAPhoneThenType_ChangesTheModel()
    {
        var model = Baltyk();
        var form = Context.Render<CompanyForm>(p => p.Add(f => f.Model, model));

        form.FindAll("button").Single(b => b.TextContent.Contains("Add a phone")).Click();
        form.Find("[data-testid=phone-row] input").Change("58 123 45 67");
        form.Input("City").Change("Sopot");

        var input = model.ToInput();
        Assert.Equal([new PhoneInput("58 123 45 67")], input.Phones);
        Assert.Equal("Sopot", input.City);
    }
}
