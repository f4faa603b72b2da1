namespace CrmBlazor.Tests.Core.Data;

/// <summary>SQLite's planner statistics, refreshed by the hourly maintenance and after imports; PostgreSQL keeps its own.</summary>
public class PlannerStatisticsTests(TestDatabase? db = null) : CoreTest(db)
{
    [Fact]
    public async Task RefreshAsync_OnSqlite_WritesTheStatisticsOfTheListsIndexes_OnPostgres_LeavesThemToIt()
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        db.Leads.Add(new Lead { Title = "Counted", ResponsibleUserId = Anna.UserId });
        await db.SaveChangesAsync();

        var refreshed = await Db.Get<PlannerStatistics>().RefreshAsync();

        Assert.Equal(db.Database.IsSqlite(), refreshed);
        if (refreshed)
        {
            var indexes = await db.Database.SqlQueryRaw<string>("SELECT \"idx\" AS \"Value\" FROM \"sqlite_stat1\" WHERE \"tbl\" = 'Leads'").ToListAsync();
            Assert.Contains("IX_Leads_CreatedAt", indexes);
        }
    }
}

public sealed class PostgresPlannerStatisticsTests(PostgresServer server) : PlannerStatisticsTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
