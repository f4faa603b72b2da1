namespace CrmBlazor.Core.Search;

/// <summary>One element found by <see cref="SearchService"/>, with where it opens.</summary>
public sealed record SearchHit(SearchKind Kind, int Id, string Title, string? Detail)
{
    public string Path => Kind switch
    {
        SearchKind.Lead => $"/leads/{Id}",
        SearchKind.Contact => $"/contacts/{Id}",
        SearchKind.Company => $"/companies/{Id}",
        SearchKind.Deal => $"/deals/{Id}",
        _ => $"/products?search={Uri.EscapeDataString(Title)}",
    };
}

/// <summary>The best hits of one kind, best first; <see cref="HasMore"/> when there were more than were asked for.</summary>
public sealed record SearchGroup(SearchKind Kind, IReadOnlyList<SearchHit> Hits, bool HasMore);

/// <summary>
/// Search everywhere: leads, contacts, companies, deals and products by name, company, e-mail, phone (any run of its
/// digits), title and comment, through the full-text index of <see cref="SearchEntry"/> (decision 019); grouped by
/// kind, ranked, and only what the actor may read (the read scope of each kind, in SQL).
/// </summary>
public sealed class SearchService(IDbContextFactory<CrmDbContext> contextFactory)
{
    /// <summary>The kinds in the order their groups are shown.</summary>
    public static readonly IReadOnlyList<SearchKind> Kinds = [SearchKind.Contact, SearchKind.Company, SearchKind.Deal, SearchKind.Lead, SearchKind.Product];

    /// <summary>
    /// The elements <paramref name="actor"/> may read whose index row holds every term of <paramref name="query"/>, at
    /// most <paramref name="perKind"/> of each kind. Ranked: the name equal to the query, then starting with it, then a
    /// word of the name starting with it, then the name holding it, then any other field; ties by name.
    /// </summary>
    public async Task<IReadOnlyList<SearchGroup>> SearchAsync(string? query, Actor actor, int perKind = 5, CancellationToken ct = default)
    {
        var terms = SearchText.Terms(query);
        if (terms.Count == 0 || perKind <= 0)
        {
            return [];
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var groups = new List<SearchGroup>();
        foreach (var kind in Kinds)
        {
            var entity = (AccessEntity)(int)kind;
            if (!AccessPolicy.MayAtAll(actor, entity, AccessAction.Read))
            {
                continue;
            }
            var entries = AccessPolicy.Readable(NotInTheBin(db, Matching(db, terms, kind), kind), actor, entity);
            var hits = await Ranked(entries, terms).Take(perKind + 1)
                .Select(e => new SearchHit(e.Kind, e.ElementId, e.Title, e.Detail)).ToListAsync(ct);
            if (hits.Count > 0)
            {
                groups.Add(new SearchGroup(kind, hits.Take(perKind).ToList(), hits.Count > perKind));
            }
        }
        return groups;
    }

    /// <summary>
    /// Leads, contacts and companies in the recycle bin keep their index rows (they come back on undo) but are not
    /// found (decision 020): the rows of the few elements in the bin are left out, read through its partial index,
    /// rather than each match tested against its element (which SQLite may answer by first reading every element).
    /// </summary>
    private static IQueryable<SearchEntry> NotInTheBin(CrmDbContext db, IQueryable<SearchEntry> entries, SearchKind kind)
    {
        var binned = kind switch
        {
            SearchKind.Lead => db.Leads.IgnoreQueryFilters().Where(l => l.DeletedAt != null).Select(l => l.Id),
            SearchKind.Contact => db.Contacts.IgnoreQueryFilters().Where(c => c.DeletedAt != null).Select(c => c.Id),
            SearchKind.Company => db.Companies.IgnoreQueryFilters().Where(c => c.DeletedAt != null).Select(c => c.Id),
            _ => null,
        };
        return binned is null ? entries : entries.Where(e => !binned.Contains(e.ElementId));
    }

    /// <summary>
    /// The rows of <paramref name="kind"/> that hold every term. SQLite: the terms of three characters or more through
    /// the FTS5 trigram table <c>SearchFts</c>, narrowed to the kind's keys (<see cref="SearchEntry.KeysOf"/>) inside
    /// the match, so no row of another kind is read; PostgreSQL: <c>LIKE</c>, which its pg_trgm GIN index answers.
    /// Shorter terms are checked with <c>LIKE</c> on what the others found.
    /// </summary>
    /// <remarks>
    /// On SQLite the rows are read by key from the match (<c>CROSS JOIN</c> keeps that order): a query that needs only
    /// columns of the (Kind, ElementId) index could otherwise be planned as a walk of that whole index.
    /// </remarks>
    internal static IQueryable<SearchEntry> Matching(CrmDbContext db, IReadOnlyList<string> terms, SearchKind kind)
    {
        var entries = db.SearchEntries.AsNoTracking().Where(e => e.Kind == kind);
        var likeTerms = terms;
        var indexed = terms.Where(t => t.Length >= SearchText.MinIndexedLength).ToList();
        if (db.Database.IsSqlite() && indexed.Count > 0)
        {
            var match = SearchText.Fts5Query(indexed);
            var (from, to) = SearchEntry.KeysOf(kind);
            entries = db.SearchEntries.FromSql(
                $"SELECT e.* FROM SearchFts CROSS JOIN SearchEntries AS e ON e.Id = SearchFts.rowid WHERE SearchFts MATCH {match} AND SearchFts.rowid >= {from} AND SearchFts.rowid < {to}").AsNoTracking();
            likeTerms = terms.Where(t => t.Length < SearchText.MinIndexedLength).ToList();
        }
        foreach (var term in likeTerms)
        {
            var pattern = "%" + TextSearch.Literal(term) + "%";
            entries = entries.Where(e => EF.Functions.Like(e.Text, pattern, TextSearch.Escape));
        }
        return entries;
    }

    /// <summary>
    /// The ids of the elements of <paramref name="kind"/> whose row holds every term, for a list's or the board's text
    /// filter. On SQLite, when every term goes to the full-text match, they are the match's rowids less the kind's
    /// first key: no row of the index is read.
    /// </summary>
    internal static IQueryable<int> MatchingIds(CrmDbContext db, IReadOnlyList<string> terms, SearchKind kind)
    {
        if (db.Database.IsSqlite() && terms.Count > 0 && terms.All(t => t.Length >= SearchText.MinIndexedLength))
        {
            var match = SearchText.Fts5Query(terms);
            var (from, to) = SearchEntry.KeysOf(kind);
            return db.Database.SqlQuery<int>(
                $"SELECT SearchFts.rowid - {from} AS Value FROM SearchFts WHERE SearchFts MATCH {match} AND SearchFts.rowid >= {from} AND SearchFts.rowid < {to}");
        }
        return Matching(db, terms, kind).Select(e => e.ElementId);
    }

    /// <summary>
    /// The ids of the elements of <paramref name="kind"/> out of the bin whose name (<see cref="SearchEntry.Name"/>,
    /// folded) holds every term: the board's "contact or company" filter.
    /// </summary>
    internal static IQueryable<int> NamedIds(CrmDbContext db, IReadOnlyList<string> terms, SearchKind kind)
    {
        var entries = NotInTheBin(db, Matching(db, terms, kind), kind);
        foreach (var term in terms)
        {
            var pattern = "%" + TextSearch.Literal(term) + "%";
            entries = entries.Where(e => EF.Functions.Like(e.Name, pattern, TextSearch.Escape));
        }
        return entries.Select(e => e.ElementId);
    }

    private static IOrderedQueryable<SearchEntry> Ranked(IQueryable<SearchEntry> entries, IReadOnlyList<string> terms)
    {
        var phrase = string.Join(' ', terms);
        var starts = TextSearch.Literal(phrase) + "%";
        var wordStarts = "% " + TextSearch.Literal(phrase) + "%";
        var holds = "%" + TextSearch.Literal(phrase) + "%";
        return entries
            .OrderBy(e => e.Name == phrase ? 0
                : EF.Functions.Like(e.Name, starts, TextSearch.Escape) ? 1
                : EF.Functions.Like(e.Name, wordStarts, TextSearch.Escape) ? 2
                : EF.Functions.Like(e.Name, holds, TextSearch.Escape) ? 3
                : 4)
            .ThenBy(e => e.Name)
            .ThenBy(e => e.ElementId);
    }

    /// <summary>
    /// Fills the index for elements it does not hold yet (a database whose elements are older than the index); run at
    /// start-up, after the migrations.
    /// </summary>
    public static async Task BuildMissingAsync(CrmDbContext db, CancellationToken ct)
    {
        if (await db.SearchEntries.AnyAsync(ct))
        {
            return;
        }
        if (await db.Leads.AnyAsync(ct) || await db.Contacts.AnyAsync(ct) || await db.Companies.AnyAsync(ct) || await db.Deals.AnyAsync(ct) || await db.Products.AnyAsync(ct))
        {
            await SearchIndexer.RebuildAsync(db, ct);
        }
    }
}
