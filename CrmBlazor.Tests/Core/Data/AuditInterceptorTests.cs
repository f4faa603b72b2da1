namespace CrmBlazor.Tests.Core.Data;

/// <summary>Created and updated at and by, set by the interceptor from the clock and the acting user on every save.</summary>
public class AuditInterceptorTests(TestDatabase? db = null) : CoreTest(db)
{
    [Fact]
    public async Task SaveAsync_CompanyCreatedThenChanged_StampsWhenAndWho()
    {
        var created = Db.Clock.Now.UtcDateTime;
        var companies = Db.Get<CompanyService>();
        var company = (await companies.SaveAsync(null, 0, new CompanyInput { Name = "Audyt sp. z o.o." }, Anna)).Value!;
        AssertStamps(await RowAsync(db => db.Companies.SingleAsync(c => c.Id == company.Id)), created, Anna.UserId, created, Anna.UserId);

        Db.Clock.Now = Db.Clock.Now.AddHours(2);
        Assert.True((await companies.SaveAsync(company.Id, company.Version, new CompanyInput { Name = "Audyt S.A." }, Manager)).IsOk);

        AssertStamps(await RowAsync(db => db.Companies.SingleAsync(c => c.Id == company.Id)), created, Anna.UserId, created.AddHours(2), Manager.UserId);
    }

    [Fact]
    public async Task UpdateAsync_Lead_KeepsCreatedAndStampsTheEditor()
    {
        var created = Db.Clock.Now.UtcDateTime;
        var leads = Db.Get<LeadService>();
        var input = new LeadInput { Title = "Inbound", FirstName = "Jan", Emails = [new EmailInput("jan@example.com")] };
        var lead = (await leads.CreateAsync(input, Anna)).Value!;

        Db.Clock.Now = Db.Clock.Now.AddMinutes(30);
        Assert.True((await leads.UpdateAsync(lead.Id, lead.Version, input with { Title = "Inbound call" }, Manager)).IsOk);

        AssertStamps(await RowAsync(db => db.Leads.SingleAsync(l => l.Id == lead.Id)), created, Anna.UserId, created.AddMinutes(30), Manager.UserId);
    }

    [Fact]
    public async Task MoveAsync_Deal_StampsTheMover()
    {
        var created = Db.Clock.Now.UtcDateTime;
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Licencje");

        Db.Clock.Now = Db.Clock.Now.AddDays(1);
        Assert.True((await Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.ProposalStageId, deal.Version), Manager)).IsOk);

        AssertStamps(await RowAsync(db => db.Deals.SingleAsync(d => d.Id == deal.Id)), created, Anna.UserId, created.AddDays(1), Manager.UserId);
    }

    [Fact]
    public async Task SaveChanges_WithoutActorAndWithAPastCreatedAt_KeepsItAndRecordsNoUser()
    {
        var past = Db.Clock.Now.UtcDateTime.AddDays(-90);
        int id;
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            var company = new Company { Name = "Seeded", CreatedAt = past };
            db.Companies.Add(company);
            await db.SaveChangesAsync();
            id = company.Id;
        }

        var row = await RowAsync(db => db.Companies.SingleAsync(c => c.Id == id));
        Assert.Equal((past, null, past, null), (row.CreatedAt, row.CreatedById, row.UpdatedAt, row.UpdatedById));
    }

    private async Task<T> RowAsync<T>(Func<CrmBlazor.Core.Data.CrmDbContext, Task<T>> read)
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        return await read(db);
    }

    private static void AssertStamps(CrmBlazor.Core.Common.IAudited row, DateTime createdAt, string createdBy, DateTime updatedAt, string updatedBy) =>
        Assert.Equal((createdAt, createdBy, updatedAt, updatedBy), (row.CreatedAt, row.CreatedById!, row.UpdatedAt, row.UpdatedById!));
}

public sealed class PostgresAuditInterceptorTests(PostgresServer server) : AuditInterceptorTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
