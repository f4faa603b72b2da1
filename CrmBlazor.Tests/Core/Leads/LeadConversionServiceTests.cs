namespace CrmBlazor.Tests.Core.Leads;

/// <summary>"Complete lead": conversion into a contact, a company and a deal, and junk.</summary>
public sealed class LeadConversionServiceTests() : LeadTest(new TestDatabase())
{
    private LeadConversionService Conversions => Db.Get<LeadConversionService>();

    [Theory]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    [InlineData(true, true, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    [InlineData(true, true, true)]
    public async Task CompleteAsync_AnyCombination_CreatesAndLinksThemAndClosesTheLead(bool withContact, bool withCompany, bool withDeal)
    {
        var lead = await AddLeadAsync();
        var proposal = (await Conversions.ProposeConversionAsync(lead.Id))!;
        using var log = new EventLog(Db.Live);

        var result = await Conversions.CompleteAsync(new CompleteLead(lead.Id, lead.Version,
            withContact ? new ContactChoice(null, proposal.Contact) : null,
            withCompany ? new CompanyChoice(null, proposal.Company) : null,
            withDeal ? proposal.Deal : null), Anna);

        Assert.True(result.IsOk, string.Join(", ", result.Errors.Select(e => $"{e.Field} {e.MessageKey}")));
        var outcome = result.Value!;
        Assert.Equal((withContact, withCompany, withDeal), (outcome.ContactId is not null, outcome.CompanyId is not null, outcome.DealId is not null));
        await using var db = await Db.Factory.CreateDbContextAsync();
        if (withContact)
        {
            var contact = await db.Contacts.SingleAsync(c => c.Id == outcome.ContactId);
            Assert.Equal(("Grace", "Miller", "+48601234567", outcome.CompanyId), (contact.FirstName, contact.LastName, contact.Phone, contact.CompanyId));
        }
        if (withDeal)
        {
            var deal = await db.Deals.SingleAsync(d => d.Id == outcome.DealId);
            Assert.Equal((8500m, "EUR", outcome.ContactId, outcome.CompanyId, Pipeline.NewStageId), (deal.Amount, deal.Currency, deal.ContactId, deal.CompanyId, deal.StageId));
            Assert.Equal(1, await db.DealStageChanges.CountAsync(h => h.DealId == deal.Id));
        }
        var closed = (await Leads.GetAsync(lead.Id))!;
        Assert.False(closed.IsOpen);
        Assert.Equal((LeadStatus.Converted, outcome.ContactId, outcome.CompanyId, outcome.DealId, "Anna"),
            (closed.Input.Status, closed.ConvertedContactId, closed.ConvertedCompanyId, closed.ConvertedDealId, closed.ClosedByName));
        Assert.Single(log.Events.OfType<LeadChanged>(), e => e.Kind == LeadChangeKind.Converted && e.Row.Status == LeadStatus.Converted);
        Assert.Equal(withDeal ? 1 : 0, log.Events.OfType<DealChanged>().Count(e => e.Kind == DealChangeKind.Created && e.DealId == outcome.DealId));
    }

    [Fact]
    public async Task CompleteAsync_LeadWithTypedPhonesAndEmails_ContactKeepsEveryOneWithItsTypeAndTheFirstAsMain()
    {
        var lead = await AddLeadAsync(Valid() with
        {
            Phones = [new PhoneInput("22 123 45 67", PhoneType.Work), new PhoneInput("601 234 567", PhoneType.Mobile)],
            Emails = [new EmailInput("grace@home.pl", EmailType.Personal), new EmailInput("grace@millerandsons.co.uk", EmailType.Work)],
        });
        var proposal = (await Conversions.ProposeConversionAsync(lead.Id))!;

        var result = await Conversions.CompleteAsync(
            new CompleteLead(lead.Id, lead.Version, new ContactChoice(null, proposal.Contact), new CompanyChoice(null, proposal.Company), null), Anna);

        Assert.True(result.IsOk);
        await using var db = await Db.Factory.CreateDbContextAsync();
        var contact = await db.Contacts.Include(c => c.Phones).Include(c => c.Emails).SingleAsync(c => c.Id == result.Value!.ContactId);
        Assert.Equal([("+48221234567", PhoneType.Work), ("+48601234567", PhoneType.Mobile)], contact.Phones.OrderBy(p => p.Id).Select(p => (p.Number, p.Type)));
        Assert.Equal([("grace@home.pl", EmailType.Personal), ("grace@millerandsons.co.uk", EmailType.Work)], contact.Emails.OrderBy(e => e.Id).Select(e => (e.Address, e.Type)));
        Assert.Equal(("+48221234567", "grace@home.pl"), (contact.Phone, contact.Email));
        var company = await db.Companies.Include(c => c.Phones).SingleAsync(c => c.Id == result.Value!.CompanyId);
        Assert.Equal([("+48221234567", PhoneType.Work)], company.Phones.Select(p => (p.Number, p.Type)));
    }

    [Fact]
    public async Task CompleteAsync_LinkExistingContactAndCompany_CreatesNoDuplicates()
    {
        var company = (await Db.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput { Name = "Miller & Sons" }, Anna)).Value!;
        var contact = (await Db.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = "Grace", Email = "grace@millerandsons.co.uk", CompanyId = company.Id }, Anna)).Value!;
        var lead = await AddLeadAsync();
        var proposal = (await Conversions.ProposeConversionAsync(lead.Id))!;
        Assert.Contains(proposal.Matches, m => m.Kind == ElementKind.Contact && m.Id == contact.Id);
        Assert.Contains(proposal.Matches, m => m.Kind == ElementKind.Company && m.Id == company.Id);

        var result = await Conversions.CompleteAsync(new CompleteLead(lead.Id, lead.Version, new ContactChoice(contact.Id, null), new CompanyChoice(company.Id, null), proposal.Deal), Anna);

        Assert.True(result.IsOk);
        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.Contacts.CountAsync());
        Assert.Equal(1, await db.Companies.CountAsync());
        var deal = await db.Deals.SingleAsync();
        Assert.Equal((contact.Id, company.Id), (deal.ContactId!.Value, deal.CompanyId!.Value));
    }

    [Fact]
    public async Task CompleteAsync_BadNewRecords_ReportsEachPrefixedFieldAndChangesNothing()
    {
        var lead = await AddLeadAsync();

        var result = await Conversions.CompleteAsync(new CompleteLead(lead.Id, lead.Version,
            new ContactChoice(null, new ContactInput { FirstName = "", Email = "bad" }),
            new CompanyChoice(null, new CompanyInput { Name = "" }),
            new DealInput { Title = "", Currency = "PLN", StageId = Pipeline.WonStageId }), Anna);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(["Company.Name", "Contact.Email", "Contact.FirstName", "Deal.StageId", "Deal.Title"], result.Errors.Select(e => e.Field).Order().ToArray());
        Assert.True((await Leads.GetAsync(lead.Id))!.IsOpen);
    }

    [Fact]
    public async Task CompleteAsync_FailureMidway_LeavesNothingBehind()
    {
        var lead = await AddLeadAsync();
        var proposal = (await Conversions.ProposeConversionAsync(lead.Id))!;
        Db.Commands.FailWhen = sql => sql.Contains("INSERT INTO \"Deals\"", StringComparison.Ordinal);
        using var log = new EventLog(Db.Live);

        await Assert.ThrowsAnyAsync<Exception>(() => Conversions.CompleteAsync(
            new CompleteLead(lead.Id, lead.Version, new ContactChoice(null, proposal.Contact), new CompanyChoice(null, proposal.Company), proposal.Deal), Anna));
        Db.Commands.FailWhen = null;

        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.Equal((0, 0, 0), (await db.Contacts.CountAsync(), await db.Companies.CountAsync(), await db.Deals.CountAsync()));
        Assert.True((await Leads.GetAsync(lead.Id))!.IsOpen);
        Assert.Empty(log.Events);
    }

    [Fact]
    public async Task CompleteAsync_TwoUsersAtOnce_ConvertsOnceAndTellsTheOther()
    {
        var lead = await AddLeadAsync(actor: Manager);
        var proposal = (await Conversions.ProposeConversionAsync(lead.Id))!;
        var complete = new CompleteLead(lead.Id, lead.Version, new ContactChoice(null, proposal.Contact), null, proposal.Deal);
        var admin = await Db.AddUserAsync("Adam", CrmRoles.Admin);

        var results = await Task.WhenAll(
            Task.Run(() => Conversions.CompleteAsync(complete, Manager)),
            Task.Run(() => Conversions.CompleteAsync(complete, admin)));

        Assert.Single(results, r => r.IsOk);
        Assert.Equal("Lead.AlreadyCompleted", Assert.Single(results, r => !r.IsOk).MessageKey);
        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.Equal((1, 1), (await db.Contacts.CountAsync(), await db.Deals.CountAsync()));
    }

    [Fact]
    public async Task MarkJunkAsync_WithReason_ClosesTheLeadAndItCannotBeEditedOrCompletedAgain()
    {
        var lead = await AddLeadAsync();

        var junk = await Conversions.MarkJunkAsync(new MarkLeadJunk(lead.Id, lead.Version, JunkReason.Spam, "Bot traffic"), Anna);
        var closed = (await Leads.GetAsync(lead.Id))!;
        var edit = await Leads.UpdateAsync(lead.Id, closed.Version, Valid("Edited"), Anna);
        var convert = await Conversions.CompleteAsync(new CompleteLead(lead.Id, closed.Version, null, null, new DealInput { Title = "x", Currency = "PLN", StageId = Pipeline.NewStageId }), Anna);

        Assert.True(junk.IsOk);
        Assert.Equal((LeadStatus.Junk, JunkReason.Spam, "Bot traffic"), (closed.Input.Status, closed.JunkReason!.Value, closed.JunkComment));
        Assert.Equal("Lead.Closed", edit.MessageKey);
        Assert.Equal("Lead.AlreadyCompleted", convert.MessageKey);
    }
}
