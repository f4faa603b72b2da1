namespace CrmBlazor.Tests.Core.Leads;

/// <summary>Lead editing: add, edit, list.</summary>
public sealed class LeadServiceTests() : LeadTest(new TestDatabase())
{
    [Fact]
    public async Task CreateAsync_ValidInput_NormalizesPhonesEmailsAndWebsiteAndPublishes()
    {
        using var log = new EventLog(Db.Live);

        var lead = await AddLeadAsync(Valid() with { Phones = [new("601 234 567"), new("0048 601-234-567"), new("+44 20 7946 0958", PhoneType.Work)] });

        Assert.Equal(["+48601234567", "+442079460958"], lead.Input.Phones.Select(p => p.Number));
        Assert.Equal("grace@millerandsons.co.uk", Assert.Single(lead.Input.Emails).Address);
        Assert.Equal("https://millerandsons.co.uk", lead.Input.Website);
        Assert.Equal(Anna.UserId, lead.Input.ResponsibleUserId);
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
        var result = await Leads.CreateAsync(input, Anna);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => e.Field == field && e.MessageKey == key);
        Assert.Equal(0, (await Leads.ListAsync(new LeadQuery())).Total);
    }

    [Fact]
    public async Task UpdateAsync_SomeoneElsesLeadAsSales_IsForbidden_AndStaleVersionIsConflict()
    {
        var lead = await AddLeadAsync(actor: Anna);

        var byPiotr = await Leads.UpdateAsync(lead.Id, lead.Version, Valid("Mine now"), Piotr);
        Assert.True((await Leads.UpdateAsync(lead.Id, lead.Version, Valid("First"), Anna)).IsOk);
        var stale = await Leads.UpdateAsync(lead.Id, lead.Version, Valid("Second"), Manager);

        Assert.Equal(ResultStatus.Forbidden, byPiotr.Status);
        Assert.Equal(ResultStatus.Conflict, stale.Status);
        Assert.Equal("First", (await Leads.GetAsync(lead.Id))!.Input.Title);
    }

    [Fact]
    public async Task ListAsync_SearchFiltersSortAndPaging_WorkOnTheServer()
    {
        for (var i = 0; i < 30; i++)
        {
            Db.Clock.Now = Db.Clock.Now.AddHours(1);
            await AddLeadAsync(Valid($"Lead {i:00}") with
            {
                Source = i % 3 == 0 ? LeadSource.WebForm : LeadSource.Call,
                Emails = [new($"person{i}@firma{i}.pl")],
                Phones = [new($"60{i % 10}{i:00}0000")],
                CompanyName = i == 7 ? "Zielona Energia" : i == 8 ? "Zając i Syn" : "Firma",
            }, i % 2 == 0 ? Anna : Piotr);
        }

        var page = await Leads.ListAsync(new LeadQuery { Skip = 10, Take = 10 });
        var web = await Leads.ListAsync(new LeadQuery { Source = LeadSource.WebForm, ResponsibleUserId = Anna.UserId });
        var byCompany = await Leads.ListAsync(new LeadQuery { Search = "zielona" });
        var byEmail = await Leads.ListAsync(new LeadQuery { Search = "PERSON12@" });
        // Through the search index: every word in any order, diacritics folded.
        var byWords = await Leads.ListAsync(new LeadQuery { Search = "energia ZIELONA" });
        var folded = await Leads.ListAsync(new LeadQuery { Search = "zajac" });
        var byPhone = await Leads.ListAsync(new LeadQuery { Search = "602 120 000" });
        var byTitle = await Leads.ListAsync(new LeadQuery { SortBy = LeadSort.Title, Descending = false, Take = 3 });
        var recent = await Leads.ListAsync(new LeadQuery { CreatedFrom = Db.Clock.Now.UtcDateTime.AddHours(-4.5) });

        Assert.Equal(30, page.Total);
        Assert.Equal(["Lead 19", "Lead 18"], page.Items.Take(2).Select(l => l.Title));
        Assert.Equal(5, web.Total);
        Assert.Equal("Lead 07", Assert.Single(byCompany.Items).Title);
        Assert.Equal("Lead 12", Assert.Single(byEmail.Items).Title);
        Assert.Equal("Lead 07", Assert.Single(byWords.Items).Title);
        Assert.Equal("Lead 08", Assert.Single(folded.Items).Title);
        Assert.Equal("Lead 12", Assert.Single(byPhone.Items).Title);
        Assert.Equal(["Lead 00", "Lead 01", "Lead 02"], byTitle.Items.Select(l => l.Title));
        Assert.Equal(5, recent.Total);
    }
}
