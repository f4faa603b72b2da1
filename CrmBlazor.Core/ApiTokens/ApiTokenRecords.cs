namespace CrmBlazor.Core.ApiTokens;

public static class ApiTokenRules
{
    public const int NameMaxLength = 100;
    public const int PrefixLength = 8;
    public const int MaxDays = 366;
    /// <summary>How stale "last used" may get: a token used every second writes its row once a minute.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);
}

public sealed record ApiTokenInput
{
    public string Name { get; init; } = "";
    public ApiTokenScope Scope { get; init; } = ApiTokenScope.ReadOnly;
    /// <summary>Days until it expires (1 to <see cref="ApiTokenRules.MaxDays"/>).</summary>
    public int Days { get; init; } = 90;
}

/// <summary>A token as lists show it (never its secret).</summary>
public sealed record ApiTokenRow(
    int Id, string Name, string Prefix, ApiTokenScope Scope, string UserId, string? UserName,
    DateTime CreatedAt, DateTime ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt)
{
    public bool IsActiveAt(DateTime now) => RevokedAt is null && ExpiresAt > now;
}

/// <summary>A token just made: <see cref="Secret"/> is the only time the whole token exists outside the caller.</summary>
public sealed record NewApiToken(ApiTokenRow Token, string Secret);

/// <summary>Who a valid token acts for.</summary>
public sealed record ApiTokenIdentity(int TokenId, string UserId, ApiTokenScope Scope, string? UserName = null);
