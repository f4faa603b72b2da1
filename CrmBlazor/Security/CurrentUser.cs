using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace CrmBlazor.Security;

/// <summary>
/// The signed-in user of this circuit, as the <see cref="Actor"/> Core services act for: their role's scopes and team
/// come from the database (<see cref="AccessProfiles"/>, kept a few seconds), so an admin's change of their role,
/// department or role table applies at their next action, without a reload.
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication, AccessProfiles? profiles = null)
{
    private ClaimsPrincipal? _principal;
    private Actor? _claimed;

    public async Task<Actor> GetActorAsync()
    {
        if (_principal is null)
        {
            var state = await authentication.GetAuthenticationStateAsync();
            _principal = state.User;
        }
        // What the cookie says is read once per circuit (a live page asks at every event it is shown); the access from
        // the database is asked each time.
        _claimed ??= FromPrincipal(_principal);
        return profiles is null ? _claimed : await ActorAsync(_claimed, profiles);
    }

    /// <summary>
    /// The actor of a signed-in principal with their access from the database; a user who no longer exists or has been
    /// deactivated acts with no scope at all until their session ends.
    /// </summary>
    public static Task<Actor> ActorAsync(ClaimsPrincipal user, AccessProfiles profiles, CancellationToken ct = default) =>
        ActorAsync(FromPrincipal(user), profiles, ct);

    private static async Task<Actor> ActorAsync(Actor claimed, AccessProfiles profiles, CancellationToken ct = default)
    {
        var loaded = await profiles.GetActorAsync(claimed.UserId, ct);
        if (loaded is { Access: null, Roles.Count: 0 })
        {
            // A user with neither a role record nor an Identity role in the database acts by the cookie's roles.
            return claimed;
        }
        return loaded ?? claimed with { Access = new AccessProfile(0, "", new Dictionary<(AccessEntity, AccessAction), AccessScope>(), new HashSet<string>()) };
    }

    /// <summary>The actor as the sign-in cookie names them (id, display name, Identity roles), without their role record.</summary>
    public static Actor FromPrincipal(ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("A signed-in user is required.");
        var name = user.FindFirstValue(CrmClaimsPrincipalFactory.DisplayNameClaim) ?? user.Identity?.Name ?? id;
        var roles = CrmRoles.All.Where(user.IsInRole).ToArray();
        return Actor.Create(id, name, roles);
    }
}
