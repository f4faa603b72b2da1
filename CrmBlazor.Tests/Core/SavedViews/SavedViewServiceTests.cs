namespace CrmBlazor.Tests.Core.SavedViews;

public class SavedViewServiceTests(TestDatabase? db = null) : CoreTest(db)
{
    private SavedViewService Views => Db.Get<SavedViewService>();

    [Fact]
    public async Task CreateAsync_OwnView_IsSeenOnlyByItsOwner_AndKeepsTheAddressQuery()
    {
        var saved = await Views.CreateAsync(new SavedViewInput(SavedViewLists.Deals, "  My big deals ", "?mine=1&min=5000", Shared: false), Anna);

        Assert.True(saved.IsOk);
        Assert.Equal(("My big deals", "mine=1&min=5000"), (saved.Value!.Name, saved.Value.Query));
        Assert.Equal(["My big deals"], (await Views.ListAsync(SavedViewLists.Deals, Anna)).Select(v => v.Name));
        Assert.Empty(await Views.ListAsync(SavedViewLists.Deals, Piotr));
        Assert.Empty(await Views.ListAsync(SavedViewLists.Leads, Anna));
    }

    [Fact]
    public async Task CreateAsync_Shared_OnlyManagersAndAdmins_AndEveryoneSeesIt()
    {
        Assert.Equal(ResultStatus.Forbidden, (await Views.CreateAsync(new SavedViewInput(SavedViewLists.Leads, "Team", "status=New", Shared: true), Anna)).Status);

        var shared = await Views.CreateAsync(new SavedViewInput(SavedViewLists.Leads, "New leads", "status=New", Shared: true), Manager);
        Assert.True(shared.IsOk);
        await Views.CreateAsync(new SavedViewInput(SavedViewLists.Leads, "Annas", "q=x", Shared: false), Anna);

        var annas = await Views.ListAsync(SavedViewLists.Leads, Anna);
        Assert.Equal(["Annas", "New leads"], annas.Select(v => v.Name)); // own first, then the team's
        Assert.Equal([true, false], annas.Select(v => v.MayChange));
        Assert.Equal("Marta", annas[1].OwnerName);
        Assert.Equal(["New leads"], (await Views.ListAsync(SavedViewLists.Leads, Piotr)).Select(v => v.Name));
    }

    [Fact]
    public async Task CreateAsync_Validates()
    {
        var blank = await Views.CreateAsync(new SavedViewInput(SavedViewLists.Contacts, " ", "", false), Anna);
        Assert.Equal("Validation.Required", Assert.Single(blank.Errors).MessageKey);
        var unknownList = await Views.CreateAsync(new SavedViewInput("nowhere", "X", "", false), Anna);
        Assert.Equal(nameof(SavedViewInput.List), Assert.Single(unknownList.Errors).Field);
        var tooLong = await Views.CreateAsync(new SavedViewInput(SavedViewLists.Contacts, "X", new string('a', SavedViewService.QueryMaxLength + 1), false), Anna);
        Assert.Equal(nameof(SavedViewInput.Query), Assert.Single(tooLong.Errors).Field);

        Assert.True((await Views.CreateAsync(new SavedViewInput(SavedViewLists.Contacts, "Warsaw", "city=Warsaw", false), Anna)).IsOk);
        var again = await Views.CreateAsync(new SavedViewInput(SavedViewLists.Contacts, "WARSAW", "city=Warszawa", false), Anna);
        Assert.Equal("SavedView.NameTaken", Assert.Single(again.Errors).MessageKey);
        // Another user, or another list, may use the name.
        Assert.True((await Views.CreateAsync(new SavedViewInput(SavedViewLists.Contacts, "Warsaw", "city=Warsaw", false), Piotr)).IsOk);
        Assert.True((await Views.CreateAsync(new SavedViewInput(SavedViewLists.Companies, "Warsaw", "city=Warsaw", false), Anna)).IsOk);
    }

    [Fact]
    public async Task RenameAndDelete_OwnerOrAManagerForAShared_OthersRefused()
    {
        var own = (await Views.CreateAsync(new SavedViewInput(SavedViewLists.Deals, "Mine", "mine=1", false), Anna)).Value!;
        var shared = (await Views.CreateAsync(new SavedViewInput(SavedViewLists.Deals, "Stale", "stale=30", true), Manager)).Value!;

        Assert.Equal(ResultStatus.NotFound, (await Views.RenameAsync(own.Id, own.Version, "Piotr's now", Piotr)).Status);
        Assert.Equal(ResultStatus.NotFound, (await Views.DeleteAsync(own.Id, Manager)).Status); // a personal view is nobody else's business
        Assert.Equal(ResultStatus.Forbidden, (await Views.RenameAsync(shared.Id, shared.Version, "Mine too", Anna)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Views.DeleteAsync(shared.Id, Piotr)).Status);

        var renamed = await Views.RenameAsync(own.Id, own.Version, "My deals", Anna);
        Assert.True(renamed.IsOk);
        Assert.Equal(ResultStatus.Conflict, (await Views.RenameAsync(own.Id, own.Version, "Stale version", Anna)).Status);
        Assert.True((await Views.DeleteAsync(own.Id, Anna)).IsOk);

        var admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
        Assert.True((await Views.RenameAsync(shared.Id, shared.Version, "Stale for a month", admin)).IsOk);
        Assert.True((await Views.DeleteAsync(shared.Id, Manager)).IsOk);
        Assert.Empty(await Views.ListAsync(SavedViewLists.Deals, Anna));
    }

    [Fact]
    public async Task EveryChange_PublishesOnTheListsTopic_HeardByTheOwner_AndByEveryoneWhenShared()
    {
        using var log = new EventLog(Db.Live);
        var own = (await Views.CreateAsync(new SavedViewInput(SavedViewLists.Contacts, "Mine", "city=Gdansk", false), Manager)).Value!;
        var renamed = (await Views.RenameAsync(own.Id, own.Version, "Gdansk", Manager)).Value!;
        var shared = (await Views.SetSharedAsync(own.Id, renamed.Version, true, Manager)).Value!;
        var unshared = (await Views.SetSharedAsync(own.Id, shared.Version, false, Manager)).Value!;
        Assert.True((await Views.DeleteAsync(own.Id, Manager)).IsOk);

        var events = log.Events.OfType<SavedViewsChanged>().ToList();
        Assert.Equal([SavedViewChangeKind.Created, SavedViewChangeKind.Renamed, SavedViewChangeKind.Shared, SavedViewChangeKind.Unshared, SavedViewChangeKind.Deleted],
            events.Select(e => e.Kind));
        Assert.All(events, e => Assert.Equal([LiveTopics.SavedViews(SavedViewLists.Contacts)], e.Topics));
        Assert.All(events, e => Assert.Equal((own.Id, Manager.UserId), (e.ViewId, e.OwnerId)));
        Assert.All(events, e => Assert.Same(e, AccessPolicy.Shown(e, Manager)));
        // Another user hears only of a view the team sees, or saw until this change (so it leaves their menu).
        Assert.Equal([false, false, true, true, false], events.Select(e => AccessPolicy.Shown(e, Anna) is not null));
        Assert.False(unshared.Shared);
    }

    [Fact]
    public async Task SetSharedAsync_ManagersAndAdminsOnly_VersionChecked()
    {
        var annas = (await Views.CreateAsync(new SavedViewInput(SavedViewLists.Leads, "Annas", "status=New", false), Anna)).Value!;
        Assert.Equal(ResultStatus.Forbidden, (await Views.SetSharedAsync(annas.Id, annas.Version, true, Anna)).Status);
        Assert.Equal(ResultStatus.NotFound, (await Views.SetSharedAsync(annas.Id, annas.Version, true, Manager)).Status); // not the manager's to see

        var teams = (await Views.CreateAsync(new SavedViewInput(SavedViewLists.Leads, "Team", "status=New", true), Manager)).Value!;
        Assert.Equal(ResultStatus.Forbidden, (await Views.SetSharedAsync(teams.Id, teams.Version, false, Anna)).Status);
        var admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
        var renamed = (await Views.RenameAsync(teams.Id, teams.Version, "The team's", admin)).Value!;
        Assert.Equal(ResultStatus.Conflict, (await Views.SetSharedAsync(teams.Id, teams.Version, false, admin)).Status);

        Assert.True((await Views.SetSharedAsync(teams.Id, renamed.Version, false, admin)).IsOk);
        Assert.Empty(await Views.ListAsync(SavedViewLists.Leads, Piotr));
        Assert.Equal(["The team's"], (await Views.ListAsync(SavedViewLists.Leads, Manager)).Select(v => v.Name));
    }
}

public sealed class PostgresSavedViewServiceTests(PostgresServer server)
    : SavedViewServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
