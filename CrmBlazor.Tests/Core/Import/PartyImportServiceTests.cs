using System.Text;
using CrmBlazor.Core.Import;

namespace CrmBlazor.Tests.Core.Import;

/// <summary>Contact and company imports in Core: the same runs as leads, with their own fields, keys, links and undo.</summary>
public class PartyImportServiceTests : CoreTest
{
    private readonly string _directory = Directory.CreateTempSubdirectory("crm-import-").FullName;

    public PartyImportServiceTests() : base(new TestDatabase()) { }

    protected PartyImportServiceTests(TestDatabase db) : base(db) { }

    private LeadImportService Imports => Db.Get<LeadImportService>();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private (ImportFile File, string Path) Csv(string header, params string[] rows)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, string.Join("\r\n", [header, .. rows]) + "\r\n", new UTF8Encoding(true));
        return (Imports.Open(path, "people.csv"), path);
    }

    private async Task<ImportRunView> ImportAsync(ElementKind kind, string header, DuplicateRule rule = DuplicateRule.Skip, DuplicateKey key = DuplicateKey.Email, params string[] rows)
    {
        var (file, path) = Csv(header, rows);
        var settings = new LeadImportSettings { Kind = kind, Columns = LeadImportMapping.Guess(file.Headers, kind).Columns, Rule = rule, MatchOn = key };
        var started = await Imports.StartAsync(file, path, settings, Anna);
        Assert.True(started.IsOk, string.Join(", ", started.Errors.Select(e => e.MessageKey)));
        await Imports.RunAsync(started.Value!.Id, CancellationToken.None);
        return (await Imports.GetRunAsync(started.Value.Id))!;
    }

    private const string ContactHeader = "Imię;Nazwisko;Firma;Stanowisko;E-mail;Telefon;Miasto;Opiekun";
    private const string CompanyHeader = "Nazwa;Strona WWW;Miasto;E-mail;Telefon";

    private async Task<List<Contact>> ContactsAsync()
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        return await db.Contacts.Include(c => c.Emails).Include(c => c.Phones).Include(c => c.Addresses).OrderBy(c => c.Id).ToListAsync();
    }

    private async Task<List<Company>> CompaniesAsync()
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        return await db.Companies.Include(c => c.Emails).Include(c => c.Phones).OrderBy(c => c.Id).ToListAsync();
    }

    private async Task<int> CompanyAsync(string name, string? email = null)
    {
        var saved = await Db.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput { Name = name, Email = email }, Anna);
        Assert.True(saved.IsOk);
        return saved.Value!.Id;
    }

    [Fact]
    public void Guess_PolishAndEnglishHeaders_PerKind()
    {
        Assert.Equal(
            [LeadImportField.FirstName, LeadImportField.LastName, LeadImportField.CompanyName, LeadImportField.Position, LeadImportField.Email, LeadImportField.Phone, LeadImportField.City, LeadImportField.Responsible],
            LeadImportMapping.Guess(ContactHeader.Split(';'), ElementKind.Contact).Columns);
        Assert.Equal(
            [LeadImportField.CompanyName, LeadImportField.Website, LeadImportField.City, LeadImportField.Email, LeadImportField.Phone],
            LeadImportMapping.Guess(CompanyHeader.Split(';'), ElementKind.Company).Columns);
        Assert.Equal([LeadImportField.CompanyName, null], LeadImportMapping.Guess(["Name", "Notes"], ElementKind.Company).Columns);
        // A lead file has no position or city columns; a contact file has no title.
        Assert.Equal([null, null], LeadImportMapping.Guess(["Position", "City"], ElementKind.Lead).Columns);
        Assert.Equal([null, LeadImportField.FullName], LeadImportMapping.Guess(["Title", "Name"], ElementKind.Contact).Columns);
    }

    [Fact]
    public async Task Contacts_CreatedLinkedToTheirCompanyByName_TaggedWithTheRunAndATimelineEntryEach()
    {
        var acme = await CompanyAsync("Acme Sp. z o.o.");
        using var log = new EventLog(Db.Live);

        var run = await ImportAsync(ElementKind.Contact, ContactHeader, rows:
        [
            "Jan;Kowalski;ACME sp. z o.o.;Prezes;jan@acme.pl;601 234 567;Kraków;piotr@test.crm",
            "Ewa;Nowak;;;ewa@nowak.pl;;;",
            "Zofia;Brak;Nowhere Ltd;;zofia@x.pl;;;",
        ]);

        Assert.Equal((ImportRunState.Done, 2, 1), (run.State, run.Created, run.Failed));
        var contacts = await ContactsAsync();
        Assert.Equal(["Jan", "Ewa"], contacts.Select(c => c.FirstName));
        var jan = contacts[0];
        Assert.Equal(("Kowalski", "Prezes", acme, "+48601234567", "jan@acme.pl", "Kraków", Piotr.UserId),
            (jan.LastName, jan.Position, jan.CompanyId, jan.Phone, jan.Email, jan.Addresses.Single().City, jan.ResponsibleUserId));
        Assert.Equal(Anna.UserId, contacts[1].ResponsibleUserId);
        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.Equal(contacts.Select(c => c.Id), await db.ImportRunRecords.Where(r => r.RunId == run.Id && r.ElementKind == ElementKind.Contact).OrderBy(r => r.ElementId).Select(r => r.ElementId).ToListAsync());
        var entries = await db.TimelineEntries.Where(e => e.Kind == TimelineKind.Imported && e.ElementKind == ElementKind.Contact).ToListAsync();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(("people.csv", Anna.UserId, "Created"), (e.Text, e.AuthorId, e.Field)));
        var failed = await Imports.FailedRowsAsync(run.Id, (k, a) => $"{k}({string.Join('|', a)})").ToListAsync();
        Assert.Equal("Import.Row.UnknownCompany(Nowhere Ltd)", Assert.Single(failed)[^1]);
        var batch = Assert.Single(log.Events.OfType<ImportProgressed>(), e => e.Changed > 0);
        Assert.Contains(LiveTopics.Contacts, batch.Topics);
        Assert.Equal([run.Id], (await Imports.ListRunsAsync(kind: ElementKind.Contact)).Select(r => r.Id));
        Assert.Empty(await Imports.ListRunsAsync());
    }

    [Fact]
    public async Task Contacts_BadRowsFail_WithTheirReasons()
    {
        var run = await ImportAsync(ElementKind.Contact, ContactHeader, rows:
        [
            ";Nameless;;;nameless@example.com;;;",
            "Bad;Mail;;;not-an-email;;;",
            "Bad;Phone;;;;12;;",
            "Who;Else;;;who@example.com;;;someone@else.com",
            "Twice;First;;;twice@example.com;;;",
            "Twice;Second;;;twice@example.com;;;",
        ]);

        Assert.Equal((1, 5), (run.Created, run.Failed));
        var failed = await Imports.FailedRowsAsync(run.Id, (k, a) => $"{k}({string.Join('|', a)})").ToListAsync();
        Assert.Equal("Validation.Required()", failed[0][^1]);
        Assert.Equal("Import.Row.BadEmail(not-an-email)", failed[1][^1]);
        Assert.Equal("Import.Row.BadPhone(12)", failed[2][^1]);
        Assert.Equal("Import.Row.UnknownUser(someone@else.com)", failed[3][^1]);
        Assert.Equal("Import.Row.SameInFile(twice@example.com|6)", failed[4][^1]); // the same e-mail twice in one file
    }

    [Theory]
    [InlineData(DuplicateKey.Email, "Acme;;;office@acme.pl;")]
    [InlineData(DuplicateKey.Phone, "Other name;;;;+48 22 123 45 67")]
    [InlineData(DuplicateKey.CompanyName, "ACME;;;;")]
    public async Task Companies_DuplicateRule_Skip_LeavesTheExistingCompany(DuplicateKey key, string row)
    {
        var saved = await Db.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput { Name = "Acme", Email = "office@acme.pl", Phone = "22 123 45 67" }, Anna);
        Assert.True(saved.IsOk);

        var run = await ImportAsync(ElementKind.Company, CompanyHeader, DuplicateRule.Skip, key, rows: [row]);

        Assert.Equal((0, 1), (run.Created, run.Skipped));
        Assert.Equal("Acme", Assert.Single(await CompaniesAsync()).Name);
    }

    [Fact]
    public async Task Companies_DuplicateRule_Update_ByName_ThenUndoRestoresIt_AndRemovesWhatItCreated()
    {
        var acme = await CompanyAsync("Acme", "office@acme.pl");
        var run = await ImportAsync(ElementKind.Company, CompanyHeader, DuplicateRule.Update, DuplicateKey.CompanyName, rows:
        [
            "acme;acme.pl;Gdańsk;sales@acme.pl;",
            "Beta;;;;",
        ]);

        Assert.Equal((1, 1), (run.Created, run.Updated));
        var updated = (await CompaniesAsync()).Single(c => c.Id == acme);
        Assert.Equal(("Gdańsk", "https://acme.pl"), (updated.City, updated.Website));
        Assert.Equal(["office@acme.pl", "sales@acme.pl"], updated.Emails.OrderBy(e => e.Id).Select(e => e.Address));

        var undo = await Imports.UndoAsync(run.Id, Anna);

        Assert.True(undo.IsOk, undo.MessageKey);
        Assert.Equal((1, 1), (undo.Value!.Removed, undo.Value.Restored));
        var back = Assert.Single(await CompaniesAsync());
        Assert.Equal(("Acme", null, null), (back.Name, back.City, back.Website));
        Assert.Equal(["office@acme.pl"], back.Emails.Select(e => e.Address));
        Assert.Equal(ImportRunState.Undone, (await Imports.GetRunAsync(run.Id))!.State);
    }

    [Fact]
    public async Task Contacts_DuplicateRule_CreateAnyway_AndById()
    {
        var first = await ImportAsync(ElementKind.Contact, ContactHeader, rows: ["Jan;Kowalski;;;jan@acme.pl;;;"]);
        var jan = Assert.Single(await ContactsAsync());

        var again = await ImportAsync(ElementKind.Contact, ContactHeader, DuplicateRule.CreateAnyway, rows: ["Jan;Kowalski;;;jan@acme.pl;;;"]);
        var byId = await ImportAsync(ElementKind.Contact, "ID;Stanowisko", DuplicateRule.Update, DuplicateKey.Id, rows: [$"{jan.Id};CEO", "999999;CTO"]);

        Assert.Equal(1, again.Created);
        Assert.Equal((1, 1), (byId.Updated, byId.Failed));
        Assert.Equal("CEO", (await ContactsAsync()).Single(c => c.Id == jan.Id).Position);
        Assert.Equal(1, first.Created);
    }

    [Fact]
    public async Task Start_AContactFile_NeedsAFirstName_AndCannotMatchOnCompanyName()
    {
        var (file, path) = Csv("E-mail;Company", "a@example.com;Acme");

        var started = await Imports.StartAsync(file, path, new LeadImportSettings
        {
            Kind = ElementKind.Contact, Columns = [LeadImportField.Email, LeadImportField.Title], MatchOn = DuplicateKey.CompanyName,
        }, Anna);

        Assert.Equal(ResultStatus.Invalid, started.Status);
        Assert.Equal(["Import.Mapping.NotForKind", "Import.Mapping.NeedsFirstName", "Import.Mapping.KeyNotForKind"], started.Errors.Select(e => e.MessageKey));
    }

    [Fact]
    public async Task Undo_RefusesContactsChangedSince_OrCompaniesWithContactsAddedSince()
    {
        var run = await ImportAsync(ElementKind.Company, CompanyHeader, rows: ["Acme;;;;", "Beta;;;;"]);
        var beta = (await CompaniesAsync()).Single(c => c.Name == "Beta");
        Assert.True((await Db.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = "Ola", CompanyId = beta.Id }, Anna)).IsOk);

        var undo = await Imports.UndoAsync(run.Id, Anna);

        Assert.Equal(ResultStatus.Conflict, undo.Status);
        Assert.Equal([new Lookup(beta.Id, "Beta")], undo.Value!.ChangedSince);
        Assert.Equal(2, (await CompaniesAsync()).Count);

        var contactRun = await ImportAsync(ElementKind.Contact, ContactHeader, rows: ["Jan;Kowalski;;;jan@acme.pl;;;"]);
        var jan = (await ContactsAsync()).Single(c => c.FirstName == "Jan");
        var details = (await Db.Get<ContactService>().GetAsync(jan.Id))!;
        Assert.True((await Db.Get<ContactService>().SaveAsync(jan.Id, details.Version, details.Input with { Position = "Boss" }, Anna)).IsOk);
        Assert.Equal([new Lookup(jan.Id, "Jan Kowalski")], (await Imports.UndoAsync(contactRun.Id, Anna)).Value!.ChangedSince);
    }

    [Fact]
    public async Task Presets_AreKeptPerKind()
    {
        var saved = await Imports.SavePresetAsync("Fair contacts", ["Imię", "Mail"], [LeadImportField.FirstName, LeadImportField.Email], Anna, kind: ElementKind.Contact);

        Assert.Equal([new Lookup(saved.Value, "Fair contacts")], await Imports.ListPresetsAsync(kind: ElementKind.Contact));
        Assert.Empty(await Imports.ListPresetsAsync());
        Assert.Equal([LeadImportField.Email, LeadImportField.FirstName], await Imports.ApplyPresetAsync(saved.Value, ["MAIL", "imie"]));
    }

    [Fact]
    public async Task Preview_ContactRowsAsTheyWillBeSaved()
    {
        await CompanyAsync("Acme");
        var (file, _) = Csv(ContactHeader, "Jan;Kowalski;acme;;Jan@Acme.pl;601 234 567;;", "Ola;;Nowhere;;;;;");

        var rows = await Imports.PreviewPartiesAsync(file, new LeadImportSettings { Kind = ElementKind.Contact, Columns = LeadImportMapping.Guess(file.Headers, ElementKind.Contact).Columns }, Anna);

        Assert.True(rows[0].IsValid);
        Assert.Equal(("Jan Kowalski", "+48601234567"), (rows[0].Name, rows[0].Input!.Phones[0].Number));
        Assert.Equal("Import.Row.UnknownCompany", Assert.Single(rows[1].Problems).MessageKey);
    }
}

public sealed class PostgresPartyImportServiceTests(PostgresServer server) : PartyImportServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
