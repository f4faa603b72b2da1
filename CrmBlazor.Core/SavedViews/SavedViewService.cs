namespace CrmBlazor.Core.SavedViews;

/// <summary>A saved view as a list's menu shows it.</summary>
public sealed record SavedViewItem(int Id, int Version, string List, string Name, string Query, bool Shared, string OwnerId, string? OwnerName, bool MayChange);

/// <summary>What "Save view" sends: the list, a name, the address query to keep and whether the whole team sees it.</summary>
public sealed record SavedViewInput(string List, string Name, string? Query, bool Shared);

/// <summary>
/// Saved views (decision 028): named filter sets per list, each user's own or shared with the team. Who may share, and
/// change a shared one, is <see cref="AccessPolicy.MayShareViews"/> and <see cref="AccessPolicy.MayChangeSavedView"/>.
/// A view keeps only the list's address query; the page reads its filters from there as after any reload. Every change
/// publishes <see cref="SavedViewsChanged"/> through the one write path, so open views menus follow live.
/// </summary>
public sealed class SavedViewService(IDbContextFactory<CrmDbContext> contextFactory, ILiveUpdates live, TimeProvider clock)
{
    public const int NameMaxLength = 100;
    public const int QueryMaxLength = 2000;

    /// <summary>The views of <paramref name="list"/> that <paramref name="actor"/> sees: their own first, then the shared ones, by name.</summary>
    public async Task<IReadOnlyList<SavedViewItem>> ListAsync(string list, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var views = await db.SavedViews.AsNoTracking()
            .Where(v => v.List == list && (v.OwnerId == actor.UserId || v.Shared))
            .Select(v => new { View = v, OwnerName = db.Users.Where(u => u.Id == v.OwnerId).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(ct);
        return [.. views
            .OrderBy(v => v.View.OwnerId == actor.UserId ? 0 : 1).ThenBy(v => v.View.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(v => v.View.Id)
            .Select(v => new SavedViewItem(v.View.Id, v.View.Version, v.View.List, v.View.Name, v.View.Query, v.View.Shared, v.View.OwnerId, v.OwnerName,
                AccessPolicy.MayChangeSavedView(actor, v.View.OwnerId, v.View.Shared)))];
    }

    /// <summary>Saves the current filters of a list under a new name.</summary>
    public async Task<Result<SavedViewItem>> CreateAsync(SavedViewInput input, Actor actor, CancellationToken ct = default)
    {
        if (input.Shared && !AccessPolicy.MayShareViews(actor))
        {
            return Result<SavedViewItem>.Forbidden();
        }
        var name = input.Name?.Trim() ?? "";
        var query = Normalize(input.Query);
        var errors = Validate(input.List, name, query);
        if (errors.Count > 0)
        {
            return Result<SavedViewItem>.Invalid(errors);
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        if (await NameTakenAsync(db, input.List, name, actor.UserId, exceptId: null, ct))
        {
            return Result<SavedViewItem>.Invalid([new FieldError(nameof(SavedViewInput.Name), "SavedView.NameTaken")]);
        }
        var view = new SavedView { List = input.List, Name = name, Query = query, Shared = input.Shared, OwnerId = actor.UserId };
        db.SavedViews.Add(view);
        // The views menus of this list follow: the owner's other pages, and everyone's for a shared view.
        await live.SaveAndPublishAsync(db, () => Changed(SavedViewChangeKind.Created, view, view.Shared, actor), ct);
        return Result<SavedViewItem>.Ok(ToItem(view, actor, actor.DisplayName));
    }

    /// <summary>Renames a view (its owner, or for a shared one also a manager or admin); <paramref name="version"/> is the one the user saw.</summary>
    public async Task<Result<SavedViewItem>> RenameAsync(int id, int version, string newName, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var view = await db.SavedViews.FirstOrDefaultAsync(v => v.Id == id, ct);
        if (view is null || (view.OwnerId != actor.UserId && !view.Shared))
        {
            return Result<SavedViewItem>.NotFound();
        }
        if (!AccessPolicy.MayChangeSavedView(actor, view.OwnerId, view.Shared))
        {
            return Result<SavedViewItem>.Forbidden();
        }
        var name = newName?.Trim() ?? "";
        var errors = Validate(view.List, name, view.Query);
        if (errors.Count > 0)
        {
            return Result<SavedViewItem>.Invalid(errors);
        }
        if (await NameTakenAsync(db, view.List, name, view.OwnerId, view.Id, ct))
        {
            return Result<SavedViewItem>.Invalid([new FieldError(nameof(SavedViewInput.Name), "SavedView.NameTaken")]);
        }
        if (view.Version != version)
        {
            return Result<SavedViewItem>.Conflict(null, "SavedView.ChangedMeanwhile");
        }
        view.Name = name;
        var saved = await live.SaveAndPublishAsync(db, () => Changed(SavedViewChangeKind.Renamed, view, view.Shared, actor), ct);
        return saved ? Result<SavedViewItem>.Ok(ToItem(view, actor, null)) : Result<SavedViewItem>.Conflict(null, "SavedView.ChangedMeanwhile");
    }

    /// <summary>Deletes a view (its owner, or for a shared one also a manager or admin).</summary>
    public async Task<Result<bool>> DeleteAsync(int id, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var view = await db.SavedViews.FirstOrDefaultAsync(v => v.Id == id, ct);
        if (view is null || (view.OwnerId != actor.UserId && !view.Shared))
        {
            return Result<bool>.NotFound();
        }
        if (!AccessPolicy.MayChangeSavedView(actor, view.OwnerId, view.Shared))
        {
            return Result<bool>.Forbidden();
        }
        db.SavedViews.Remove(view);
        await live.SaveAndPublishAsync(db, () => Changed(SavedViewChangeKind.Deleted, view, view.Shared, actor), ct);
        return Result<bool>.Ok(true);
    }

    /// <summary>
    /// Shares a view with the team, or takes a shared one back to its owner alone: a manager or admin, for their own
    /// view, or for a shared one (<see cref="AccessPolicy.MayShareViews"/>); <paramref name="version"/> is the one the user saw.
    /// </summary>
    public async Task<Result<SavedViewItem>> SetSharedAsync(int id, int version, bool shared, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var view = await db.SavedViews.FirstOrDefaultAsync(v => v.Id == id, ct);
        if (view is null || (view.OwnerId != actor.UserId && !view.Shared))
        {
            return Result<SavedViewItem>.NotFound();
        }
        if (!AccessPolicy.MayShareViews(actor) || !AccessPolicy.MayChangeSavedView(actor, view.OwnerId, view.Shared))
        {
            return Result<SavedViewItem>.Forbidden();
        }
        if (view.Version != version)
        {
            return Result<SavedViewItem>.Conflict(null, "SavedView.ChangedMeanwhile");
        }
        if (view.Shared == shared)
        {
            return Result<SavedViewItem>.Ok(ToItem(view, actor, null));
        }
        view.Shared = shared;
        var saved = await live.SaveAndPublishAsync(db, () => Changed(shared ? SavedViewChangeKind.Shared : SavedViewChangeKind.Unshared, view, true, actor), ct);
        return saved ? Result<SavedViewItem>.Ok(ToItem(view, actor, null)) : Result<SavedViewItem>.Conflict(null, "SavedView.ChangedMeanwhile");
    }

    /// <summary>The event of a change to <paramref name="view"/>; <paramref name="seenByTeam"/>: it is or was shared, so every user's menu follows.</summary>
    private CrmEvent Changed(SavedViewChangeKind kind, SavedView view, bool seenByTeam, Actor actor) => new SavedViewsChanged
    {
        Kind = kind,
        List = view.List,
        ViewId = view.Id,
        OwnerId = view.OwnerId,
        SeenByTeam = seenByTeam,
        ActorId = actor.UserId,
        ActorName = actor.DisplayName,
        OccurredAt = clock.GetUtcNow().UtcDateTime,
    };

    /// <summary>The address query as it is kept: no leading <c>?</c>, no surrounding blanks.</summary>
    public static string Normalize(string? query) => (query ?? "").Trim().TrimStart('?');

    private static List<FieldError> Validate(string list, string name, string query)
    {
        var errors = new List<FieldError>();
        if (!SavedViewLists.All.Contains(list))
        {
            errors.Add(new FieldError(nameof(SavedViewInput.List), "Validation.Invalid"));
        }
        if (name.Length == 0)
        {
            errors.Add(new FieldError(nameof(SavedViewInput.Name), "Validation.Required"));
        }
        else if (name.Length > NameMaxLength)
        {
            errors.Add(new FieldError(nameof(SavedViewInput.Name), "Validation.MaxLength", NameMaxLength));
        }
        if (query.Length > QueryMaxLength)
        {
            errors.Add(new FieldError(nameof(SavedViewInput.Query), "Validation.MaxLength", QueryMaxLength));
        }
        return errors;
    }

    /// <summary>One owner's views of a list have different names (case-insensitively); shared views of others may repeat a name.</summary>
    private static async Task<bool> NameTakenAsync(CrmDbContext db, string list, string name, string ownerId, int? exceptId, CancellationToken ct)
    {
        var lower = name.ToLower();
        return await db.SavedViews.AnyAsync(v => v.List == list && v.OwnerId == ownerId && v.Name.ToLower() == lower && v.Id != exceptId, ct);
    }

    private static SavedViewItem ToItem(SavedView v, Actor actor, string? ownerName) =>
        new(v.Id, v.Version, v.List, v.Name, v.Query, v.Shared, v.OwnerId, ownerName, AccessPolicy.MayChangeSavedView(actor, v.OwnerId, v.Shared));
}
