namespace CrmBlazor.Tests.Core.Parties;

/// <summary>Contacts and companies with several phones, e-mails and addresses; their lists' filters; their deals' totals.</summary>
public class ContactPointsTests(TestDatabase? db = null) : CoreTest(db)
{
    private CompanyService Companies => Db.Get<CompanyService>();
    private ContactService Contacts => Db.Get<ContactService>();

    [Fact]
    public async Task ContactSave_SeveralPhonesEmailsAddresses_NormalizedDeduplicatedAndFirstIsMain()
    {
        var input = new ContactInput
        {
            FirstName = "Ewa",
            Phones = [new("601 234 567", PhoneType.Mobile), new("+48 22 123 45 67"), new("0048601234567"), new(" ")],
            Emails = [new("Ewa@Baltyk.pl"), new("ewa.private@gmail.com", EmailType.Personal), new("EWA@baltyk.pl")],
            Addresses = [new AddressInput { Street = "ul. Długa 12", City = "Gdańsk", Country = "Polska" }, new AddressInput()],
        };

        var saved = await Contacts.SaveAsync(null, 0, input, Anna);

        Assert.True(saved.IsOk);
        Assert.Equal(("+48601234567", "ewa@baltyk.pl", "Gdańsk"), (saved.Value!.Phone, saved.Value.Email, saved.Value.City));
        var details = (await Contacts.GetAsync(saved.Value.Id))!;
        Assert.Equal(["+48601234567", "+48221234567"], details.Input.Phones.Select(p => p.Number));
        Assert.Equal([EmailType.Work, EmailType.Personal], details.Input.Emails.Select(e => e.Type));
        Assert.Equal("ul. Długa 12", Assert.Single(details.Input.Addresses).Street);
    }

    [Fact]
    public async Task CompanySave_BadPhoneEmailOrAddress_ReportsTheRow()
    {
        var result = await Companies.SaveAsync(null, 0, new CompanyInput
        {
            Name = "Firma",
            Phones = [new("601 234 567"), new("12")],
            Emails = [new("ok@firma.pl"), new("no-at-sign")],
            Addresses = [new AddressInput { Country = "Polska" }],
        }, Anna);

        Assert.Equal(["Addresses[0].City", "Emails[1]", "Phones[1]"], result.Errors.Select(e => e.Field).Order().ToArray());
    }

    [Fact]
    public async Task CompanySave_EditKeepsVersioning_AndAnotherPhoneIsFoundAsDuplicate()
    {
        var company = (await Companies.SaveAsync(null, 0, new CompanyInput { Name = "Bałtyk", Phone = "+48 58 111 22 33" }, Anna)).Value!;
        var edited = await Companies.SaveAsync(company.Id, company.Version, new CompanyInput
        {
            Name = "Bałtyk",
            Phones = [new("+48 58 111 22 33"), new("602 000 111", PhoneType.Mobile)],
            Emails = [new("biuro@baltyk.pl"), new("faktury@baltyk.pl")],
        }, Anna);
        var stale = await Companies.SaveAsync(company.Id, company.Version, new CompanyInput { Name = "Old" }, Anna);

        Assert.True(edited.IsOk);
        Assert.Equal(ResultStatus.Conflict, stale.Status);
        var matches = await Db.Get<DuplicateFinder>().FindAsync(new DuplicateProbe(["FAKTURY@baltyk.pl"], ["602000111"], null));
        Assert.Contains(matches, m => m is { Kind: ElementKind.Company } && m.Id == company.Id);
    }

    [Fact]
    public async Task ListAsync_FiltersByResponsibleCompanyAndCity()
    {
        var krakow = (await Companies.SaveAsync(null, 0, new CompanyInput { Name = "Mostostal", Addresses = [new AddressInput { City = "Kraków" }] }, Anna)).Value!;
        await Companies.SaveAsync(null, 0, new CompanyInput { Name = "Other", City = "Gdańsk" }, Piotr);
        await Contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Jan", CompanyId = krakow.Id, Addresses = [new AddressInput { City = "Kraków" }] }, Anna);
        await Contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Ola", Emails = [new("ola@example.com")] }, Piotr);

        Assert.Equal(["Mostostal"], (await Companies.ListAsync(new CompanyQuery { City = "kraków" })).Items.Select(c => c.Name));
        Assert.Equal(["Other"], (await Companies.ListAsync(new CompanyQuery { ResponsibleUserId = Piotr.UserId })).Items.Select(c => c.Name));
        Assert.Equal("Kraków", krakow.City);
        Assert.Equal(["Jan"], (await Contacts.ListAsync(new ContactQuery { CompanyId = krakow.Id })).Items.Select(c => c.FirstName));
        Assert.Equal(["Jan"], (await Contacts.ListAsync(new ContactQuery { City = "Krak" })).Items.Select(c => c.FirstName));
        var ola = Assert.Single((await Contacts.ListAsync(new ContactQuery { Search = "ola@exa" })).Items);
        Assert.Equal(("Ola", "Piotr"), (ola.FirstName, ola.ResponsibleName));
    }

    [Fact]
    public async Task DealsOfContactAndCompany_OpenWonLostTotalsPerCurrency()
    {
        var company = (await Companies.SaveAsync(null, 0, new CompanyInput { Name = "Acme" }, Anna)).Value!;
        var contact = (await Contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Jan", CompanyId = company.Id }, Anna)).Value!;
        async Task<DealCard> Add(string title, decimal amount, string currency, bool withContact)
        {
            var r = await Db.Deals.CreateAsync(new DealInput { Title = title, Amount = amount, Currency = currency, StageId = Pipeline.NewStageId, CompanyId = company.Id, ContactId = withContact ? contact.Id : null }, Anna);
            return r.Value!;
        }
        await Add("Open 1", 100m, "PLN", true);
        await Add("Open 2", 50.50m, "PLN", false);
        var won = await Add("Won", 999m, "PLN", true);
        await Add("Euro", 10m, "EUR", true);
        await Db.Deals.CloseAsync(new CloseDeal(won.Id, won.Version, Pipeline.WonStageId, FinalAmount: 1000m), Anna);
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Unrelated", 5000m);

        var queries = Db.Get<DealQueryService>();
        var ofCompany = await queries.ForCompanyAsync(company.Id);
        var ofContact = await queries.ForContactAsync(contact.Id);

        Assert.Equal(4, ofCompany.Deals.Count);
        Assert.Equal(StageKindsOpenFirst(ofCompany), ofCompany.Deals.Select(d => d.StageKind).ToList());
        Assert.Equal(
            [new PartyDealTotal("EUR", 1, 10m, 0, 0m, 0, 0m), new PartyDealTotal("PLN", 2, 150.50m, 1, 1000m, 0, 0m)],
            ofCompany.Totals);
        Assert.Equal(new PartyDealTotal("PLN", 1, 100m, 1, 1000m, 0, 0m), ofContact.Totals.Single(t => t.Currency == "PLN"));
    }

    [Fact]
    public async Task CompleteLead_LeadWithSeveralPhonesAndEmails_TheNewContactTakesThemAll()
    {
        var leads = Db.Get<LeadService>();
        var lead = (await leads.CreateAsync(new LeadInput
        {
            Title = "Fair", FirstName = "Grace", LastName = "Miller",
            Phones = [new("601 234 567"), new("+44 20 7946 0958", PhoneType.Work)],
            Emails = [new("grace@miller.co.uk"), new("grace.m@gmail.com", EmailType.Personal)],
        }, Anna)).Value!;
        var proposal = (await Db.Get<LeadConversionService>().ProposeConversionAsync(lead.Id))!;

        var outcome = await Db.Get<LeadConversionService>().CompleteAsync(new CompleteLead(lead.Id, lead.Version, new ContactChoice(null, proposal.Contact), null, null), Anna);

        Assert.True(outcome.IsOk);
        var contact = (await Contacts.GetAsync(outcome.Value!.ContactId!.Value))!;
        Assert.Equal(["+48601234567", "+442079460958"], contact.Input.Phones.Select(p => p.Number));
        Assert.Equal(["grace@miller.co.uk", "grace.m@gmail.com"], contact.Input.Emails.Select(e => e.Address));
    }

    private static List<CrmBlazor.Core.Pipelines.StageKind> StageKindsOpenFirst(PartyDeals deals) =>
        deals.Deals.Select(d => d.StageKind).OrderBy(k => k == CrmBlazor.Core.Pipelines.StageKind.Open ? 0 : 1).ToList();
}

public sealed class PostgresContactPointsTests(PostgresServer server) : ContactPointsTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
