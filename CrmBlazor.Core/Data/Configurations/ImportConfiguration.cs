using CrmBlazor.Core.Import;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Core.Data.Configurations;

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> builder)
    {
        builder.Property(r => r.FileName).HasMaxLength(260);
        builder.Property(r => r.StoredPath).HasMaxLength(1000);
        builder.Property(r => r.CreatedById).HasMaxLength(450);
        builder.Property(r => r.Error).HasMaxLength(200);
        builder.HasOne<Identity.CrmUser>().WithMany().HasForeignKey(r => r.CreatedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.Kind, r.CreatedAt });
    }
}

internal sealed class ImportRunRecordConfiguration : IEntityTypeConfiguration<ImportRunRecord>
{
    public void Configure(EntityTypeBuilder<ImportRunRecord> builder)
    {
        builder.HasOne<ImportRun>().WithMany().HasForeignKey(r => r.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.RunId, r.ElementKind, r.ElementId });
        builder.HasIndex(r => new { r.ElementKind, r.ElementId });
    }
}

internal sealed class ImportRunFailureConfiguration : IEntityTypeConfiguration<ImportRunFailure>
{
    public void Configure(EntityTypeBuilder<ImportRunFailure> builder)
    {
        builder.HasOne<ImportRun>().WithMany().HasForeignKey(r => r.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.RunId, r.RowNumber });
    }
}

internal sealed class ImportPresetConfiguration : IEntityTypeConfiguration<ImportPreset>
{
    public void Configure(EntityTypeBuilder<ImportPreset> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.Property(p => p.CreatedById).HasMaxLength(450);
        builder.HasIndex(p => new { p.Kind, p.Name }).IsUnique();
    }
}
