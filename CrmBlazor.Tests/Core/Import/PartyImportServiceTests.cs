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

    private async Task FieldAsync(Actor admin, CustomFieldInput input)
    {
        var saved = await Db.Get<CustomFieldService>().SaveAsync(null, 0, input, admin);
        Assert.True(saved.IsOk, string.Join(", ", saved.Errors.Select(e => $"{e.Field} {e.MessageKey}")));
    }

    [Fact]
    public async Task Contacts_CustomFieldColumns_GuessedFromTheirNames_ReadAsTheirType_BadCellsFailTheirRow_UndoRestoresTheValues()
    {
        var admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
        await FieldAsync(admin, new CustomFieldInput { EntityKind = ElementKind.Contact, Code = "UF_SEATS", Type = CustomFieldType.Number, NameEn = "Seats", NamePl = "Miejsca" });
        await FieldAsync(admin, new CustomFieldInput
        {
            EntityKind = ElementKind.Contact, Code = "UF_TIER", Type = CustomFieldType.List, NameEn = "Tier", NamePl = "Poziom", IsMultiple = true,
            Options = [new(null, "Gold"), new(null, "Silver")],
        });
        await FieldAsync(admin, new CustomFieldInput { EntityKind = ElementKind.Contact, Code = "UF_VIP", Type = CustomFieldType.YesNo, NameEn = "VIP", NamePl = "VIP" });
        // A lead field of the same name is not a contact's.
        await FieldAsync(admin, new CustomFieldInput { Code = "UF_BUDGET", Type = CustomFieldType.Number, NameEn = "Budget", NamePl = "Budżet" });
        var (file, path) = Csv("Imię;E-mail;Miejsca;Poziom;VIP;Budget",
            "Jan;jan@acme.pl;1 200;gold, Silver;tak;5", "Ewa;ewa@example.com;many;Gold;nie;", "Olga;olga@example.com;3;Bronze;maybe;");
        var columns = LeadImportMapping.Guess(file.Headers, ElementKind.Contact).Columns;
        var custom = ImportCustomValues.Guess(file.Headers, columns, await Imports.ImportableCustomFieldsAsync(kind: ElementKind.Contact));
        Assert.Equal([null, null, "UF_SEATS", "UF_TIER", "UF_VIP", null], custom);
        var settings = new LeadImportSettings { Kind = ElementKind.Contact, Columns = columns, CustomColumns = custom };

        var preview = await Imports.PreviewPartiesAsync(file, settings, Anna);

        Assert.True(preview[0].IsValid);
        Assert.Equal(1200m, preview[0].Input!.Custom["UF_SEATS"].Number);
        Assert.Equal([("UF_SEATS", "Import.Row.BadCustom")], preview[1].Problems.Select(p => (p.Field, p.MessageKey)));
        Assert.Equal([("UF_TIER", "Import.Row.BadCustom"), ("UF_VIP", "Import.Row.BadCustom")], preview[2].Problems.Select(p => (p.Field, p.MessageKey)));

        var started = await Imports.StartAsync(file, path, settings, Anna);
        Assert.True(started.IsOk, string.Join(", ", started.Errors.Select(e => e.MessageKey)));
        await Imports.RunAsync(started.Value!.Id, CancellationToken.None);

        var run = (await Imports.GetRunAsync(started.Value.Id))!;
        Assert.Equal((1, 2), (run.Created, run.Failed));
        var jan = (await Db.Get<ContactService>().GetAsync(Assert.Single(await ContactsAsync()).Id))!;
        Assert.Equal((1200m, 2, true), (jan.Input.Custom["UF_SEATS"].Number, jan.Input.Custom["UF_TIER"].Options.Count, jan.Input.Custom["UF_VIP"].Flag));
        var failed = await Imports.FailedRowsAsync(run.Id, (k, a) => $"{k}({string.Join('|', a)})").ToListAsync();
        Assert.Equal(["Import.Row.BadCustom(Seats|many)", "Import.Row.BadCustom(Tier|Bronze); Import.Row.BadCustom(VIP|maybe)"], failed.Select(f => f[^1]));

        // Updated by a second file, then undone: the value it had comes back, and the values it did not touch stay.
        var (again, againPath) = Csv("Imię;E-mail;Seats", "Jan;jan@acme.pl;5");
        var update = await Imports.StartAsync(again, againPath, new LeadImportSettings
        {
            Kind = ElementKind.Contact, Columns = [LeadImportField.FirstName, LeadImportField.Email, null], CustomColumns = [null, null, "UF_SEATS"], Rule = DuplicateRule.Update,
        }, Anna);
        Assert.True(update.IsOk, string.Join(", ", update.Errors.Select(e => e.MessageKey)));
        await Imports.RunAsync(update.Value!.Id, CancellationToken.None);
        Assert.Equal((1, 5m), ((await Imports.GetRunAsync(update.Value.Id))!.Updated, (await Db.Get<ContactService>().GetAsync(jan.Id))!.Input.Custom["UF_SEATS"].Number));

        var undo = await Imports.UndoAsync(update.Value.Id, Anna);

        Assert.True(undo.IsOk, undo.MessageKey);
        var back = (await Db.Get<ContactService>().GetAsync(jan.Id))!;
        Assert.Equal((1200m, 2, true), (back.Input.Custom["UF_SEATS"].Number, back.Input.Custom["UF_TIER"].Options.Count, back.Input.Custom["UF_VIP"].Flag));
    }

    [Fact]
    public async Task Companies_CustomFieldRules_ARequiredFieldEmptyOrUnmapped_AndABadDate_FailTheRow_NamingTheField()
    {
        var admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
        await FieldAsync(admin, new CustomFieldInput { EntityKind = ElementKind.Company, Code = "UF_NIP", Type = CustomFieldType.Text, NameEn = "Tax ID", NamePl = "NIP", IsRequired = true });
        await FieldAsync(admin, new CustomFieldInput { EntityKind = ElementKind.Company, Code = "UF_FOUNDED", Type = CustomFieldType.Date, NameEn = "Founded", NamePl = "Założona" });
        await FieldAsync(admin, new CustomFieldInput { EntityKind = ElementKind.Company, Code = "UF_BUDGET", Type = CustomFieldType.Money, NameEn = "Budget", NamePl = "Budżet" });
        var (file, path) = Csv("Nazwa;NIP;Założona;Budżet", "Acme;123-456-32-18;01.05.2020;12 500,50 EUR", "Beta;;2021-01-01;", "Gamma;999;31.02.2020;", "Delta;777;;1 GBP");
        var columns = LeadImportMapping.Guess(file.Headers, ElementKind.Company).Columns;
        var custom = ImportCustomValues.Guess(file.Headers, columns, await Imports.ImportableCustomFieldsAsync(kind: ElementKind.Company));
        Assert.Equal([null, "UF_NIP", "UF_FOUNDED", "UF_BUDGET"], custom);

        var started = await Imports.StartAsync(file, path, new LeadImportSettings { Kind = ElementKind.Company, Columns = columns, CustomColumns = custom }, Anna);
        Assert.True(started.IsOk, string.Join(", ", started.Errors.Select(e => e.MessageKey)));
        await Imports.RunAsync(started.Value!.Id, CancellationToken.None);

        var run = (await Imports.GetRunAsync(started.Value.Id))!;
        Assert.Equal((1, 3), (run.Created, run.Failed));
        var acme = (await Db.Get<CompanyService>().GetAsync(Assert.Single(await CompaniesAsync()).Id))!;
        Assert.Equal(("Acme", "123-456-32-18", new DateTime(2020, 5, 1), 12500.50m, "EUR"),
            (acme.Input.Name, acme.Input.Custom["UF_NIP"].Text, acme.Input.Custom["UF_FOUNDED"].Date, acme.Input.Custom["UF_BUDGET"].Number, acme.Input.Custom["UF_BUDGET"].Currency));
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            var failures = await db.ImportRunFailures.Where(f => f.RunId == run.Id).OrderBy(f => f.RowNumber).Select(f => f.ErrorsJson).ToListAsync();
            Assert.Equal(3, failures.Count);
            Assert.Contains("\"UF_NIP\"", failures[0]); // the required field, by its code: the row's cell for it was empty
            Assert.Contains("Validation.Required", failures[0]);
            Assert.Contains("\"UF_FOUNDED\"", failures[1]);
            Assert.Contains("Import.Row.BadCustom", failures[1]);
            Assert.Contains("\"UF_BUDGET\"", failures[2]); // a currency the CRM does not keep
            Assert.Contains("Validation.Currency", failures[2]);
        }

        // A file without the required field's column fails every new company, as the form would refuse it.
        var (names, namesPath) = Csv("Nazwa", "Epsilon");
        var second = await Imports.StartAsync(names, namesPath, new LeadImportSettings { Kind = ElementKind.Company, Columns = [LeadImportField.CompanyName] }, Anna);
        await Imports.RunAsync(second.Value!.Id, CancellationToken.None);
        Assert.Equal((0, 1), ((await Imports.GetRunAsync(second.Value.Id))!.Created, (await Imports.GetRunAsync(second.Value.Id))!.Failed));
        var failed = await Imports.FailedRowsAsync(second.Value.Id, (k, a) => $"{k}({string.Join('|', a)})").ToListAsync();
        Assert.Equal("Validation.Required()", Assert.Single(failed)[^1]);
    }

    [Fact]
    public async Task Start_ACustomColumn_MustBeAnImportableFieldOfTheFilesKind()
    {
        var admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
        await FieldAsync(admin, new CustomFieldInput { Code = "UF_LEADONLY", Type = CustomFieldType.Text, NameEn = "Lead only", NamePl = "Tylko lead" });
        await FieldAsync(admin, new CustomFieldInput { EntityKind = ElementKind.Contact, Code = "UF_BUDDY", Type = CustomFieldType.User, NameEn = "Buddy", NamePl = "Kolega" });
        var (file, path) = Csv("Imię;A;B", "Jan;x;y");

        var started = await Imports.StartAsync(file, path, new LeadImportSettings
        {
            Kind = ElementKind.Contact, Columns = [LeadImportField.FirstName, null, null], CustomColumns = [null, "UF_LEADONLY", "UF_BUDDY"],
        }, Anna);

        Assert.Equal(ResultStatus.Invalid, started.Status);
        Assert.Equal([("UF_LEADONLY", "Import.Mapping.CustomNotImportable"), ("UF_BUDDY", "Import.Mapping.CustomNotImportable")],
            started.Errors.Select(e => (e.Field, e.MessageKey)));
    }
}

public sealed class PostgresPartyImportServiceTests(PostgresServer server) : PartyImportServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
