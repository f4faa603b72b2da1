using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Core.Data.Configurations;

internal sealed class MailboxConfiguration : IEntityTypeConfiguration<Mailbox>
{
    public void Configure(EntityTypeBuilder<Mailbox> builder)
    {
        builder.ToTable("Mailboxes");
        builder.Property(m => m.Name).HasMaxLength(MailRules.NameMaxLength);
        builder.Property(m => m.Address).HasMaxLength(MailRules.AddressMaxLength);
        builder.Property(m => m.ImapHost).HasMaxLength(MailRules.HostMaxLength);
        builder.Property(m => m.UserName).HasMaxLength(MailRules.AddressMaxLength);
        builder.Property(m => m.Folders).HasMaxLength(1000);
        builder.Property(m => m.SmtpHost).HasMaxLength(MailRules.HostMaxLength);
        builder.Property(m => m.SmtpUserName).HasMaxLength(MailRules.AddressMaxLength);
        builder.Property(m => m.LastMessageSubject).HasMaxLength(200);
        builder.Property(m => m.LastError).HasMaxLength(MailRules.ErrorMaxLength);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(m => m.ResponsibleUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(m => m.OwnerUserId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(m => m.FolderNames);
    }
}

internal sealed class MailFolderCursorConfiguration : IEntityTypeConfiguration<MailFolderCursor>
{
    public void Configure(EntityTypeBuilder<MailFolderCursor> builder)
    {
        builder.ToTable("MailFolderCursors");
        builder.Property(c => c.Folder).HasMaxLength(500);
        builder.HasOne<Mailbox>().WithMany().HasForeignKey(c => c.MailboxId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.MailboxId, c.Folder }).IsUnique();
    }
}

internal sealed class MailMessageConfiguration : IEntityTypeConfiguration<MailMessage>
{
    public void Configure(EntityTypeBuilder<MailMessage> builder)
    {
        builder.ToTable("MailMessages");
        builder.Property(m => m.MessageId).HasMaxLength(MailRules.MessageIdMaxLength);
        builder.Property(m => m.ThreadId).HasMaxLength(MailRules.MessageIdMaxLength);
        builder.Property(m => m.InReplyTo).HasMaxLength(MailRules.MessageIdMaxLength);
        builder.Property(m => m.FromAddress).HasMaxLength(MailRules.AddressMaxLength);
        builder.Property(m => m.FromName).HasMaxLength(MailRules.NameMaxLength);
        builder.Property(m => m.Subject).HasMaxLength(MailRules.SubjectMaxLength);
        builder.Property(m => m.Folder).HasMaxLength(500);
        builder.Property(m => m.Error).HasMaxLength(MailRules.ErrorMaxLength);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasOne<Mailbox>().WithMany().HasForeignKey(m => m.MailboxId).OnDelete(DeleteBehavior.SetNull);
        // The idempotency key: a message read twice (restart, second server, second folder) is filed once.
        builder.HasIndex(m => m.MessageId).IsUnique();
        builder.HasIndex(m => m.ThreadId);
        builder.HasIndex(m => new { m.ElementKind, m.ElementId });
        // The unread mail counter: one indexed count per user.
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(m => m.UnreadForUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(m => m.UnreadForUserId);
        builder.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.MailMessageId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(m => m.Element);
    }
}

internal sealed class MailAttachmentConfiguration : IEntityTypeConfiguration<MailAttachment>
{
    public void Configure(EntityTypeBuilder<MailAttachment> builder)
    {
        builder.ToTable("MailAttachments");
        builder.Property(a => a.FileName).HasMaxLength(MailRules.FileNameMaxLength);
        builder.Property(a => a.ContentType).HasMaxLength(200);
        builder.Property(a => a.StoreKey).HasMaxLength(64);
    }
}

internal sealed class MailRejectedConfiguration : IEntityTypeConfiguration<MailRejected>
{
    public void Configure(EntityTypeBuilder<MailRejected> builder)
    {
        builder.ToTable("MailRejected");
        builder.Property(r => r.Folder).HasMaxLength(500);
        builder.Property(r => r.Error).HasMaxLength(MailRules.ErrorMaxLength);
        builder.Property(r => r.StoreKey).HasMaxLength(64);
        builder.HasOne<Mailbox>().WithMany().HasForeignKey(r => r.MailboxId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.MailboxId, r.Folder, r.UidValidity, r.Uid });
    }
}

internal sealed class MailTemplateConfiguration : IEntityTypeConfiguration<MailTemplate>
{
    public void Configure(EntityTypeBuilder<MailTemplate> builder)
    {
        builder.ToTable("MailTemplates");
        builder.Property(t => t.Name).HasMaxLength(MailTemplateRules.NameMaxLength);
        builder.Property(t => t.Subject).HasMaxLength(MailRules.SubjectMaxLength);
        builder.Property(t => t.Body).HasMaxLength(MailTemplateRules.BodyMaxLength);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(t => t.OwnerUserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.OwnerUserId, t.Name });
    }
}

internal sealed class MailSignatureConfiguration : IEntityTypeConfiguration<MailSignature>
{
    public void Configure(EntityTypeBuilder<MailSignature> builder)
    {
        builder.ToTable("MailSignatures");
        builder.HasKey(s => s.UserId);
        builder.Property(s => s.Body).HasMaxLength(MailTemplateRules.SignatureMaxLength);
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
