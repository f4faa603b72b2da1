using CrmBlazor.Core.Calls;
using CrmBlazor.Core.Import;
using CrmBlazor.Core.Merging;

namespace CrmBlazor.Tests.Core.Merging;

/// <summary>Merging duplicates: every relation moves to the record that stays, chosen fields, united contact points, concurrency (decision 020).</summary>
public class MergeServiceTests(TestDatabase? db = null) : CoreTest(db)
{
    private MergeService Merge => Db.Get<MergeService>();
    private ContactService Contacts => Db.Get<ContactService>();
    private CompanyService Companies => Db.Get<CompanyService>();

    private async Task<ContactRow> AddContactAsync(string first, string? last, string phone, string email, int? companyId = null)
    {
        var saved = await Contacts.SaveAsync(null, 0, new ContactInput { FirstName = first, LastName = last, Phone = phone, Email = email, CompanyId = companyId }, Anna);
        Assert.True(saved.IsOk, saved.Status.ToString());
        return saved.Value!;
    }

    [Fact]
    public async Task MergeContacts_MovesEveryRelation_UnitesPhonesAndEmails_AndKeepsTheChosenFields()
    {
        var keep = await AddContactAsync("Jan", "Kowalski", "+48 601 000 001", "jan@a.pl");
        var gone = await AddContactAsync("Janek", "Kowalski-Nowak", "+48 601 000 002", "jan@b.pl");
        var goneRef = ElementRef.Contact(gone.Id);
        var deal = (await Db.Deals.CreateAsync(new DealInput { Title = "Gone's deal", Amount = 5, Currency = "PLN", StageId = Pipeline.NewStageId, ContactId = gone.Id }, Anna)).Value!;
        var keptDeal = (await Db.Deals.CreateAsync(new DealInput { Title = "Kept deal", Amount = 5, Currency = "PLN", StageId = Pipeline.NewStageId, ContactId = keep.Id }, Anna)).Value!;
        var activity = (await Db.Get<ActivityService>().PlanAsync(goneRef, new ActivityInput
        {
            Type = ActivityType.Task, Subject = "Call Janek", Deadline = Db.Clock.Now.UtcDateTime.AddDays(1), ResponsibleUserId = Anna.UserId,
        }, Anna)).Value!;
        var comment = (await Db.Get<TimelineService>().AddCommentAsync(goneRef, "Met at the fair", Anna)).Value!;
        await using (var setup = await Db.Factory.CreateDbContextAsync())
        {
            var company = new Company { Name = "Other" };
            setup.Companies.Add(company);
            await setup.SaveChangesAsync();
            setup.Set<PhoneCall>().Add(new PhoneCall { CallId = "c1", Number = "+48601000002", UserId = Anna.UserId, ElementKind = ElementKind.Contact, ElementId = gone.Id });
            setup.Leads.Add(new Lead { Title = "Converted", Status = LeadStatus.Converted, ConvertedContactId = gone.Id });
            var run = new ImportRun { FileName = "c.csv", SettingsJson = "{}", CreatedById = Anna.UserId, Kind = ElementKind.Contact };
            setup.ImportRuns.Add(run);
            await setup.SaveChangesAsync();
            setup.ImportRunRecords.Add(new ImportRunRecord { RunId = run.Id, ElementKind = ElementKind.Contact, ElementId = gone.Id });
            await setup.SaveChangesAsync();
        }
        using var log = new EventLog(Db.Live);

        var merged = await Merge.MergeAsync(new MergeRequest(ElementKind.Contact, keep.Id, [gone.Id],
            new Dictionary<int, int> { [keep.Id] = keep.Version, [gone.Id] = gone.Version },
            new Dictionary<string, int> { [nameof(Contact.LastName)] = gone.Id }), Manager);

        Assert.True(merged.IsOk, $"{merged.Status} {merged.MessageKey}");
        var details = (await Contacts.GetAsync(keep.Id))!;
        Assert.Equal(("Jan", "Kowalski-Nowak"), (details.Input.FirstName, details.Input.LastName));
        Assert.Equal(["+48601000001", "+48601000002"], details.Input.Phones.Select(p => p.Number));
        Assert.Equal(["jan@a.pl", "jan@b.pl"], details.Input.Emails.Select(e => e.Address));
        Assert.Null(await Contacts.GetAsync(gone.Id));
        var together = await Db.Get<DealQueryService>().ForContactAsync(keep.Id);
        Assert.Equal(["Gone's deal", "Kept deal"], together.Deals.Select(d => d.Title).Order());
        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.Equal(keep.Id, (await db.Deals.SingleAsync(d => d.Id == deal.Id)).ContactId);
        Assert.Equal(keep.Id, (await db.Deals.SingleAsync(d => d.Id == keptDeal.Id)).ContactId);
        Assert.Equal(keep.Id, (await db.Activities.SingleAsync(a => a.Id == activity.Id)).ElementId);
        Assert.Equal(keep.Id, (await db.TimelineEntries.SingleAsync(e => e.Id == comment.Id)).ElementId);
        Assert.Equal(keep.Id, (await db.Set<PhoneCall>().SingleAsync(c => c.CallId == "c1")).ElementId);
        Assert.Equal(keep.Id, (await db.Leads.SingleAsync(l => l.Title == "Converted")).ConvertedContactId);
        Assert.Equal(keep.Id, (await db.ImportRunRecords.SingleAsync()).ElementId);
        Assert.False(await db.TimelineEntries.AnyAsync(e => e.ElementKind == ElementKind.Contact && e.ElementId == gone.Id));
        Assert.False(await db.Activities.IgnoreQueryFilters().AnyAsync(a => a.ElementKind == ElementKind.Contact && a.ElementId == gone.Id));
        Assert.False(await db.Contacts.IgnoreQueryFilters().AnyAsync(c => c.Id == gone.Id));
        Assert.False(await db.Set<ContactPhone>().AnyAsync(p => p.ContactId == gone.Id));
        var timeline = (await Db.Get<TimelineService>().ForElementAsync(ElementRef.Contact(keep.Id), 0, 50)).Items;
        Assert.Equal("Janek Kowalski-Nowak", Assert.Single(timeline, i => i.Kind == TimelineKind.Merged).Text);
        Assert.Contains(timeline, i => i.Kind == TimelineKind.Created && i.ElementId == keep.Id);
        Assert.Equal(2, timeline.Count(i => i.Kind == TimelineKind.Created));
        var change = Assert.IsType<ElementsRemoved>(Assert.Single(log.Events));
        Assert.Equal((RemovalKind.Merged, (ElementRef?)ElementRef.Contact(keep.Id)), (change.Kind, change.Survivor));
        Assert.Contains(LiveTopics.Pipeline(Pipeline.PipelineId), change.Topics);
    }

    [Fact]
    public async Task MergeCompanies_MovesTheirContactsAndDeals()
    {
        var keep = (await Companies.SaveAsync(null, 0, new CompanyInput { Name = "Mostostal" }, Anna)).Value!;
        var gone = (await Companies.SaveAsync(null, 0, new CompanyInput { Name = "Mostostal SA", Phone = "+48 22 111 22 33" }, Anna)).Value!;
        var contact = await AddContactAsync("Ewa", null, "+48 601 000 009", "ewa@m.pl", gone.Id);
        await Db.Deals.CreateAsync(new DealInput { Title = "Bridge", Amount = 9, Currency = "PLN", StageId = Pipeline.NewStageId, CompanyId = gone.Id }, Anna);

        var merged = await Merge.MergeAsync(new MergeRequest(ElementKind.Company, keep.Id, [gone.Id],
            new Dictionary<int, int> { [keep.Id] = keep.Version, [gone.Id] = gone.Version }), Anna);

        Assert.True(merged.IsOk, merged.Status.ToString());
        Assert.Equal(keep.Id, (await Contacts.GetAsync(contact.Id))!.Input.CompanyId);
        Assert.Equal(["Bridge"], (await Db.Get<DealQueryService>().ForCompanyAsync(keep.Id)).Deals.Select(d => d.Title));
        Assert.Equal("+48221112233", (await Companies.GetAsync(keep.Id))!.Input.Phones.Single().Number);
    }

    [Fact]
    public async Task MergeWhileAnotherUserEditsOne_IsRefused_AndNothingChanges()
    {
        var keep = await AddContactAsync("Adam", null, "+48 601 000 011", "adam@a.pl");
        var gone = await AddContactAsync("Adaś", null, "+48 601 000 012", "adam@b.pl");
        var versions = new Dictionary<int, int> { [keep.Id] = keep.Version, [gone.Id] = gone.Version };

        // Another user saves one of them after the merging user read them.
        Assert.True((await Contacts.SaveAsync(gone.Id, gone.Version, new ContactInput { FirstName = "Adaś", Phone = "+48 601 000 013" }, Manager)).IsOk);
        var merged = await Merge.MergeAsync(new MergeRequest(ElementKind.Contact, keep.Id, [gone.Id], versions), Manager);

        Assert.Equal((ResultStatus.Conflict, "Merge.ChangedMeanwhile"), (merged.Status, merged.MessageKey));
        Assert.NotNull(await Contacts.GetAsync(gone.Id));
        Assert.Single((await Contacts.GetAsync(keep.Id))!.Input.Phones);
    }

    [Fact]
    public async Task Merge_NeedsEditOnTheSurvivorAndDeleteOnTheOthers()
    {
        var mine = await AddContactAsync("Ola", null, "+48 601 000 021", "ola@a.pl");
        var piotrs = (await Contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Ola", Phone = "+48 601 000 022" }, Piotr)).Value!;
        var versions = new Dictionary<int, int> { [mine.Id] = mine.Version, [piotrs.Id] = piotrs.Version };

        Assert.Equal(ResultStatus.Forbidden, (await Merge.MergeAsync(new MergeRequest(ElementKind.Contact, mine.Id, [piotrs.Id], versions), Anna)).Status);
        Assert.Equal(ResultStatus.Invalid, (await Merge.MergeAsync(new MergeRequest(ElementKind.Contact, mine.Id, [mine.Id], versions), Anna)).Status);
        Assert.Equal(ResultStatus.Invalid, (await Merge.MergeAsync(new MergeRequest(ElementKind.Contact, mine.Id, [piotrs.Id], versions,
            new Dictionary<string, int> { ["Version"] = piotrs.Id }), Manager)).Status);
    }
}

public sealed class PostgresMergeServiceTests(PostgresServer server) : MergeServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;

/// <summary>The duplicates report: likely pairs by e-mail, phone and name, without deleted records.</summary>
public class DuplicateReportTests(TestDatabase? db = null) : CoreTest(db)
{
    [Fact]
    public async Task FindsPairsByEmailPhoneAndName_NotDeletedOnes()
    {
        var contacts = Db.Get<ContactService>();
        var a = (await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Ewa", LastName = "Lis", Email = "ewa@x.pl", Phone = "+48 601 100 100" }, Anna)).Value!;
        var b = (await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Ewa", LastName = "Lisowska", Email = "EWA@x.pl" }, Anna)).Value!;
        var c = (await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Ewka", Phone = "601100100" }, Anna)).Value!;
        var d = (await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "ewa", LastName = "LIS" }, Anna)).Value!;
        var gone = (await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Gone", Email = "ewa@x.pl" }, Anna)).Value!;
        Assert.True((await Db.Get<RecycleBinService>().DeleteAsync(ElementRef.Contact(gone.Id), gone.Version, Anna)).IsOk);

        var pairs = await Db.Get<DuplicateReport>().FindAsync(ElementKind.Contact, Manager);

        Assert.Contains(pairs, p => (p.FirstId, p.SecondId, p.Reason) == (a.Id, b.Id, MatchReason.Email));
        Assert.Contains(pairs, p => (p.FirstId, p.SecondId, p.Reason) == (a.Id, c.Id, MatchReason.Phone));
        Assert.Contains(pairs, p => (p.FirstId, p.SecondId, p.Reason) == (a.Id, d.Id, MatchReason.Name));
        Assert.DoesNotContain(pairs, p => p.SecondId == gone.Id || p.FirstId == gone.Id);
        var candidates = await Db.Get<MergeService>().CandidatesAsync(ElementKind.Contact, [a.Id, b.Id], Manager);
        Assert.Equal(["Lis", "Lisowska"], candidates.Select(x => x.Values[nameof(Contact.LastName)]));
        Assert.Equal("Anna", candidates[0].Values[nameof(Contact.ResponsibleUserId)]);
    }
}

public sealed class PostgresDuplicateReportTests(PostgresServer server) : DuplicateReportTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
