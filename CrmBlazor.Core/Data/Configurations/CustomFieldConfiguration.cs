using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Core.Data.Configurations;

internal sealed class CustomFieldConfiguration : IEntityTypeConfiguration<CustomField>
{
    public void Configure(EntityTypeBuilder<CustomField> builder)
    {
        builder.Property(f => f.Code).HasMaxLength(CustomFieldRules.CodeMaxLength);
        builder.Property(f => f.NameEn).HasMaxLength(CustomFieldRules.NameMaxLength);
        builder.Property(f => f.NamePl).HasMaxLength(CustomFieldRules.NameMaxLength);
        builder.Property(f => f.HelpText).HasMaxLength(CustomFieldRules.HelpMaxLength);
        builder.Property(f => f.DefaultValue).HasMaxLength(CustomFieldRules.TextMaxLength);
        builder.Property(f => f.Version).IsConcurrencyToken();
        builder.HasIndex(f => new { f.EntityKind, f.Code }).IsUnique();
        builder.HasIndex(f => new { f.EntityKind, f.Sort });
        builder.HasMany(f => f.Options).WithOne().HasForeignKey(o => o.FieldId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CustomFieldOptionConfiguration : IEntityTypeConfiguration<CustomFieldOption>
{
    public void Configure(EntityTypeBuilder<CustomFieldOption> builder) =>
        builder.Property(o => o.Label).HasMaxLength(CustomFieldRules.OptionMaxLength);
}

/// <summary>
/// One value table per kind of element (decision 017): the owner's key with a cascade, and indexes on (field, value,
/// owner) so that a list filter reads only the matching rows' owners.
/// </summary>
internal abstract class CustomFieldValueConfiguration<TValue> : IEntityTypeConfiguration<TValue> where TValue : CustomFieldValue
{
    protected abstract string Owner { get; }

    protected abstract void ConfigureOwner(EntityTypeBuilder<TValue> builder);

    public void Configure(EntityTypeBuilder<TValue> builder)
    {
        builder.Property(v => v.Text).HasMaxLength(CustomFieldRules.LongTextMaxLength);
        builder.HasOne<CustomField>().WithMany().HasForeignKey(v => v.FieldId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<CustomFieldOption>().WithMany().HasForeignKey(v => v.OptionId).OnDelete(DeleteBehavior.Restrict);
        ConfigureOwner(builder);
        var owner = Owner;
        builder.HasIndex(nameof(CustomFieldValue.FieldId), nameof(CustomFieldValue.OptionId), owner);
        builder.HasIndex(nameof(CustomFieldValue.FieldId), nameof(CustomFieldValue.Number), owner);
        builder.HasIndex(nameof(CustomFieldValue.FieldId), nameof(CustomFieldValue.Date), owner);
        builder.HasIndex(owner, nameof(CustomFieldValue.FieldId));
    }
}

internal sealed class LeadFieldValueConfiguration : CustomFieldValueConfiguration<LeadFieldValue>
{
    protected override string Owner => nameof(LeadFieldValue.LeadId);

    protected override void ConfigureOwner(EntityTypeBuilder<LeadFieldValue> builder) =>
        builder.HasOne<Lead>().WithMany(l => l.CustomValues).HasForeignKey(v => v.LeadId).OnDelete(DeleteBehavior.Cascade);
}

internal sealed class ContactFieldValueConfiguration : CustomFieldValueConfiguration<ContactFieldValue>
{
    protected override string Owner => nameof(ContactFieldValue.ContactId);

    protected override void ConfigureOwner(EntityTypeBuilder<ContactFieldValue> builder) =>
        builder.HasOne<Contact>().WithMany(c => c.CustomValues).HasForeignKey(v => v.ContactId).OnDelete(DeleteBehavior.Cascade);
}

internal sealed class CompanyFieldValueConfiguration : CustomFieldValueConfiguration<CompanyFieldValue>
{
    protected override string Owner => nameof(CompanyFieldValue.CompanyId);

    protected override void ConfigureOwner(EntityTypeBuilder<CompanyFieldValue> builder) =>
        builder.HasOne<Company>().WithMany(c => c.CustomValues).HasForeignKey(v => v.CompanyId).OnDelete(DeleteBehavior.Cascade);
}

internal sealed class DealFieldValueConfiguration : CustomFieldValueConfiguration<DealFieldValue>
{
    protected override string Owner => nameof(DealFieldValue.DealId);

    protected override void ConfigureOwner(EntityTypeBuilder<DealFieldValue> builder) =>
        builder.HasOne<Deal>().WithMany(d => d.CustomValues).HasForeignKey(v => v.DealId).OnDelete(DeleteBehavior.Cascade);
}

internal sealed class ListColumnChoiceConfiguration : IEntityTypeConfiguration<ListColumnChoice>
{
    public void Configure(EntityTypeBuilder<ListColumnChoice> builder)
    {
        builder.ToTable("ListColumnChoices");
        builder.HasKey(c => new { c.UserId, c.EntityKind });
        builder.Property(c => c.Codes).HasMaxLength(2000);
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
