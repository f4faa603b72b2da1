using Microsoft.AspNetCore.Identity;

namespace CrmBlazor.Security;

/// <summary>
/// Identity answers an unknown or locked account without hashing the typed password, so such an answer comes back
/// faster than a wrong password's and tells which accounts exist. This hashes it once against a throw-away hash.
/// </summary>
internal static class SignInTiming
{
    private static readonly CrmUser Nobody = new() { DisplayName = "" };
    private static string? _throwAwayHash;

    public static void CheckAsIfTheAccountExisted(IPasswordHasher<CrmUser> hasher, string password)
    {
        _throwAwayHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(Nobody, _throwAwayHash, password);
    }
}
