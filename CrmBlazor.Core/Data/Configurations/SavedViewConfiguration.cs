using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Core.Data.Configurations;

internal sealed class SavedViewConfiguration : IEntityTypeConfiguration<SavedView>
{
    public void Configure(EntityTypeBuilder<SavedView> builder)
    {
        builder.ToTable("SavedViews");
        builder.Property(v => v.Version).IsConcurrencyToken();
        builder.Property(v => v.List).HasMaxLength(20);
        builder.Property(v => v.Name).HasMaxLength(SavedViewService.NameMaxLength);
        builder.Property(v => v.Query).HasMaxLength(SavedViewService.QueryMaxLength);
        builder.Property(v => v.OwnerId).HasMaxLength(450);
        // A list's menu: the user's own and the shared ones.
        builder.HasIndex(v => new { v.List, v.OwnerId });
        builder.HasIndex(v => new { v.List, v.Shared });
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(v => v.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
