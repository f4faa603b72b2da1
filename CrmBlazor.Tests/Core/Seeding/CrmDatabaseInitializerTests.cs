using CrmBlazor.Core;
using CrmBlazor.Core.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Core.Seeding;

public sealed class CrmDatabaseInitializerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("crm-init-").FullName;

    private ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))
                .Append(new("ConnectionStrings:Crm", "Data Source=crm.db")))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCrmCore(configuration, _directory);
        services.AddIdentityCore<CrmUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<CrmDbContext>();
        return services.BuildServiceProvider();
    }

    private static async Task InitializeAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CrmDatabaseInitializer>().InitializeAsync();
    }

    [Fact]
    public async Task InitializeAsync_NewDatabase_SeedsDemoTeamPipelinesAndDealsInEveryStage()
    {
        await using var services = Services();

        await InitializeAsync(services);
        await InitializeAsync(services); // a second start changes nothing

        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        foreach (var (email, role) in new[] { ("admin@demo.crm", CrmRoles.Admin), ("manager@demo.crm", CrmRoles.Manager), ("anna@demo.crm", CrmRoles.Sales), ("piotr@demo.crm", CrmRoles.Sales) })
        {
            var user = await users.FindByEmailAsync(email);
            Assert.NotNull(user);
            Assert.True(await users.CheckPasswordAsync(user, CrmDatabaseInitializer.DemoPassword));
            Assert.True(await users.IsInRoleAsync(user, role));
        }
        await using var db = await services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        Assert.Equal(4, await db.Users.CountAsync());
        var pipeline = await db.Pipelines.Include(p => p.Stages).SingleAsync(p => p.IsDefault);
        Assert.Equal([StageKind.Open, StageKind.Open, StageKind.Open, StageKind.Open, StageKind.Won, StageKind.Lost], pipeline.Stages.OrderBy(s => s.Sort).Select(s => s.Kind));
        Assert.All(pipeline.Stages, stage => Assert.True(db.Deals.Any(d => d.StageId == stage.Id), stage.Name));
        Assert.True(await db.Leads.CountAsync() >= 5);
        Assert.True(await db.Contacts.CountAsync() >= 10);
        Assert.True(await db.Companies.CountAsync() >= 10);
        Assert.Equal("wal", await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToAsyncEnumerable().FirstAsync());
    }

    [Fact]
    public async Task InitializeAsync_WithoutDemoDataOrAdminSettings_RefusesWithAClearMessage()
    {
        await using var services = Services(("Crm:SeedDemoData", "false"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => InitializeAsync(services));

        Assert.Contains("Crm:InitialAdmin:Email", error.Message);
    }

    [Fact]
    public async Task InitializeAsync_WithoutDemoData_CreatesOnlyTheConfiguredAdminAndDefaultPipeline()
    {
        await using var services = Services(("Crm:SeedDemoData", "false"), ("Crm:InitialAdmin:Email", "boss@firma.pl"), ("Crm:InitialAdmin:Password", "S3cure-Passw0rd!"));

        await InitializeAsync(services);

        await using var db = await services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        Assert.Equal("boss@firma.pl", (await db.Users.SingleAsync()).Email);
        Assert.Equal(0, await db.Deals.CountAsync());
        Assert.True(await db.Pipelines.AnyAsync(p => p.IsDefault));
        Assert.True(await db.LostReasons.AnyAsync());
        Assert.Equal(0, await db.Companies.CountAsync() + await db.Leads.CountAsync() + await db.Products.CountAsync());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
