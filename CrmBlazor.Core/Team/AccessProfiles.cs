using System.Collections.Concurrent;

namespace CrmBlazor.Core.Team;

/// <summary>
/// Makes the <see cref="Actor"/> a signed-in user acts as, from the database: their Identity roles, their role
/// record's scopes and the users of their department and the departments below it. Each is kept for a few seconds
/// (<see cref="Lifetime"/>), and dropped at once on this server when an admin changes users, roles or departments, so a
/// change reaches open pages at once: <see cref="ChangedAsync"/> publishes <see cref="AccessChanged"/>, on which every
/// server (from the outbox) drops its copies and every open page reads its data again.
/// </summary>
public sealed class AccessProfiles
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, (Actor? Actor, DateTimeOffset LoadedAt)> _cache = new(StringComparer.Ordinal);
    private readonly IDbContextFactory<CrmDbContext> contextFactory;
    private readonly TimeProvider clock;
    private readonly ILiveUpdates? live;

    public AccessProfiles(IDbContextFactory<CrmDbContext> contextFactory, TimeProvider clock, ILiveUpdates? live = null)
    {
        this.contextFactory = contextFactory;
        this.clock = clock;
        this.live = live;
        // Inline (a subscriber of everything runs before the pages' keyed subscribers): a page that reloads for the
        // event already reads the new access. Lives as long as this singleton.
        live?.SubscribeAll(change =>
        {
            if (change is AccessChanged)
            {
                Invalidate();
            }
            return Task.CompletedTask;
        });
    }

    /// <summary>The actor of <paramref name="userId"/>; null when there is no such user or they are deactivated.</summary>
    public async Task<Actor?> GetActorAsync(string userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(userId, out var cached) && now - cached.LoadedAt < Lifetime)
        {
            return cached.Actor;
        }
        var actor = await LoadAsync(userId, ct);
        _cache[userId] = (actor, now);
        return actor;
    }

    /// <summary>Forgets every loaded actor: the next use case of every user reads their access again.</summary>
    public void Invalidate() => _cache.Clear();

    /// <summary>
    /// After an admin changed users, roles or departments (committed): forgets every loaded actor and publishes
    /// <see cref="AccessChanged"/>, so other servers forget theirs and open pages read their data again.
    /// </summary>
    public async Task ChangedAsync(Actor actor, CancellationToken ct = default)
    {
        Invalidate();
        if (live is null)
        {
            return;
        }
        await live.PublishAsync(contextFactory, new AccessChanged { ActorId = actor.UserId, ActorName = actor.DisplayName, OccurredAt = clock.GetUtcNow().UtcDateTime }, ct);
    }

    private async Task<Actor?> LoadAsync(string userId, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.DisplayName, u.IsActive, u.DepartmentId, u.AccessRoleId })
            .FirstOrDefaultAsync(ct);
        if (user is null || !user.IsActive)
        {
            return null;
        }
        var roles = await db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync(ct);
        if (user.AccessRoleId is null && roles.Count == 0)
        {
            // Nothing to go by in the database: the caller's own knowledge of the user's roles decides (the cookie).
            return Actor.Create(user.Id, user.DisplayName);
        }
        var roleId = user.AccessRoleId ?? BuiltInRoles.IdFor(CrmRoles.All.FirstOrDefault(roles.Contains));
        var role = await db.AccessRoles.AsNoTracking().Include(r => r.Grants).FirstAsync(r => r.Id == roleId, ct);
        var team = new HashSet<string>(StringComparer.Ordinal) { userId };
        if (user.DepartmentId is { } departmentId)
        {
            var departments = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.ParentId }).ToListAsync(ct);
            var below = DepartmentTree.Subtree(departmentId, departments.Select(d => (d.Id, d.ParentId)));
            team.UnionWith(await db.Users.Where(u => u.DepartmentId != null && below.Contains(u.DepartmentId.Value)).Select(u => u.Id).ToListAsync(ct));
        }
        var scopes = role.Grants.ToDictionary(g => (g.Entity, g.Action), g => g.Scope);
        return Actor.Create(user.Id, user.DisplayName, [.. roles.Where(CrmRoles.All.Contains)]) with
        {
            Access = new AccessProfile(role.Id, role.Name, scopes, team),
        };
    }
}

/// <summary>The department tree's one rule: a department and all those below it.</summary>
public static class DepartmentTree
{
    public static List<int> Subtree(int root, IEnumerable<(int Id, int? ParentId)> departments)
    {
        var children = departments.Where(d => d.ParentId is not null).ToLookup(d => d.ParentId!.Value, d => d.Id);
        var result = new List<int> { root };
        for (var i = 0; i < result.Count; i++)
        {
            result.AddRange(children[result[i]].Where(child => !result.Contains(child)));
        }
        return result;
    }
}
