using CrmBlazor.Core.Common;
using CrmBlazor.Core.Companies;
using CrmBlazor.Core.Contacts;
using CrmBlazor.Core.Deals;
using CrmBlazor.Core.Identity;
using CrmBlazor.Core.Leads;
using CrmBlazor.Core.Live;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Tests.Core;

public sealed class LeadServiceTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private TestPipeline _pipeline = default!;
    private Actor _anna = default!;
    private Actor _piotr = default!;
    private Actor _manager = default!;

    private LeadService Leads => _db.Get<LeadService>();

    public async Task InitializeAsync()
    {
        _pipeline = await _db.AddPipelineAsync();
        _anna = await _db.AddUserAsync("Anna", CrmRoles.Sales);
        _piotr = await _db.AddUserAsync("Piotr", CrmRoles.Sales);
        _manager = await _db.AddUserAsync("Marta", CrmRoles.Manager);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static LeadInput Valid(string title = "Business card from the fair") => new()
    {
        Title = title,
        FirstName = "Grace",
        LastName = "Miller",
        CompanyName = "Miller & Sons",
        Phones = [new LeadPhoneInput("601 234 567")],
        Emails = [new LeadEmailInput("Grace@MillerAndSons.co.uk")],
        Website = "millerandsons.co.uk",
        Source = LeadSource.Manual,
        ExpectedAmount = 8500m,
        Currency = "EUR",
    };

    private async Task<LeadDetails> AddLeadAsync(LeadInput? input = null, Actor? actor = null)
    {
        var result = await Leads.CreateAsync(input ?? Valid(), actor ?? _anna);
        Assert.True(result.IsOk, string.Join(", ", result.Errors.Select(e => $"{e.Field} {e.MessageKey}")));
        return result.Value!;
    }

    [Fact]
    public async Task CreateAsync_ValidInput_NormalizesPhonesEmailsAndWebsiteAndPublishes()
    {
        using var log = new EventLog(_db.Live);

        var lead = await AddLeadAsync(Valid() with { Phones = [new("601 234 567"), new("0048 601-234-567"), new("+44 20 7946 0958", PhoneType.Work)] });

        Assert.Equal(["+48601234567", "+442079460958"], lead.Input.Phones.Select(p => p.Number));
        Assert.Equal("grace@millerandsons.co.uk", Assert.Single(lead.Input.Emails).Address);
        Assert.Equal("https://millerandsons.co.uk", lead.Input.Website);
        Assert.Equal(_anna.UserId, lead.Input.ResponsibleUserId);
        Assert.True(lead.IsOpen);
        var change = Assert.IsType<LeadChanged>(Assert.Single(log.Events));
        Assert.Equal((LeadChangeKind.Created, "Grace Miller", "Anna"), (change.Kind, change.Row.PersonName, change.Row.ResponsibleName));
    }

    public static TheoryData<LeadInput, string, string> BadInputs => new()
    {
        { Valid() with { Title = " " }, "Title", "Validation.Required" },
        { Valid() with { Emails = [new("not-an-email")] }, "Emails[0]", "Validation.Email" },
        { Valid() with { Phones = [new("601 234 567"), new("12")] }, "Phones[1]", "Validation.Phone" },
        { Valid() with { Website = "http://no spaces allowed" }, "Website", "Validation.Website" },
        { Valid() with { Phones = [], Emails = [] }, "Phones", "Lead.NeedsReach" },
        { Valid() with { ExpectedAmount = -5m }, "ExpectedAmount", "Validation.NotNegative" },
        { Valid() with { Currency = null }, "Currency", "Validation.Currency" },
        { Valid() with { Status = LeadStatus.Converted }, "Status", "Lead.UseComplete" },
        { Valid() with { ResponsibleUserId = "nobody" }, "ResponsibleUserId", "Validation.NoLongerExists" },
        { Valid() with { FirstName = new string('x', LeadRules.NameMaxLength + 1) }, "FirstName", "Validation.MaxLength" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task CreateAsync_BadField_ReportsThatFieldAndSavesNothing(LeadInput input, string field, string key)
    {
        var result = await Leads.CreateAsync(input, _anna);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => e.Field == field && e.MessageKey == key);
        Assert.Equal(0, (await Leads.ListAsync(new LeadQuery())).Total);
    }

    [Fact]
    public async Task FindDuplicatesAsync_SameEmailPhoneOrCompanyTypedDifferently_FindsLeadsContactsAndCompanies()
    {
        var lead = await AddLeadAsync();
        var contact = (await _db.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = "Grace", Phone = "+48 601 234 567" }, _anna)).Value!;
        var company = (await _db.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput { Name = "MILLER & SONS" }, _anna)).Value!;
        await AddLeadAsync(Valid("Unrelated") with { CompanyName = "Other", Phones = [new("602 000 111")], Emails = [new("x@other.pl")] });

        var matches = await _db.Get<DuplicateFinder>().FindAsync(new DuplicateProbe(["GRACE@millerandsons.co.uk"], ["0048601234567"], "miller & sons"));

        Assert.Contains(matches, m => m is { Kind: ElementKind.Lead, Reason: MatchReason.Email } && m.Id == lead.Id);
        Assert.Contains(matches, m => m is { Kind: ElementKind.Contact, Reason: MatchReason.Phone } && m.Id == contact.Id);
        Assert.Contains(matches, m => m is { Kind: ElementKind.Company, Reason: MatchReason.CompanyName } && m.Id == company.Id);
        Assert.DoesNotContain(matches, m => m.Name == "Unrelated");
        Assert.Empty(await _db.Get<DuplicateFinder>().FindAsync(new DuplicateProbe(["grace@millerandsons.co.uk"], [], null, ExcludeLeadId: lead.Id)));
    }

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
        var proposal = (await _db.Get<LeadConversionService>().ProposeConversionAsync(lead.Id))!;
        using var log = new EventLog(_db.Live);

        var result = await _db.Get<LeadConversionService>().CompleteAsync(new CompleteLead(lead.Id, lead.Version,
            withContact ? new ContactChoice(null, proposal.Contact) : null,
            withCompany ? new CompanyChoice(null, proposal.Company) : null,
            withDeal ? proposal.Deal : null), _anna);

        Assert.True(result.IsOk, string.Join(", ", result.Errors.Select(e => $"{e.Field} {e.MessageKey}")));
        var outcome = result.Value!;
        Assert.Equal((withContact, withCompany, withDeal), (outcome.ContactId is not null, outcome.CompanyId is not null, outcome.DealId is not null));
        await using var db = await _db.Factory.CreateDbContextAsync();
        if (withContact)
        {
            var contact = await db.Contacts.SingleAsync(c => c.Id == outcome.ContactId);
            Assert.Equal(("Grace", "Miller", "+48601234567", outcome.CompanyId), (contact.FirstName, contact.LastName, contact.Phone, contact.CompanyId));
        }
        if (withDeal)
        {
            var deal = await db.Deals.SingleAsync(d => d.Id == outcome.DealId);
            Assert.Equal((8500m, "EUR", outcome.ContactId, outcome.CompanyId, _pipeline.NewStageId), (deal.Amount, deal.Currency, deal.ContactId, deal.CompanyId, deal.StageId));
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
    public async Task CompleteAsync_LinkExistingContactAndCompany_CreatesNoDuplicates()
    {
        var company = (await _db.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput { Name = "Miller & Sons" }, _anna)).Value!;
        var contact = (await _db.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = "Grace", Email = "grace@millerandsons.co.uk", CompanyId = company.Id }, _anna)).Value!;
        var lead = await AddLeadAsync();
        var proposal = (await _db.Get<LeadConversionService>().ProposeConversionAsync(lead.Id))!;
        Assert.Contains(proposal.Matches, m => m.Kind == ElementKind.Contact && m.Id == contact.Id);
        Assert.Contains(proposal.Matches, m => m.Kind == ElementKind.Company && m.Id == company.Id);

        var result = await _db.Get<LeadConversionService>().CompleteAsync(new CompleteLead(lead.Id, lead.Version, new ContactChoice(contact.Id, null), new CompanyChoice(company.Id, null), proposal.Deal), _anna);

        Assert.True(result.IsOk);
        await using var db = await _db.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.Contacts.CountAsync());
        Assert.Equal(1, await db.Companies.CountAsync());
        var deal = await db.Deals.SingleAsync();
        Assert.Equal((contact.Id, company.Id), (deal.ContactId!.Value, deal.CompanyId!.Value));
    }

    [Fact]
    public async Task CompleteAsync_BadNewRecords_ReportsEachPrefixedFieldAndChangesNothing()
    {
        var lead = await AddLeadAsync();

        var result = await _db.Get<LeadConversionService>().CompleteAsync(new CompleteLead(lead.Id, lead.Version,
            new ContactChoice(null, new ContactInput { FirstName = "", Email = "bad" }),
            new CompanyChoice(null, new CompanyInput { Name = "" }),
            new DealInput { Title = "", Currency = "PLN", StageId = _pipeline.WonStageId }), _anna);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(["Company.Name", "Contact.Email", "Contact.FirstName", "Deal.StageId", "Deal.Title"], result.Errors.Select(e => e.Field).Order().ToArray());
        Assert.True((await Leads.GetAsync(lead.Id))!.IsOpen);
    }

    [Fact]
    public async Task CompleteAsync_FailureMidway_LeavesNothingBehind()
    {
        var lead = await AddLeadAsync();
        var proposal = (await _db.Get<LeadConversionService>().ProposeConversionAsync(lead.Id))!;
        _db.Commands.FailWhen = sql => sql.Contains("INSERT INTO \"Deals\"", StringComparison.Ordinal);
        using var log = new EventLog(_db.Live);

        await Assert.ThrowsAnyAsync<Exception>(() => _db.Get<LeadConversionService>().CompleteAsync(
            new CompleteLead(lead.Id, lead.Version, new ContactChoice(null, proposal.Contact), new CompanyChoice(null, proposal.Company), proposal.Deal), _anna));
        _db.Commands.FailWhen = null;

        await using var db = await _db.Factory.CreateDbContextAsync();
        Assert.Equal((0, 0, 0), (await db.Contacts.CountAsync(), await db.Companies.CountAsync(), await db.Deals.CountAsync()));
        Assert.True((await Leads.GetAsync(lead.Id))!.IsOpen);
        Assert.Empty(log.Events);
    }

    [Fact]
    public async Task CompleteAsync_TwoUsersAtOnce_ConvertsOnceAndTellsTheOther()
    {
        var lead = await AddLeadAsync(actor: _manager);
        var proposal = (await _db.Get<LeadConversionService>().ProposeConversionAsync(lead.Id))!;
        var complete = new CompleteLead(lead.Id, lead.Version, new ContactChoice(null, proposal.Contact), null, proposal.Deal);
        var admin = await _db.AddUserAsync("Adam", CrmRoles.Admin);

        var results = await Task.WhenAll(
            Task.Run(() => _db.Get<LeadConversionService>().CompleteAsync(complete, _manager)),
            Task.Run(() => _db.Get<LeadConversionService>().CompleteAsync(complete, admin)));

        Assert.Single(results, r => r.IsOk);
        Assert.Equal("Lead.AlreadyCompleted", Assert.Single(results, r => !r.IsOk).MessageKey);
        await using var db = await _db.Factory.CreateDbContextAsync();
        Assert.Equal((1, 1), (await db.Contacts.CountAsync(), await db.Deals.CountAsync()));
    }

    [Fact]
    public async Task MarkJunkAsync_WithReason_ClosesTheLeadAndItCannotBeEditedOrCompletedAgain()
    {
        var lead = await AddLeadAsync();

        var junk = await _db.Get<LeadConversionService>().MarkJunkAsync(new MarkLeadJunk(lead.Id, lead.Version, JunkReason.Spam, "Bot traffic"), _anna);
        var closed = (await Leads.GetAsync(lead.Id))!;
        var edit = await Leads.UpdateAsync(lead.Id, closed.Version, Valid("Edited"), _anna);
        var convert = await _db.Get<LeadConversionService>().CompleteAsync(new CompleteLead(lead.Id, closed.Version, null, null, new DealInput { Title = "x", Currency = "PLN", StageId = _pipeline.NewStageId }), _anna);

        Assert.True(junk.IsOk);
        Assert.Equal((LeadStatus.Junk, JunkReason.Spam, "Bot traffic"), (closed.Input.Status, closed.JunkReason!.Value, closed.JunkComment));
        Assert.Equal("Lead.Closed", edit.MessageKey);
        Assert.Equal("Lead.AlreadyCompleted", convert.MessageKey);
    }

    [Fact]
    public async Task UpdateAsync_SomeoneElsesLeadAsSales_IsForbidden_AndStaleVersionIsConflict()
    {
        var lead = await AddLeadAsync(actor: _anna);

        var byPiotr = await Leads.UpdateAsync(lead.Id, lead.Version, Valid("Mine now"), _piotr);
        Assert.True((await Leads.UpdateAsync(lead.Id, lead.Version, Valid("First"), _anna)).IsOk);
        var stale = await Leads.UpdateAsync(lead.Id, lead.Version, Valid("Second"), _manager);

        Assert.Equal(ResultStatus.Forbidden, byPiotr.Status);
        Assert.Equal(ResultStatus.Conflict, stale.Status);
        Assert.Equal("First", (await Leads.GetAsync(lead.Id))!.Input.Title);
    }

    [Fact]
    public async Task ListAsync_SearchFiltersSortAndPaging_WorkOnTheServer()
    {
        for (var i = 0; i < 30; i++)
        {
            _db.Clock.Now = _db.Clock.Now.AddHours(1);
            await AddLeadAsync(Valid($"Lead {i:00}") with
            {
                Source = i % 3 == 0 ? LeadSource.WebForm : LeadSource.Call,
                Emails = [new($"person{i}@firma{i}.pl")],
                Phones = [new($"60{i % 10}{i:00}0000")],
                CompanyName = i == 7 ? "Zielona Energia" : "Firma",
            }, i % 2 == 0 ? _anna : _piotr);
        }

        var page = await Leads.ListAsync(new LeadQuery { Skip = 10, Take = 10 });
        var web = await Leads.ListAsync(new LeadQuery { Source = LeadSource.WebForm, ResponsibleUserId = _anna.UserId });
        var byCompany = await Leads.ListAsync(new LeadQuery { Search = "zielona" });
        var byEmail = await Leads.ListAsync(new LeadQuery { Search = "PERSON12@" });
        var byPhone = await Leads.ListAsync(new LeadQuery { Search = "602 120 000" });
        var byTitle = await Leads.ListAsync(new LeadQuery { SortBy = LeadSort.Title, Descending = false, Take = 3 });
        var recent = await Leads.ListAsync(new LeadQuery { CreatedFrom = _db.Clock.Now.UtcDateTime.AddHours(-4.5) });

        Assert.Equal(30, page.Total);
        Assert.Equal(["Lead 19", "Lead 18"], page.Items.Take(2).Select(l => l.Title));
        Assert.Equal(5, web.Total);
        Assert.Equal("Lead 07", Assert.Single(byCompany.Items).Title);
        Assert.Equal("Lead 12", Assert.Single(byEmail.Items).Title);
        Assert.Equal("Lead 12", Assert.Single(byPhone.Items).Title);
        Assert.Equal(["Lead 00", "Lead 01", "Lead 02"], byTitle.Items.Select(l => l.Title));
        Assert.Equal(5, recent.Total);
    }
}
