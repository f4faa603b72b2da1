namespace CrmBlazor.Core.Common;

/// <summary>Looks up leads, contacts, companies and deals by <see cref="ElementRef"/>: whether they exist, their titles, their owners.</summary>
internal static class ElementDirectory
{
    public static Task<bool> ExistsAsync(CrmDbContext db, ElementRef element, CancellationToken ct) => element.Kind switch
    {
        ElementKind.Lead => db.Leads.AnyAsync(l => l.Id == element.Id, ct),
        ElementKind.Contact => db.Contacts.AnyAsync(c => c.Id == element.Id, ct),
        ElementKind.Company => db.Companies.AnyAsync(c => c.Id == element.Id, ct),
        ElementKind.Deal => db.Deals.AnyAsync(d => d.Id == element.Id, ct),
        _ => Task.FromResult(false),
    };

    /// <summary>The title of each of <paramref name="elements"/> that still exists: one query per kind present.</summary>
    public static async Task<Dictionary<ElementRef, string>> TitlesAsync(CrmDbContext db, IEnumerable<ElementRef> elements, CancellationToken ct)
    {
        var titles = new Dictionary<ElementRef, string>();
        foreach (var group in elements.Distinct().GroupBy(e => e.Kind))
        {
            var ids = group.Select(e => e.Id).ToList();
            var rows = group.Key switch
            {
                ElementKind.Lead => await db.Leads.Where(l => ids.Contains(l.Id)).Select(l => new { l.Id, Title = l.Title }).ToListAsync(ct),
                ElementKind.Contact => await db.Contacts.Where(c => ids.Contains(c.Id))
                    .Select(c => new { c.Id, Title = (c.FirstName + " " + (c.LastName ?? "")).Trim() }).ToListAsync(ct),
                ElementKind.Company => await db.Companies.Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, Title = c.Name }).ToListAsync(ct),
                _ => await db.Deals.Where(d => ids.Contains(d.Id)).Select(d => new { d.Id, Title = d.Title }).ToListAsync(ct),
            };
            foreach (var row in rows)
            {
                titles[new ElementRef(group.Key, row.Id)] = row.Title;
            }
        }
        return titles;
    }

    /// <summary>The ids of the elements of <paramref name="kind"/> that <paramref name="userId"/> is responsible for.</summary>
    public static IQueryable<int> OwnedBy(CrmDbContext db, ElementKind kind, string userId) => kind switch
    {
        ElementKind.Lead => db.Leads.Where(l => l.ResponsibleUserId == userId).Select(l => l.Id),
        ElementKind.Contact => db.Contacts.Where(c => c.ResponsibleUserId == userId).Select(c => c.Id),
        ElementKind.Company => db.Companies.Where(c => c.ResponsibleUserId == userId).Select(c => c.Id),
        _ => db.Deals.Where(d => d.ResponsibleUserId == userId).Select(d => d.Id),
    };

    public static async Task<Dictionary<string, string>> UserNamesAsync(CrmDbContext db, IEnumerable<string?> userIds, CancellationToken ct)
    {
        var ids = userIds.OfType<string>().Distinct().ToList();
        return ids.Count == 0
            ? []
            : await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }
}
