using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Core.Data.Configurations;

internal sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> builder)
    {
        builder.Ignore(a => a.Element);
        builder.Property(a => a.Subject).HasMaxLength(ActivityRules.SubjectMaxLength);
        builder.Property(a => a.Description).HasMaxLength(ActivityRules.DescriptionMaxLength);
        builder.Property(a => a.Outcome).HasMaxLength(ActivityRules.OutcomeMaxLength);
        builder.Property(a => a.ResponsibleUserId).HasMaxLength(450);
        builder.Property(a => a.CreatedById).HasMaxLength(450);
        builder.Property(a => a.CompletedById).HasMaxLength(450);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasOne<Identity.CrmUser>().WithMany().HasForeignKey(a => a.ResponsibleUserId).OnDelete(DeleteBehavior.Restrict);
        // A user's counters; an element's activities; the deadline watcher's next deadline.
        builder.HasIndex(a => new { a.ResponsibleUserId, a.State, a.Deadline });
        // Both hold the element and DeletedAt (every query leaves the bin out), so the board's "overdue" and "no activity
        // planned" sets of deals are read from an index alone (issue 18).
        builder.HasIndex(a => new { a.ElementKind, a.ElementId, a.State, a.Deadline, a.DeletedAt });
        builder.HasIndex(a => new { a.State, a.Deadline, a.ElementKind, a.ElementId, a.DeletedAt });
        // The reminder loop: the unsent reminders by time (done and late ones are marked handled, so these stay few).
        builder.HasIndex(a => new { a.ReminderSentAt, a.RemindAt });
        // An activity of an element in the recycle bin is hidden with it (decision 020).
        builder.HasQueryFilter(a => a.DeletedAt == null);
    }
}

internal sealed class TimelineEntryConfiguration : IEntityTypeConfiguration<TimelineEntry>
{
    public void Configure(EntityTypeBuilder<TimelineEntry> builder)
    {
        builder.Ignore(e => e.Element);
        builder.Property(e => e.AuthorId).HasMaxLength(450);
        builder.Property(e => e.Field).HasMaxLength(64);
        builder.Property(e => e.OldValue).HasMaxLength(TimelineRules.ValueMaxLength);
        builder.Property(e => e.NewValue).HasMaxLength(TimelineRules.ValueMaxLength);
        builder.Property(e => e.Text).HasMaxLength(TimelineRules.CommentMaxLength);
        builder.Property(e => e.RelatedKind).HasMaxLength(32);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasIndex(e => new { e.ElementKind, e.ElementId, e.At });
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.AuthorId, e.At });
        // Entries that point at an element (a merge moves them to the survivor, an erasure cuts them): found by a seek.
        builder.HasIndex(e => new { e.RelatedKind, e.RelatedId });
    }
}
