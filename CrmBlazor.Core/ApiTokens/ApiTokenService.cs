using System.Security.Cryptography;
using System.Text;

namespace CrmBlazor.Core.ApiTokens;

/// <summary>
/// Personal API tokens: create (the secret returned once), list, revoke, and check a presented token. A token reads
/// <c>crm_{prefix}_{secret}</c>; the prefix finds the row, the SHA-256 of the whole token is compared in constant time.
/// </summary>
public sealed class ApiTokenService(IDbContextFactory<CrmDbContext> contextFactory, TimeProvider clock)
{
    public const string TokenStart = "crm_";

    public async Task<Result<NewApiToken>> CreateAsync(ApiTokenInput input, Actor actor, CancellationToken ct = default)
    {
        var v = new Validator()
            .Required(nameof(ApiTokenInput.Name), input.Name)
            .MaxLength(nameof(ApiTokenInput.Name), input.Name, ApiTokenRules.NameMaxLength);
        if (input.Days is < 1 or > ApiTokenRules.MaxDays)
        {
            v.Add(nameof(ApiTokenInput.Days), "ApiToken.Days", ApiTokenRules.MaxDays);
        }
        if (!Enum.IsDefined(input.Scope))
        {
            v.Add(nameof(ApiTokenInput.Scope), "Validation.Required");
        }
        if (v.Errors.Count > 0)
        {
            return Result<NewApiToken>.Invalid([.. v.Errors]);
        }
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(ApiTokenRules.PrefixLength / 2));
        var secret = $"{TokenStart}{prefix}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var token = new ApiToken
        {
            UserId = actor.UserId,
            Name = input.Name.Trim(),
            Prefix = prefix,
            Hash = HashOf(secret),
            Scope = input.Scope,
            CreatedAt = now,
            ExpiresAt = now.AddDays(input.Days),
        };
        db.Add(token);
        await db.SaveChangesAsync(ct);
        return Result<NewApiToken>.Ok(new NewApiToken(ToRow(token, actor.DisplayName), secret));
    }

    /// <summary>The actor's own tokens, or everyone's when <paramref name="everyone"/> and the policy lets the actor see them.</summary>
    public async Task<IReadOnlyList<ApiTokenRow>> ListAsync(Actor actor, bool everyone = false, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var tokens = db.Set<ApiToken>().AsNoTracking();
        if (!(everyone && AccessPolicy.MayManageAllApiTokens(actor)))
        {
            tokens = tokens.Where(t => t.UserId == actor.UserId);
        }
        var rows = await tokens
            .Select(t => new ApiTokenRow(t.Id, t.Name, t.Prefix, t.Scope, t.UserId,
                db.Users.Where(u => u.Id == t.UserId).Select(u => u.DisplayName).FirstOrDefault(),
                t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(ct);
        return [.. rows.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)];
    }

    public async Task<Result<ApiTokenRow>> RevokeAsync(int tokenId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var token = await db.Set<ApiToken>().FirstOrDefaultAsync(t => t.Id == tokenId, ct);
        if (token is null)
        {
            return Result<ApiTokenRow>.NotFound();
        }
        if (!AccessPolicy.MayRevokeApiToken(actor, token.UserId))
        {
            return Result<ApiTokenRow>.Forbidden();
        }
        if (token.RevokedAt is null)
        {
            token.RevokedAt = clock.GetUtcNow().UtcDateTime;
            token.RevokedById = actor.UserId;
            await db.SaveChangesAsync(ct);
        }
        var name = await db.Users.Where(u => u.Id == token.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        return Result<ApiTokenRow>.Ok(ToRow(token, name));
    }

    /// <summary>
    /// The token's owner and scope when <paramref name="presented"/> is a token that exists, is not revoked or expired,
    /// and whose owner may still sign in; null otherwise. Notes the use at most once per <see cref="ApiTokenRules.LastUsedResolution"/>.
    /// </summary>
    public async Task<ApiTokenIdentity?> AuthenticateAsync(string presented, CancellationToken ct = default)
    {
        if (!presented.StartsWith(TokenStart, StringComparison.Ordinal) || presented.Length > 100)
        {
            return null;
        }
        var prefix = presented.Substring(TokenStart.Length, Math.Min(ApiTokenRules.PrefixLength, presented.Length - TokenStart.Length));
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        // One query per request: the token and its user's lockout (a request of its own before; the API's hot path).
        var token = await db.Set<ApiToken>().AsNoTracking().Where(t => t.Prefix == prefix)
            .Select(t => new
            {
                t.Id, t.UserId, t.Hash, t.RevokedAt, t.ExpiresAt, t.LastUsedAt, t.Scope,
                User = db.Users.Where(u => u.Id == t.UserId).Select(u => new { u.LockoutEnd, u.UserName }).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        if (token is null || token.RevokedAt is not null || token.ExpiresAt <= now
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token.Hash), Encoding.ASCII.GetBytes(HashOf(presented))))
        {
            return null;
        }
        if (token.User is null || token.User.LockoutEnd > clock.GetUtcNow())
        {
            return null;
        }
        if (token.LastUsedAt is null || now - token.LastUsedAt >= ApiTokenRules.LastUsedResolution)
        {
            await db.Set<ApiToken>().Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
        }
        return new ApiTokenIdentity(token.Id, token.UserId, token.Scope, token.User.UserName);
    }

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static ApiTokenRow ToRow(ApiToken t, string? userName) =>
        new(t.Id, t.Name, t.Prefix, t.Scope, t.UserId, userName, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt);
}
