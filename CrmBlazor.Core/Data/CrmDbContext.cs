using CrmBlazor.Core.Catalog;
using CrmBlazor.Core.Common;
using CrmBlazor.Core.Companies;
using CrmBlazor.Core.Contacts;
using CrmBlazor.Core.Deals;
using CrmBlazor.Core.Identity;
using CrmBlazor.Core.Leads;
using CrmBlazor.Core.Pipelines;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Core.Data;

/// <summary>
/// The CRM's data and its users (ASP.NET Core Identity) in one database.
/// </summary>
/// <remarks>
/// Migrations are applied at start-up. To add one after changing the model, from the repository root:
/// <code>dotnet ef migrations add NAME --project CrmBlazor.Core --context CrmDbContext --output-dir Data/Migrations</code>
/// and the same for PostgreSQL (see <see cref="Postgres.PostgresCrmDbContext"/>).
/// (the design-time context comes from <see cref="DesignTimeDbContextFactory"/>).
/// </remarks>
public class CrmDbContext(DbContextOptions options) : IdentityDbContext<CrmUser>(options), IDataProtectionKeyContext
{
    /// <summary>Keys that protect sign-in cookies: kept in the database so they survive restarts and are shared by every server.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Pipeline> Pipelines => Set<Pipeline>();
    public DbSet<Stage> Stages => Set<Stage>();
    public DbSet<Deal> Deals => Set<Deal>();
    public DbSet<DealStageChange> DealStageChanges => Set<DealStageChange>();
    public DbSet<LostReason> LostReasons => Set<LostReason>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Company> Companies => Set<Company>();
    public DbSet<Lead> Leads => Set<Lead>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<ProductSection> ProductSections => Set<ProductSection>();
    public DbSet<DealProductLine> DealProductLines => Set<DealProductLine>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CrmDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        if (Database.IsSqlite())
        {
            // SQLite has no decimal type. Stored as a scaled integer, money keeps exact cents and the database can
            // SUM and ORDER BY it natively (a decimal stored as TEXT needs a managed function per row).
            builder.Properties<decimal>().HaveConversion<MoneyToScaledIntegerConverter>();
        }
        else
        {
            builder.Properties<decimal>().HavePrecision(18, 4);
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<Lead>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                entry.Entity.RefreshSearchText();
            }
        }
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Entity.Version++;
            }
        }
    }
}
