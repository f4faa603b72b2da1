namespace CrmBlazor.Components.Shared;

/// <summary>
/// How a role is named on screen: a built-in role still called what it shipped as is shown in the user's language
/// (<c>Role.BuiltIn.{id}</c> in strings.tsv); any other name as an admin wrote it.
/// </summary>
public static class RoleNames
{
    public static string Label(int roleId, string name, IStringLocalizer<SharedResource> L) =>
        BuiltInRoles.ShippedName(roleId) is { } shipped && shipped == name ? L["Role.BuiltIn." + roleId].Value : name;
}
