namespace CrmBlazor.Tests.Core.Access;

public class AccessPolicyTests
{
    private static readonly Actor Admin = Actor.Create("admin", "Admin", CrmRoles.Admin);
    private static readonly Actor Manager = Actor.Create("manager", "Manager", CrmRoles.Manager);
    private static readonly Actor Sales = Actor.Create("anna", "Anna", CrmRoles.Sales);
    private static readonly Actor Nobody = Actor.Create("ghost", "Ghost");

    [Theory]
    [InlineData("admin", true)]
    [InlineData("manager", true)]
    [InlineData("anna", false)]
    [InlineData("ghost", false)]
    public void ManagesAll_ByRole_OnlyAdminsAndManagers(string who, bool expected) =>
        Assert.Equal(expected, AccessPolicy.ManagesAll(ActorNamed(who)));

    [Theory]
    [InlineData("anna", "anna", true)]
    [InlineData("anna", null, true)]
    [InlineData("anna", "piotr", false)]
    [InlineData("manager", "piotr", true)]
    [InlineData("admin", "piotr", true)]
    [InlineData("ghost", "piotr", false)]
    [InlineData("ghost", null, true)]
    public void MayChange_RecordOfResponsibleUser_OwnUnassignedOrAsManager(string who, string? responsible, bool expected) =>
        Assert.Equal(expected, AccessPolicy.MayChange(ActorNamed(who), responsible));

    [Theory]
    [InlineData("anna", "anna", "piotr", true)]
    [InlineData("anna", "piotr", "anna", true)]
    [InlineData("anna", "piotr", "piotr", false)]
    [InlineData("anna", null, null, false)]
    [InlineData("manager", "piotr", "piotr", true)]
    [InlineData("admin", "piotr", "piotr", true)]
    public void MayChangeActivity_ResponsibleOrPlannerOrManager(string who, string? responsible, string? createdBy, bool expected) =>
        Assert.Equal(expected, AccessPolicy.MayChangeActivity(ActorNamed(who), responsible, createdBy));

    [Theory]
    [InlineData("anna", "anna", true)]
    [InlineData("anna", "piotr", false)]
    [InlineData("admin", "piotr", false)]
    [InlineData("anna", null, false)]
    public void MayChangeComment_OnlyItsAuthor(string who, string? author, bool expected) =>
        Assert.Equal(expected, AccessPolicy.MayChangeComment(ActorNamed(who), author));

    [Fact]
    public void MayManageCatalog_AdminsAndManagersOnly()
    {
        Assert.True(AccessPolicy.MayManageCatalog(Admin));
        Assert.True(AccessPolicy.MayManageCatalog(Manager));
        Assert.False(AccessPolicy.MayManageCatalog(Sales));
    }

    [Fact]
    public void MayManageSettings_AdminsOnly()
    {
        Assert.True(AccessPolicy.MayManageSettings(Admin));
        Assert.False(AccessPolicy.MayManageSettings(Manager));
        Assert.False(AccessPolicy.MayManageSettings(Sales));
    }

    [Theory]
    [InlineData("manager", "piotr", "piotr")]
    [InlineData("manager", null, null)]
    [InlineData("manager", "", null)]
    [InlineData("admin", "anna", "anna")]
    [InlineData("anna", "piotr", "anna")]
    [InlineData("anna", null, "anna")]
    [InlineData("anna", "", "anna")]
    public void ReportUser_SalesAlwaysOwn_ManagersWhomTheyChoose(string who, string? requested, string? expected)
    {
        Assert.Equal(expected, AccessPolicy.ReportUser(ActorNamed(who), requested));
        Assert.Equal(who is "manager" or "admin", AccessPolicy.SeesEveryonesNumbers(ActorNamed(who)));
    }

    [Theory]
    [InlineData("anna", "piotr", null)] // the built-in Sales role adds for anyone
    [InlineData("manager", "piotr", null)]
    [InlineData("own", "own", null)]
    [InlineData("own", null, null)]
    [InlineData("own", "piotr", "Access.AddNotYours")]
    [InlineData("none", "none", "Access.AddRole")]
    public void WhyMayNotAdd_ByTheAddScopeForTheNewRecordsResponsibleUser(string who, string? responsible, string? expected)
    {
        var actor = who switch
        {
            "own" => WithAddScope("own", AccessScope.Own),
            "none" => WithAddScope("none", AccessScope.None),
            _ => ActorNamed(who),
        };
        Assert.Equal(expected, AccessPolicy.WhyMayNotAdd(actor, AccessEntity.Lead, responsible));
        Assert.Equal(expected is null, AccessPolicy.MayAdd(actor, AccessEntity.Lead, responsible));
    }

    [Fact]
    public void MayImportRow_ACreatedRowByTheAddScope_AnUpdatedOneByTheImportAndEditScopes()
    {
        // The built-in Sales role: adds any, edits and imports its own.
        Assert.True(AccessPolicy.MayImport(Sales, AccessEntity.Lead));
        Assert.True(AccessPolicy.MayImportRow(Sales, AccessEntity.Lead, "piotr", creates: true));
        Assert.False(AccessPolicy.MayImportRow(Sales, AccessEntity.Lead, "piotr", creates: false));
        Assert.True(AccessPolicy.MayImportRow(Sales, AccessEntity.Lead, "anna", creates: false));
        Assert.False(AccessPolicy.MayImport(Sales, AccessEntity.Product));
        // Edits all but imports only its own: an import still updates only its own.
        var editsAll = Sales with { Access = Profile((_, a) => a == AccessAction.Import ? AccessScope.Own : AccessScope.All) };
        Assert.False(AccessPolicy.MayImportRow(editsAll, AccessEntity.Deal, "piotr", creates: false));
        Assert.True(AccessPolicy.MayImportRow(editsAll, AccessEntity.Deal, "piotr", creates: true));
        // No import scope: nothing starts, no row is written.
        var noImport = Sales with { Access = Profile((_, a) => a == AccessAction.Import ? AccessScope.None : AccessScope.All) };
        Assert.False(AccessPolicy.MayImport(noImport, AccessEntity.Contact));
        Assert.False(AccessPolicy.MayImportRow(noImport, AccessEntity.Contact, "anna", creates: true));
    }

    private static Actor WithAddScope(string id, AccessScope add) =>
        Actor.Create(id, id, CrmRoles.Sales) with { Access = Profile((_, a) => a == AccessAction.Add ? add : AccessScope.All) };

    private static AccessProfile Profile(Func<AccessEntity, AccessAction, AccessScope> scope) =>
        new(99, "Test", BuiltInRoles.Entities.SelectMany(e => BuiltInRoles.Actions.Select(a => (e, a))).ToDictionary(k => k, k => scope(k.e, k.a)), new HashSet<string>());

    private static Actor ActorNamed(string who) => who switch
    {
        "admin" => Admin,
        "manager" => Manager,
        "anna" => Sales,
        _ => Nobody,
    };
}
