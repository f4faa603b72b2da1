using CrmBlazor.Core.Calls;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Core.Data.Configurations;

internal sealed class PhoneCallConfiguration : IEntityTypeConfiguration<PhoneCall>
{
    public void Configure(EntityTypeBuilder<PhoneCall> builder)
    {
        builder.ToTable("PhoneCalls");
        builder.Property(c => c.CallId).HasMaxLength(CallRules.CallIdLength);
        builder.Property(c => c.Number).HasMaxLength(32);
        builder.Property(c => c.RecordingUrl).HasMaxLength(CallRules.RecordingUrlMaxLength);
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.CallId).IsUnique();
        builder.HasIndex(c => new { c.ElementKind, c.ElementId });
    }
}
