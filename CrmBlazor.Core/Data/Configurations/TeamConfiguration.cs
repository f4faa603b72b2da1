using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Core.Data.Configurations;

internal sealed class AccessRoleConfiguration : IEntityTypeConfiguration<AccessRole>
{
    public void Configure(EntityTypeBuilder<AccessRole> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(100);
        builder.Property(r => r.BaseRole).HasMaxLength(20);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => r.Name).IsUnique();
        builder.HasMany(r => r.Grants).WithOne().HasForeignKey(g => g.RoleId).OnDelete(DeleteBehavior.Cascade);
        // The built-in roles exist in every database, new or migrated, with fixed ids (BuiltInRoles).
        builder.HasData(BuiltInRoles.Defaults().Select(r => new AccessRole { Id = r.Id, Name = r.Name, BaseRole = r.BaseRole, IsBuiltIn = true }));
    }
}

internal sealed class AccessRoleGrantConfiguration : IEntityTypeConfiguration<AccessRoleGrant>
{
    public void Configure(EntityTypeBuilder<AccessRoleGrant> builder)
    {
        builder.HasKey(g => new { g.RoleId, g.Entity, g.Action });
        builder.HasData(BuiltInRoles.Defaults().SelectMany(r => r.Grants));
    }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.Property(d => d.Name).HasMaxLength(100);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.HasOne<Department>().WithMany().HasForeignKey(d => d.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(d => d.HeadUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
