namespace CrmBlazor.Tests.Core.Parties;

/// <summary>What contacts and companies share: validation, search, access and conflicts of the party core.</summary>
public class PartyServiceTests(TestDatabase? db = null) : CoreTest(db)
{
    private CompanyService Companies => Db.Get<CompanyService>();
    private ContactService Contacts => Db.Get<ContactService>();

    [Theory]
    [InlineData("", null, null, "Name", "Validation.Required")]
    [InlineData("Firma", "no-at-sign", null, "Email", "Validation.Email")]
    [InlineData("Firma", "a@b", null, "Email", "Validation.Email")]
    [InlineData("Firma", null, "https://not a site", "Website", "Validation.Website")]
    public async Task CompanySave_BadField_ReportsThatField(string name, string? email, string? website, string field, string key)
    {
        var result = await Companies.SaveAsync(null, 0, new CompanyInput { Name = name, Email = email, Website = website }, Anna);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal((field, key), (Assert.Single(result.Errors).Field, result.Errors[0].MessageKey));
        Assert.Equal(0, (await Companies.ListAsync(null, 0, 10)).Total);
    }

    [Fact]
    public async Task CompanySave_Valid_TrimsAddsSchemeAndIsFoundBySearch()
    {
        var saved = await Companies.SaveAsync(null, 0, new CompanyInput { Name = "  Kwiaciarnia Róża ", Website = "roza.pl", City = "Łódź" }, Anna);

        Assert.True(saved.IsOk);
        Assert.Equal(("Kwiaciarnia Róża", "https://roza.pl"), (saved.Value!.Name, saved.Value.Website));
        Assert.Equal([saved.Value.Id], (await Companies.ListAsync("Łódź", 0, 10)).Items.Select(c => c.Id));
        Assert.Equal("Kwiaciarnia Róża", Assert.Single(await Companies.SearchAsync("Róża")).Name);
    }

    [Fact]
    public async Task ContactSearchWithinACompany_FindsOnlyThatCompanysPeople()
    {
        var florist = (await Companies.SaveAsync(null, 0, new CompanyInput { Name = "Kwiaciarnia" }, Anna)).Value!;
        var bakery = (await Companies.SaveAsync(null, 0, new CompanyInput { Name = "Piekarnia" }, Anna)).Value!;
        var ola = (await Contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Ola", LastName = "Nowak", CompanyId = florist.Id }, Anna)).Value!;
        var jan = (await Contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Jan", LastName = "Nowak", CompanyId = bakery.Id }, Anna)).Value!;
        await Contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Ewa", LastName = "Nowak" }, Anna);

        Assert.Equal([ola.Id], (await Contacts.SearchWithinAsync("Nowak", new ContactQuery { CompanyId = florist.Id })).Select(c => c.Id));
        Assert.Equal([jan.Id], (await Contacts.SearchWithinAsync(null, new ContactQuery { CompanyId = bakery.Id })).Select(c => c.Id));
        Assert.Equal(3, (await Contacts.SearchWithinAsync("Nowak", within: null)).Count);
    }

    [Fact]
    public void WhyReadOnly_SaysWhyBySalesScopeAndIsNullForWhoMayChange()
    {
        Assert.Equal("Access.ReadOnlyNotYours", AccessPolicy.WhyReadOnly(Piotr, AccessEntity.Deal, Anna.UserId));
        Assert.Null(AccessPolicy.WhyReadOnly(Anna, AccessEntity.Deal, Anna.UserId));
        Assert.Null(AccessPolicy.WhyReadOnly(Manager, AccessEntity.Lead, Anna.UserId));
    }

    [Fact]
    public async Task CompanySave_SomeoneElsesAsSalesUser_IsForbiddenButManagerMay()
    {
        var company = (await Companies.SaveAsync(null, 0, new CompanyInput { Name = "Anna's client" }, Anna)).Value!;

        var byPiotr = await Companies.SaveAsync(company.Id, company.Version, new CompanyInput { Name = "Renamed" }, Piotr);
        var byManager = await Companies.SaveAsync(company.Id, company.Version, new CompanyInput { Name = "Renamed" }, Manager);

        Assert.Equal(ResultStatus.Forbidden, byPiotr.Status);
        Assert.True(byManager.IsOk);
    }

    [Fact]
    public async Task Save_ContactAndCompany_EachEventWakesItsList()
    {
        using var log = new EventLog(Db.Live);

        var company = (await Companies.SaveAsync(null, 0, new CompanyInput { Name = "Bałtyk" }, Anna)).Value!;
        var contact = (await Contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Ewa" }, Anna)).Value!;

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
        var contact = (await Contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Jan", LastName = "Kowalski" }, Anna)).Value!;
        Assert.True((await Contacts.SaveAsync(contact.Id, contact.Version, new ContactInput { FirstName = "Jan", LastName = "Nowak" }, Anna)).IsOk);

        var late = await Contacts.SaveAsync(contact.Id, contact.Version, new ContactInput { FirstName = "Janek" }, Anna);

        Assert.Equal(ResultStatus.Conflict, late.Status);
    }

    [Fact]
    public async Task ContactSave_WithCompany_ListShowsTheCompanyAndMissingCompanyIsInvalid()
    {
        var company = (await Companies.SaveAsync(null, 0, new CompanyInput { Name = "Bałtyk Logistics" }, Anna)).Value!;

        var saved = await Contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Ewa", LastName = "Michalska", CompanyId = company.Id, Email = "ewa@baltyk.pl" }, Anna);
        var broken = await Contacts.SaveAsync(null, 0, new ContactInput { FirstName = "X", CompanyId = 999 }, Anna);

        Assert.Equal("Bałtyk Logistics", saved.Value!.CompanyName);
        Assert.Equal("Ewa Michalska", Assert.Single((await Contacts.ListAsync("Bałtyk", 0, 10)).Items).FullName);
        Assert.Equal(("CompanyId", "Validation.NoLongerExists"), (Assert.Single(broken.Errors).Field, broken.Errors[0].MessageKey));
    }
}

public sealed class PostgresPartyServiceTests(PostgresServer server) : PartyServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
