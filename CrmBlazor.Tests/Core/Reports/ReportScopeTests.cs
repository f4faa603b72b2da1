using CrmBlazor.Core.Reports;

namespace CrmBlazor.Tests.Core.Reports;

/// <summary>
/// The funnel and the reports count only what the role reads (issue 11): a role that sees everyone's numbers
/// (report scope "all") but reads only its department's deals and leads gets the department's numbers, not the team's.
/// </summary>
public class ReportScopeTests(TestDatabase? db = null) : CoreTest(db)
{
    private static readonly PeriodFilter Always = new(PeriodKind.ThisYear);

    [Fact]
    public async Task ReportsOfARoleReadingItsDepartment_CountOnlyTheDepartmentsDealsAndLeads()
    {
        var admin = Actor.Create("admin", "Admin", CrmRoles.Admin);
        var team = Db.Get<TeamSettingsService>();
        var mine = (await team.SaveDepartmentAsync(null, 0, new DepartmentInput("Sprzedaż", null, null), admin)).Value!;
        var theirs = (await team.SaveDepartmentAsync(null, 0, new DepartmentInput("Eksport", null, null), admin)).Value!;
        var scopes = BuiltInRoles.Entities.SelectMany(e => BuiltInRoles.Actions.Select(a => (e, a))).ToDictionary(k => k, _ => AccessScope.All);
        scopes[(AccessEntity.Deal, AccessAction.Read)] = AccessScope.Department;
        scopes[(AccessEntity.Lead, AccessAction.Read)] = AccessScope.Department;
        var role = (await team.SaveRoleAsync(null, 0, new AccessRoleInput("Kierownik działu", CrmRoles.Manager, scopes), admin)).Value!;
        var me = await Db.AddUserAsync("Kierownik", CrmRoles.Manager);
        var colleague = await Db.AddUserAsync("Kolega", CrmRoles.Sales);
        var other = await Db.AddUserAsync("Obcy", CrmRoles.Sales);
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == me.UserId || u.Id == colleague.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DepartmentId, mine.Id));
            await db.Users.Where(u => u.Id == other.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DepartmentId, theirs.Id));
            await db.Users.Where(u => u.Id == me.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessRoleId, role.Id));
        }
        Db.Get<AccessProfiles>().Invalidate();
        var actor = (await Db.Get<AccessProfiles>().GetActorAsync(me.UserId))!;

        // Each user: one open deal and one won deal of 100 PLN, and one lead.
        foreach (var owner in new[] { me, colleague, other })
        {
            await Db.Deals.CreateAsync(new DealInput { Title = "Open " + owner.DisplayName, Amount = 100, Currency = "PLN", StageId = Pipeline.NewStageId, ResponsibleUserId = owner.UserId }, admin);
            var won = (await Db.Deals.CreateAsync(new DealInput { Title = "Won " + owner.DisplayName, Amount = 100, Currency = "PLN", StageId = Pipeline.NewStageId, ResponsibleUserId = owner.UserId }, admin)).Value!;
            var moved = (await Db.Deals.MoveAsync(new MoveDeal(won.Id, Pipeline.ProposalStageId, won.Version), admin)).Value!;
            var closed = await Db.Deals.CloseAsync(new CloseDeal(moved.Id, moved.Version, Pipeline.WonStageId, FinalAmount: 100m), admin);
            Assert.True(closed.IsOk, $"{closed.Status} {closed.MessageKey} {string.Join(", ", closed.Errors.Select(e => e.Field + ":" + e.MessageKey))}");
            Assert.True((await Db.Get<LeadService>().CreateAsync(new LeadInput { Title = "Lead " + owner.DisplayName, Emails = [new EmailInput(owner.UserId + "@lead.pl")], ResponsibleUserId = owner.UserId }, admin)).IsOk);
        }
        var filter = new ReportFilter(Pipeline.PipelineId, Always);

        var funnel = (await Db.Get<FunnelService>().GetFunnelAsync(filter, actor))!;
        var everyone = (await Db.Get<FunnelService>().GetFunnelAsync(filter, admin))!;
        Assert.Equal(4, funnel.Total);
        Assert.Equal(2, funnel.Won);
        Assert.Equal(6, everyone.Total);

        var results = await Db.Get<ReportService>().GetResultsByUserAsync(filter, actor);
        Assert.Equal(new[] { colleague.UserId, me.UserId }.Order(), results.Select(r => r.UserId).Order());
        Assert.Equal(3, (await Db.Get<ReportService>().GetResultsByUserAsync(filter, admin)).Count);

        Assert.Equal(2, (await Db.Get<ReportService>().GetWonOverTimeAsync(new ReportFilter(null, new PeriodFilter(PeriodKind.ThisYear)), TimeBucket.Month, actor)).Sum(r => r.Won));
        Assert.Equal(2, (await Db.Get<ReportService>().GetLeadSourcesAsync(filter, actor)).Sum(r => r.Total));
        Assert.Equal(3, (await Db.Get<ReportService>().GetLeadSourcesAsync(filter, admin)).Sum(r => r.Total));
        // Stays in New and in Proposal of the won deals: the department's two deals only.
        var stays = await Db.Get<ReportService>().GetStageDurationsAsync(new ReportFilter(Pipeline.PipelineId, new PeriodFilter(PeriodKind.ThisYear)), actor);
        Assert.Equal(2, stays.Single(s => s.Stage.Id == Pipeline.NewStageId).Stays);
    }
}

public sealed class PostgresReportScopeTests(PostgresServer server) : ReportScopeTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
