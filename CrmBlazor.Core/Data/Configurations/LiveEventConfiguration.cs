using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Core.Data.Configurations;

internal sealed class LiveEventConfiguration : IEntityTypeConfiguration<LiveEventRecord>
{
    public void Configure(EntityTypeBuilder<LiveEventRecord> builder)
    {
        builder.ToTable("LiveEvents");
        builder.HasKey(e => e.Sequence);
        // SQLite: INTEGER PRIMARY KEY AUTOINCREMENT (a number is never used twice, even after pruning);
        // PostgreSQL: an identity column.
        builder.Property(e => e.Sequence).ValueGeneratedOnAdd();
    }
}
