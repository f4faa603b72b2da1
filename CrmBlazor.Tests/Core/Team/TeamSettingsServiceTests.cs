namespace CrmBlazor.Tests.Core.Team;

/// <summary>Departments, roles as data, and the read scope where a user links records (Complete lead).</summary>
public class TeamSettingsServiceTests : CoreTest
{
    public TeamSettingsServiceTests() : base(new TestDatabase())
    {
    }

    protected TeamSettingsServiceTests(TestDatabase db) : base(db)
    {
    }

    private TeamSettingsService Team => Db.Get<TeamSettingsService>();
    private Actor Admin { get; } = Actor.Create("admin-id", "Admin", CrmRoles.Admin);

    [Fact]
    public async Task SaveDepartmentAsync_UnderItsOwnChild_IsRefusedAndTheTreeIsInOrder()
    {
        var top = (await Team.SaveDepartmentAsync(null, 0, new DepartmentInput("Sprzedaż", null, null), Admin)).Value!;
        var child = (await Team.SaveDepartmentAsync(null, 0, new DepartmentInput("Północ", top.Id, Anna.UserId), Admin)).Value!;

        var cycle = await Team.SaveDepartmentAsync(top.Id, top.Version, new DepartmentInput("Sprzedaż", child.Id, null), Admin);
        var tree = await Team.DepartmentsAsync();

        Assert.Equal(("ParentId", "Departments.Cycle"), (Assert.Single(cycle.Errors).Field, cycle.Errors[0].MessageKey));
        Assert.Equal([("Sprzedaż", 0, (string?)null), ("Północ", 1, "Anna")], tree.Select(d => (d.Name, d.Depth, d.HeadName)));
        Assert.Equal(ResultStatus.Invalid, (await Team.DeleteDepartmentAsync(top.Id, Admin)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Team.SaveDepartmentAsync(null, 0, new DepartmentInput("X", null, null), Manager)).Status);
    }

    [Fact]
    public async Task Roles_BuiltInsShipAndCannotBeDeleted_AnOwnRoleCan()
    {
        var roles = await Team.RolesAsync();
        var mine = (await Team.SaveRoleAsync(null, 0, new AccessRoleInput("Asystent", CrmRoles.Sales,
            new Dictionary<(AccessEntity, AccessAction), AccessScope> { [(AccessEntity.Lead, AccessAction.Read)] = AccessScope.Department }), Admin)).Value!;

        Assert.Equal(["Admin", "Manager", "Sales", "Sales (own only)"], roles.Select(r => r.Name));
        Assert.Equal(AccessScope.Own, roles.Single(r => r.Id == BuiltInRoles.SalesOwnOnlyId).Scopes[(AccessEntity.Deal, AccessAction.Read)]);
        Assert.Equal(AccessScope.All, roles.Single(r => r.Id == BuiltInRoles.SalesId).Scopes[(AccessEntity.Deal, AccessAction.Read)]);
        Assert.Equal((AccessScope.Department, AccessScope.None), (mine.Scopes[(AccessEntity.Lead, AccessAction.Read)], mine.Scopes[(AccessEntity.Deal, AccessAction.Read)]));
        Assert.Equal(ResultStatus.Invalid, (await Team.DeleteRoleAsync(BuiltInRoles.SalesId, Admin)).Status);
        Assert.True((await Team.DeleteRoleAsync(mine.Id, Admin)).IsOk);
    }

    [Fact]
    public async Task CompleteLead_LinkingAContactTheUserMayNotRead_IsRefused()
    {
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == Anna.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessRoleId, BuiltInRoles.SalesOwnOnlyId));
        }
        var anna = (await Db.Get<AccessProfiles>().GetActorAsync(Anna.UserId))!;
        var piotrs = (await Db.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = "Cudzy" }, Piotr)).Value!;
        var own = (await Db.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = "Własny" }, Anna)).Value!;
        var lead = (await Db.Get<LeadService>().CreateAsync(new LeadInput { Title = "Lead", FirstName = "Jan", Emails = [new EmailInput("jan@x.pl")] }, Anna)).Value!;
        var conversions = Db.Get<LeadConversionService>();

        var refused = await conversions.CompleteAsync(new CompleteLead(lead.Id, lead.Version, new ContactChoice(piotrs.Id, null), null, null), anna);
        var linked = await conversions.CompleteAsync(new CompleteLead(lead.Id, lead.Version, new ContactChoice(own.Id, null), null, null), anna);

        Assert.Equal(("Contact.ExistingId", "Access.NotReadable"), (Assert.Single(refused.Errors).Field, refused.Errors[0].MessageKey));
        Assert.True(linked.IsOk);
    }
}

public sealed class PostgresTeamSettingsServiceTests(PostgresServer server) : TeamSettingsServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
