using CrmBlazor.Core.Webhooks;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Core.Data.Configurations;

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> builder)
    {
        builder.ToTable("Webhooks");
        builder.Property(w => w.Url).HasMaxLength(WebhookRules.UrlMaxLength);
        builder.Property(w => w.Events).HasMaxLength(500);
        builder.Property(w => w.ProtectedSecret).HasMaxLength(2000);
        builder.Property(w => w.DisabledReason).HasMaxLength(600);
        builder.Property(w => w.Version).IsConcurrencyToken();
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.Property(d => d.EventType).HasMaxLength(40);
        builder.Property(d => d.LastError).HasMaxLength(500);
        builder.HasOne<Webhook>().WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
        // What a sender looks for: pending rows by when they are due.
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => new { d.WebhookId, d.Id });
        builder.HasIndex(d => d.LeaseOwner);
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.ToTable("WebhookAttempts");
        builder.Property(a => a.Error).HasMaxLength(500);
        builder.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.DeliveryId);
    }
}
