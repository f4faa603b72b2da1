using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Core.Search;

/// <summary>What <see cref="SearchService"/> finds in <see cref="SearchEntry"/>: the elements of the CRM and the catalog's products.</summary>
public enum SearchKind
{
    Lead = 1,
    Contact = 2,
    Company = 3,
    Deal = 4,
    Product = 6,
}

/// <summary>
/// One searchable element's row of the search index: what it is called and everything it is found by, folded
/// (lower case, no diacritics, phones as digits), with its responsible user for the read scope. Written only by
/// <see cref="SearchIndexer"/> from <see cref="CrmDbContext"/>'s save, in the same transaction as the change; the
/// full-text index over <see cref="Text"/> (SQLite FTS5 trigram, PostgreSQL pg_trgm) follows it (decision 019).
/// </summary>
public class SearchEntry : IResponsibleRecord
{
    /// <summary>
    /// The row's key, made of its kind and element (<see cref="KeyOf"/>), not generated: each kind owns one range of
    /// keys (<see cref="KeysOf"/>), so the SQLite full-text match, whose rowids these keys are, is narrowed to one kind
    /// without reading a row, and a match's element id is its rowid less the range's start (decision 019).
    /// </summary>
    public long Id { get; set; }
    public SearchKind Kind { get; set; }
    public int ElementId { get; set; }
    public string? ResponsibleUserId { get; set; }

    /// <summary>The element's name as shown (a lead's title, a contact's full name, a product's name).</summary>
    public required string Title { get; set; }

    /// <summary>A second line that tells two of the same name apart (company, e-mail, phone, SKU).</summary>
    public string? Detail { get; set; }

    /// <summary><see cref="Title"/> folded: what ranking compares the query with.</summary>
    public required string Name { get; set; }

    /// <summary>Every searchable field folded, one per line, phones also as their digits.</summary>
    public required string Text { get; set; }

    private const int KindShift = 32;

    /// <summary>The key of <paramref name="kind"/>'s row for element <paramref name="elementId"/>.</summary>
    public static long KeyOf(SearchKind kind, int elementId) => ((long)kind << KindShift) | (uint)elementId;

    /// <summary>The keys of <paramref name="kind"/>'s rows: from <c>From</c> (inclusive) to <c>To</c> (exclusive).</summary>
    public static (long From, long To) KeysOf(SearchKind kind) => ((long)kind << KindShift, ((long)kind + 1) << KindShift);
}

internal sealed class SearchEntryConfiguration : IEntityTypeConfiguration<SearchEntry>
{
    public const int TitleMaxLength = 300;

    public void Configure(EntityTypeBuilder<SearchEntry> builder)
    {
        // The SQLite full-text table is kept by triggers on this table (migration SearchFullText): EF must not use
        // RETURNING on it. PostgreSQL's trigram index needs no trigger.
        builder.ToTable("SearchEntries", t =>
        {
            t.HasTrigger("SearchEntries_ai");
            t.HasTrigger("SearchEntries_ad");
            t.HasTrigger("SearchEntries_au");
        });
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.HasIndex(e => new { e.Kind, e.ElementId }).IsUnique();
        builder.Property(e => e.Title).HasMaxLength(TitleMaxLength);
        builder.Property(e => e.Detail).HasMaxLength(TitleMaxLength);
        builder.Property(e => e.Name).HasMaxLength(TitleMaxLength);
        builder.Property(e => e.Text).HasMaxLength(8000);
        builder.Property(e => e.ResponsibleUserId).HasMaxLength(450);
    }
}
