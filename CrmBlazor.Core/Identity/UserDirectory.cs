namespace CrmBlazor.Core.Identity;

public sealed record UserSummary(string Id, string DisplayName, string? Email);

/// <summary>The orders the API's user list offers; each is keyset-paged on (the key, the user's id).</summary>
public enum UserSort
{
    Name,
    Email,
}

/// <summary>The team, for pickers such as a deal's responsible user.</summary>
public sealed class UserDirectory(IDbContextFactory<CrmDbContext> contextFactory)
{
    public async Task<IReadOnlyList<UserSummary>> GetUsersAsync(CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().OrderBy(u => u.DisplayName)
            .Select(u => new UserSummary(u.Id, u.DisplayName, u.Email))
            .ToListAsync(ct);
    }

    /// <summary>
    /// The API's list: the team (those whose name or e-mail contains <paramref name="search"/>, when given), ordered by
    /// <paramref name="sort"/> and then the id, one keyset page (<see cref="Keyset"/>) in one query.
    /// </summary>
    /// <exception cref="KeysetCursorException">The cursor is not one of this sort and direction.</exception>
    public async Task<KeysetPage<UserSummary>> ListAsync(string? search, UserSort sort, bool descending, KeysetRequest page, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = TextSearch.Contains(search.Trim());
            users = users.Where(u => EF.Functions.Like(u.DisplayName.ToLower(), pattern, TextSearch.Escape)
                || (u.Email != null && EF.Functions.Like(u.Email.ToLower(), pattern, TextSearch.Escape)));
        }
        return sort == UserSort.Email
            ? await Keyset.PageAsync(users, sort.ToString(), descending, u => u.Email ?? "", u => u.Id, u => new UserSummary(u.Id, u.DisplayName, u.Email), page, ct)
            : await Keyset.PageAsync(users, sort.ToString(), descending, u => u.DisplayName, u => u.Id, u => new UserSummary(u.Id, u.DisplayName, u.Email), page, ct);
    }
}
