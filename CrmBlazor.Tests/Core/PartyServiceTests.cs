using CrmBlazor.Core.Common;
using CrmBlazor.Core.Companies;
using CrmBlazor.Core.Contacts;
using CrmBlazor.Core.Identity;
using CrmBlazor.Core.Live;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Core;

public sealed class PartyServiceTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private Actor _anna = default!;
    private Actor _piotr = default!;
    private Actor _manager = default!;

    private CompanyService Companies => _db.Get<CompanyService>();
    private ContactService Contacts => _db.Get<ContactService>();

    public async Task InitializeAsync()
    {
        _anna = await _db.AddUserAsync("Anna", CrmRoles.Sales);
        _piotr = await _db.AddUserAsync("Piotr", CrmRoles.Sales);
        _manager = await _db.AddUserAsync("Marta", CrmRoles.Manager);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Theory]
    [InlineData("", null, null, "Name", "Validation.Required")]
    [InlineData("Firma", "no-at-sign", null, "Email", "Validation.Email")]
    [InlineData("Firma", "a@b", null, "Email", "Validation.Email")]
    [InlineData("Firma", null, "https://not a site", "Website", "Validation.Website")]
    public async Task CompanySave_BadField_ReportsThatField(string name, string? email, string? website, string field, string key)
    {
        var result = await Companies.SaveAsync(null, 0, new CompanyInput { Name = name, Email = email, Website = website }, _anna);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal((field, key), (Assert.Single(result.Errors).Field, result.Errors[0].MessageKey));
        Assert.Equal(0, (await Companies.ListAsync(null, 0, 10)).Total);
    }

    [Fact]
    public async Task CompanySave_Valid_TrimsAddsSchemeAndIsFoundBySearch()
    {
        var saved = await Companies.SaveAsync(null, 0, new CompanyInput { Name = "  Kwiaciarnia Róża ", Website = "roza.pl", City = "Łódź" }, _anna);

        Assert.True(saved.IsOk);
        Assert.Equal(("Kwiaciarnia Róża", "https://roza.pl"), (saved.Value!.Name, saved.Value.Website));
        Assert.Equal([saved.Value.Id], (await Companies.ListAsync("Łódź", 0, 10)).Items.Select(c => c.Id));
        Assert.Equal("Kwiaciarnia Róża", Assert.Single(await Companies.SearchAsync("Róża")).Name);
    }

    [Fact]
    public async Task CompanySave_SomeoneElsesAsSalesUser_IsForbiddenButManagerMay()
    {
        var company = (await Companies.SaveAsync(null, 0, new CompanyInput { Name = "Anna's client" }, _anna)).Value!;

        var byPiotr = await Companies.SaveAsync(company.Id, company.Version, new CompanyInput { Name = "Renamed" }, _piotr);
        var byManager = await Companies.SaveAsync(company.Id, company.Version, new CompanyInput { Name = "Renamed" }, _manager);

        Assert.Equal(ResultStatus.Forbidden, byPiotr.Status);
        Assert.True(byManager.IsOk);
    }

    [Fact]
    public async Task Save_ContactAndCompany_EachEventWakesItsList()
    {
        using var log = new EventLog(_db.Live);

        var company = (await Companies.SaveAsync(null, 0, new CompanyInput { Name = "Bałtyk" }, _anna)).Value!;
        var contact = (await Contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Ewa" }, _anna)).Value!;

        Assert.Equal(
            [
                [LiveTopics.Element(ElementRef.Company(company.Id)), LiveTopics.History, LiveTopics.Companies],
                [LiveTopics.Element(ElementRef.Contact(contact.Id)), LiveTopics.History, LiveTopics.Contacts],
            ],
            log.Events.Cast<ElementChanged>().Select(e => e.Topics.ToList()));
    }

    [Fact]
    public async Task ContactSave_StaleVersion_IsConflict()
    {
        var contact = (await Contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Jan", LastName = "Kowalski" }, _anna)).Value!;
        Assert.True((await Contacts.SaveAsync(contact.Id, contact.Version, new ContactInput { FirstName = "Jan", LastName = "Nowak" }, _anna)).IsOk);

        var late = await Contacts.SaveAsync(contact.Id, contact.Version, new ContactInput { FirstName = "Janek" }, _anna);

        Assert.Equal(ResultStatus.Conflict, late.Status);
    }

    [Fact]
    public async Task ContactSave_WithCompany_ListShowsTheCompanyAndMissingCompanyIsInvalid()
    {
        var company = (await Companies.SaveAsync(null, 0, new CompanyInput { Name = "Bałtyk Logistics" }, _anna)).Value!;

        var saved = await Contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Ewa", LastName = "Michalska", CompanyId = company.Id, Email = "ewa@baltyk.pl" }, _anna);
        var broken = await Contacts.SaveAsync(null, 0, new ContactInput { FirstName = "X", CompanyId = 999 }, _anna);

        Assert.Equal("Bałtyk Logistics", saved.Value!.CompanyName);
        Assert.Equal("Ewa Michalska", Assert.Single((await Contacts.ListAsync("Bałtyk", 0, 10)).Items).FullName);
        Assert.Equal(("CompanyId", "Validation.NoLongerExists"), (Assert.Single(broken.Errors).Field, broken.Errors[0].MessageKey));
    }
}
