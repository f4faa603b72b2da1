namespace CrmBlazor.Core.ApiTokens;

/// <summary>
/// A personal access token for the REST API. The secret is shown once; only its SHA-256 hash is kept, with a short
/// public prefix to find the row without scanning hashes.
/// </summary>
public class ApiToken
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    /// <summary>The token's first characters after <c>crm_</c>: random, unique, shown in lists to tell tokens apart.</summary>
    public required string Prefix { get; set; }
    /// <summary>SHA-256 of the whole token, hex.</summary>
    public required string Hash { get; set; }
    public ApiTokenScope Scope { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedById { get; set; }
}

public enum ApiTokenScope
{
    ReadOnly,
    ReadWrite,
}
