using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Core.Data.Configurations;

internal sealed class WebFormConfiguration : IEntityTypeConfiguration<WebForm>
{
    public void Configure(EntityTypeBuilder<WebForm> builder)
    {
        builder.Property(f => f.Name).HasMaxLength(WebFormRules.NameMaxLength);
        builder.Property(f => f.Slug).HasMaxLength(WebFormRules.SlugMaxLength);
        builder.HasIndex(f => f.Slug).IsUnique();
        builder.Property(f => f.ConsentTextEn).HasMaxLength(WebFormRules.TextMaxLength);
        builder.Property(f => f.ConsentTextPl).HasMaxLength(WebFormRules.TextMaxLength);
        builder.Property(f => f.PrivacyPolicyUrl).HasMaxLength(WebFormRules.UrlMaxLength);
        builder.Property(f => f.ThankYouEn).HasMaxLength(WebFormRules.TextMaxLength);
        builder.Property(f => f.ThankYouPl).HasMaxLength(WebFormRules.TextMaxLength);
        builder.Property(f => f.RedirectUrl).HasMaxLength(WebFormRules.UrlMaxLength);
        builder.Property(f => f.AllowedOrigins).HasMaxLength(WebFormRules.OriginsMaxLength);
        builder.Property(f => f.WidgetColor).HasMaxLength(7);
        // The round robin's turn is advanced under this token (see WebFormSubmissionService).
        builder.Property(f => f.Version).IsConcurrencyToken();
        builder.Ignore(f => f.AllowedOriginList);
        builder.HasMany(f => f.Fields).WithOne().HasForeignKey(x => x.WebFormId).OnDelete(DeleteBehavior.Cascade);
        // A deleted pipeline or stage leaves the form without a deal, or with its pipeline's first open stage.
        builder.HasOne<Pipelines.Pipeline>().WithMany().HasForeignKey(f => f.DealPipelineId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Pipelines.Stage>().WithMany().HasForeignKey(f => f.DealStageId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(f => f.Responsibles).WithOne().HasForeignKey(x => x.WebFormId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebFormFieldConfiguration : IEntityTypeConfiguration<WebFormField>
{
    public void Configure(EntityTypeBuilder<WebFormField> builder)
    {
        builder.Property(f => f.LabelEn).HasMaxLength(WebFormRules.LabelMaxLength);
        builder.Property(f => f.LabelPl).HasMaxLength(WebFormRules.LabelMaxLength);
        builder.Property(f => f.PlaceholderEn).HasMaxLength(WebFormRules.PlaceholderMaxLength);
        builder.Property(f => f.PlaceholderPl).HasMaxLength(WebFormRules.PlaceholderMaxLength);
        builder.Property(f => f.HiddenValue).HasMaxLength(WebFormRules.HiddenValueMaxLength);
        // A custom field deleted in the settings leaves the forms that asked for it.
        builder.HasOne(f => f.CustomField).WithMany().HasForeignKey(f => f.CustomFieldId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebFormResponsibleConfiguration : IEntityTypeConfiguration<WebFormResponsible>
{
    public void Configure(EntityTypeBuilder<WebFormResponsible> builder) =>
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
}

internal sealed class WebFormSubmissionConfiguration : IEntityTypeConfiguration<WebFormSubmission>
{
    public void Configure(EntityTypeBuilder<WebFormSubmission> builder)
    {
        builder.HasOne<WebForm>().WithMany().HasForeignKey(s => s.WebFormId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.PageUrl).HasMaxLength(WebFormRules.PageUrlMaxLength);
        builder.Property(s => s.Referrer).HasMaxLength(WebFormRules.PageUrlMaxLength);
        builder.Property(s => s.ConsentText).HasMaxLength(WebFormRules.TextMaxLength);
        // The log reads a form's newest first; the list counts by form and outcome.
        builder.HasIndex(s => new { s.WebFormId, s.At });
        builder.HasIndex(s => new { s.WebFormId, s.Outcome });
    }
}
