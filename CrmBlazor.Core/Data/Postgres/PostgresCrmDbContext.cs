using Microsoft.EntityFrameworkCore.Design;

namespace CrmBlazor.Core.Data.Postgres;

/// <summary>
/// <see cref="CrmDbContext"/> on PostgreSQL, the scale-out database. A type of its own only so that it has its own
/// migrations (they are provider-specific):
/// <code>dotnet ef migrations add NAME --project CrmBlazor.Core --context PostgresCrmDbContext --output-dir Data/Migrations/Postgres</code>
/// </summary>
public sealed class PostgresCrmDbContext(DbContextOptions<PostgresCrmDbContext> options) : CrmDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Ranks must sort byte by byte, whatever the database's default collation.
        builder.Entity<Deal>().Property(d => d.Rank).UseCollation("C");
        // The funnel roll-up's rows of a pipeline's days, for the funnel and the compaction (see DealFunnelDayConfiguration).
        builder.Entity<Reports.DealFunnelDay>().HasIndex(r => new { r.PipelineId, r.Day });
        // The rows the triggers wrote and the compactor has not merged yet: the days it has to merge.
        builder.Entity<Reports.DealFunnelDay>().HasIndex(r => new { r.PipelineId, r.Day }, "IX_DealFunnelDays_Unmerged").HasFilter("NOT \"Merged\"");
    }
}

internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresCrmDbContext>
{
    public PostgresCrmDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCrmDbContext>().UseNpgsql("Host=localhost;Database=crm_design").Options);
}

/// <summary>Hands out PostgreSQL contexts where the services ask for a <see cref="CrmDbContext"/>.</summary>
internal sealed class PostgresContextFactory(IDbContextFactory<PostgresCrmDbContext> inner) : IDbContextFactory<CrmDbContext>
{
    public CrmDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<CrmDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}
