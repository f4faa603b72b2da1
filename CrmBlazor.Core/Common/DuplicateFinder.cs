using Microsoft.Extensions.Options;

namespace CrmBlazor.Core.Common;

public enum MatchReason
{
    Email,
    Phone,
    CompanyName,
    /// <summary>The same person's or company's name (the duplicates report).</summary>
    Name,
}

/// <summary>An existing record that looks like the same person or company.</summary>
/// <param name="Hidden">
/// A record the asking user may not read (decision 011): only that a duplicate exists and why (the value typed), with
/// no id and no name.
/// </param>
public sealed record DuplicateMatch(ElementKind Kind, int Id, string Name, MatchReason Reason, string Value, bool Hidden = false);

/// <summary>What to look for: raw input as typed; phones are normalized and e-mails lower-cased before matching.</summary>
public sealed record DuplicateProbe(IReadOnlyList<string> Emails, IReadOnlyList<string> Phones, string? CompanyName, int? ExcludeLeadId = null);

/// <summary>
/// Possible duplicates among leads, contacts and companies: the same e-mail or phone (any of a record's, however it
/// was typed), or the same company name. Any feature that adds people or companies may ask it.
/// </summary>
public sealed class DuplicateFinder(IDbContextFactory<CrmDbContext> contextFactory, IOptions<CrmOptions> options)
{
    private string Region => options.Value.DefaultPhoneRegion;

    /// <summary>
    /// The duplicates <see cref="FindAsync(DuplicateProbe, CancellationToken)"/> finds, as <paramref name="actor"/> may
    /// see them: a record their role does not read says only that a duplicate exists (<see cref="DuplicateMatch.Hidden"/>).
    /// </summary>
    public async Task<IReadOnlyList<DuplicateMatch>> FindAsync(DuplicateProbe probe, Actor actor, CancellationToken ct = default)
    {
        var matches = await FindAsync(probe, ct);
        if (matches.Count == 0)
        {
            return matches;
        }
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var owners = new Dictionary<(ElementKind, int), string?>();
        foreach (var kind in matches.Select(m => m.Kind).Distinct())
        {
            var ids = matches.Where(m => m.Kind == kind).Select(m => m.Id).ToList();
            var found = kind switch
            {
                ElementKind.Lead => await db.Leads.Where(l => ids.Contains(l.Id)).Select(l => new { l.Id, l.ResponsibleUserId }).ToListAsync(ct),
                ElementKind.Contact => await db.Contacts.Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.ResponsibleUserId }).ToListAsync(ct),
                _ => await db.Companies.Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.ResponsibleUserId }).ToListAsync(ct),
            };
            foreach (var owner in found)
            {
                owners[(kind, owner.Id)] = owner.ResponsibleUserId;
            }
        }
        return matches
            .Select(m => AccessPolicy.MayRead(actor, AccessPolicy.EntityOf(m.Kind), owners.GetValueOrDefault((m.Kind, m.Id)))
                ? m
                : new DuplicateMatch(m.Kind, 0, "", m.Reason, m.Value, Hidden: true))
            .DistinctBy(m => (m.Kind, m.Id, m.Reason))
            .ToList();
    }

    /// <summary>Leads, contacts and companies that share an e-mail or a phone with the probe, or companies (and leads) its company name.</summary>
    public async Task<IReadOnlyList<DuplicateMatch>> FindAsync(DuplicateProbe probe, CancellationToken ct = default)
    {
        var emails = probe.Emails.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim().ToLowerInvariant()).Distinct().ToList();
        var phones = probe.Phones.Select(p => PhoneNumberFormat.Normalize(p, Region)).OfType<string>().Distinct().ToList();
        var company = Validator.Clean(probe.CompanyName);
        var matches = new List<DuplicateMatch>();
        if (emails.Count == 0 && phones.Count == 0 && company is null)
        {
            return matches;
        }
        const int take = 10;
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var exclude = probe.ExcludeLeadId ?? 0;

        var leadEmails = await db.Set<LeadEmail>().Where(e => emails.Contains(e.Address) && e.LeadId != exclude)
            .Join(db.Leads, e => e.LeadId, l => l.Id, (e, l) => new { l.Id, l.Title, e.Address }).Take(take).ToListAsync(ct);
        matches.AddRange(leadEmails.Select(m => new DuplicateMatch(ElementKind.Lead, m.Id, m.Title, MatchReason.Email, m.Address)));
        var leadPhones = await db.Set<LeadPhone>().Where(p => phones.Contains(p.Number) && p.LeadId != exclude)
            .Join(db.Leads, p => p.LeadId, l => l.Id, (p, l) => new { l.Id, l.Title, p.Number }).Take(take).ToListAsync(ct);
        matches.AddRange(leadPhones.Select(m => new DuplicateMatch(ElementKind.Lead, m.Id, m.Title, MatchReason.Phone, m.Number)));

        // Every phone and e-mail of a contact or company counts, not only the first (they live in child tables).
        var contactEmails = await db.Set<ContactEmail>().Where(e => emails.Contains(e.Address))
            .Join(db.Contacts, e => e.ContactId, c => c.Id, (e, c) => new { c.Id, Name = (c.FirstName + " " + (c.LastName ?? "")).Trim(), e.Address }).Take(take).ToListAsync(ct);
        matches.AddRange(contactEmails.Select(m => new DuplicateMatch(ElementKind.Contact, m.Id, m.Name, MatchReason.Email, m.Address)));
        var contactPhones = await db.Set<ContactPhone>().Where(p => phones.Contains(p.Number))
            .Join(db.Contacts, p => p.ContactId, c => c.Id, (p, c) => new { c.Id, Name = (c.FirstName + " " + (c.LastName ?? "")).Trim(), p.Number }).Take(take).ToListAsync(ct);
        matches.AddRange(contactPhones.Select(m => new DuplicateMatch(ElementKind.Contact, m.Id, m.Name, MatchReason.Phone, m.Number)));

        var companyName = company?.ToUpperInvariant();
        if (companyName is not null)
        {
            var byName = await db.Companies.AsNoTracking().Where(c => c.Name.ToUpper() == companyName).Select(c => new { c.Id, c.Name }).Take(take).ToListAsync(ct);
            matches.AddRange(byName.Select(c => new DuplicateMatch(ElementKind.Company, c.Id, c.Name, MatchReason.CompanyName, c.Name)));
        }
        var companyEmails = await db.Set<CompanyEmail>().Where(e => emails.Contains(e.Address))
            .Join(db.Companies, e => e.CompanyId, c => c.Id, (e, c) => new { c.Id, c.Name, e.Address }).Take(take).ToListAsync(ct);
        matches.AddRange(companyEmails.Select(m => new DuplicateMatch(ElementKind.Company, m.Id, m.Name, MatchReason.Email, m.Address)));
        var companyPhones = await db.Set<CompanyPhone>().Where(p => phones.Contains(p.Number))
            .Join(db.Companies, p => p.CompanyId, c => c.Id, (p, c) => new { c.Id, c.Name, p.Number }).Take(take).ToListAsync(ct);
        matches.AddRange(companyPhones.Select(m => new DuplicateMatch(ElementKind.Company, m.Id, m.Name, MatchReason.Phone, m.Number)));

        if (companyName is not null)
        {
            var sameCompany = await db.Leads.AsNoTracking().Where(l => l.Id != exclude && l.CompanyName != null && l.CompanyName.ToUpper() == companyName)
                .Select(l => new { l.Id, l.Title, l.CompanyName }).Take(take).ToListAsync(ct);
            matches.AddRange(sameCompany.Select(l => new DuplicateMatch(ElementKind.Lead, l.Id, l.Title, MatchReason.CompanyName, l.CompanyName!)));
        }
        return matches.DistinctBy(m => (m.Kind, m.Id)).ToList();
    }
}
