using CrmBlazor.Core.Common;
using CrmBlazor.Core.Data;
using CrmBlazor.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Core.Seeding;

/// <summary>
/// Brings the database up to date at start-up: applies migrations, switches SQLite to WAL, and on a new database
/// seeds the <see cref="StartupData"/> every database needs, with either the demo team and data
/// (<c>Crm:SeedDemoData</c>, the default) or the first admin from <c>Crm:InitialAdmin</c>.
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

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await using (var db = await contextFactory.CreateDbContextAsync(ct))
        {
            if (db.Database.IsSqlite())
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", ct);
            }
            await db.Database.MigrateAsync(ct);
        }

        foreach (var role in CrmRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
            }
        }

        if (await users.Users.AnyAsync(ct))
        {
            return;
        }

        // Users first: without its first admin a real database is refused before anything is seeded.
        var team = options.Value.SeedDemoData ? await CreateDemoTeamAsync() : null;
        if (team is null)
        {
            await CreateInitialAdminAsync();
        }
        await using (var db = await contextFactory.CreateDbContextAsync(ct))
        {
            var pipelines = await StartupData.SeedAsync(db, ct);
            if (team is not null)
            {
                logger.LogInformation("New database: seeding the demo team and demo data");
                await new DemoData(db, time.UtcNow, time.DayOf(time.UtcNow).End).SeedAsync(team, pipelines, ct);
            }
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

    private async Task CreateInitialAdminAsync()
    {
        var admin = options.Value.InitialAdmin;
        if (string.IsNullOrWhiteSpace(admin.Email) || string.IsNullOrWhiteSpace(admin.Password))
        {
            throw new InvalidOperationException(
                "The database is new and Crm:SeedDemoData is false, so the first admin must come from configuration: " +
                "set Crm:InitialAdmin:Email and Crm:InitialAdmin:Password (for example as environment variables " +
                "Crm__InitialAdmin__Email and Crm__InitialAdmin__Password).");
        }
        await CreateUserAsync(admin.Email, admin.DisplayName, admin.Password, CrmRoles.Admin);
        logger.LogInformation("New database: created the first admin {Email}", admin.Email);
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
