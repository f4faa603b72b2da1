using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Security;

/// <summary>
/// An open page (a circuit) keeps the user it started with; every <c>Crm:SignIn:RevalidateSeconds</c> this checks
/// that the user still exists and that their security stamp is the one in their cookie. Signing out changes the
/// stamp, so the user's other tabs lose their sign-in at the next check and the router sends them to the sign-in
/// form. The pattern of the Blazor Web App template's provider of the same name.
/// </summary>
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> identityOptions,
    IOptions<CrmSignInOptions> signInOptions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => signInOptions.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        return await IsStillValidAsync(users, identityOptions.Value, authenticationState.User);
    }

    /// <summary>Whether <paramref name="principal"/>'s user exists, is active, and its security stamp has not changed since sign-in.</summary>
    public static async Task<bool> IsStillValidAsync(UserManager<CrmUser> users, IdentityOptions options, ClaimsPrincipal principal)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || !user.IsActive)
        {
            return false;
        }
        if (!users.SupportsUserSecurityStamp)
        {
            return true;
        }
        var stamp = principal.FindFirstValue(options.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
