using CrmBlazor.Core.Companies;
using CrmBlazor.Core.Contacts;
using CrmBlazor.Core.Identity;
using CrmBlazor.Core.Leads;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Core.Data.Configurations;

internal sealed class CompanyConfiguration : IEntityTypeConfiguration<Company>
{
    public void Configure(EntityTypeBuilder<Company> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.Property(c => c.Phone).HasMaxLength(40);
        builder.Property(c => c.Website).HasMaxLength(300);
        builder.Property(c => c.City).HasMaxLength(100);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(c => c.ResponsibleUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(c => c.Name);
    }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.Property(c => c.FirstName).HasMaxLength(100);
        builder.Property(c => c.LastName).HasMaxLength(100);
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.Property(c => c.Phone).HasMaxLength(40);
        builder.Property(c => c.Position).HasMaxLength(100);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.FullName);
        builder.HasOne(c => c.Company).WithMany().HasForeignKey(c => c.CompanyId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(c => c.ResponsibleUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(c => new { c.LastName, c.FirstName });
    }
}

internal sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> builder)
    {
        builder.Property(l => l.Title).HasMaxLength(200);
        builder.Property(l => l.PersonName).HasMaxLength(200);
        builder.Property(l => l.CompanyName).HasMaxLength(200);
        builder.Property(l => l.Email).HasMaxLength(254);
        builder.Property(l => l.Phone).HasMaxLength(40);
        builder.Property(l => l.Website).HasMaxLength(300);
        builder.Property(l => l.Currency).HasMaxLength(3);
        builder.Property(l => l.Comment).HasMaxLength(4000);
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(l => l.ResponsibleUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(l => new { l.Status, l.CreatedAt });
    }
}

internal sealed class CrmUserConfiguration : IEntityTypeConfiguration<CrmUser>
{
    public void Configure(EntityTypeBuilder<CrmUser> builder) => builder.Property(u => u.DisplayName).HasMaxLength(100);
}
