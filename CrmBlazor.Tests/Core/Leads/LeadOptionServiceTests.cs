using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Core.Leads;

/// <summary>
/// Lead statuses, sources and junk reasons as Settings' data (decision 030): the seeded lists, adding, renaming in
/// English and Polish, reordering, deactivating, refusing to delete one in use, two admins at once, and the kinds the
/// rest of the CRM goes by (counters, Complete lead, leads made without a chosen status). And the migration that
/// points existing leads at the options of their old enum values.
/// </summary>
public class LeadOptionServiceTests : LeadTest
{
    public LeadOptionServiceTests() : base(new TestDatabase())
    {
    }

    protected LeadOptionServiceTests(TestDatabase db) : base(db)
    {
    }

    private Actor Admin { get; set; } = default!;
    private LeadOptionService Options => Db.Get<LeadOptionService>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
    }

    private async Task<LeadOptionView> OptionAsync(LeadOptionList list, string name) => (await Options.ListAsync()).Of(list).Single(o => o.Name == name);

    private async Task<LeadOptionView> AddAsync(LeadOptionList list, string name, string? namePl = null, int? kind = null)
    {
        var result = await Options.SaveAsync(null, new LeadOptionInput(list, name, namePl, kind), Admin);
        Assert.True(result.IsOk, string.Join(", ", result.Errors.Select(e => $"{e.Field} {e.MessageKey}")));
        return result.Value!;
    }

    private static void AssertError(Result<LeadOptionView> result, string field, string key)
    {
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => (e.Field, e.MessageKey) == (field, key));
    }

    [Fact]
    public async Task ListAsync_NewDatabase_HasTheEnumsAsLists_ProcessedAnInProgressStatus()
    {
        var set = await Options.ListAsync();

        Assert.Equal(["New", "In progress", "Processed", "Converted", "Junk"], set.Of(LeadOptionList.Status).Select(o => o.Name));
        Assert.Equal([LeadStatus.New, LeadStatus.InProgress, LeadStatus.InProgress, LeadStatus.Converted, LeadStatus.Junk], set.Of(LeadOptionList.Status).Select(o => o.StatusKind));
        Assert.Equal(7, set.Of(LeadOptionList.Source).Count);
        Assert.Equal(5, set.Of(LeadOptionList.JunkReason).Count);
        Assert.Equal("Nowy", set.Of(LeadOptionList.Status)[0].Label(new System.Globalization.CultureInfo("pl-PL")));
    }

    [Fact]
    public async Task SaveAsync_NewStatus_AddedAtTheEnd_AndEveryonesPagesHear()
    {
        using var events = new EventLog(Db.Live);

        var added = await AddAsync(LeadOptionList.Status, " Called twice ", "Dwa telefony", (int)LeadStatus.InProgress);

        var statuses = (await Options.ListAsync()).Of(LeadOptionList.Status);
        Assert.Equal(added.Id, statuses[^1].Id);
        Assert.Equal(("Called twice", "Dwa telefony", LeadStatus.InProgress, true), (added.Name, added.NamePl, added.StatusKind, added.IsActive));
        Assert.True(added.Id > 25, "a new option's id comes after the seeded ones");
        var change = Assert.IsType<LeadOptionsChanged>(Assert.Single(events.Events));
        Assert.Same(change, AccessPolicy.Shown(change, Anna));
    }

    [Fact]
    public async Task SaveAsync_EmptyDuplicateOrKindless_RefusedNextToTheField_NothingSaved()
    {
        AssertError(await Options.SaveAsync(null, new LeadOptionInput(LeadOptionList.Source, "  ", null, null), Admin), "Name", "Validation.Required");
        AssertError(await Options.SaveAsync(null, new LeadOptionInput(LeadOptionList.Source, "web FORM", null, null), Admin), "Name", "LeadOption.Exists");
        AssertError(await Options.SaveAsync(null, new LeadOptionInput(LeadOptionList.Source, "Fair", "Telefon", null), Admin), "NamePl", "LeadOption.Exists");
        AssertError(await Options.SaveAsync(null, new LeadOptionInput(LeadOptionList.Status, "Waiting", null, null), Admin), "Kind", "Validation.Required");
        AssertError(await Options.SaveAsync(null, new LeadOptionInput(LeadOptionList.Status, "Waiting", null, (int)LeadStatus.Processed), Admin), "Kind", "Validation.Required");
        AssertError(await Options.SaveAsync(null, new LeadOptionInput(LeadOptionList.JunkReason, new string('x', 101), null, null), Admin), "Name", "Validation.MaxLength");

        Assert.Equal(17, (await Options.ListAsync()).All.Count);
    }

    [Fact]
    public async Task SaveAsync_SalesUser_IsForbidden()
    {
        var result = await Options.SaveAsync(null, new LeadOptionInput(LeadOptionList.Source, "Fair", null, null), Anna);

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.Equal(ResultStatus.Forbidden, (await Options.MoveAsync(1, 3, Anna)).Status);
    }

    [Fact]
    public async Task SaveAsync_Rename_TheLeadsShowTheNewName_InBothLanguages()
    {
        var lead = await AddLeadAsync();
        var status = await OptionAsync(LeadOptionList.Status, "New");

        var result = await Options.SaveAsync(status.Id, new LeadOptionInput(LeadOptionList.Status, "Fresh", "Świeży", status.Kind, true, status.Version), Admin);

        Assert.True(result.IsOk);
        var set = await Options.ListAsync();
        var details = await Leads.GetAsync(lead.Id);
        Assert.Equal(status.Id, details!.Input.StatusId);
        Assert.Equal(("Fresh", "Świeży"), (set.Find(details.Input.StatusId)!.Label(new System.Globalization.CultureInfo("en")), set.Find(details.Input.StatusId)!.Label(new System.Globalization.CultureInfo("pl"))));
        Assert.Equal(status.Version + 1, set.Find(status.Id)!.Version);
    }

    [Fact]
    public async Task MoveAsync_PutsTheOptionAtTheIndex_WithoutChangingVersions()
    {
        var junk = await OptionAsync(LeadOptionList.JunkReason, "Spam");

        var result = await Options.MoveAsync(junk.Id, 0, Admin);

        Assert.True(result.IsOk);
        var reasons = (await Options.ListAsync()).Of(LeadOptionList.JunkReason);
        Assert.Equal(["Spam", "Duplicate", "No interest", "Wrong contact details", "Other"], reasons.Select(r => r.Name));
        Assert.Equal([0, 1, 2, 3, 4], reasons.Select(r => r.Sort));
        Assert.All(reasons, r => Assert.Equal(0, r.Version));
        Assert.True((await Options.MoveAsync(junk.Id, 99, Admin)).IsOk);
        Assert.Equal("Spam", (await Options.ListAsync()).Of(LeadOptionList.JunkReason)[^1].Name);
    }

    [Fact]
    public async Task SortByStatusOrSource_FollowsSettingsOrder_NotTheKinds()
    {
        // "Called" (an in-progress kind) moved to the top of the statuses, "Partner" (another kind) to the top of sources.
        var called = await AddAsync(LeadOptionList.Status, "Called", kind: (int)LeadStatus.InProgress);
        Assert.True((await Options.MoveAsync(called.Id, 0, Admin)).IsOk);
        var partner = await AddAsync(LeadOptionList.Source, "Partner", kind: (int)LeadSource.Other);
        Assert.True((await Options.MoveAsync(partner.Id, 0, Admin)).IsOk);
        var fresh = await AddLeadAsync(Valid("Fresh"));
        var phoned = await AddLeadAsync(Valid("Phoned") with { StatusId = called.Id, SourceId = partner.Id });

        foreach (var sort in new[] { LeadSort.Status, LeadSort.Source })
        {
            var page = await Leads.ListAsync(new LeadQuery { SortBy = sort, Descending = false }, Admin);
            Assert.Equal([phoned.Id, fresh.Id], page.Items.Select(r => r.Id));
            var keyset = await Leads.ListAsync(new LeadQuery { SortBy = sort, Descending = false }, new KeysetRequest(null, 1), Admin);
            Assert.Equal([phoned.Id], keyset.Items.Select(r => r.Id));
            var next = await Leads.ListAsync(new LeadQuery { SortBy = sort, Descending = false }, new KeysetRequest(keyset.NextCursor, 1), Admin);
            Assert.Equal([fresh.Id], next.Items.Select(r => r.Id));
            Assert.Equal([fresh.Id, phoned.Id], (await Leads.ListAsync(new LeadQuery { SortBy = sort, Descending = true }, Admin)).Items.Select(r => r.Id));
        }
    }

    [Fact]
    public async Task Deactivate_NotOfferedToNewLeads_ButALeadWithItKeepsIt()
    {
        var called = await AddAsync(LeadOptionList.Status, "Called", kind: (int)LeadStatus.InProgress);
        var lead = await AddLeadAsync(Valid() with { StatusId = called.Id });

        var result = await Options.SaveAsync(called.Id, new LeadOptionInput(LeadOptionList.Status, "Called", null, called.Kind, false, called.Version), Admin);

        Assert.True(result.IsOk);
        var set = await Options.ListAsync();
        Assert.DoesNotContain(set.OpenStatuses(), s => s.Id == called.Id);
        Assert.Contains(set.OpenStatuses(called.Id), s => s.Id == called.Id);
        var refused = await Leads.CreateAsync(Valid() with { StatusId = called.Id }, Anna);
        Assert.Equal((nameof(LeadInput.Status), "Validation.NoLongerExists"), (refused.Errors.Single().Field, refused.Errors.Single().MessageKey));
        var kept = await Leads.UpdateAsync(lead.Id, lead.Version, lead.Input with { Title = "Still called" }, Anna);
        Assert.True(kept.IsOk);
        Assert.Equal((called.Id, LeadStatus.InProgress), (kept.Value!.Input.StatusId, kept.Value.Input.Status));
    }

    [Fact]
    public async Task Deactivate_TheLastActiveStatusOfAKind_IsRefused()
    {
        var converted = await OptionAsync(LeadOptionList.Status, "Converted");

        var result = await Options.SaveAsync(converted.Id, new LeadOptionInput(LeadOptionList.Status, "Converted", null, converted.Kind, false, converted.Version), Admin);

        AssertError(result, "IsActive", "LeadOption.LastOfKind");
        Assert.True((await Options.ListAsync()).Find(converted.Id)!.IsActive);
    }

    [Fact]
    public async Task DeleteAsync_InUse_IsRefused_EvenInTheRecycleBin_AnUnusedOneIsDeleted()
    {
        var fair = await AddAsync(LeadOptionList.Source, "Trade fair");
        var unused = await AddAsync(LeadOptionList.Source, "Radio");
        var lead = await AddLeadAsync(Valid() with { SourceId = fair.Id });
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            // In the recycle bin: still a lead of that source, restorable.
            await db.Leads.Where(l => l.Id == lead.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.DeletedAt, DateTime.UtcNow));
        }

        var refused = await Options.DeleteAsync(fair.Id, fair.Version, Admin);
        var deleted = await Options.DeleteAsync(unused.Id, unused.Version, Admin);

        AssertError(refused, "Name", "LeadOption.InUse");
        Assert.True(deleted.IsOk);
        var sources = (await Options.ListAsync()).Of(LeadOptionList.Source);
        Assert.Contains(sources, s => s.Id == fair.Id);
        Assert.DoesNotContain(sources, s => s.Id == unused.Id);
    }

    [Fact]
    public async Task SaveAsync_KindOfAStatusInUse_IsRefused()
    {
        await AddLeadAsync();
        var status = await OptionAsync(LeadOptionList.Status, "New");

        var result = await Options.SaveAsync(status.Id, new LeadOptionInput(LeadOptionList.Status, "New", null, (int)LeadStatus.Junk, true, status.Version), Admin);

        AssertError(result, "Kind", "LeadOption.KindInUse");
    }

    [Fact]
    public async Task SaveAsync_SecondAdminOnAnOldVersion_IsTold_TheFirstChangeStays()
    {
        var other = await Db.AddUserAsync("Bea", CrmRoles.Admin);
        var status = await OptionAsync(LeadOptionList.Status, "In progress");
        Assert.True((await Options.SaveAsync(status.Id, new LeadOptionInput(LeadOptionList.Status, "Working", null, status.Kind, true, status.Version), Admin)).IsOk);

        var second = await Options.SaveAsync(status.Id, new LeadOptionInput(LeadOptionList.Status, "Contacted", null, status.Kind, true, status.Version), other);

        Assert.Equal(ResultStatus.Conflict, second.Status);
        Assert.Equal(("LeadOption.Conflict", "Working"), (second.MessageKey, second.Value!.Name));
        Assert.Equal("Working", (await Options.ListAsync()).Find(status.Id)!.Name);
    }

    [Fact]
    public async Task SaveAsync_RaceAfterReadingSameVersion_TheConcurrencyTokenStopsTheSecond()
    {
        var status = await OptionAsync(LeadOptionList.Status, "In progress");
        using var events = new EventLog(Db.Live);
        Db.Commands.HoldNextReads(2);
        Db.Commands.Start();

        var results = await Task.WhenAll(
            Task.Run(() => Options.SaveAsync(status.Id, new LeadOptionInput(LeadOptionList.Status, "Working", null, status.Kind, true, status.Version), Admin)),
            Task.Run(() => Options.SaveAsync(status.Id, new LeadOptionInput(LeadOptionList.Status, "Contacted", null, status.Kind, true, status.Version), Admin)));
        Db.Commands.Enabled = false;

        var won = Assert.Single(results, r => r.IsOk);
        Assert.Single(results, r => r.Status == ResultStatus.Conflict);
        Assert.Single(events.Events);
        Assert.Equal(won.Value!.Name, (await Options.ListAsync()).Find(status.Id)!.Name);
    }

    [Fact]
    public async Task Kinds_LeadsWithoutAChosenStatus_TakeTheFirstActiveOfTheKind_CountersGoByKind()
    {
        // The team replaces "New" by "Fresh": web forms, the import and the API (a kind, no id) now give "Fresh".
        var seededNew = await OptionAsync(LeadOptionList.Status, "New");
        var fresh = await AddAsync(LeadOptionList.Status, "Fresh", kind: (int)LeadStatus.New);
        Assert.True((await Options.SaveAsync(seededNew.Id, new LeadOptionInput(LeadOptionList.Status, "New", null, seededNew.Kind, false, seededNew.Version), Admin)).IsOk);
        var called = await AddAsync(LeadOptionList.Status, "Called", kind: (int)LeadStatus.InProgress);

        var byKind = await AddLeadAsync(Valid("From the API") with { Status = LeadStatus.New, ResponsibleUserId = Anna.UserId });
        var chosen = await AddLeadAsync(Valid("Chosen") with { StatusId = called.Id, ResponsibleUserId = Anna.UserId });

        Assert.Equal((fresh.Id, LeadStatus.New), (byKind.Input.StatusId, byKind.Input.Status));
        Assert.Equal((called.Id, LeadStatus.InProgress), (chosen.Input.StatusId, chosen.Input.Status));
        Assert.Equal(1, (await Db.Get<CounterService>().GetAsync(Anna.UserId)).NewLeads);
        var list = await Leads.ListAsync(new LeadQuery { StatusId = called.Id });
        Assert.Equal([chosen.Id], list.Items.Select(r => r.Id));
        Assert.Equal(called.Id, list.Items[0].StatusId);
        Assert.Equal([byKind.Id], (await Leads.ListAsync(new LeadQuery { Status = LeadStatus.New })).Items.Select(r => r.Id));
    }

    [Fact]
    public async Task CompleteLead_TakesTheConvertedStatus_JunkTakesTheChosenReason()
    {
        var converting = await AddLeadAsync(Valid("Converting"));
        var junking = await AddLeadAsync(Valid("Junking"));
        var reason = await AddAsync(LeadOptionList.JunkReason, "Competitor", "Konkurencja");
        var conversions = Db.Get<LeadConversionService>();

        var converted = await conversions.CompleteAsync(new CompleteLead(converting.Id, converting.Version, new ContactChoice(null, (await conversions.ProposeConversionAsync(converting.Id))!.Contact), null, null), Anna);
        var junked = await conversions.MarkJunkAsync(new MarkLeadJunk(junking.Id, junking.Version, JunkReason.Other, "a rival") { ReasonId = reason.Id }, Anna);

        Assert.True(converted.IsOk, string.Join(", ", converted.Errors.Select(e => e.Field + " " + e.MessageKey)));
        Assert.True(junked.IsOk);
        var set = await Options.ListAsync();
        var a = await Leads.GetAsync(converting.Id);
        var b = await Leads.GetAsync(junking.Id);
        Assert.Equal(("Converted", LeadStatus.Converted), (set.Find(a!.Input.StatusId)!.Name, a.Input.Status));
        Assert.Equal(("Junk", LeadStatus.Junk, reason.Id, JunkReason.Other), (set.Find(b!.Input.StatusId)!.Name, b.Input.Status, b.JunkReasonId, b.JunkReason));
    }

    [Fact]
    public async Task Migration_ExistingLeads_PointAtTheSeededOptionOfTheirOldEnumValue()
    {
        var open = await AddLeadAsync(Valid("Was processed"));
        var closed = await AddLeadAsync(Valid("Was junk"));
        await using var db = await Db.Factory.CreateDbContextAsync();
        var migrations = db.Database.GetMigrations().ToList();
        var mine = migrations.FindIndex(m => m.EndsWith("_Round8", StringComparison.Ordinal));
        var migrator = db.GetInfrastructure().GetRequiredService<IMigrator>();
        // Back to the database before decision 030, with leads as the enums had them: then forward again. (SQLite's
        // rollback drops the options before it rebuilds the leads without their keys: foreign keys off for it.)
        await db.Database.OpenConnectionAsync();
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF");
        }
        await migrator.MigrateAsync(migrations[mine - 1]);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = ON");
        }
        await db.Database.ExecuteSqlAsync($"""UPDATE "Leads" SET "Status" = 2, "Source" = 5 WHERE "Id" = {open.Id}""");
        await db.Database.ExecuteSqlAsync($"""UPDATE "Leads" SET "Status" = 4, "Source" = 2, "JunkReason" = 3 WHERE "Id" = {closed.Id}""");
        await migrator.MigrateAsync();

        await using var after = await Db.Factory.CreateDbContextAsync();
        var leads = await after.Leads.AsNoTracking().OrderBy(l => l.Id).Select(l => new { l.Status, l.StatusId, l.Source, l.SourceId, l.JunkReason, l.JunkReasonId }).ToListAsync();
        Assert.Equal(new { Status = LeadStatus.InProgress, StatusId = 3, Source = LeadSource.Call, SourceId = 16, JunkReason = (JunkReason?)null, JunkReasonId = (int?)null }, leads[0]);
        Assert.Equal(new { Status = LeadStatus.Junk, StatusId = 5, Source = LeadSource.WebForm, SourceId = 13, JunkReason = (JunkReason?)JunkReason.WrongContact, JunkReasonId = (int?)24 }, leads[1]);
        Assert.Equal("Processed", (await Options.ListAsync()).Find(3)!.Name);
        // A new option after the migration still gets an id of its own (PostgreSQL's identity moved past the seeded ones).
        Assert.True((await AddAsync(LeadOptionList.Source, "Fair")).Id > 25);
    }
}

public sealed class PostgresLeadOptionServiceTests(PostgresServer server)
    : LeadOptionServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
