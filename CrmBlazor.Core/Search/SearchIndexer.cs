using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CrmBlazor.Core.Search;

/// <summary>
/// Keeps <see cref="SearchEntry"/> rows current from <see cref="CrmDbContext"/>'s save: what a save adds, changes or
/// deletes among leads, contacts, companies, deals and products (and their phones and e-mails) is noted before it is
/// written, and the rows of those elements are rebuilt from the database after it, in the same transaction. No service
/// indexes by hand, so no write path can forget it (decision 019).
/// </summary>
internal static class SearchIndexer
{
    /// <summary>The elements a save touches, as the tracked objects (new ones get their keys during the save).</summary>
    internal sealed class Touched
    {
        public List<object> Entities { get; } = [];
        public List<Company> RenamedCompanies { get; } = [];
        public List<Contact> RenamedContacts { get; } = [];
        /// <summary>Elements new in this save: no row of the index and no comment yet (unless one is touched too).</summary>
        public List<object> Added { get; } = [];
        public bool IsEmpty => Entities.Count == 0;
    }

    /// <summary>The properties a row of the index is made of, per element type (besides phones, e-mails and addresses).</summary>
    private static readonly Dictionary<Type, string[]> IndexedProperties = new()
    {
        [typeof(Lead)] = [nameof(Lead.Title), nameof(Lead.FirstName), nameof(Lead.LastName), nameof(Lead.CompanyName), nameof(Lead.Comment), nameof(Lead.Website), nameof(Lead.ResponsibleUserId)],
        [typeof(Contact)] = [nameof(Contact.FirstName), nameof(Contact.LastName), nameof(Contact.Position), nameof(Contact.Email), nameof(Contact.Phone), nameof(Contact.CompanyId), nameof(Contact.ResponsibleUserId)],
        [typeof(Company)] = [nameof(Company.Name), nameof(Company.Website), nameof(Company.City), nameof(Company.Email), nameof(Company.Phone), nameof(Company.ResponsibleUserId)],
        [typeof(Deal)] = [nameof(Deal.Title), nameof(Deal.CloseComment), nameof(Deal.CompanyId), nameof(Deal.ContactId), nameof(Deal.ResponsibleUserId)],
        [typeof(Product)] = [nameof(Product.Name), nameof(Product.Sku), nameof(Product.Description)],
    };

    public static Touched Collect(ChangeTracker tracker)
    {
        var touched = new Touched();
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            switch (entry.Entity)
            {
                case Lead or Contact or Company or Deal or Product:
                    // A deal moved on the board changes nothing the index holds: no extra statement for it.
                    if (entry.State != EntityState.Modified || IndexedProperties[entry.Entity.GetType()].Any(p => entry.Property(p).IsModified))
                    {
                        touched.Entities.Add(entry.Entity);
                    }
                    if (entry.State == EntityState.Added)
                    {
                        touched.Added.Add(entry.Entity);
                    }
                    break;
                case LeadPhone or LeadEmail or ContactPhone or ContactEmail or ContactAddress or CompanyPhone or CompanyEmail or CompanyAddress:
                    touched.Entities.Add(entry.Entity);
                    break;
                // A comment added, edited or deleted changes its element's document; other timeline entries index nothing.
                case TimelineEntry { Kind: TimelineKind.Comment }:
                    if (entry.State != EntityState.Modified
                        || entry.Property(nameof(TimelineEntry.Text)).IsModified || entry.Property(nameof(TimelineEntry.ElementId)).IsModified)
                    {
                        touched.Entities.Add(entry.Entity);
                    }
                    break;
            }
            if (entry.State == EntityState.Modified)
            {
                if (entry.Entity is Company company && entry.Property(nameof(Company.Name)).IsModified)
                {
                    touched.RenamedCompanies.Add(company);
                }
                else if (entry.Entity is Contact contact
                         && (entry.Property(nameof(Contact.FirstName)).IsModified || entry.Property(nameof(Contact.LastName)).IsModified))
                {
                    touched.RenamedContacts.Add(contact);
                }
            }
        }
        return touched;
    }

    /// <summary>Rebuilds the rows of what <paramref name="touched"/> names, from what the database now holds (in the caller's transaction).</summary>
    public static async Task UpdateAsync(CrmDbContext db, Touched touched, CancellationToken ct)
    {
        var ids = new Dictionary<SearchKind, HashSet<int>>();
        void Add(SearchKind kind, int id)
        {
            if (id > 0)
            {
                (ids.TryGetValue(kind, out var set) ? set : ids[kind] = []).Add(id);
            }
        }
        foreach (var entity in touched.Entities)
        {
            switch (entity)
            {
                case Lead l: Add(SearchKind.Lead, l.Id); break;
                case LeadPhone p: Add(SearchKind.Lead, p.LeadId); break;
                case LeadEmail e: Add(SearchKind.Lead, e.LeadId); break;
                case Contact c: Add(SearchKind.Contact, c.Id); break;
                case ContactPhone p: Add(SearchKind.Contact, p.ContactId); break;
                case ContactEmail e: Add(SearchKind.Contact, e.ContactId); break;
                case ContactAddress a: Add(SearchKind.Contact, a.ContactId); break;
                case Company c: Add(SearchKind.Company, c.Id); break;
                case CompanyPhone p: Add(SearchKind.Company, p.CompanyId); break;
                case CompanyEmail e: Add(SearchKind.Company, e.CompanyId); break;
                case CompanyAddress a: Add(SearchKind.Company, a.CompanyId); break;
                case Deal d: Add(SearchKind.Deal, d.Id); break;
                case Product p: Add(SearchKind.Product, p.Id); break;
                case TimelineEntry t: Add(KindOf(t.ElementKind), t.ElementId); break;
            }
        }
        // A contact's row names its company, a deal's its company and contact: a rename reaches them.
        var renamedCompanies = touched.RenamedCompanies.Select(c => c.Id).ToList();
        var renamedContacts = touched.RenamedContacts.Select(c => c.Id).ToList();
        if (renamedCompanies.Count > 0)
        {
            foreach (var id in await db.Contacts.Where(c => c.CompanyId != null && renamedCompanies.Contains(c.CompanyId.Value)).Select(c => c.Id).ToListAsync(ct))
            {
                Add(SearchKind.Contact, id);
            }
            foreach (var id in await db.Deals.Where(d => d.CompanyId != null && renamedCompanies.Contains(d.CompanyId.Value)).Select(d => d.Id).ToListAsync(ct))
            {
                Add(SearchKind.Deal, id);
            }
        }
        if (renamedContacts.Count > 0)
        {
            foreach (var id in await db.Deals.Where(d => d.ContactId != null && renamedContacts.Contains(d.ContactId.Value)).Select(d => d.Id).ToListAsync(ct))
            {
                Add(SearchKind.Deal, id);
            }
        }
        // A new element (a lead from a form, a deal from Complete lead) has neither a row nor comments to read: those
        // two queries are left out for it, which is most of a create's saves (issue 16, POST /leads).
        var fresh = touched.Added.Select(e => e switch
        {
            Lead l => (SearchKind.Lead, l.Id),
            Contact c => (SearchKind.Contact, c.Id),
            Company c => (SearchKind.Company, c.Id),
            Deal d => (SearchKind.Deal, d.Id),
            Product p => (SearchKind.Product, p.Id),
            _ => (SearchKind.Product, 0),
        }).ToHashSet();
        fresh.ExceptWith(touched.Entities.OfType<TimelineEntry>().Select(t => (KindOf(t.ElementKind), t.ElementId)));
        foreach (var (kind, set) in ids)
        {
            await UpdateAsync(db, kind, set.ToList(), [.. set.Where(id => !fresh.Contains((kind, id)))], ct);
        }
    }

    /// <summary>Rebuilds every row of the index (a database that had elements before the index existed).</summary>
    public static async Task RebuildAsync(CrmDbContext db, CancellationToken ct, int batchSize = 2000)
    {
        foreach (var kind in Enum.GetValues<SearchKind>())
        {
            var lastId = 0;
            while (true)
            {
                var batch = await IdsOf(db, kind).Where(id => id > lastId).OrderBy(id => id).Take(batchSize).ToListAsync(ct);
                if (batch.Count == 0)
                {
                    break;
                }
                await UpdateAsync(db, kind, batch, batch, ct);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                lastId = batch[^1];
            }
        }
    }

    private static SearchKind KindOf(ElementKind kind) => kind switch
    {
        ElementKind.Lead => SearchKind.Lead,
        ElementKind.Contact => SearchKind.Contact,
        ElementKind.Company => SearchKind.Company,
        _ => SearchKind.Deal,
    };

    /// <summary>
    /// The texts of the timeline comments of the elements of <paramref name="kind"/> among <paramref name="ids"/>, newest
    /// first, at most <see cref="CommentsIndexed"/> each (a document has room for a few thousand characters).
    /// </summary>
    private static async Task<ILookup<int, string>> CommentsAsync(CrmDbContext db, ElementKind kind, List<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return Array.Empty<(int, string)>().ToLookup(c => c.Item1, c => c.Item2);
        }
        var query = db.TimelineEntries.AsNoTracking()
            .Where(e => e.ElementKind == kind && ids.Contains(e.ElementId) && e.Kind == TimelineKind.Comment && e.Text != null);
        if (ids.Count == 1)
        {
            // One element (every save of a use case): only what its document can hold is read, by the timeline's index.
            query = query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(CommentsIndexed);
        }
        var comments = await query.Select(e => new { e.ElementId, e.At, e.Id, Text = e.Text! }).ToListAsync(ct);
        return comments.OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
            .GroupBy(c => c.ElementId).SelectMany(g => g.Take(CommentsIndexed))
            .ToLookup(c => c.ElementId, c => c.Text);
    }

    /// <summary>The newest comments of an element its document holds.</summary>
    private const int CommentsIndexed = 50;

    private static IQueryable<int> IdsOf(CrmDbContext db, SearchKind kind) => kind switch
    {
        SearchKind.Lead => db.Leads.Select(e => e.Id),
        SearchKind.Contact => db.Contacts.Select(e => e.Id),
        SearchKind.Company => db.Companies.Select(e => e.Id),
        SearchKind.Deal => db.Deals.Select(e => e.Id),
        _ => db.Products.Select(e => e.Id),
    };

    /// <summary>
    /// The rows of leads that <see cref="Data.BulkInsert"/> just inserted, made from the leads as they were inserted
    /// (their e-mails and phones in the order of their keys, no comments yet): what the save of a lead would read back
    /// from the database for its row, without reading it (an import's batch, issue 13).
    /// </summary>
    public static List<SearchEntry> NewLeadDocuments(IEnumerable<Lead> leads) =>
        [.. leads.Select(l => LeadEntry(l.Id, l.ResponsibleUserId, l.Title, l.FirstName, l.LastName, l.CompanyName, l.Website, l.Comment,
            [.. l.Emails.Select(e => e.Address)], [.. l.Phones.Select(p => p.Number)], []))];

    /// <param name="stored">The ids among <paramref name="ids"/> that may have a row and comments already (not new in this save).</param>
    private static async Task UpdateAsync(CrmDbContext db, SearchKind kind, List<int> ids, List<int> stored, CancellationToken ct)
    {
        var documents = (await DocumentsAsync(db, kind, ids, stored, ct)).ToDictionary(d => d.ElementId);
        var existing = stored.Count == 0 ? [] : await db.SearchEntries.Where(e => e.Kind == kind && stored.Contains(e.ElementId)).ToListAsync(ct);
        foreach (var entry in existing)
        {
            if (documents.Remove(entry.ElementId, out var document))
            {
                if (entry.Title != document.Title || entry.Detail != document.Detail || entry.Name != document.Name
                    || entry.Text != document.Text || entry.ResponsibleUserId != document.ResponsibleUserId)
                {
                    entry.Title = document.Title;
                    entry.Detail = document.Detail;
                    entry.Name = document.Name;
                    entry.Text = document.Text;
                    entry.ResponsibleUserId = document.ResponsibleUserId;
                }
            }
            else
            {
                db.SearchEntries.Remove(entry);
            }
        }
        db.SearchEntries.AddRange(documents.Values);
    }

    /// <param name="commented">The ids among <paramref name="ids"/> that may have timeline comments.</param>
    private static async Task<List<SearchEntry>> DocumentsAsync(CrmDbContext db, SearchKind kind, List<int> ids, List<int> commented, CancellationToken ct)
    {
        switch (kind)
        {
            case SearchKind.Lead:
                var leads = await db.Leads.AsNoTracking().Where(l => ids.Contains(l.Id)).Select(l => new
                {
                    l.Id, l.Title, l.FirstName, l.LastName, l.CompanyName, l.Comment, l.Website, l.ResponsibleUserId,
                    Emails = l.Emails.OrderBy(e => e.Id).Select(e => e.Address).ToList(),
                    Phones = l.Phones.OrderBy(p => p.Id).Select(p => p.Number).ToList(),
                }).ToListAsync(ct);
                var leadComments = await CommentsAsync(db, ElementKind.Lead, commented, ct);
                return leads.Select(l => LeadEntry(l.Id, l.ResponsibleUserId, l.Title, l.FirstName, l.LastName, l.CompanyName, l.Website, l.Comment,
                    l.Emails, l.Phones, leadComments[l.Id])).ToList();
            case SearchKind.Contact:
                var contacts = await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new
                {
                    c.Id, c.FirstName, c.LastName, c.Position, c.Email, c.Phone, c.ResponsibleUserId,
                    CompanyName = c.Company != null ? c.Company.Name : null,
                    Emails = c.Emails.OrderBy(e => e.Id).Select(e => e.Address).ToList(),
                    Phones = c.Phones.OrderBy(p => p.Id).Select(p => p.Number).ToList(),
                    Cities = c.Addresses.Select(a => a.City).ToList(),
                }).ToListAsync(ct);
                var contactComments = await CommentsAsync(db, ElementKind.Contact, commented, ct);
                return contacts.Select(c => Entry(SearchKind.Contact, c.Id, c.ResponsibleUserId, Person(c.FirstName, c.LastName)!,
                    c.CompanyName ?? c.Emails.FirstOrDefault() ?? c.Email ?? Phone(c.Phones.FirstOrDefault() ?? c.Phone),
                    [Person(c.FirstName, c.LastName), c.Position, c.CompanyName, c.Email, .. c.Emails, .. c.Cities], [c.Phone, .. c.Phones], contactComments[c.Id])).ToList();
            case SearchKind.Company:
                var companies = await db.Companies.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new
                {
                    c.Id, c.Name, c.Website, c.City, c.Email, c.Phone, c.ResponsibleUserId,
                    Emails = c.Emails.OrderBy(e => e.Id).Select(e => e.Address).ToList(),
                    Phones = c.Phones.OrderBy(p => p.Id).Select(p => p.Number).ToList(),
                    Cities = c.Addresses.Select(a => a.City).ToList(),
                }).ToListAsync(ct);
                var companyComments = await CommentsAsync(db, ElementKind.Company, commented, ct);
                return companies.Select(c => Entry(SearchKind.Company, c.Id, c.ResponsibleUserId, c.Name,
                    c.City ?? c.Emails.FirstOrDefault() ?? c.Email ?? Phone(c.Phones.FirstOrDefault() ?? c.Phone),
                    [c.Name, c.Website, c.City, c.Email, .. c.Emails, .. c.Cities], [c.Phone, .. c.Phones], companyComments[c.Id])).ToList();
            case SearchKind.Deal:
                var deals = await db.Deals.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => new
                {
                    d.Id, d.Title, d.CloseComment, d.ResponsibleUserId,
                    CompanyName = d.Company != null ? d.Company.Name : null,
                    ContactFirst = d.Contact != null ? d.Contact.FirstName : null,
                    ContactLast = d.Contact != null ? d.Contact.LastName : null,
                }).ToListAsync(ct);
                var dealComments = await CommentsAsync(db, ElementKind.Deal, commented, ct);
                return deals.Select(d => Entry(SearchKind.Deal, d.Id, d.ResponsibleUserId, d.Title,
                    d.CompanyName ?? Person(d.ContactFirst, d.ContactLast),
                    [d.Title, d.CompanyName, Person(d.ContactFirst, d.ContactLast), d.CloseComment], [], dealComments[d.Id])).ToList();
            default:
                var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id))
                    .Select(p => new { p.Id, p.Name, p.Sku, p.Description }).ToListAsync(ct);
                return products.Select(p => Entry(SearchKind.Product, p.Id, null, p.Name, p.Sku, [p.Name, p.Sku, p.Description], [], [])).ToList();
        }
    }

    /// <summary>A lead's row, from the database (<see cref="DocumentsAsync"/>) or from a new lead in memory (<see cref="NewLeadDocuments"/>).</summary>
    private static SearchEntry LeadEntry(int id, string? responsibleUserId, string title, string? firstName, string? lastName, string? companyName,
        string? website, string? comment, List<string> emails, List<string> phones, IEnumerable<string> comments) =>
        Entry(SearchKind.Lead, id, responsibleUserId, title, companyName ?? emails.FirstOrDefault() ?? Phone(phones.FirstOrDefault()),
            [title, Person(firstName, lastName), companyName, website, comment, .. emails], [.. phones], comments);

    /// <summary>
    /// A row of the index: the element's own fields, its phones, then its timeline comments (newest first), which the
    /// document's length limit cuts first.
    /// </summary>
    private static SearchEntry Entry(SearchKind kind, int id, string? responsibleUserId, string title, string? detail, string?[] values, string?[] phones,
        IEnumerable<string> comments) => new()
    {
        Id = SearchEntry.KeyOf(kind, id),
        Kind = kind,
        ElementId = id,
        ResponsibleUserId = responsibleUserId,
        Title = Cut(title)!,
        Detail = Cut(detail),
        Name = Cut(SearchText.Fold(title))!,
        Text = SearchText.Document(values, phones, comments),
    };

    private static string? Person(string? first, string? last) =>
        string.Join(' ', new[] { first, last }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } name ? name : null;

    private static string? Phone(string? number) => number is null ? null : PhoneNumberFormat.Display(number);

    private static string? Cut(string? value) =>
        value is null || value.Length <= SearchEntryConfiguration.TitleMaxLength ? value : value[..SearchEntryConfiguration.TitleMaxLength];
}
