namespace CrmBlazor.Core.Common;

/// <summary>
/// The signed-in user a use case runs for. The web app builds it from the user's claims; what the user may do is
/// <see cref="Access.AccessPolicy"/>'s to say.
/// </summary>
public sealed record Actor(string UserId, string DisplayName, IReadOnlySet<string> Roles)
{
    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>
    /// The user's role record and team, loaded by <see cref="Team.AccessProfiles"/>; null acts as the built-in role of
    /// <see cref="Roles"/> (what an actor made by <see cref="Create"/> does).
    /// </summary>
    public AccessProfile? Access { get; init; }

    public static Actor Create(string userId, string displayName, params string[] roles) =>
        new(userId, displayName, new HashSet<string>(roles, StringComparer.Ordinal));
}
