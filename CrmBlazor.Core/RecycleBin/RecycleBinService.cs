namespace CrmBlazor.Core.RecycleBin;

/// <summary>
/// Deleting leads, contacts and companies into the recycle bin, the bin itself and undo (decision 020). A deleted
/// record keeps its row and every link to it with its deletion time set; a global query filter hides it (and the
/// activities hidden with it) from every list, picker, board, report, export, duplicate hint and API answer. For
/// <see cref="RecycleBinRules.KeptFor"/> who deleted it (or an admin) can take it back as it was;
/// <see cref="PurgeExpiredAsync"/> then removes it for good.
/// </summary>
public sealed class RecycleBinService(IDbContextFactory<CrmDbContext> contextFactory, ILiveUpdates live, TimeProvider clock)
{
    /// <summary>What deleting <paramref name="element"/> takes with it (for the warning), or null when it is not there to delete.</summary>
    public async Task<DeletionPreview?> PreviewAsync(ElementRef element, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var record = await RemovableRecord.LoadAsync(db, element, inBin: false, ct);
        if (record is null)
        {
            return null;
        }
        var deals = await RemovableRecord.DealsOf(db, element).CountAsync(ct);
        var activities = await db.Activities.CountAsync(a => a.ElementKind == element.Kind && a.ElementId == element.Id, ct);
        var contacts = element.Kind == ElementKind.Company ? await db.Contacts.CountAsync(c => c.CompanyId == element.Id, ct) : 0;
        return new DeletionPreview(element, record.Title, record.Entity.Version, deals, activities, contacts);
    }

    /// <summary>
    /// Moves a lead, contact or company into the bin, with its activities; its timeline says who deleted it. A stale
    /// <paramref name="expectedVersion"/> (someone saved it since) is a conflict.
    /// </summary>
    public async Task<Result<DeletedItem>> DeleteAsync(ElementRef element, int expectedVersion, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var record = await RemovableRecord.LoadAsync(db, element, inBin: false, ct);
        if (record is null)
        {
            return Result<DeletedItem>.NotFound();
        }
        if (!AccessPolicy.MayDelete(actor, record.AccessEntity, record.ResponsibleUserId))
        {
            return Result<DeletedItem>.Forbidden();
        }
        if (record.Entity.Version != expectedVersion)
        {
            return Result<DeletedItem>.Conflict(null, "Error.EditConflict");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var removed = await HideAsync(db, record, actor, now, ct);
        TimelineLog.Add(db, element, TimelineKind.Deleted, actor.UserId, now, record.Title);
        var saved = await live.SaveAndPublishAsync(db, () => removed with { ActorId = actor.UserId, ActorName = actor.DisplayName, OccurredAt = now }, ct);
        return saved
            ? Result<DeletedItem>.Ok(Item(record, actor.DisplayName))
            : Result<DeletedItem>.Conflict(null, "Error.EditConflict");
    }

    /// <summary>
    /// Marks <paramref name="record"/> and its activities deleted at <paramref name="now"/> (not saved): what a delete and a
    /// merge share. The event names the boards and users whose views change.
    /// </summary>
    internal static async Task<ElementsRemoved> HideAsync(CrmDbContext db, RemovableRecord record, Actor actor, DateTime now, CancellationToken ct)
    {
        var element = record.Element;
        record.Deletable.DeletedAt = now;
        record.Deletable.DeletedById = actor.UserId;
        var activities = await db.Activities.Where(a => a.ElementKind == element.Kind && a.ElementId == element.Id).ToListAsync(ct);
        foreach (var activity in activities)
        {
            activity.DeletedAt = now;
        }
        return new ElementsRemoved
        {
            Kind = RemovalKind.Deleted,
            Elements = [element],
            PipelineIds = await RemovableRecord.DealsOf(db, element).Select(d => d.PipelineId).Distinct().ToListAsync(ct),
            UserIds = [.. activities.Where(a => a.State == ActivityState.Planned).Select(a => a.ResponsibleUserId)
                .Append(record.ResponsibleUserId).OfType<string>().Distinct()],
            ActorId = actor.UserId,
            ActorName = actor.DisplayName,
            OccurredAt = now,
        };
    }

    /// <summary>What is in the bin for <paramref name="actor"/>: what they deleted, or everything for an admin; newest first.</summary>
    public async Task<Page<DeletedItem>> ListAsync(Actor actor, int skip = 0, int take = 50, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var since = clock.GetUtcNow().UtcDateTime - RecycleBinRules.KeptFor;
        var whose = AccessPolicy.SeesWholeRecycleBin(actor) ? null : actor.UserId;
        var leads = await Binned(db.Leads, since, whose).Select(l => new BinRow(ElementKind.Lead, l.Id, l.Title, l.DeletedAt!.Value, l.DeletedById)).ToListAsync(ct);
        var contacts = await Binned(db.Contacts, since, whose)
            .Select(c => new BinRow(ElementKind.Contact, c.Id, (c.FirstName + " " + (c.LastName ?? "")).Trim(), c.DeletedAt!.Value, c.DeletedById)).ToListAsync(ct);
        var companies = await Binned(db.Companies, since, whose).Select(c => new BinRow(ElementKind.Company, c.Id, c.Name, c.DeletedAt!.Value, c.DeletedById)).ToListAsync(ct);
        var all = leads.Concat(contacts).Concat(companies).OrderByDescending(b => b.DeletedAt).ThenBy(b => b.Kind).ThenBy(b => b.Id).ToList();
        var page = all.Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 200)).ToList();
        var names = await ElementDirectory.UserNamesAsync(db, page.Select(b => b.DeletedById), ct);
        return new Page<DeletedItem>([.. page.Select(b => new DeletedItem(b.Kind, b.Id, b.Title, Utc(b.DeletedAt), b.DeletedById,
            b.DeletedById is null ? null : names.GetValueOrDefault(b.DeletedById), Utc(b.DeletedAt) + RecycleBinRules.KeptFor))], all.Count);
    }

    private sealed record BinRow(ElementKind Kind, int Id, string Title, DateTime DeletedAt, string? DeletedById);

    private static IQueryable<T> Binned<T>(IQueryable<T> records, DateTime since, string? whose) where T : class, IDeletable
    {
        var binned = records.IgnoreQueryFilters().AsNoTracking().Where(r => r.DeletedAt != null && r.DeletedAt >= since);
        return whose is null ? binned : binned.Where(r => r.DeletedById == whose);
    }

    /// <summary>Takes a record back out of the bin as it was, with the activities that went with it; its timeline says so.</summary>
    public async Task<Result<DeletedItem>> RestoreAsync(ElementRef element, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var record = await RemovableRecord.LoadAsync(db, element, inBin: true, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (record is null || record.Deletable.DeletedAt < now - RecycleBinRules.KeptFor)
        {
            return Result<DeletedItem>.NotFound("RecycleBin.Gone");
        }
        if (!AccessPolicy.MayRestore(actor, record.Deletable.DeletedById))
        {
            return Result<DeletedItem>.Forbidden();
        }
        var item = Item(record, null);
        var deletedAt = record.Deletable.DeletedAt;
        var activities = await db.Activities.IgnoreQueryFilters()
            .Where(a => a.ElementKind == element.Kind && a.ElementId == element.Id && a.DeletedAt == deletedAt).ToListAsync(ct);
        foreach (var activity in activities)
        {
            activity.DeletedAt = null;
        }
        record.Deletable.DeletedAt = null;
        record.Deletable.DeletedById = null;
        TimelineLog.Add(db, element, TimelineKind.Restored, actor.UserId, now, record.Title);
        var pipelines = await RemovableRecord.DealsOf(db, element).Select(d => d.PipelineId).Distinct().ToListAsync(ct);
        var saved = await live.SaveAndPublishAsync(db, () => new ElementsRemoved
        {
            Kind = RemovalKind.Restored,
            Elements = [element],
            PipelineIds = pipelines,
            UserIds = [.. activities.Where(a => a.State == ActivityState.Planned).Select(a => a.ResponsibleUserId)
                .Append(record.ResponsibleUserId).OfType<string>().Distinct()],
            ActorId = actor.UserId,
            ActorName = actor.DisplayName,
            OccurredAt = now,
        }, ct);
        return saved ? Result<DeletedItem>.Ok(item) : Result<DeletedItem>.NotFound("RecycleBin.Gone");
    }

    /// <summary>
    /// Removes for good what has been in the bin longer than <see cref="RecycleBinRules.KeptFor"/>, with its activities
    /// and timeline (links to it are cleared by the database). Returns how many records went.
    /// </summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var before = clock.GetUtcNow().UtcDateTime - RecycleBinRules.KeptFor;
        var count = 0;
        count += await PurgeAsync(db, db.Leads, ElementKind.Lead, before, ct);
        count += await PurgeAsync(db, db.Contacts, ElementKind.Contact, before, ct);
        count += await PurgeAsync(db, db.Companies, ElementKind.Company, before, ct);
        return count;
    }

    private static async Task<int> PurgeAsync<T>(CrmDbContext db, IQueryable<T> records, ElementKind kind, DateTime before, CancellationToken ct)
        where T : AuditedEntity, IDeletable
    {
        var ids = await records.IgnoreQueryFilters().Where(r => r.DeletedAt != null && r.DeletedAt < before)
            .Select(r => EF.Property<int>(r, "Id")).ToListAsync(ct);
        if (ids.Count == 0)
        {
            return 0;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Activities.IgnoreQueryFilters().Where(a => a.ElementKind == kind && ids.Contains(a.ElementId)).ExecuteDeleteAsync(ct);
        await db.TimelineEntries.Where(e => e.ElementKind == kind && ids.Contains(e.ElementId)).ExecuteDeleteAsync(ct);
        var count = await records.IgnoreQueryFilters().Where(r => ids.Contains(EF.Property<int>(r, "Id"))).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return count;
    }

    private static DeletedItem Item(RemovableRecord record, string? deletedByName)
    {
        var at = record.Deletable.DeletedAt is { } deleted ? Utc(deleted) : DateTime.UtcNow;
        return new DeletedItem(record.Element.Kind, record.Element.Id, record.Title, at, record.Deletable.DeletedById, deletedByName, at + RecycleBinRules.KeptFor);
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
