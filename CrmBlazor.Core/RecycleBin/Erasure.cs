using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Core.RecycleBin;

/// <summary>
/// That a GDPR erasure happened (decision 020), kept without any of the erased data: when, by whom, which records by
/// kind and number, and how much went.
/// </summary>
public class ErasureRecord
{
    public int Id { get; set; }
    public DateTime At { get; set; }
    public required string ErasedById { get; set; }
    /// <summary>The erased records as "Lead 12, Contact 7": kinds and numbers only.</summary>
    public required string Records { get; set; }
    /// <summary>Rows removed: the records, their phones, e-mails, activities, timelines, messages and calls.</summary>
    public int RowsDeleted { get; set; }
    /// <summary>Text values elsewhere that named the person and now say <see cref="ErasureService.Redacted"/>.</summary>
    public int ValuesRedacted { get; set; }
    /// <summary>Stored files removed (mail attachments, rejected messages that named the person).</summary>
    public int FilesDeleted { get; set; }
    /// <summary>Deals kept as anonymous figures (their money, stage and dates).</summary>
    public int DealsKept { get; set; }
}

/// <summary>What an erasure did, as its audit record says.</summary>
public sealed record ErasureOutcome(IReadOnlyList<ElementRef> Erased, int RowsDeleted, int ValuesRedacted, int FilesDeleted, int DealsKept);

internal sealed class ErasureRecordConfiguration : IEntityTypeConfiguration<ErasureRecord>
{
    public void Configure(EntityTypeBuilder<ErasureRecord> builder)
    {
        builder.Property(r => r.ErasedById).HasMaxLength(450);
        builder.Property(r => r.Records).HasMaxLength(2000);
        builder.HasIndex(r => r.At);
    }
}
