using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Core.Seeding;

/// <summary>
/// Brings the database up to date at start-up: applies migrations, switches SQLite to WAL, and on a new database
/// seeds the <see cref="StartupData"/> every database needs, with either the demo team and data
/// (<c>Crm:SeedDemoData</c>) or the first admin from <c>Crm:InitialAdmin</c>. Migrating and seeding hold a lock
/// across processes (<see cref="StartupLock"/>), so servers started at once on one empty database seed it once.
/// A configuration it cannot start with ends in a <see cref="CrmStartupException"/> before anything is written.
/// </summary>
public sealed class CrmDatabaseInitializer(
    IDbContextFactory<CrmDbContext> contextFactory,
    UserManager<CrmUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<CrmOptions> options,
    CrmTime time,
    ILogger<CrmDatabaseInitializer> logger)
{
    public const string DemoPassword = "Demo123!";

    /// <summary>How long a server waits for another one that is migrating and seeding the same database.</summary>
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(5);

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        var settings = options.Value;
        if (settings.SeedDemoData && HasInitialAdmin(settings.InitialAdmin))
        {
            throw new CrmStartupException(
                "Both demo data (Crm:SeedDemoData) and a first admin (Crm:InitialAdmin) are configured. Choose one: " +
                "demo data for a demo, or Crm:SeedDemoData=false with Crm:InitialAdmin:Email and :Password for a real team.");
        }

        await using var initDb = await contextFactory.CreateDbContextAsync(ct);
        await using (await StartupLock.AcquireAsync(initDb, LockTimeout, ct))
        {
            await using (var db = await contextFactory.CreateDbContextAsync(ct))
            {
                if (db.Database.IsSqlite())
                {
                    await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", ct);
                }
                await db.Database.MigrateAsync(ct);
                await SearchService.BuildMissingAsync(db, ct);
                await Currencies.CurrencyService.EnsureAsync(db, settings.Currencies, ct);
            }

            var isNew = !await users.Users.AnyAsync(ct);
            if (isNew && !settings.SeedDemoData)
            {
                // Checked before anything is written, so a corrected configuration starts on a clean database.
                await CheckInitialAdminAsync(settings.InitialAdmin);
            }
            foreach (var role in CrmRoles.All)
            {
                if (!await roles.RoleExistsAsync(role))
                {
                    Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
                }
            }
            if (isNew)
            {
                await SeedAsync(settings, ct);
            }
        }
    }

    private async Task SeedAsync(CrmOptions settings, CancellationToken ct)
    {
        DemoTeam? team = null;
        if (settings.SeedDemoData)
        {
            team = await CreateDemoTeamAsync();
        }
        else
        {
            await CreateUserAsync(settings.InitialAdmin.Email!.Trim(), settings.InitialAdmin.DisplayName, settings.InitialAdmin.Password!, CrmRoles.Admin);
            logger.LogInformation("New database: created the first admin {Email}", settings.InitialAdmin.Email);
        }
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var pipelines = await StartupData.SeedAsync(db, ct);
        if (team is not null)
        {
            logger.LogInformation("New database: seeding the demo team and demo data");
            await new DemoData(db, time.UtcNow, time.DayOf(time.UtcNow).End).SeedAsync(team, pipelines, ct);
        }
    }

    private static bool HasInitialAdmin(InitialAdminOptions admin) =>
        !string.IsNullOrWhiteSpace(admin.Email) || !string.IsNullOrWhiteSpace(admin.Password);

    /// <summary>The first admin must be configured and pass the same password and user rules as any user.</summary>
    private async Task CheckInitialAdminAsync(InitialAdminOptions admin)
    {
        if (string.IsNullOrWhiteSpace(admin.Email) || string.IsNullOrWhiteSpace(admin.Password))
        {
            throw new CrmStartupException(
                "The database is new and demo data is off, so the first admin must come from configuration: " +
                "set Crm:InitialAdmin:Email and Crm:InitialAdmin:Password (for example --Crm:InitialAdmin:Email=you@firm.pl " +
                "on the command line, or the environment variables Crm__InitialAdmin__Email and Crm__InitialAdmin__Password).");
        }
        var candidate = new CrmUser { UserName = admin.Email.Trim(), Email = admin.Email.Trim(), DisplayName = admin.DisplayName };
        var errors = new List<string>();
        foreach (var validator in users.UserValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, candidate)).Errors.Select(e => e.Description));
        }
        if (errors.Count > 0)
        {
            throw new CrmStartupException($"Crm:InitialAdmin:Email is not accepted: {string.Join(" ", errors)}");
        }
        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, candidate, admin.Password)).Errors.Select(e => e.Description));
        }
        if (errors.Count > 0)
        {
            throw new CrmStartupException($"Crm:InitialAdmin:Password does not meet the password rules: {string.Join(" ", errors)}");
        }
    }

    private async Task<DemoTeam> CreateDemoTeamAsync()
    {
        var admin = await CreateUserAsync("admin@demo.crm", "Adam Nowak", DemoPassword, CrmRoles.Admin);
        var manager = await CreateUserAsync("manager@demo.crm", "Marta Kowalska", DemoPassword, CrmRoles.Manager);
        var anna = await CreateUserAsync("anna@demo.crm", "Anna Wiśniewska", DemoPassword, CrmRoles.Sales);
        var piotr = await CreateUserAsync("piotr@demo.crm", "Piotr Zieliński", DemoPassword, CrmRoles.Sales);
        return new DemoTeam(admin.Id, manager.Id, anna.Id, piotr.Id);
    }

    private async Task<CrmUser> CreateUserAsync(string email, string displayName, string password, string role)
    {
        var user = new CrmUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName };
        Check(await users.CreateAsync(user, password), $"create user {email}");
        Check(await users.AddToRoleAsync(user, role), $"add {email} to {role}");
        return user;
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}

public sealed record DemoTeam(string AdminId, string ManagerId, string AnnaId, string PiotrId);
