namespace CrmBlazor.Tests.Core.Parties;

/// <summary>
/// A contact's and a company's page list their deals, with totals, only as far as the reader's role reads deals
/// (issue 11): a user of another department who may open the contact and the company (contacts and companies read "all")
/// sees there only their own department's and unassigned deals, and the totals count only those.
/// </summary>
public class PartyDealsScopeTests(TestDatabase? db = null) : CoreTest(db)
{
    [Fact]
    public async Task PartyPages_DepartmentScopedDealReaders_SeeOnlyTheDealsTheyMayRead()
    {
        var admin = Actor.Create("admin", "Admin", CrmRoles.Admin);
        var team = Db.Get<TeamSettingsService>();
        var sales = (await team.SaveDepartmentAsync(null, 0, new DepartmentInput("Sprzedaż", null, null), admin)).Value!;
        var export = (await team.SaveDepartmentAsync(null, 0, new DepartmentInput("Eksport", null, null), admin)).Value!;
        var scopes = BuiltInRoles.Entities.SelectMany(e => BuiltInRoles.Actions.Select(a => (e, a))).ToDictionary(k => k, _ => AccessScope.All);
        scopes[(AccessEntity.Deal, AccessAction.Read)] = AccessScope.Department;
        var role = (await team.SaveRoleAsync(null, 0, new AccessRoleInput("Dział", CrmRoles.Sales, scopes), admin)).Value!;
        var seller = await Db.AddUserAsync("Sprzedawca", CrmRoles.Sales);
        var colleague = await Db.AddUserAsync("Kolega", CrmRoles.Sales);
        var exporter = await Db.AddUserAsync("Eksporter", CrmRoles.Sales);
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == seller.UserId || u.Id == colleague.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DepartmentId, sales.Id));
            await db.Users.Where(u => u.Id == exporter.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DepartmentId, export.Id));
            await db.Users.Where(u => u.Id == seller.UserId || u.Id == exporter.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessRoleId, role.Id));
        }
        Db.Get<AccessProfiles>().Invalidate();
        var sellerActor = (await Db.Get<AccessProfiles>().GetActorAsync(seller.UserId))!;
        var exporterActor = (await Db.Get<AccessProfiles>().GetActorAsync(exporter.UserId))!;

        var company = (await Db.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput { Name = "Bałtyk S.A.", ResponsibleUserId = colleague.UserId }, admin)).Value!;
        var contact = (await Db.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = "Ewa", LastName = "Żak", CompanyId = company.Id, ResponsibleUserId = colleague.UserId }, admin)).Value!;
        async Task Add(string title, string? owner, decimal amount, bool won = false)
        {
            var deal = (await Db.Deals.CreateAsync(new DealInput { Title = title, Amount = amount, Currency = "PLN", StageId = Pipeline.NewStageId, CompanyId = company.Id, ContactId = contact.Id, ResponsibleUserId = owner ?? colleague.UserId }, admin)).Value!;
            if (won)
            {
                deal = (await Db.Deals.CloseAsync(new CloseDeal(deal.Id, deal.Version, Pipeline.WonStageId, FinalAmount: amount), admin)).Value!;
            }
            if (owner is null)
            {
                await using var db = await Db.Factory.CreateDbContextAsync();
                await db.Deals.Where(d => d.Id == deal.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.ResponsibleUserId, (string?)null));
            }
        }
        await Add("Sprzedawcy", seller.UserId, 100m);
        await Add("Kolegi", colleague.UserId, 200m, won: true);
        await Add("Eksportera", exporter.UserId, 400m);
        await Add("Niczyja", null, 800m);

        foreach (var page in new Func<Actor, Task<PartyDeals>>[]
        {
            actor => Db.Get<DealQueryService>().ForContactAsync(contact.Id, actor),
            actor => Db.Get<DealQueryService>().ForCompanyAsync(company.Id, actor),
        })
        {
            // The sales department's reader: its two users' deals and the unassigned one, not the export department's.
            var ofSeller = await page(sellerActor);
            Assert.Equal(["Kolegi", "Niczyja", "Sprzedawcy"], ofSeller.Deals.Select(d => d.Title).Order(StringComparer.Ordinal));
            Assert.Equal(new PartyDealTotal("PLN", 2, 900m, 1, 200m, 0, 0m), Assert.Single(ofSeller.Totals));

            // The export department's reader opens the same page: its own deal and the unassigned one only.
            var ofExporter = await page(exporterActor);
            Assert.Equal(["Eksportera", "Niczyja"], ofExporter.Deals.Select(d => d.Title).Order(StringComparer.Ordinal));
            Assert.Equal(new PartyDealTotal("PLN", 2, 1200m, 0, 0m, 0, 0m), Assert.Single(ofExporter.Totals));

            // A role reading all deals sees all four.
            var ofAdmin = await page(admin);
            Assert.Equal(4, ofAdmin.Deals.Count);
            Assert.Equal(new PartyDealTotal("PLN", 3, 1300m, 1, 200m, 0, 0m), Assert.Single(ofAdmin.Totals));
        }
    }
}

public sealed class PostgresPartyDealsScopeTests(PostgresServer server) : PartyDealsScopeTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
