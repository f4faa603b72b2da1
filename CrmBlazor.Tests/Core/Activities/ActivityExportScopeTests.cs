namespace CrmBlazor.Tests.Core.Activities;

/// <summary>The activities export follows the role's export scope per responsible user, not all or nothing (issue 11).</summary>
public class ActivityExportScopeTests(TestDatabase? db = null) : CoreTest(db)
{
    [Fact]
    public async Task StreamAsync_RoleReadsAllButExportsOwn_ExportsOnlyTheUsersOwnActivities()
    {
        var admin = Actor.Create("admin", "Admin", CrmRoles.Admin);
        var scopes = BuiltInRoles.Entities.SelectMany(e => BuiltInRoles.Actions.Select(a => (e, a))).ToDictionary(k => k, _ => AccessScope.All);
        scopes[(AccessEntity.Activity, AccessAction.Export)] = AccessScope.Own;
        var role = (await Db.Get<TeamSettingsService>().SaveRoleAsync(null, 0, new AccessRoleInput("Exports own activities", CrmRoles.Sales, scopes), admin)).Value!;
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == Anna.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessRoleId, role.Id));
        }
        Db.Get<AccessProfiles>().Invalidate();
        var anna = (await Db.Get<AccessProfiles>().GetActorAsync(Anna.UserId))!;
        var deal = ElementRef.Deal((await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Shared deal")).Id);
        var activities = Db.Get<ActivityService>();
        foreach (var (subject, responsible) in new[] { ("Anna's task", Anna.UserId), ("Piotr's task", Piotr.UserId) })
        {
            Assert.True((await activities.PlanAsync(deal, new ActivityInput
            {
                Type = ActivityType.Task, Subject = subject, Deadline = Db.Clock.Now.UtcDateTime.AddDays(1), ResponsibleUserId = responsible,
            }, Manager)).IsOk);
        }

        var listed = (await activities.ListAsync(new ActivityQuery { MineOnly = false }, anna)).Items.Select(a => a.Subject).Order();
        var exported = new List<string>();
        await foreach (var row in activities.StreamAsync(new ActivityQuery { MineOnly = false }, anna))
        {
            exported.Add(row.Subject);
        }

        Assert.Equal(["Anna's task", "Piotr's task"], listed);
        Assert.Equal(["Anna's task"], exported);
    }
}

public sealed class PostgresActivityExportScopeTests(PostgresServer server) : ActivityExportScopeTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
