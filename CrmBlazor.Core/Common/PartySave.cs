using CrmBlazor.Core.Data;
using CrmBlazor.Core.Live;
using CrmBlazor.Core.Timeline;

namespace CrmBlazor.Core.Common;

/// <summary>
/// The end of saving a contact or a company: its timeline entries (created, or each changed field) in the same
/// transaction, the commit, then one <see cref="ElementChanged"/>. False when another user saved it first.
/// </summary>
internal static class PartySave
{
    public static async Task<bool> CommitAsync(CrmDbContext db, ILiveUpdates live, object entity, ElementKind kind, bool isNew,
        IReadOnlyList<FieldChange> changes, Actor actor, DateTime now, CancellationToken ct)
    {
        var entry = db.Entry(entity);
        if (isNew)
        {
            TimelineLog.Created(db, entity, kind, actor.UserId, now);
        }
        else
        {
            TimelineLog.Changes(db, new ElementRef(kind, (int)entry.Property("Id").CurrentValue!), actor.UserId, now, [.. changes]);
        }
        return await live.SaveAndPublishAsync(db, () => new ElementChanged
        {
            Element = new ElementRef(kind, (int)entry.Property("Id").CurrentValue!),
            Created = isNew,
            Version = (int)entry.Property("Version").CurrentValue!,
            ActorId = actor.UserId,
            ActorName = actor.DisplayName,
            OccurredAt = now,
        }, ct);
    }
}
