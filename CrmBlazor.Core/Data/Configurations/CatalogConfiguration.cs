using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Core.Data.Configurations;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(CatalogRules.NameMaxLength);
        builder.Property(p => p.Sku).HasMaxLength(CatalogRules.SkuMaxLength);
        builder.Property(p => p.Description).HasMaxLength(CatalogRules.DescriptionMaxLength);
        builder.Property(p => p.Unit).HasMaxLength(CatalogRules.UnitMaxLength);
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasOne(p => p.Section).WithMany().HasForeignKey(p => p.SectionId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(p => p.Sku).IsUnique();
        builder.HasIndex(p => new { p.IsActive, p.Name });
        builder.HasIndex(p => p.SectionId);
    }
}

internal sealed class ProductSectionConfiguration : IEntityTypeConfiguration<ProductSection>
{
    public void Configure(EntityTypeBuilder<ProductSection> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(CatalogRules.SectionNameMaxLength);
        builder.HasOne<ProductSection>().WithMany().HasForeignKey(s => s.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DealProductLineConfiguration : IEntityTypeConfiguration<DealProductLine>
{
    public void Configure(EntityTypeBuilder<DealProductLine> builder)
    {
        builder.Property(l => l.Name).HasMaxLength(CatalogRules.NameMaxLength);
        builder.Property(l => l.Unit).HasMaxLength(CatalogRules.UnitMaxLength);
        builder.HasOne(l => l.Deal).WithMany().HasForeignKey(l => l.DealId).OnDelete(DeleteBehavior.Cascade);
        // A product deactivated or deleted from the catalog leaves its lines as typed-in ones.
        builder.HasOne(l => l.Product).WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(l => new { l.DealId, l.Sort });
    }
}
