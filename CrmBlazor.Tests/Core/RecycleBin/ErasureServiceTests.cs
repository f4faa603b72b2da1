using System.Data.Common;
using System.Text.Json;
using CrmBlazor.Core.Import;
using CrmBlazor.Core.Webhooks;

namespace CrmBlazor.Tests.Core.RecycleBin;

/// <summary>
/// The GDPR erasure (decision 020): nothing of the person is left in any table (every text column of the model is
/// searched), their deals keep their money as anonymous figures, the audit record holds no data, and it is for admins.
/// </summary>
public class ErasureServiceTests(TestDatabase? db = null) : CoreTest(db)
{
    private const string First = "Grażyna";
    private const string Last = "Źdźbłowska";
    private const string Email = "grazyna.zdzblowska@example.pl";
    private const string Phone = "+48 603 210 987";

    private ErasureService Erasure => Db.Get<ErasureService>();

    private Actor Admin { get; set; } = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
    }

    /// <summary>
    /// A lead completed into a contact and a deal without a company, a second deal with a company named after the
    /// person, an activity, comments and other text naming them in several spellings, an e-mail with an attachment,
    /// an import error row and a webhook payload (JSON-escaped): the person in every place a CRM keeps people.
    /// </summary>
    private async Task<(Lead Lead, int ContactId, int OwnDealId, int CompanyDealId, string AttachmentKey)> PersonEverywhereAsync()
    {
        var leads = Db.Get<LeadService>();
        var lead = (await leads.CreateAsync(new LeadInput
        {
            Title = "Fair visitor", FirstName = First, LastName = Last, Emails = [new EmailInput(Email)], Phones = [new PhoneInput(Phone)],
        }, Anna)).Value!;
        var proposal = (await Db.Get<LeadConversionService>().ProposeConversionAsync(lead.Id))!;
        var outcome = (await Db.Get<LeadConversionService>().CompleteAsync(new CompleteLead(lead.Id, lead.Version,
            new ContactChoice(null, proposal.Contact), null, proposal.Deal with { Title = $"{First} {Last}: offer", Amount = 1234.5m }), Anna)).Value!;
        var contact = ElementRef.Contact(outcome.ContactId!.Value);
        var company = (await Db.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput { Name = "Huta Szkła" }, Anna)).Value!;
        var companyDeal = (await Db.Deals.CreateAsync(new DealInput
        {
            Title = $"Glass for {First.ToUpperInvariant()} {Last.ToUpperInvariant()}", Amount = 99m, Currency = "PLN", StageId = Pipeline.NewStageId,
            CompanyId = company.Id, ContactId = contact.Id,
        }, Anna)).Value!;
        var timeline = Db.Get<TimelineService>();
        await timeline.AddCommentAsync(contact, "Prefers calls in the morning", Anna);
        await timeline.AddCommentAsync(ElementRef.Deal(companyDeal.Id), $"Called {Last} {First} on 603 210 987, wrote to {Email.ToUpperInvariant()}", Anna);
        await Db.Get<ActivityService>().PlanAsync(ElementRef.Deal(companyDeal.Id), new ActivityInput
        {
            Type = ActivityType.Call, Subject = $"Call {First} {Last}", Description = "Number: +48603210987", Deadline = Db.Clock.Now.UtcDateTime.AddDays(1),
            ResponsibleUserId = Piotr.UserId,
        }, Anna);
        await Db.Get<ActivityService>().PlanAsync(contact, new ActivityInput
        {
            Type = ActivityType.Meeting, Subject = "Coffee", Deadline = Db.Clock.Now.UtcDateTime.AddDays(2), ResponsibleUserId = Anna.UserId,
        }, Anna);
        var key = await Db.Get<IMailFileStore>().SaveAsync(new MemoryStream("Dear Grażyna"u8.ToArray()));
        await using (var setup = await Db.Factory.CreateDbContextAsync())
        {
            setup.MailMessages.Add(new MailMessage
            {
                MessageId = "<m1@example.pl>", ThreadId = "<m1@example.pl>", FromAddress = Email, FromName = $"{First} {Last}", Subject = "Offer",
                TextBody = "Hello", At = DateTime.UtcNow, ElementKind = ElementKind.Contact, ElementId = contact.Id,
                Attachments = [new MailAttachment { FileName = "cv.txt", ContentType = "text/plain", Size = 12, StoreKey = key }],
            });
            var run = new ImportRun { FileName = "fair.csv", SettingsJson = "{}", CreatedById = Anna.UserId };
            setup.ImportRuns.Add(run);
            var hook = new Webhook { Url = "http://127.0.0.1:9/hook", Events = "*", ProtectedSecret = "x" };
            setup.Add(hook);
            await setup.SaveChangesAsync();
            setup.ImportRunFailures.Add(new ImportRunFailure
            {
                RunId = run.Id, RowNumber = 2, CellsJson = JsonSerializer.Serialize(new[] { First, Last, Email, "603-210-987" }), ErrorsJson = "[]",
            });
            setup.Add(new WebhookDelivery
            {
                WebhookId = hook.Id, EventType = "contact.changed", CreatedAt = DateTime.UtcNow, WindowStartedAt = DateTime.UtcNow, NextAttemptAt = DateTime.UtcNow,
                Payload = JsonSerializer.Serialize(new { name = $"{First} {Last}", email = Email, phone = "+48603210987" }),
            });
            await setup.SaveChangesAsync();
        }
        return ((await ReadAsync(db => db.Leads.SingleAsync(l => l.Id == lead.Id))), contact.Id, outcome.DealId!.Value, companyDeal.Id, key);
    }

    [Fact]
    public async Task EraseAsync_FromTheContact_LeavesNothingOfThePersonInAnyTable_AndKeepsTheDealsMoney()
    {
        var (lead, contactId, ownDealId, companyDealId, attachment) = await PersonEverywhereAsync();
        using var log = new EventLog(Db.Live);

        var erased = await Erasure.EraseAsync(ElementRef.Contact(contactId), Admin);

        Assert.True(erased.IsOk, $"{erased.Status} {erased.MessageKey}");
        Assert.Equal([ElementRef.Lead(lead.Id), ElementRef.Contact(contactId)], erased.Value!.Erased);
        Assert.Equal([], await TracesAsync());
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            var deals = await db.Deals.Where(d => d.Id == ownDealId || d.Id == companyDealId).OrderBy(d => d.Id).ToListAsync();
            Assert.Equal([1234.5m, 99m], deals.Select(d => d.Amount));
            Assert.All(deals, d => Assert.Null(d.ContactId));
            Assert.Equal($"#{ownDealId}", deals[0].Title);
            Assert.Equal("Glass for [erased]", deals[1].Title);
            Assert.False(await db.Leads.IgnoreQueryFilters().AnyAsync(l => l.Id == lead.Id));
            Assert.False(await db.Contacts.IgnoreQueryFilters().AnyAsync(c => c.Id == contactId));
            Assert.False(await db.Activities.IgnoreQueryFilters().AnyAsync(a => a.ElementKind == ElementKind.Contact && a.ElementId == contactId));
            var record = await db.ErasureRecords.SingleAsync();
            Assert.Equal((Admin.UserId, $"Lead {lead.Id}, Contact {contactId}", 2, 1), (record.ErasedById, record.Records, record.DealsKept, record.FilesDeleted));
            Assert.True(record.ValuesRedacted >= 5, record.ValuesRedacted.ToString());
        }
        await Assert.ThrowsAsync<FileNotFoundException>(() => Db.Get<IMailFileStore>().OpenAsync(attachment));
        var removed = Assert.Single(log.Events.OfType<ElementsRemoved>());
        Assert.Equal(RemovalKind.Erased, removed.Kind);
        Assert.Contains(Anna.UserId, removed.UserIds);   // her meeting with the person is gone from her counters
    }

    [Fact]
    public async Task EraseAsync_FromTheLeadInTheRecycleBin_ErasesTheContactItBecameToo()
    {
        var (lead, contactId, _, _, _) = await PersonEverywhereAsync();
        var contact = (await Db.Get<ContactService>().GetAsync(contactId))!;
        Assert.True((await Db.Get<RecycleBinService>().DeleteAsync(ElementRef.Contact(contactId), contact.Version, Anna)).IsOk);

        var preview = await Erasure.PreviewAsync(ElementRef.Lead(lead.Id), Admin);
        Assert.Equal(($"{First} {Last}", 2, 2), (preview!.Name, preview.Records.Count, preview.DealsKept));

        Assert.True((await Erasure.EraseAsync(ElementRef.Lead(lead.Id), Admin)).IsOk);
        Assert.Equal([], await TracesAsync());
    }

    [Fact]
    public async Task EraseAsync_IsForAdminsOnly_AndLeavesOtherPeopleAlone()
    {
        var (lead, contactId, _, _, _) = await PersonEverywhereAsync();
        var other = (await Db.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = First, LastName = "Nowak", Email = "g.nowak@example.pl" }, Anna)).Value!;

        Assert.Equal(ResultStatus.Forbidden, (await Erasure.EraseAsync(ElementRef.Contact(contactId), Manager)).Status);
        Assert.Null(await Erasure.PreviewAsync(ElementRef.Contact(contactId), Manager));
        Assert.NotEqual([], await TracesAsync());

        Assert.True((await Erasure.EraseAsync(ElementRef.Lead(lead.Id), Admin)).IsOk);
        var kept = (await Db.Get<ContactService>().GetAsync(other.Id))!;
        Assert.Equal((First, "Nowak", "g.nowak@example.pl"), (kept.Input.FirstName, kept.Input.LastName, kept.Input.Emails.Single().Address));
        Assert.Equal(ResultStatus.NotFound, (await Erasure.EraseAsync(ElementRef.Lead(lead.Id), Admin)).Status);
    }

    [Fact]
    public void Markers_CoverEverySpellingOfTheNameAndPhone_ButNotALoneFirstName()
    {
        var markers = PersonalDataScrub.Markers(["Jan Kowalski", "Jan"], ["jan@example.pl"], ["+48601234567"]);

        Assert.Contains("jan kowalski", markers);
        Assert.Contains("kowalski jan", markers);
        Assert.DoesNotContain("jan", markers);
        Assert.Contains("jan@example.pl", markers);
        Assert.Contains("+48 601 234 567", markers);
        Assert.Contains("601 234 567", markers);
        Assert.Contains("601234567", markers);
        Assert.Contains("48601234567", markers);
        Assert.Contains("\\u002b48601234567", markers);   // as JSON writes it
        Assert.Contains(SearchText.Fold("Zając Jan").ToLowerInvariant(), PersonalDataScrub.Markers(["Jan Zając"], [], []));
    }

    /// <summary>Every text value of every CRM table (and every stored file) that still holds the person, as "table.column: value".</summary>
    private async Task<List<string>> TracesAsync()
    {
        string[] needles = [First.ToLowerInvariant(), Last.ToLowerInvariant(), SearchText.Fold(Last), Email, "603 210 987", "603210987", "603-210-987", "\\u0179d\\u017Ab"];
        var found = new List<string>();
        await using var db = await Db.Factory.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        foreach (var table in PersonalDataScrub.TextTables(db.Model))
        {
            foreach (var column in table.Columns)
            {
                await using DbCommand command = connection.CreateCommand();
                command.CommandText = $"SELECT \"{column}\" FROM {table.Name} WHERE \"{column}\" IS NOT NULL";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var value = reader.GetString(0);
                    if (needles.Any(n => value.Contains(n, StringComparison.OrdinalIgnoreCase)))
                    {
                        found.Add($"{table.Name}.{column}: {value}");
                    }
                }
            }
        }
        return found;
    }

    private async Task<T> ReadAsync<T>(Func<CrmDbContext, Task<T>> read)
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        return await read(db);
    }
}

public sealed class PostgresErasureServiceTests(PostgresServer server) : ErasureServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
