namespace CrmBlazor.Core.Timeline;

/// <summary>
/// Reads the timeline of one element and the History of all of them, and keeps comments: anyone on the team may
/// comment on any element; only a comment's author may edit or delete it.
/// </summary>
public sealed class TimelineService(IDbContextFactory<CrmDbContext> contextFactory, ILiveUpdates live, TimeProvider clock)
{
    /// <summary>An element's timeline, newest first, whoever asks (background work and tests).</summary>
    public Task<Page<TimelineItem>> ForElementAsync(ElementRef element, int skip, int take, CancellationToken ct = default) =>
        ForElementAsync(element, null, skip, take, ct);

    /// <summary>
    /// An element's timeline, newest first, as <paramref name="actor"/> may read it (null: all): nothing at all for an
    /// element their role does not read (<see cref="AccessPolicy.ReadableEntries"/>).
    /// </summary>
    public async Task<Page<TimelineItem>> ForElementAsync(ElementRef element, Actor? actor, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var entries = db.TimelineEntries.AsNoTracking().Where(e => e.ElementKind == element.Kind && e.ElementId == element.Id);
        if (actor is not null)
        {
            entries = AccessPolicy.ReadableEntries(db, entries, actor);
        }
        return await PageAsync(db, entries, skip, take, ct);
    }

    /// <summary>
    /// The API's timeline of an element: its entries (only of <paramref name="kind"/> when given, e.g. the comments) as
    /// <paramref name="actor"/> may read them (<see cref="AccessPolicy.ReadableEntries"/>, in SQL), ordered by
    /// <paramref name="sort"/> and then the id, one keyset page (<see cref="Keyset"/>) read in one query with the
    /// element's title and each author's name.
    /// </summary>
    /// <exception cref="KeysetCursorException">The cursor is not one of this sort and direction.</exception>
    public async Task<KeysetPage<TimelineItem>> ForElementAsync(ElementRef element, TimelineKind? kind, TimelineSort sort, bool descending, KeysetRequest page,
        Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var entries = AccessPolicy.ReadableEntries(db, db.TimelineEntries.AsNoTracking().Where(e => e.ElementKind == element.Kind && e.ElementId == element.Id), actor);
        if (kind is { } only)
        {
            entries = entries.Where(e => e.Kind == only);
        }
        var id = element.Id;
        IQueryable<string?> title = element.Kind switch
        {
            ElementKind.Lead => db.Leads.Where(l => l.Id == id).Select(l => (string?)l.Title),
            ElementKind.Contact => db.Contacts.Where(c => c.Id == id).Select(c => (string?)(c.FirstName + " " + (c.LastName ?? "")).Trim()),
            ElementKind.Company => db.Companies.Where(c => c.Id == id).Select(c => (string?)c.Name),
            _ => db.Deals.Where(d => d.Id == id).Select(d => (string?)d.Title),
        };
        System.Linq.Expressions.Expression<Func<TimelineEntry, TimelineItem>> row = e => new TimelineItem(
            e.Id, e.ElementKind, e.ElementId, title.FirstOrDefault(), e.Kind, DateTime.SpecifyKind(e.At, DateTimeKind.Utc),
            e.AuthorId, db.Users.Where(u => u.Id == e.AuthorId).Select(u => u.DisplayName).FirstOrDefault(), e.Field, e.OldValue, e.NewValue, e.Text,
            e.RelatedKind, e.RelatedId, e.EditedAt == null ? null : DateTime.SpecifyKind(e.EditedAt.Value, DateTimeKind.Utc), e.Version);
        return sort == TimelineSort.Id
            ? await Keyset.PageAsync(entries, sort.ToString(), descending, e => e.Id, e => e.Id, row, page, ct)
            : await Keyset.PageAsync(entries, sort.ToString(), descending, e => e.At, e => e.Id, row, page, ct);
    }

    /// <summary>The History section, unrestricted (background work and tests).</summary>
    public Task<Page<TimelineItem>> HistoryAsync(HistoryQuery query, CancellationToken ct = default) => HistoryAsync(query, null, ct);

    /// <summary>
    /// The History section: every element's timeline, newest first, filtered, of the elements <paramref name="actor"/>'s
    /// role reads (null: all), filtered in SQL by <see cref="AccessPolicy.ReadableEntries"/>.
    /// </summary>
    public async Task<Page<TimelineItem>> HistoryAsync(HistoryQuery query, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var entries = db.TimelineEntries.AsNoTracking();
        if (actor is not null)
        {
            entries = AccessPolicy.ReadableEntries(db, entries, actor);
        }
        if (query.ElementKind is { } kind)
        {
            entries = entries.Where(e => e.ElementKind == kind);
        }
        if (!string.IsNullOrEmpty(query.UserId))
        {
            entries = entries.Where(e => e.AuthorId == query.UserId);
        }
        if (query.Kind is { } entryKind)
        {
            entries = entries.Where(e => e.Kind == entryKind);
        }
        if (query.From is { } from)
        {
            entries = entries.Where(e => e.At >= from);
        }
        if (query.To is { } to)
        {
            entries = entries.Where(e => e.At < to);
        }
        return await PageAsync(db, entries, query.Skip, query.Take, ct);
    }

    public async Task<Result<TimelineItem>> AddCommentAsync(ElementRef element, string text, Actor actor, CancellationToken ct = default)
    {
        var errors = ValidateComment(text);
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        if (!await ElementDirectory.ExistsAsync(db, element, ct))
        {
            return Result<TimelineItem>.NotFound();
        }
        if (!AccessPolicy.MayRead(actor, AccessPolicy.EntityOf(element.Kind), await RecordAccess.ResponsibleOfAsync(db, element, ct)))
        {
            return Result<TimelineItem>.Forbidden("Access.NotReadable");
        }
        if (errors.Count > 0)
        {
            return Result<TimelineItem>.Invalid(errors);
        }
        var entry = TimelineLog.Add(db, element, TimelineKind.Comment, actor.UserId, clock.GetUtcNow().UtcDateTime);
        entry.Text = text.Trim();
        return await CommitAsync(db, entry, TimelineChangeKind.Added, actor, ct);
    }

    public async Task<Result<TimelineItem>> EditCommentAsync(long entryId, int expectedVersion, string text, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var (entry, refusal) = await LoadOwnCommentAsync(db, entryId, expectedVersion, actor, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var errors = ValidateComment(text);
        if (errors.Count > 0)
        {
            return Result<TimelineItem>.Invalid(errors);
        }
        entry!.Text = text.Trim();
        entry.EditedAt = clock.GetUtcNow().UtcDateTime;
        return await CommitAsync(db, entry, TimelineChangeKind.Edited, actor, ct);
    }

    public async Task<Result<TimelineItem>> DeleteCommentAsync(long entryId, int expectedVersion, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var (entry, refusal) = await LoadOwnCommentAsync(db, entryId, expectedVersion, actor, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        db.TimelineEntries.Remove(entry!);
        // The element's timeline keeps that a comment was deleted and by whom, not its text (decision 020).
        TimelineLog.Add(db, entry!.Element, TimelineKind.CommentDeleted, actor.UserId, clock.GetUtcNow().UtcDateTime);
        return await CommitAsync(db, entry!, TimelineChangeKind.Deleted, actor, ct);
    }

    internal static List<FieldError> ValidateComment(string? text) =>
        [.. new Validator().Required("Text", text).MaxLength("Text", text, TimelineRules.CommentMaxLength).Errors];

    private static async Task<(TimelineEntry? Entry, Result<TimelineItem>? Refusal)> LoadOwnCommentAsync(
        CrmDbContext db, long entryId, int expectedVersion, Actor actor, CancellationToken ct)
    {
        var entry = await db.TimelineEntries.FirstOrDefaultAsync(e => e.Id == entryId && e.Kind == TimelineKind.Comment, ct);
        if (entry is null)
        {
            return (null, Result<TimelineItem>.NotFound("Comment.NotFound"));
        }
        if (!AccessPolicy.MayChangeComment(actor, entry.AuthorId))
        {
            return (null, Result<TimelineItem>.Forbidden("Comment.NotYours"));
        }
        if (entry.Version != expectedVersion)
        {
            return (null, Result<TimelineItem>.Conflict(null, "Comment.Conflict"));
        }
        return (entry, null);
    }

    private async Task<Result<TimelineItem>> CommitAsync(CrmDbContext db, TimelineEntry entry, TimelineChangeKind kind, Actor actor, CancellationToken ct)
    {
        var saved = await live.SaveAndPublishAsync(db, async () => (CrmEvent)new TimelineChanged
        {
            Kind = kind,
            Element = entry.Element,
            ElementResponsibleUserId = await RecordAccess.ResponsibleOfAsync(db, entry.Element, ct),
            EntryId = entry.Id,
            ActorId = actor.UserId,
            ActorName = actor.DisplayName,
            OccurredAt = clock.GetUtcNow().UtcDateTime,
        }, ct);
        if (!saved)
        {
            return Result<TimelineItem>.Conflict(null, "Comment.Conflict");
        }
        var titles = await ElementDirectory.TitlesAsync(db, [entry.Element], ct);
        return Result<TimelineItem>.Ok(Item(entry, titles, new Dictionary<string, string> { [actor.UserId] = actor.DisplayName }));
    }

    private static async Task<Page<TimelineItem>> PageAsync(CrmDbContext db, IQueryable<TimelineEntry> entries, int skip, int take, CancellationToken ct)
    {
        var total = await entries.CountAsync(ct);
        var page = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 200)).ToListAsync(ct);
        var titles = await ElementDirectory.TitlesAsync(db, page.Select(e => e.Element), ct);
        var names = await ElementDirectory.UserNamesAsync(db, page.Select(e => e.AuthorId), ct);
        return new Page<TimelineItem>([.. page.Select(e => Item(e, titles, names))], total);
    }

    private static TimelineItem Item(TimelineEntry e, IReadOnlyDictionary<ElementRef, string> titles, IReadOnlyDictionary<string, string> names) =>
        new(e.Id, e.ElementKind, e.ElementId, titles.GetValueOrDefault(e.Element), e.Kind, DateTime.SpecifyKind(e.At, DateTimeKind.Utc),
            e.AuthorId, e.AuthorId is null ? null : names.GetValueOrDefault(e.AuthorId), e.Field, e.OldValue, e.NewValue, e.Text,
            e.RelatedKind, e.RelatedId, e.EditedAt is { } edited ? DateTime.SpecifyKind(edited, DateTimeKind.Utc) : null, e.Version);
}
