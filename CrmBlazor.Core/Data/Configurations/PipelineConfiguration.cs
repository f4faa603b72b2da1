using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Core.Data.Configurations;

internal sealed class PipelineConfiguration : IEntityTypeConfiguration<Pipeline>
{
    public void Configure(EntityTypeBuilder<Pipeline> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(PipelineRules.NameMaxLength);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasMany(p => p.Stages).WithOne(s => s.Pipeline).HasForeignKey(s => s.PipelineId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StageConfiguration : IEntityTypeConfiguration<Stage>
{
    public void Configure(EntityTypeBuilder<Stage> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(PipelineRules.NameMaxLength);
        builder.Property(s => s.Color).HasMaxLength(20);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => new { s.PipelineId, s.Sort });
    }
}
