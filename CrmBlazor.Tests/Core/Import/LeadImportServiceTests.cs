using System.Text;
using CrmBlazor.Core.Import;
using CrmBlazor.Core;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Tests.Core.Import;

/// <summary>A lead import end to end in Core: batches, duplicate rules, failures, timeline, events, undo, presets.</summary>
public class LeadImportServiceTests : CoreTest
{
    private readonly string _directory = Directory.CreateTempSubdirectory("crm-import-").FullName;

    public LeadImportServiceTests() : base(new TestDatabase()) { }

    protected LeadImportServiceTests(TestDatabase db) : base(db) { }

    private LeadImportService Imports => Db.Get<LeadImportService>();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private const string Header = "Name;Company;E-mail;Phone;Owner";

    private (ImportFile File, string Path) Csv(params string[] rows)
    {
        var path = System.IO.Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, string.Join("\r\n", [Header, .. rows]) + "\r\n", new UTF8Encoding(true));
        return (Imports.Open(path, "leads.csv"), path);
    }

    private async Task<ImportRunView> ImportAsync(DuplicateRule rule = DuplicateRule.Skip, DuplicateKey key = DuplicateKey.Email, Actor? actor = null, params string[] rows)
    {
        var (file, path) = Csv(rows);
        var started = await Imports.StartAsync(file, path, new LeadImportSettings { Columns = LeadImportMapping.Guess(file.Headers).Columns, Rule = rule, MatchOn = key }, actor ?? Anna);
        Assert.True(started.IsOk, string.Join(", ", started.Errors.Select(e => e.MessageKey)));
        await Imports.RunAsync(started.Value!.Id, CancellationToken.None);
        return (await Imports.GetRunAsync(started.Value.Id))!;
    }

    private async Task<List<Lead>> LeadsAsync()
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        return await db.Leads.Include(l => l.Emails).Include(l => l.Phones).OrderBy(l => l.Id).ToListAsync();
    }

    [Fact]
    public async Task Run_CreatesLeadsAsImportTaggedWithATimelineEntryEach_InBatchesWithOneEventPerBatch()
    {
        Db.Get<IOptions<CrmOptions>>().Value.Import.BatchSize = 2;
        using var log = new EventLog(Db.Live);

        var run = await ImportAsync(rows:
        [
            "Grace Miller;Miller & Sons;grace@miller.co.uk;601 234 567;piotr@test.crm",
            "Jan Kowalski;Kowal sp. z o.o.;jan@kowal.pl;+48 602 345 678;",
            "Ewa Nowak;;ewa@nowak.pl;;Marta",
        ]);

        Assert.Equal((ImportRunState.Done, 3, 3, 0, 0, 2), (run.State, run.RowsRead, run.Created, run.Skipped, run.Failed, run.Batches));
        var leads = await LeadsAsync();
        Assert.Equal(["Grace Miller", "Jan Kowalski", "Ewa Nowak"], leads.Select(l => l.Title));
        Assert.All(leads, l => Assert.Equal((LeadSource.Import, LeadStatus.New), (l.Source, l.Status)));
        Assert.Equal(("Grace", "Miller", "+48601234567"), (leads[0].FirstName, leads[0].LastName, leads[0].Phones.Single().Number));
        Assert.Equal([Piotr.UserId, Anna.UserId, Manager.UserId], leads.Select(l => l.ResponsibleUserId)); // a column, else the importing user
        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.Equal(leads.Select(l => l.Id), await db.ImportRunRecords.Where(r => r.RunId == run.Id).OrderBy(r => r.ElementId).Select(r => r.ElementId).ToListAsync());
        var entries = await db.TimelineEntries.Where(e => e.Kind == TimelineKind.Imported).ToListAsync();
        Assert.Equal(3, entries.Count);
        Assert.All(entries, e => Assert.Equal(("leads.csv", Anna.UserId, "Created", run.Id), (e.Text, e.AuthorId, e.Field, e.RelatedId)));
        var batches = log.Events.OfType<ImportProgressed>().Where(e => e.Changed > 0).ToList();
        Assert.Equal([2, 1], batches.Select(b => b.Changed));
        Assert.All(batches, b => Assert.Contains(LiveTopics.Leads, b.Topics));
        Assert.Empty(log.Events.OfType<LeadChanged>()); // not one event per row
        Assert.Equal(ImportRunState.Done, log.Events.OfType<ImportProgressed>().Last().State);
    }

    [Fact]
    public async Task Run_CreatedLeadsAreStampedAndSearchable_AsASavedLeadIs()
    {
        var run = await ImportAsync(rows:
        [
            "Grace Miller;Miller & Sons;grace@miller.co.uk;601 234 567;",
            "Jan Kowalski;Kowal sp. z o.o.;jan@kowal.pl;+48 602 345 678;",
            "Ewa Nowak;;ewa@nowak.pl;;",
            "Adam Zając;;;+48 603 456 789;",
        ]);

        Assert.Equal(4, run.Created);
        var leads = await LeadsAsync();
        Assert.All(leads, l => Assert.Equal((Anna.UserId, Anna.UserId, l.CreatedAt, 0), (l.CreatedById, l.UpdatedById, l.UpdatedAt, l.Version)));
        Assert.All(leads, l => Assert.NotEqual(default, l.CreatedAt));
        Assert.Contains("grace@miller.co.uk", leads[0].SearchText);
        await using var db = await Db.Factory.CreateDbContextAsync();
        var entries = await db.SearchEntries.Where(e => e.Kind == CrmBlazor.Core.Search.SearchKind.Lead).OrderBy(e => e.ElementId).ToListAsync();
        Assert.Equal(leads.Select(l => (l.Id, l.Title)), entries.Select(e => (e.ElementId, e.Title)));
        Assert.Contains("grace@miller.co.uk", entries[0].Text);
        // The list and the search find them like any other lead.
        Assert.Single((await Db.Get<LeadService>().ListAsync(new LeadQuery { Search = "kowal" })).Items);
        Assert.Single((await Db.Get<LeadService>().ListAsync(new LeadQuery { Search = "603 456" })).Items);
    }

    [Fact]
    public async Task Run_SearchRowsOfTheNewLeads_AreTheRowsTheIndexMakesFromTheDatabase()
    {
        // The import makes its new leads' search rows from the leads in memory (issue 13's speed); they must be the rows
        // the index makes from the database: several e-mails and phones in their order, the website and the comment.
        var path = System.IO.Path.Combine(_directory, "search.csv");
        File.WriteAllText(path, string.Join("\r\n",
            "Name;Company;E-mail;Phone;Website;Comment",
            "Grace Miller;Miller & Sons;\"zeta@miller.co.uk, grace@miller.co.uk\";\"601 234 567, +48 22 111 22 33\";miller.co.uk;Met at the fair",
            "Ewa Nowak;;\"ewa@nowak.pl, biuro@nowak.pl\";;;",
            "Adam Zając;;;+48 603 456 789;;") + "\r\n", new UTF8Encoding(true));
        var file = Imports.Open(path, "search.csv");
        var started = await Imports.StartAsync(file, path, new LeadImportSettings { Columns = LeadImportMapping.Guess(file.Headers).Columns }, Anna);
        await Imports.RunAsync(started.Value!.Id, CancellationToken.None);
        Assert.Equal(3, (await Imports.GetRunAsync(started.Value.Id))!.Created);

        static object Row(CrmBlazor.Core.Search.SearchEntry e) => (e.ElementId, e.ResponsibleUserId, e.Title, e.Detail, e.Name, e.Text);
        async Task<List<object>> RowsAsync()
        {
            await using var db = await Db.Factory.CreateDbContextAsync();
            return [.. (await db.SearchEntries.Where(e => e.Kind == CrmBlazor.Core.Search.SearchKind.Lead).OrderBy(e => e.ElementId).ToListAsync()).Select(Row)];
        }
        var imported = await RowsAsync();
        Assert.Contains("zeta@miller.co.uk\ngrace@miller.co.uk", ((ValueTuple<int, string?, string, string?, string, string>)imported[0]).Item6);
        Assert.Contains("met at the fair", ((ValueTuple<int, string?, string, string?, string, string>)imported[0]).Item6);
        await using (var rebuild = await Db.Factory.CreateDbContextAsync())
        {
            await CrmBlazor.Core.Search.SearchIndexer.RebuildAsync(rebuild, CancellationToken.None);
        }
        Assert.Equal(imported, await RowsAsync());
    }

    [Fact]
    public async Task Run_BadRowsFailWithTheirReasons_AndAreDownloadableAsTheOriginalRows()
    {
        var run = await ImportAsync(rows:
        [
            "Good One;;good@example.com;;",
            "Bad Mail;;not-an-email;;",
            "Bad Phone;;;12;",
            "Nobody;;nobody@example.com;;someone@else.com",
            "No Reach;Acme;;;",
            "Again;;GOOD@example.com;;",
        ]);

        Assert.Equal((1, 5), (run.Created, run.Failed));
        var header = await Imports.FailedRowsHeaderAsync(run.Id);
        Assert.Equal(["Name", "Company", "E-mail", "Phone", "Owner"], header);
        var failed = await Imports.FailedRowsAsync(run.Id, (key, args) => $"{key}({string.Join('|', args)})").ToListAsync();
        Assert.Equal(5, failed.Count);
        Assert.Equal(["Bad Mail", "", "not-an-email", "", "", "Import.Row.BadEmail(not-an-email)"], failed[0]);
        Assert.Equal("Import.Row.BadPhone(12)", failed[1][5]);
        Assert.Equal("Import.Row.UnknownUser(someone@else.com)", failed[2][5]);
        Assert.Equal("Lead.NeedsReach()", failed[3][5]);
        Assert.Equal("Import.Row.SameInFile(good@example.com|2)", failed[4][5]); // the same e-mail twice in one file
    }

    [Theory]
    [InlineData(DuplicateKey.Email, "Someone;;grace@miller.co.uk;;")]
    [InlineData(DuplicateKey.Phone, "Someone;;;+48 601-234-567;")]
    [InlineData(DuplicateKey.CompanyName, "Someone;MILLER & SONS;someone@example.com;;")]
    public async Task DuplicateRule_Skip_LeavesTheExistingLead(DuplicateKey key, string row)
    {
        await ExistingAsync();

        var run = await ImportAsync(DuplicateRule.Skip, key, rows: [row, "New One;;new@example.com;;"]);

        Assert.Equal((1, 1, 0), (run.Created, run.Skipped, run.Updated));
        Assert.Equal(["Grace Miller", "New One"], (await LeadsAsync()).Select(l => l.Title));
    }

    [Theory]
    [InlineData(DuplicateKey.Email, "Grace Miller-Smith;;grace@miller.co.uk;602 000 000;")]
    [InlineData(DuplicateKey.Phone, "Grace Miller-Smith;;;+48601234567;")]
    [InlineData(DuplicateKey.CompanyName, "Grace Miller-Smith;miller & sons;;602 000 000;")]
    public async Task DuplicateRule_Update_WritesTheFilesValuesOverTheExistingLead(DuplicateKey key, string row)
    {
        var existing = await ExistingAsync();

        var run = await ImportAsync(DuplicateRule.Update, key, rows: [row]);

        Assert.Equal((0, 1), (run.Created, run.Updated));
        var lead = Assert.Single(await LeadsAsync());
        Assert.Equal((existing, "Grace", "Miller-Smith", "Old comment"), (lead.Id, lead.FirstName, lead.LastName, lead.Comment));
        Assert.Contains(lead.Emails, e => e.Address == "grace@miller.co.uk");
    }

    [Fact]
    public async Task DuplicateRule_CreateAnyway_CreatesASecondLead()
    {
        await ExistingAsync();

        var run = await ImportAsync(DuplicateRule.CreateAnyway, DuplicateKey.Email, rows: ["Grace Again;;grace@miller.co.uk;;"]);

        Assert.Equal(1, run.Created);
        Assert.Equal(2, (await LeadsAsync()).Count);
    }

    [Fact]
    public async Task DuplicateKey_Id_UpdatesThatLead_AndAnUnknownIdFails()
    {
        var existing = await ExistingAsync();
        var path = System.IO.Path.Combine(_directory, "ids.csv");
        File.WriteAllText(path, $"ID,Name,E-mail\r\n{existing},Grace Updated,grace@miller.co.uk\r\n999999,Ghost,ghost@example.com\r\n");
        var file = Imports.Open(path, "leads.csv");
        var started = await Imports.StartAsync(file, path, new LeadImportSettings { Columns = LeadImportMapping.Guess(file.Headers).Columns, Rule = DuplicateRule.Update, MatchOn = DuplicateKey.Id }, Anna);
        await Imports.RunAsync(started.Value!.Id, CancellationToken.None);

        var run = (await Imports.GetRunAsync(started.Value.Id))!;

        Assert.Equal((1, 1, 0), (run.Updated, run.Failed, run.Created));
        Assert.Equal("Grace", Assert.Single(await LeadsAsync()).FirstName);
    }

    [Fact]
    public async Task DuplicateRule_Update_AnotherUsersLead_FailsForASalesUser()
    {
        await ExistingAsync(owner: Piotr);

        var run = await ImportAsync(DuplicateRule.Update, DuplicateKey.Email, Anna, rows: ["Grace X;;grace@miller.co.uk;;"]);

        Assert.Equal((0, 1), (run.Updated, run.Failed));
    }

    [Fact]
    public async Task Undo_RemovesWhatItCreatedAndRestoresWhatItUpdated()
    {
        await ExistingAsync();
        var run = await ImportAsync(DuplicateRule.Update, DuplicateKey.Email, rows: ["Grace Changed;;grace@miller.co.uk;;", "New One;;new@example.com;;"]);
        using var log = new EventLog(Db.Live);

        var undo = await Imports.UndoAsync(run.Id, Anna);

        Assert.True(undo.IsOk);
        Assert.Equal((1, 1), (undo.Value!.Removed, undo.Value.Restored));
        var lead = Assert.Single(await LeadsAsync());
        Assert.Equal(("Grace", "Miller"), (lead.FirstName, lead.LastName));
        Assert.Equal(ImportRunState.Undone, (await Imports.GetRunAsync(run.Id))!.State);
        Assert.Contains(LiveTopics.Leads, Assert.Single(log.Events.OfType<ImportProgressed>()).Topics);
        Assert.Equal("Import.AlreadyUndone", (await Imports.UndoAsync(run.Id, Anna)).MessageKey);
    }

    [Fact]
    public async Task Undo_RefusesAndListsRecordsChangedSince_ChangingNothing()
    {
        var run = await ImportAsync(rows: ["First;;first@example.com;;", "Second;;second@example.com;;"]);
        var second = (await LeadsAsync())[1];
        var details = (await Db.Get<LeadService>().GetAsync(second.Id))!;
        Assert.True((await Db.Get<LeadService>().UpdateAsync(second.Id, details.Version, details.Input with { Title = "Second, called" }, Anna)).IsOk);

        var undo = await Imports.UndoAsync(run.Id, Anna);

        Assert.Equal(ResultStatus.Conflict, undo.Status);
        Assert.Equal([new Lookup(second.Id, "Second, called")], undo.Value!.ChangedSince);
        Assert.Equal(2, (await LeadsAsync()).Count);
        Assert.Equal(ImportRunState.Done, (await Imports.GetRunAsync(run.Id))!.State);
    }

    [Fact]
    public async Task Undo_OnlyWhoStartedItOrAManager()
    {
        var run = await ImportAsync(rows: ["First;;first@example.com;;"]);

        Assert.Equal(ResultStatus.Forbidden, (await Imports.UndoAsync(run.Id, Piotr)).Status);
        Assert.True((await Imports.UndoAsync(run.Id, Manager)).IsOk);
    }

    [Fact]
    public async Task Start_TheMappingsOwnErrors()
    {
        var (file, path) = Csv("A;;a@example.com;;");

        var twice = await Imports.StartAsync(file, path, new LeadImportSettings { Columns = [LeadImportField.FullName, null, LeadImportField.Email, LeadImportField.Email, null] }, Anna);

        Assert.Equal(ResultStatus.Invalid, twice.Status);
        Assert.Equal("Import.Mapping.Twice", Assert.Single(twice.Errors).MessageKey);
    }

    [Fact]
    public async Task Preview_TheFirstRowsAsTheyWillBeSaved_WithTheirProblems()
    {
        var (file, _) = Csv("Grace Miller;Miller & Sons;Grace@Miller.co.uk;601 234 567;", "Bad;;x@;;");

        var rows = await Imports.PreviewAsync(file, new LeadImportSettings { Columns = LeadImportMapping.Guess(file.Headers).Columns }, Anna);

        Assert.Equal(2, rows.Count);
        Assert.True(rows[0].IsValid);
        Assert.Equal(("Grace Miller", "Grace", "+48601234567", LeadSource.Import), (rows[0].Input!.Title, rows[0].Input!.FirstName, rows[0].Input!.Phones[0].Number, rows[0].Input!.Source));
        Assert.Equal(("Email", "Import.Row.BadEmail"), (rows[1].Problems[0].Field, rows[1].Problems[0].MessageKey));
    }

    [Fact]
    public async Task CustomFields_GuessedFromTheirNames_ReadAsTheirType_RestoredByUndo()
    {
        var fields = Db.Get<CustomFieldService>();
        var admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
        Assert.True((await fields.SaveAsync(null, 0, new CustomFieldInput { Code = "UF_SEATS", Type = CustomFieldType.Number, NameEn = "Seats", NamePl = "Miejsca" }, admin)).IsOk);
        Assert.True((await fields.SaveAsync(null, 0, new CustomFieldInput
        {
            Code = "UF_SIZE", Type = CustomFieldType.List, NameEn = "Size", NamePl = "Wielkość", Options = [new(null, "Small"), new(null, "Large")],
        }, admin)).IsOk);
        var path = System.IO.Path.Combine(_directory, "custom.csv");
        File.WriteAllText(path, "Name;E-mail;Miejsca;Size\r\nGrace Miller;grace@miller.co.uk;1 200;large\r\nBad Seats;bad@seats.pl;many;Small\r\n", new UTF8Encoding(true));
        var file = Imports.Open(path, "custom.csv");
        var columns = LeadImportMapping.Guess(file.Headers).Columns;
        var custom = ImportCustomValues.Guess(file.Headers, columns, await Imports.ImportableCustomFieldsAsync());
        Assert.Equal([null, null, "UF_SEATS", "UF_SIZE"], custom);

        var started = await Imports.StartAsync(file, path, new LeadImportSettings { Columns = columns, CustomColumns = custom }, Anna);
        await Imports.RunAsync(started.Value!.Id, CancellationToken.None);

        var run = (await Imports.GetRunAsync(started.Value.Id))!;
        Assert.Equal((1, 1), (run.Created, run.Failed));
        var lead = (await Db.Get<LeadService>().GetAsync(Assert.Single(await LeadsAsync()).Id))!;
        Assert.Equal(1200m, lead.Input.Custom["UF_SEATS"].Number);
        Assert.Single(lead.Input.Custom["UF_SIZE"].Options);
        var failed = await Imports.FailedRowsAsync(run.Id, (k, a) => $"{k}({string.Join('|', a)})").ToListAsync();
        Assert.Equal("Import.Row.BadCustom(Seats|many)", Assert.Single(failed)[^1]);

        // Updated by a second file, then undone: the value it had comes back.
        File.WriteAllText(path, "E-mail;Seats\r\ngrace@miller.co.uk;5\r\n", new UTF8Encoding(true));
        file = Imports.Open(path, "custom.csv");
        var update = await Imports.StartAsync(file, path, new LeadImportSettings { Columns = [LeadImportField.Email, null], CustomColumns = [null, "UF_SEATS"], Rule = DuplicateRule.Update }, Anna);
        await Imports.RunAsync(update.Value!.Id, CancellationToken.None);
        Assert.Equal(5m, (await Db.Get<LeadService>().GetAsync(lead.Id))!.Input.Custom["UF_SEATS"].Number);
        Assert.True((await Imports.UndoAsync(update.Value.Id, Anna)).IsOk);
        Assert.Equal(1200m, (await Db.Get<LeadService>().GetAsync(lead.Id))!.Input.Custom["UF_SEATS"].Number);
    }

    [Fact]
    public async Task Cancel_AQueuedRun_NeverRuns()
    {
        var (file, path) = Csv("A;;a@example.com;;");
        var started = await Imports.StartAsync(file, path, new LeadImportSettings { Columns = LeadImportMapping.Guess(file.Headers).Columns }, Anna);

        var cancelled = await Imports.CancelAsync(started.Value!.Id, Anna);
        await Imports.RunAsync(started.Value.Id, CancellationToken.None);

        Assert.Equal(ImportRunState.Cancelled, cancelled.Value!.State);
        Assert.Empty(await LeadsAsync());
    }

    [Fact]
    public async Task Presets_SaveAndApplyToAnotherFilesHeaders()
    {
        var saved = await Imports.SavePresetAsync("Trade fair", ["Full name", "Mail"], [LeadImportField.FullName, LeadImportField.Email], Anna);

        var applied = await Imports.ApplyPresetAsync(saved.Value, ["mail", "Notes", "FULL NAME"]);

        Assert.Equal([new Lookup(saved.Value, "Trade fair")], await Imports.ListPresetsAsync());
        Assert.Equal([LeadImportField.Email, null, LeadImportField.FullName], applied);
    }

    private async Task<int> ExistingAsync(Actor? owner = null)
    {
        var result = await Db.Get<LeadService>().CreateAsync(new LeadInput
        {
            Title = "Grace Miller",
            FirstName = "Grace",
            LastName = "Miller",
            CompanyName = "Miller & Sons",
            Phones = [new PhoneInput("601 234 567", PhoneType.Mobile)],
            Emails = [new EmailInput("grace@miller.co.uk")],
            Comment = "Old comment",
            ResponsibleUserId = (owner ?? Anna).UserId,
        }, owner ?? Anna);
        Assert.True(result.IsOk);
        return result.Value!.Id;
    }

    [Fact]
    public async Task Run_ByTheRolesScopes_StartNeedsAnImportScope_ACreatedRowTheAddScope_AnUpdatedRowTheEditAndImportScopes()
    {
        var leads = Db.Get<LeadService>();
        await leads.CreateAsync(new LeadInput { Title = "Piotr's", FirstName = "Piotr", Emails = [new EmailInput("piotr.lead@firma.pl", EmailType.Work)], ResponsibleUserId = Piotr.UserId }, Manager);
        await leads.CreateAsync(new LeadInput { Title = "Anna's", FirstName = "Anna", Emails = [new EmailInput("anna.lead@firma.pl", EmailType.Work)], ResponsibleUserId = Anna.UserId }, Manager);
        // Reads all; adds, edits and imports its own leads; imports no contacts.
        var anna = await WithRoleAsync(Anna, (e, a) => a switch
        {
            AccessAction.Import => e == AccessEntity.Lead ? AccessScope.Own : AccessScope.None,
            AccessAction.Add or AccessAction.Edit => AccessScope.Own,
            _ => AccessScope.All,
        });

        var run = await ImportAsync(DuplicateRule.Update, DuplicateKey.Email, anna, rows:
        [
            "Own New;;own.new@firma.pl;;",
            "Piotr New;;piotr.new@firma.pl;;piotr@test.crm",
            "Piotr Updated;;piotr.lead@firma.pl;;",
            "Anna Updated;;anna.lead@firma.pl;;",
        ]);

        Assert.Equal((1, 1, 2), (run.Created, run.Updated, run.Failed));
        var failed = await Imports.FailedRowsAsync(run.Id, (key, args) => $"{key}({string.Join('|', args)})").ToListAsync();
        Assert.Equal(["Import.Row.AddForbidden()", "Import.Row.Forbidden(Piotr's)"], failed.Select(f => f[5]));
        var all = await LeadsAsync();
        Assert.Equal(3, all.Count);
        Assert.Equal("Piotr's", all[0].Title);
        Assert.Equal(("Own New", Anna.UserId), (all[2].Title, all[2].ResponsibleUserId));

        var (file, path) = Csv("Jan;;jan@firma.pl;;");
        var contacts = await Imports.StartAsync(file, path, new LeadImportSettings { Kind = ElementKind.Contact, Columns = LeadImportMapping.Guess(file.Headers).Columns }, anna);
        Assert.Equal((ResultStatus.Forbidden, "Import.Forbidden"), (contacts.Status, contacts.MessageKey));
    }

    /// <summary><paramref name="user"/> given a role record of <paramref name="scope"/>'s scopes, as its next use case loads it.</summary>
    private async Task<Actor> WithRoleAsync(Actor user, Func<AccessEntity, AccessAction, AccessScope> scope)
    {
        var admin = Actor.Create("admin", "Admin", CrmRoles.Admin);
        var role = (await Db.Get<TeamSettingsService>().SaveRoleAsync(null, 0, new AccessRoleInput("Scoped " + user.DisplayName, CrmRoles.Sales,
            BuiltInRoles.Entities.SelectMany(e => BuiltInRoles.Actions.Select(a => (e, a))).ToDictionary(k => k, k => scope(k.e, k.a))), admin)).Value!;
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == user.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessRoleId, role.Id));
        }
        Db.Get<AccessProfiles>().Invalidate();
        return (await Db.Get<AccessProfiles>().GetActorAsync(user.UserId))!;
    }
}

public sealed class PostgresLeadImportServiceTests(PostgresServer server) : LeadImportServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
