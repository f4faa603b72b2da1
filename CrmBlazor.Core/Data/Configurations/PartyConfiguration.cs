using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Core.Data.Configurations;

/// <summary>
/// The recycle bin's index (decision 020) holds only the deleted rows: a plain index on <c>DeletedAt</c>, where nearly
/// every row is null, made SQLite answer every list's <c>DeletedAt IS NULL</c> through it and sort all the rows in a
/// temporary B-tree instead of walking the sort's index (a page 2,000 of 100,000 leads took ~900 ms instead of ~10).
/// A partial index is never used for <c>IS NULL</c>, and still serves the bin (<c>IS NOT NULL</c>) on both databases.
/// </summary>
internal static class RecycleBinIndex
{
    public const string DeletedOnly = "\"DeletedAt\" IS NOT NULL";

    /// <summary>The rows outside the bin: the filter of a list's index, which every list query (the query filter) implies.</summary>
    public const string LiveOnly = "\"DeletedAt\" IS NULL";
}

/// <summary>What contacts and companies store alike: the first e-mail and phone (looked up), the version, the responsible user.</summary>
internal abstract class PartyConfiguration<T> : IEntityTypeConfiguration<T>
    where T : Party
{
    public virtual void Configure(EntityTypeBuilder<T> builder)
    {
        builder.Property(p => p.Email).HasMaxLength(254);
        builder.Property(p => p.Phone).HasMaxLength(40);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(p => p.ResponsibleUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(p => p.Email);
        builder.HasIndex(p => p.Phone);
        builder.HasIndex(p => p.ResponsibleUserId);
        builder.Property(p => p.DeletedById).HasMaxLength(450);
        // Deleted ones wait in the recycle bin, hidden from every query (decision 020); the bin asks IgnoreQueryFilters.
        builder.HasQueryFilter(p => p.DeletedAt == null);
        builder.HasIndex(p => p.DeletedAt).HasFilter(RecycleBinIndex.DeletedOnly);
    }
}

internal sealed class CompanyConfiguration : PartyConfiguration<Company>
{
    public override void Configure(EntityTypeBuilder<Company> builder)
    {
        base.Configure(builder);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Website).HasMaxLength(300);
        builder.Property(c => c.City).HasMaxLength(100);
        builder.HasIndex(c => c.Name);
        builder.HasIndex(c => c.City);
        builder.HasMany(c => c.Phones).WithOne().HasForeignKey(p => p.CompanyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Emails).WithOne().HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Addresses).WithOne().HasForeignKey(a => a.CompanyId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The phone tables of contacts and companies: numbers are looked up by duplicate checks.</summary>
internal abstract class PhoneConfiguration<T> : IEntityTypeConfiguration<T>
    where T : PhoneEntry
{
    public void Configure(EntityTypeBuilder<T> builder)
    {
        builder.Property(p => p.Number).HasMaxLength(20);
        builder.HasIndex(p => p.Number);
    }
}

/// <summary>The e-mail tables of contacts and companies: addresses are looked up by duplicate checks.</summary>
internal abstract class EmailConfiguration<T> : IEntityTypeConfiguration<T>
    where T : EmailEntry
{
    public void Configure(EntityTypeBuilder<T> builder)
    {
        builder.Property(e => e.Address).HasMaxLength(254);
        builder.HasIndex(e => e.Address);
    }
}

/// <summary>The address tables of contacts and companies: lists filter by city.</summary>
internal abstract class AddressConfiguration<T> : IEntityTypeConfiguration<T>
    where T : PostalAddress
{
    public void Configure(EntityTypeBuilder<T> builder)
    {
        builder.Property(a => a.Street).HasMaxLength(ContactPoints.StreetMaxLength);
        builder.Property(a => a.PostalCode).HasMaxLength(ContactPoints.PostalCodeMaxLength);
        builder.Property(a => a.City).HasMaxLength(ContactPoints.CityMaxLength);
        builder.Property(a => a.Country).HasMaxLength(ContactPoints.CountryMaxLength);
        builder.HasIndex(a => a.City);
    }
}

internal sealed class CompanyPhoneConfiguration : PhoneConfiguration<CompanyPhone>;

internal sealed class CompanyEmailConfiguration : EmailConfiguration<CompanyEmail>;

internal sealed class CompanyAddressConfiguration : AddressConfiguration<CompanyAddress>;

internal sealed class ContactPhoneConfiguration : PhoneConfiguration<ContactPhone>;

internal sealed class ContactEmailConfiguration : EmailConfiguration<ContactEmail>;

internal sealed class ContactAddressConfiguration : AddressConfiguration<ContactAddress>;

internal sealed class ContactConfiguration : PartyConfiguration<Contact>
{
    public override void Configure(EntityTypeBuilder<Contact> builder)
    {
        base.Configure(builder);
        builder.Property(c => c.FirstName).HasMaxLength(100);
        builder.Property(c => c.LastName).HasMaxLength(100);
        builder.Property(c => c.Position).HasMaxLength(100);
        builder.Ignore(c => c.FullName);
        builder.HasOne(c => c.Company).WithMany().HasForeignKey(c => c.CompanyId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(c => new { c.LastName, c.FirstName });
        builder.HasIndex(c => c.CompanyId);
        builder.HasMany(c => c.Phones).WithOne().HasForeignKey(p => p.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Emails).WithOne().HasForeignKey(e => e.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Addresses).WithOne().HasForeignKey(a => a.ContactId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> builder)
    {
        builder.Property(l => l.Title).HasMaxLength(LeadRules.TitleMaxLength);
        builder.Property(l => l.FirstName).HasMaxLength(LeadRules.NameMaxLength);
        builder.Property(l => l.LastName).HasMaxLength(LeadRules.NameMaxLength);
        builder.Property(l => l.CompanyName).HasMaxLength(LeadRules.CompanyMaxLength);
        builder.Property(l => l.Website).HasMaxLength(LeadRules.WebsiteMaxLength);
        builder.Property(l => l.Address).HasMaxLength(LeadRules.AddressMaxLength);
        builder.Property(l => l.Currency).HasMaxLength(3);
        builder.Property(l => l.Comment).HasMaxLength(LeadRules.CommentMaxLength);
        builder.Property(l => l.JunkComment).HasMaxLength(LeadRules.CommentMaxLength);
        builder.Property(l => l.SearchText).HasMaxLength(4000);
        builder.Property(l => l.WebFormName).HasMaxLength(WebFormRules.NameMaxLength);
        builder.Property(l => l.PageUrl).HasMaxLength(WebFormRules.PageUrlMaxLength);
        builder.Property(l => l.Referrer).HasMaxLength(WebFormRules.PageUrlMaxLength);
        builder.Property(l => l.UtmSource).HasMaxLength(WebFormRules.UtmMaxLength);
        builder.Property(l => l.UtmMedium).HasMaxLength(WebFormRules.UtmMaxLength);
        builder.Property(l => l.UtmCampaign).HasMaxLength(WebFormRules.UtmMaxLength);
        builder.Property(l => l.UtmTerm).HasMaxLength(WebFormRules.UtmMaxLength);
        builder.Property(l => l.UtmContent).HasMaxLength(WebFormRules.UtmMaxLength);
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.Ignore(l => l.IsOpen);
        builder.Ignore(l => l.PersonName);
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(l => l.ResponsibleUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Contact>().WithMany().HasForeignKey(l => l.ConvertedContactId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Company>().WithMany().HasForeignKey(l => l.ConvertedCompanyId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Deals.Deal>().WithMany().HasForeignKey(l => l.ConvertedDealId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(l => l.Phones).WithOne().HasForeignKey(p => p.LeadId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(l => l.Emails).WithOne().HasForeignKey(e => e.LeadId).OnDelete(DeleteBehavior.Cascade);
        // Statuses, sources and junk reasons are Settings' data (decision 030); one in use is never deleted.
        builder.HasOne<LeadOption>().WithMany().HasForeignKey(l => l.StatusId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<LeadOption>().WithMany().HasForeignKey(l => l.SourceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<LeadOption>().WithMany().HasForeignKey(l => l.JunkReasonId).OnDelete(DeleteBehavior.Restrict);
        // The list's indexes hold the leads outside the recycle bin only (every list query has "DeletedAt IS NULL",
        // which makes them usable): counting, filtering and skipping need no look-up of each row's DeletedAt.
        builder.HasIndex(l => new { l.Status, l.CreatedAt }).HasFilter(RecycleBinIndex.LiveOnly);
        builder.HasIndex(l => l.CreatedAt).HasFilter(RecycleBinIndex.LiveOnly);
        builder.HasIndex(l => new { l.ResponsibleUserId, l.Status }).HasFilter(RecycleBinIndex.LiveOnly);
        builder.HasIndex(l => l.CompanyName);
        builder.Property(l => l.DeletedById).HasMaxLength(450);
        // Deleted ones wait in the recycle bin, hidden from every query (decision 020); the bin asks IgnoreQueryFilters.
        builder.HasQueryFilter(l => l.DeletedAt == null);
        builder.HasIndex(l => l.DeletedAt).HasFilter(RecycleBinIndex.DeletedOnly);
    }
}

internal sealed class LeadPhoneConfiguration : IEntityTypeConfiguration<LeadPhone>
{
    public void Configure(EntityTypeBuilder<LeadPhone> builder)
    {
        builder.Property(p => p.Number).HasMaxLength(20);
        builder.HasIndex(p => p.Number);
    }
}

internal sealed class LeadEmailConfiguration : IEntityTypeConfiguration<LeadEmail>
{
    public void Configure(EntityTypeBuilder<LeadEmail> builder)
    {
        builder.Property(e => e.Address).HasMaxLength(254);
        builder.HasIndex(e => e.Address);
    }
}

internal sealed class CrmUserConfiguration : IEntityTypeConfiguration<CrmUser>
{
    public void Configure(EntityTypeBuilder<CrmUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(100);
        builder.Property(u => u.Language).HasMaxLength(10);
        builder.Property(u => u.CalendarFeedHash).HasMaxLength(64);
        builder.HasIndex(u => u.CalendarFeedHash).IsUnique();
        // Existing users stay active when the column arrives; true is also the value EF leaves to the default.
        builder.Property(u => u.IsActive).HasDefaultValue(true).HasSentinel(true);
        builder.HasOne<Department>().WithMany().HasForeignKey(u => u.DepartmentId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<AccessRole>().WithMany().HasForeignKey(u => u.AccessRoleId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LeadOptionConfiguration : IEntityTypeConfiguration<LeadOption>
{
    public void Configure(EntityTypeBuilder<LeadOption> builder)
    {
        builder.Property(o => o.Name).HasMaxLength(LeadOptionRules.NameMaxLength);
        builder.Property(o => o.NamePl).HasMaxLength(LeadOptionRules.NameMaxLength);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.HasIndex(o => new { o.List, o.Sort });
        // Every database has the lists leads had as enums, with fixed ids (LeadOptionDefaults), which existing leads are mapped by.
        builder.HasData(LeadOptionDefaults.All());
    }
}
