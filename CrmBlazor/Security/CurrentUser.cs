using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace CrmBlazor.Security;

/// <summary>The signed-in user of this circuit, as the <see cref="Actor"/> Core services act for.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication)
{
    private Actor? _actor;

    public async Task<Actor> GetActorAsync()
    {
        if (_actor is null)
        {
            var state = await authentication.GetAuthenticationStateAsync();
            _actor = FromPrincipal(state.User);
        }
        return _actor;
    }

    public static Actor FromPrincipal(ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("A signed-in user is required.");
        var name = user.FindFirstValue(CrmClaimsPrincipalFactory.DisplayNameClaim) ?? user.Identity?.Name ?? id;
        var roles = CrmRoles.All.Where(user.IsInRole).ToArray();
        return Actor.Create(id, name, roles);
    }
}
