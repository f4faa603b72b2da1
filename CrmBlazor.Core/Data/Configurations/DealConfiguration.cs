using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Core.Data.Configurations;

internal sealed class DealConfiguration : IEntityTypeConfiguration<Deal>
{
    public void Configure(EntityTypeBuilder<Deal> builder)
    {
        builder.Property(d => d.Title).HasMaxLength(DealRules.TitleMaxLength);
        builder.Property(d => d.Currency).HasMaxLength(3);
        builder.Property(d => d.Rank).HasMaxLength(128);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.HasOne(d => d.Stage).WithMany().HasForeignKey(d => d.StageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Pipelines.Pipeline>().WithMany().HasForeignKey(d => d.PipelineId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(d => d.Company).WithMany().HasForeignKey(d => d.CompanyId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(d => d.Contact).WithMany().HasForeignKey(d => d.ContactId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(d => d.LostReason).WithMany().HasForeignKey(d => d.LostReasonId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(d => d.CloseComment).HasMaxLength(DealRules.CloseCommentMaxLength);
        builder.HasOne(d => d.ResponsibleUser).WithMany().HasForeignKey(d => d.ResponsibleUserId).OnDelete(DeleteBehavior.SetNull);
        // A column's cards in order come from the first index; its count and per-currency sums from the second alone.
        // Both end with the responsible user, so a scoped role's board filters inside the index too (issue 11).
        builder.HasIndex(d => new { d.StageId, d.Rank, d.ResponsibleUserId });
        builder.HasIndex(d => new { d.StageId, d.Currency, d.Amount, d.ResponsibleUserId });
        // A filtered board's counts and sums: the second index and every column the toolbar filters on (created, stale,
        // closed, contact or company), so SQLite reads them from the index alone (issue 18). Kept beside the narrower
        // one, which an unfiltered board (the usual one) reads in 60 % of the time (docs/PERFORMANCE.md, session 13).
        builder.HasIndex(d => new { d.StageId, d.Currency, d.Amount, d.ResponsibleUserId, d.CreatedAt, d.StageEnteredAt, d.ClosedAt, d.ContactId, d.CompanyId })
            .HasDatabaseName("IX_Deals_BoardFilters");
        // A scoped role's counts and sums: seeks per stage and readable user (AccessPolicy.ReadableParts, decision 024).
        builder.HasIndex(d => new { d.StageId, d.ResponsibleUserId, d.Currency, d.Amount });
        // The funnel reads only this index, in its order: its GROUP BY (stage, furthest stage, currency) needs no sort,
        // and the period and user are filtered inside the index (see docs/PERFORMANCE.md, scenario 5).
        builder.HasIndex(d => new { d.PipelineId, d.StageId, d.FurthestOpenStageSort, d.Currency, d.CreatedAt, d.ResponsibleUserId, d.Amount })
            .HasDatabaseName("IX_Deals_Funnel");
        // Closed deals only: open ones are nearly all of them, and an index entry per NULL made SQLite's statistics
        // call "ClosedAt IS NULL" selective (it counts each NULL as a value of its own), so the stale filter read every
        // deal through it. Every query by close date names a range, which implies the filter.
        builder.HasIndex(d => d.ClosedAt).HasFilter("\"ClosedAt\" IS NOT NULL");
        // The API's deal list (decision 014) pages a pipeline by keyset on (key, id): by id, or newest/oldest first,
        // each page an index seek however far on. Other sorts (title, amount, ...) sort in the database.
        builder.HasIndex(d => new { d.PipelineId, d.Id }).HasDatabaseName("IX_Deals_Api_PipelineId_Id");
        builder.HasIndex(d => new { d.PipelineId, d.CreatedAt, d.Id }).HasDatabaseName("IX_Deals_Api_PipelineId_CreatedAt_Id");
    }
}

/// <summary>
/// The funnel's roll-up. Its key is the funnel's <c>GROUP BY</c> (stage, furthest open stage, currency), then the
/// day and the user, which the funnel filters on. On SQLite one index holds every column in that order, so the funnel
/// reads it alone and aggregates as it goes; the triggers (migration <c>FunnelRollup</c>) seek the same index to update
/// a key's one row. On PostgreSQL (which aggregates with a hash) the triggers only insert, and an index of a pipeline's
/// days serves the funnel and <see cref="Reports.FunnelRollupCompactor"/>.
/// </summary>
internal sealed class DealFunnelDayConfiguration : IEntityTypeConfiguration<Reports.DealFunnelDay>
{
    public void Configure(EntityTypeBuilder<Reports.DealFunnelDay> builder)
    {
        builder.Property(r => r.Currency).HasMaxLength(3);
        builder.Property(r => r.ResponsibleUserId).HasMaxLength(450);
        builder.Property(r => r.AmountLow).HasPrecision(38, 4); // many deals' sum: past a deal's numeric(18,4) on PostgreSQL
    }
}

internal sealed class LostReasonConfiguration : IEntityTypeConfiguration<LostReason>
{
    public void Configure(EntityTypeBuilder<LostReason> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(DealRules.LostReasonMaxLength);
    }
}

internal sealed class DealStageChangeConfiguration : IEntityTypeConfiguration<DealStageChange>
{
    public void Configure(EntityTypeBuilder<DealStageChange> builder)
    {
        builder.HasOne(c => c.Deal).WithMany().HasForeignKey(c => c.DealId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.DealId, c.ChangedAt });
        // The stage-duration report starts from the changes made in a period.
        builder.HasIndex(c => c.ChangedAt);
        builder.Property(c => c.ChangedById).HasMaxLength(450);
    }
}
