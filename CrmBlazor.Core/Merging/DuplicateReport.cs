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
        var pairs = new List<(int A, int B, MatchReason Reason, string Value)>();
        switch (kind)
        {
            case ElementKind.Contact:
            {
                var contacts = AccessPolicy.Readable(db.Contacts.AsNoTracking(), actor, AccessEntity.Contact);
                var emails = db.Set<ContactEmail>().Join(contacts, e => e.ContactId, c => c.Id, (e, c) => e);
                var phones = db.Set<ContactPhone>().Join(contacts, p => p.ContactId, c => c.Id, (p, c) => p);
                pairs.AddRange((await emails.Join(emails, a => a.Address, b => b.Address, (a, b) => new { A = a.ContactId, B = b.ContactId, a.Address })
                    .Where(x => x.A < x.B).Distinct().Take(take).ToListAsync(ct)).Select(x => (x.A, x.B, MatchReason.Email, x.Address)));
                pairs.AddRange((await phones.Join(phones, a => a.Number, b => b.Number, (a, b) => new { A = a.ContactId, B = b.ContactId, a.Number })
                    .Where(x => x.A < x.B).Distinct().Take(take).ToListAsync(ct)).Select(x => (x.A, x.B, MatchReason.Phone, x.Number)));
                var named = contacts.Select(c => new { c.Id, Name = (c.FirstName + " " + (c.LastName ?? "")).ToUpper() });
                pairs.AddRange((await named.Join(named, a => a.Name, b => b.Name, (a, b) => new { A = a.Id, B = b.Id, a.Name })
                    .Where(x => x.A < x.B).Take(take).ToListAsync(ct)).Select(x => (x.A, x.B, MatchReason.Name, x.Name.Trim())));
                break;
            }
            case ElementKind.Company:
            {
                var companies = AccessPolicy.Readable(db.Companies.AsNoTracking(), actor, AccessEntity.Company);
                var emails = db.Set<CompanyEmail>().Join(companies, e => e.CompanyId, c => c.Id, (e, c) => e);
                var phones = db.Set<CompanyPhone>().Join(companies, p => p.CompanyId, c => c.Id, (p, c) => p);
                pairs.AddRange((await emails.Join(emails, a => a.Address, b => b.Address, (a, b) => new { A = a.CompanyId, B = b.CompanyId, a.Address })
                    .Where(x => x.A < x.B).Distinct().Take(take).ToListAsync(ct)).Select(x => (x.A, x.B, MatchReason.Email, x.Address)));
                pairs.AddRange((await phones.Join(phones, a => a.Number, b => b.Number, (a, b) => new { A = a.CompanyId, B = b.CompanyId, a.Number })
                    .Where(x => x.A < x.B).Distinct().Take(take).ToListAsync(ct)).Select(x => (x.A, x.B, MatchReason.Phone, x.Number)));
                var named = companies.Select(c => new { c.Id, Name = c.Name.ToUpper() });
                pairs.AddRange((await named.Join(named, a => a.Name, b => b.Name, (a, b) => new { A = a.Id, B = b.Id, a.Name })
                    .Where(x => x.A < x.B).Take(take).ToListAsync(ct)).Select(x => (x.A, x.B, MatchReason.Name, x.Name)));
                break;
            }
            default:
            {
                var leads = AccessPolicy.Readable(db.Leads.AsNoTracking(), actor, AccessEntity.Lead).Where(l => l.Status != LeadStatus.Converted && l.Status != LeadStatus.Junk);
                var emails = db.Set<LeadEmail>().Join(leads, e => e.LeadId, l => l.Id, (e, l) => e);
                var phones = db.Set<LeadPhone>().Join(leads, p => p.LeadId, l => l.Id, (p, l) => p);
                pairs.AddRange((await emails.Join(emails, a => a.Address, b => b.Address, (a, b) => new { A = a.LeadId, B = b.LeadId, a.Address })
                    .Where(x => x.A < x.B).Distinct().Take(take).ToListAsync(ct)).Select(x => (x.A, x.B, MatchReason.Email, x.Address)));
                pairs.AddRange((await phones.Join(phones, a => a.Number, b => b.Number, (a, b) => new { A = a.LeadId, B = b.LeadId, a.Number })
                    .Where(x => x.A < x.B).Distinct().Take(take).ToListAsync(ct)).Select(x => (x.A, x.B, MatchReason.Phone, x.Number)));
                var named = leads.Where(l => l.LastName != null).Select(l => new { l.Id, Name = ((l.FirstName ?? "") + " " + l.LastName).ToUpper() });
                pairs.AddRange((await named.Join(named, a => a.Name, b => b.Name, (a, b) => new { A = a.Id, B = b.Id, a.Name })
                    .Where(x => x.A < x.B).Take(take).ToListAsync(ct)).Select(x => (x.A, x.B, MatchReason.Name, x.Name.Trim())));
                break;
            }
        }
        var unique = pairs.DistinctBy(p => (p.A, p.B)).Take(take).ToList();
        var titles = await ElementDirectory.TitlesAsync(db, unique.SelectMany(p => new[] { new ElementRef(kind, p.A), new ElementRef(kind, p.B) }), ct);
        return [.. unique.Select(p => new DuplicatePair(kind, p.A, titles.GetValueOrDefault(new ElementRef(kind, p.A)) ?? "", p.B,
            titles.GetValueOrDefault(new ElementRef(kind, p.B)) ?? "", p.Reason, p.Value))];
    }
}
