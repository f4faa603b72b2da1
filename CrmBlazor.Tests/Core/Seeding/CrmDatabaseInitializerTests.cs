using CrmBlazor.Core;
using CrmBlazor.Core.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Core.Seeding;

public sealed class CrmDatabaseInitializerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("crm-init-").FullName;

    private static readonly (string, string)[] Demo = [("Crm:SeedDemoData", "true")];
    private static readonly (string, string)[] RealTeam =
        [("Crm:SeedDemoData", "false"), ("Crm:InitialAdmin:Email", "boss@firma.pl"), ("Crm:InitialAdmin:Password", "S3cure-Passw0rd!")];

    private ServiceProvider Services(params (string Key, string Value)[] settings) => Services(_directory, null, settings);

    /// <summary>The Core services one server builds; two calls are two servers. A SQLite file in <paramref name="directory"/> unless <paramref name="postgres"/> is given.</summary>
    internal static ServiceProvider Services(string directory, string? postgres, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))
                .Append(new("ConnectionStrings:Crm", postgres ?? "Data Source=crm.db"))
                .Append(new("Crm:DatabaseProvider", postgres is null ? "Sqlite" : "Postgres")))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCrmCore(configuration, directory);
        // The app's password rules (WebSetup): eight characters, with Identity's default character classes.
        services.AddIdentityCore<CrmUser>(options => options.Password.RequiredLength = 8)
            .AddRoles<IdentityRole>().AddEntityFrameworkStores<CrmDbContext>();
        return services.BuildServiceProvider();
    }

    internal static async Task InitializeAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CrmDatabaseInitializer>().InitializeAsync();
    }

    /// <summary>Two servers start at once on one new database: one migrates and seeds, the other waits and finds it ready.</summary>
    internal static async Task AssertTwoServersSeedOnceAsync(ServiceProvider first, ServiceProvider second)
    {
        await Task.WhenAll(Task.Run(() => InitializeAsync(first)), Task.Run(() => InitializeAsync(second)));

        await using var db = await first.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        Assert.Equal(4, await db.Users.CountAsync());
        Assert.Equal(CrmRoles.All.Count, await db.Roles.CountAsync());
        Assert.Equal(1, await db.Pipelines.CountAsync(p => p.IsDefault));
        Assert.Equal(1, await db.Companies.CountAsync(c => c.Name == "Northwind Traders Ltd"));
    }

    [Fact]
    public async Task InitializeAsync_NewDatabase_SeedsDemoTeamPipelinesAndDealsInEveryStage()
    {
        await using var services = Services(Demo);

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

        var error = await Assert.ThrowsAsync<CrmStartupException>(() => InitializeAsync(services));

        Assert.Contains("Crm:InitialAdmin:Email", error.Message);
        await AssertNoUsersAsync(services);
    }

    [Fact]
    public async Task InitializeAsync_NothingConfigured_IsDemoDataOffAndRefusesWithoutAnAdmin()
    {
        await using var services = Services();

        var error = await Assert.ThrowsAsync<CrmStartupException>(() => InitializeAsync(services));

        Assert.Contains("Crm:InitialAdmin:Password", error.Message);
    }

    [Theory]
    [InlineData("boss@firma.pl", "")]
    [InlineData("", "S3cure-Passw0rd!")]
    public async Task InitializeAsync_DemoDataAndAnInitialAdminAtOnce_RefusesBeforeTouchingTheDatabase(string email, string password)
    {
        await using var services = Services(("Crm:SeedDemoData", "true"), ("Crm:InitialAdmin:Email", email), ("Crm:InitialAdmin:Password", password));

        var error = await Assert.ThrowsAsync<CrmStartupException>(() => InitializeAsync(services));

        Assert.Contains("Choose one", error.Message);
        Assert.False(File.Exists(Path.Combine(_directory, "crm.db")));
    }

    [Theory]
    [InlineData("a long secret", "digit")] // the README's old example
    [InlineData("Sh0rt!", "at least 8 characters")]
    public async Task InitializeAsync_InitialAdminPasswordBreaksTheRules_RefusesWithIdentitysMessagesAndWritesNoUser(string password, string expected)
    {
        await using var services = Services(("Crm:SeedDemoData", "false"), ("Crm:InitialAdmin:Email", "boss@firma.pl"), ("Crm:InitialAdmin:Password", password));

        var error = await Assert.ThrowsAsync<CrmStartupException>(() => InitializeAsync(services));

        Assert.Contains("Crm:InitialAdmin:Password", error.Message);
        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
        await AssertNoUsersAsync(services);
    }

    [Fact]
    public async Task InitializeAsync_ExistingDatabase_NeedsNoInitialAdminAndChangesNothing()
    {
        await using (var first = Services(RealTeam))
        {
            await InitializeAsync(first);
        }
        await using var later = Services(("Crm:SeedDemoData", "false"));

        await InitializeAsync(later);

        await using var db = await later.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        Assert.Equal("boss@firma.pl", (await db.Users.SingleAsync()).Email);
    }

    [Fact]
    public async Task InitializeAsync_TwoServersAtOnceOnANewSqliteFile_SeedItOnce()
    {
        await using var first = Services(Demo);
        await using var second = Services(Demo);

        await AssertTwoServersSeedOnceAsync(first, second);
    }

    [Fact]
    public async Task InitializeAsync_WithoutDemoData_CreatesOnlyTheConfiguredAdminAndDefaultPipeline()
    {
        await using var services = Services(RealTeam);

        await InitializeAsync(services);

        await using var db = await services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        Assert.Equal("boss@firma.pl", (await db.Users.SingleAsync()).Email);
        Assert.Equal(0, await db.Deals.CountAsync());
        Assert.True(await db.Pipelines.AnyAsync(p => p.IsDefault));
        Assert.True(await db.LostReasons.AnyAsync());
        Assert.Equal(0, await db.Companies.CountAsync() + await db.Leads.CountAsync() + await db.Products.CountAsync());
    }

    private static async Task AssertNoUsersAsync(ServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Users.CountAsync());
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

public sealed class PostgresCrmDatabaseInitializerTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task InitializeAsync_TwoServersAtOnceOnANewPostgresDatabase_SeedItOnce()
    {
        var database = server.NewDatabase();
        var directory = Path.GetTempPath();
        await using var first = CrmDatabaseInitializerTests.Services(directory, database, ("Crm:SeedDemoData", "true"));
        await using var second = CrmDatabaseInitializerTests.Services(directory, database, ("Crm:SeedDemoData", "true"));

        await CrmDatabaseInitializerTests.AssertTwoServersSeedOnceAsync(first, second);
        Npgsql.NpgsqlConnection.ClearAllPools();
    }
}
