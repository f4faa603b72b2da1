namespace CrmBlazor.Core.Access;

/// <summary>The access questions about one record that need the database: may this actor read this element?</summary>
public sealed class RecordAccess(IDbContextFactory<CrmDbContext> contextFactory)
{
    /// <summary>
    /// Whether <paramref name="actor"/>'s role reads <paramref name="element"/> (true for a record that does not exist:
    /// the page then says it is gone).
    /// </summary>
    public async Task<bool> MayReadAsync(ElementRef element, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var (entity, owner) = element.Kind switch
        {
            ElementKind.Lead => (AccessEntity.Lead, await db.Leads.Where(x => x.Id == element.Id).Select(x => new Owner(x.ResponsibleUserId)).FirstOrDefaultAsync(ct)),
            ElementKind.Contact => (AccessEntity.Contact, await db.Contacts.Where(x => x.Id == element.Id).Select(x => new Owner(x.ResponsibleUserId)).FirstOrDefaultAsync(ct)),
            ElementKind.Company => (AccessEntity.Company, await db.Companies.Where(x => x.Id == element.Id).Select(x => new Owner(x.ResponsibleUserId)).FirstOrDefaultAsync(ct)),
            _ => (AccessEntity.Deal, await db.Deals.Where(x => x.Id == element.Id).Select(x => new Owner(x.ResponsibleUserId)).FirstOrDefaultAsync(ct)),
        };
        return owner is null || AccessPolicy.MayRead(actor, entity, owner.UserId);
    }

    private sealed record Owner(string? UserId);
}
