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
        var owner = await OwnerAsync(db, element, ct);
        return owner is null || AccessPolicy.MayRead(actor, AccessPolicy.EntityOf(element.Kind), owner.UserId);
    }

    /// <summary>Whether <paramref name="actor"/>'s role reads <paramref name="element"/>; null when it does not exist (or is in the recycle bin).</summary>
    public async Task<bool?> MayReadExistingAsync(ElementRef element, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var owner = await OwnerAsync(db, element, ct);
        return owner is null ? null : AccessPolicy.MayRead(actor, AccessPolicy.EntityOf(element.Kind), owner.UserId);
    }

    /// <summary>Who is responsible for <paramref name="element"/> (its <see cref="Owner.UserId"/> null: nobody); null when it does not exist.</summary>
    public static async Task<Owner?> OwnerAsync(CrmDbContext db, ElementRef element, CancellationToken ct) => element.Kind switch
    {
        ElementKind.Lead => await db.Leads.Where(x => x.Id == element.Id).Select(x => new Owner(x.ResponsibleUserId)).FirstOrDefaultAsync(ct),
        ElementKind.Contact => await db.Contacts.Where(x => x.Id == element.Id).Select(x => new Owner(x.ResponsibleUserId)).FirstOrDefaultAsync(ct),
        ElementKind.Company => await db.Companies.Where(x => x.Id == element.Id).Select(x => new Owner(x.ResponsibleUserId)).FirstOrDefaultAsync(ct),
        _ => await db.Deals.Where(x => x.Id == element.Id).Select(x => new Owner(x.ResponsibleUserId)).FirstOrDefaultAsync(ct),
    };

    /// <summary>The user responsible for an element (null: nobody), as live events carry it.</summary>
    public static async Task<string?> ResponsibleOfAsync(CrmDbContext db, ElementRef element, CancellationToken ct) =>
        (await OwnerAsync(db, element, ct))?.UserId;

    public sealed record Owner(string? UserId);
}
