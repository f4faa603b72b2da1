using CrmBlazor.Core.ApiTokens;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Core.Data.Configurations;

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("ApiTokens");
        builder.Property(t => t.Name).HasMaxLength(ApiTokenRules.NameMaxLength);
        builder.Property(t => t.Prefix).HasMaxLength(ApiTokenRules.PrefixLength);
        builder.Property(t => t.Hash).HasMaxLength(64);
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.Prefix).IsUnique();
        builder.HasIndex(t => t.UserId);
    }
}
