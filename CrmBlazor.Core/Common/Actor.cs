using CrmBlazor.Core.Identity;

namespace CrmBlazor.Core.Common;

/// <summary>The signed-in user a use case runs for. The web app builds it from the user's claims.</summary>
public sealed record Actor(string UserId, string DisplayName, IReadOnlySet<string> Roles)
{
    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>Admins and managers act on every record; sales users on their own and on unassigned ones.</summary>
    public bool ManagesAll => IsInRole(CrmRoles.Admin) || IsInRole(CrmRoles.Manager);

    /// <summary>Whether this user may change a record that <paramref name="responsibleUserId"/> is responsible for.</summary>
    public bool MayChange(string? responsibleUserId) => ManagesAll || responsibleUserId is null || responsibleUserId == UserId;

    public static Actor Create(string userId, string displayName, params string[] roles) =>
        new(userId, displayName, new HashSet<string>(roles, StringComparer.Ordinal));
}
