using System.Security.Claims;
using System.Text.Encodings.Web;
using CrmBlazor.Core.ApiTokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Api;

/// <summary>
/// <c>Authorization: Bearer crm_...</c>: a personal API token (<see cref="ApiTokenService"/>). A scheme of its own,
/// beside the sign-in cookie; only the API's endpoints ask for it. The principal carries the owner's roles and display
/// name as the cookie does, plus the token's id and scope.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokenService tokens, AccessProfiles profiles)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string TokenIdClaim = "crm:token_id";
    public const string ScopeClaim = "crm:token_scope";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        // The token (revoked, expired, its user locked out) is checked on every request, in one query; the owner's name
        // and roles come from the actor every use case loads anyway (AccessProfiles: cached for seconds, forgotten on
        // every change of users or roles), not from the Identity stores' several queries per request.
        var identity = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (identity is null || await profiles.GetActorAsync(identity.UserId, Context.RequestAborted) is not { } owner)
        {
            return AuthenticateResult.Fail("Invalid, expired or revoked API token.");
        }
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, owner.UserId),
            new(ClaimTypes.Name, identity.UserName ?? owner.UserId),
            new(CrmClaimsPrincipalFactory.DisplayNameClaim, owner.DisplayName),
            .. owner.Roles.Select(role => new Claim(ClaimTypes.Role, role)),
        ];
        claims.Add(new Claim(TokenIdClaim, identity.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        claims.Add(new Claim(ScopeClaim, identity.Scope.ToString()));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    /// <summary>The token a request was authenticated with (its id and scope); null for a cookie.</summary>
    public static (int Id, ApiTokenScope Scope)? TokenOf(ClaimsPrincipal user) =>
        user.Identities.FirstOrDefault(i => i.AuthenticationType == SchemeName) is { } identity
        && int.TryParse(identity.FindFirst(TokenIdClaim)?.Value, out var id)
        && Enum.TryParse<ApiTokenScope>(identity.FindFirst(ScopeClaim)?.Value, out var scope)
            ? (id, scope)
            : null;
}
