namespace CrmBlazor.Core.Identity;

public sealed record UserSummary(string Id, string DisplayName, string? Email);

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
}
