using Bunit;
using CrmBlazor.Components.Pages.Deals;
using MudBlazor;

namespace CrmBlazor.Tests.Components.Deals;

/// <summary>"New deal" (issue 19): a company chosen in the form narrows the contact picker to that company's people.</summary>
public sealed class DealFormContactsTests : TeamComponentTest
{
    [Fact]
    public async Task ChoosingACompany_NarrowsTheContactChoicesToItsPeople_AndClearingItOffersEveryoneAgain()
    {
        var companies = Db.Get<CompanyService>();
        var contacts = Db.Get<ContactService>();
        var baltyk = (await companies.SaveAsync(null, 0, new CompanyInput { Name = "Bałtyk" }, Anna)).Value!;
        var wisla = (await companies.SaveAsync(null, 0, new CompanyInput { Name = "Wisła" }, Anna)).Value!;
        Assert.True((await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Ola", LastName = "Morska", CompanyId = baltyk.Id }, Anna)).IsOk);
        Assert.True((await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Olek", LastName = "Rzeczny", CompanyId = wisla.Id }, Anna)).IsOk);
        Assert.True((await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Olga", LastName = "Wolna" }, Anna)).IsOk);
        var model = new DealFormModel { Title = "Order", Amount = 100m, Currency = "PLN", StageId = Pipeline.NewStageId };
        var form = Context.Render<DealForm>(p => p.Add(f => f.Model, model));
        var pickers = form.FindComponents<MudAutocomplete<Lookup>>();
        var company = pickers.Single(p => p.Instance.Label == "Company");
        var contact = pickers.Single(p => p.Instance.Label == "Contact");

        async Task<string[]> ContactChoicesAsync(string text)
        {
            var search = contact.Instance.SearchFunc;
            Assert.NotNull(search);
            var searching = search(text, CancellationToken.None);
            Assert.NotNull(searching);
            var found = await searching;
            Assert.NotNull(found);
            return [.. found.Select(c => c.Name).Order(StringComparer.Ordinal)];
        }

        // No company: every contact.
        Assert.Equal(["Ola Morska", "Olek Rzeczny", "Olga Wolna"], await ContactChoicesAsync("Ol"));
        Assert.Null(contact.Instance.HelperText);

        // Bałtyk chosen: only its people, and the contact field says so.
        await form.InvokeAsync(() => company.Instance.ValueChanged.InvokeAsync(new Lookup(baltyk.Id, "Bałtyk")));
        Assert.Equal(baltyk.Id, model.Company?.Id);
        Assert.Equal(["Ola Morska"], await ContactChoicesAsync("Ol"));
        Assert.Equal(["Ola Morska"], await ContactChoicesAsync(""));
        Assert.Empty(await ContactChoicesAsync("Olga"));
        form.WaitForAssertion(() => Assert.Contains("Showing the contacts of Bałtyk.", form.Field("Contact").TextContent));

        // Another company: its people instead.
        await form.InvokeAsync(() => company.Instance.ValueChanged.InvokeAsync(new Lookup(wisla.Id, "Wisła")));
        Assert.Equal(["Olek Rzeczny"], await ContactChoicesAsync("Ol"));

        // Cleared: everyone again.
        await form.InvokeAsync(() => company.Instance.ValueChanged.InvokeAsync(null));
        Assert.Equal(["Ola Morska", "Olek Rzeczny", "Olga Wolna"], await ContactChoicesAsync("Ol"));
        form.WaitForAssertion(() => Assert.DoesNotContain("Showing the contacts of", form.Field("Contact").TextContent));
    }
}
