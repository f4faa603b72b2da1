using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Core.Data.Configurations;

internal sealed class CurrencyConfiguration : IEntityTypeConfiguration<Currency>
{
    public void Configure(EntityTypeBuilder<Currency> builder)
    {
        builder.Property(c => c.Code).HasMaxLength(3);
        builder.HasIndex(c => c.Code).IsUnique();
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasMany(c => c.Rates).WithOne(r => r.Currency).HasForeignKey(r => r.CurrencyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExchangeRateConfiguration : IEntityTypeConfiguration<ExchangeRate>
{
    public void Configure(EntityTypeBuilder<ExchangeRate> builder)
    {
        // One rate per currency and day; the index also finds "the latest rate on or before a day".
        builder.HasIndex(r => new { r.CurrencyId, r.ValidFrom }).IsUnique();
        // Eight decimals (1 JPY = 0.02654321 PLN): more than money's four. On SQLite, CrmDbContext stores it as text
        // (rates are read, never summed in SQL).
        builder.Property(r => r.Rate).HasPrecision(18, CurrencyRules.RateDecimals);
        builder.Property(r => r.Version).IsConcurrencyToken();
    }
}
