namespace CrmBlazor.Core.Merging;

/// <summary>Two records of one kind that look like the same person or company, and why.</summary>
public sealed record DuplicatePair(ElementKind Kind, int FirstId, string FirstTitle, int SecondId, string SecondTitle, MatchReason Reason, string Value);

/// <summary>
/// The duplicates report (decision 020): pairs of leads, contacts or companies that share an e-mail, a phone or a name
/// (a company's name, a contact's or lead's first and last name, ignoring case), among those not deleted.
/// </summary>
public sealed class DuplicateReport(IDbContextFactory<CrmDbContext> contextFactory)
{
    public async Task<IReadOnlyList<DuplicatePair>> FindAsync(ElementKind kind, Actor actor, int take = 100, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var (emails, phones, names) = kind switch
        {
            ElementKind.Contact => Keys(db, AccessPolicy.Readable(db.Contacts.AsNoTracking(), actor, AccessEntity.Contact)),
            ElementKind.Company => Keys(db, AccessPolicy.Readable(db.Companies.AsNoTracking(), actor, AccessEntity.Company)),
            _ => Keys(db, AccessPolicy.Readable(db.Leads.AsNoTracking(), actor, AccessEntity.Lead)
                .Where(l => l.Status != LeadStatus.Converted && l.Status != LeadStatus.Junk)),
        };
        var pairs = new List<(int A, int B, MatchReason Reason, string Value)>();
        pairs.AddRange(await SharedAsync(emails, MatchReason.Email, take, ct));
        pairs.AddRange(await SharedAsync(phones, MatchReason.Phone, take, ct));
        pairs.AddRange(await SharedAsync(names, MatchReason.Name, take, ct));
        var unique = pairs.DistinctBy(p => (p.A, p.B)).Take(take).ToList();
        var titles = await ElementDirectory.TitlesAsync(db, unique.SelectMany(p => new[] { new ElementRef(kind, p.A), new ElementRef(kind, p.B) }), ct);
        return [.. unique.Select(p => new DuplicatePair(kind, p.A, titles.GetValueOrDefault(new ElementRef(kind, p.A)) ?? "", p.B,
            titles.GetValueOrDefault(new ElementRef(kind, p.B)) ?? "", p.Reason, p.Value))];
    }

    /// <summary>One record's e-mail, phone or upper-cased name: what two records must share to be a pair.</summary>
    private sealed class MatchKey
    {
        public int Id { get; init; }
        public required string Value { get; init; }
    }

    private static (IQueryable<MatchKey> Emails, IQueryable<MatchKey> Phones, IQueryable<MatchKey> Names) Keys(CrmDbContext db, IQueryable<Contact> contacts) => (
        db.Set<ContactEmail>().Join(contacts, e => e.ContactId, c => c.Id, (e, c) => new MatchKey { Id = e.ContactId, Value = e.Address }),
        db.Set<ContactPhone>().Join(contacts, p => p.ContactId, c => c.Id, (p, c) => new MatchKey { Id = p.ContactId, Value = p.Number }),
        contacts.Select(c => new MatchKey { Id = c.Id, Value = (c.FirstName + " " + (c.LastName ?? "")).ToUpper() }));

    private static (IQueryable<MatchKey> Emails, IQueryable<MatchKey> Phones, IQueryable<MatchKey> Names) Keys(CrmDbContext db, IQueryable<Company> companies) => (
        db.Set<CompanyEmail>().Join(companies, e => e.CompanyId, c => c.Id, (e, c) => new MatchKey { Id = e.CompanyId, Value = e.Address }),
        db.Set<CompanyPhone>().Join(companies, p => p.CompanyId, c => c.Id, (p, c) => new MatchKey { Id = p.CompanyId, Value = p.Number }),
        companies.Select(c => new MatchKey { Id = c.Id, Value = c.Name.ToUpper() }));

    private static (IQueryable<MatchKey> Emails, IQueryable<MatchKey> Phones, IQueryable<MatchKey> Names) Keys(CrmDbContext db, IQueryable<Lead> leads) => (
        db.Set<LeadEmail>().Join(leads, e => e.LeadId, l => l.Id, (e, l) => new MatchKey { Id = e.LeadId, Value = e.Address }),
        db.Set<LeadPhone>().Join(leads, p => p.LeadId, l => l.Id, (p, l) => new MatchKey { Id = p.LeadId, Value = p.Number }),
        leads.Where(l => l.LastName != null).Select(l => new MatchKey { Id = l.Id, Value = ((l.FirstName ?? "") + " " + l.LastName).ToUpper() }));

    /// <summary>Pairs of different records (lower id first) with the same key, in SQL.</summary>
    private static async Task<IEnumerable<(int A, int B, MatchReason Reason, string Value)>> SharedAsync(IQueryable<MatchKey> keys, MatchReason reason, int take, CancellationToken ct) =>
        (await keys.Join(keys, a => a.Value, b => b.Value, (a, b) => new { A = a.Id, B = b.Id, a.Value })
            .Where(x => x.A < x.B).Distinct().Take(take).ToListAsync(ct))
        .Select(x => (x.A, x.B, reason, x.Value.Trim()));
}
