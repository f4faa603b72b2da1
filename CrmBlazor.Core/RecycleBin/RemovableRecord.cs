namespace CrmBlazor.Core.RecycleBin;

/// <summary>A lead, contact or company loaded for deletion, restoring, merging or erasure, whatever its kind.</summary>
internal sealed record RemovableRecord(ElementRef Element, AuditedEntity Entity)
{
    public IDeletable Deletable => (IDeletable)Entity;

    public string? ResponsibleUserId => ((IResponsibleRecord)Entity).ResponsibleUserId;

    public AccessEntity AccessEntity => (AccessEntity)(int)Element.Kind;

    public string Title => Entity switch
    {
        Lead l => l.Title,
        Contact c => c.FullName,
        Company c => c.Name,
        _ => "",
    };

    /// <summary>
    /// The record of <paramref name="element"/>, tracked: one that is not deleted, or with <paramref name="inBin"/> one in
    /// the recycle bin; null when there is none (or it is not a lead, contact or company).
    /// </summary>
    public static async Task<RemovableRecord?> LoadAsync(CrmDbContext db, ElementRef element, bool inBin, CancellationToken ct)
    {
        AuditedEntity? entity = element.Kind switch
        {
            ElementKind.Lead => await Scope(db.Leads, inBin).FirstOrDefaultAsync(l => l.Id == element.Id, ct),
            ElementKind.Contact => await Scope(db.Contacts, inBin).FirstOrDefaultAsync(c => c.Id == element.Id, ct),
            ElementKind.Company => await Scope(db.Companies, inBin).FirstOrDefaultAsync(c => c.Id == element.Id, ct),
            _ => null,
        };
        return entity is null ? null : new RemovableRecord(element, entity);
    }

    private static IQueryable<T> Scope<T>(IQueryable<T> records, bool inBin) where T : class, IDeletable =>
        inBin ? records.IgnoreQueryFilters().Where(r => r.DeletedAt != null) : records;

    /// <summary>The open and closed deals linked to the element (a contact's or company's).</summary>
    public static IQueryable<Deal> DealsOf(CrmDbContext db, ElementRef element) => element.Kind switch
    {
        ElementKind.Contact => db.Deals.Where(d => d.ContactId == element.Id),
        ElementKind.Company => db.Deals.Where(d => d.CompanyId == element.Id),
        _ => db.Deals.Where(d => false),
    };
}
