namespace CrmBlazor.Core.Access;

/// <summary>What a role's scopes are about (decision 011).</summary>
public enum AccessEntity
{
    Lead = 1,
    Contact = 2,
    Company = 3,
    Deal = 4,
    Activity = 5,
    Product = 6,
    Report = 7,
}

/// <summary>What a user does with an <see cref="AccessEntity"/>.</summary>
public enum AccessAction
{
    Read = 1,
    Add = 2,
    Edit = 3,
    Delete = 4,
    Export = 5,
    Import = 6,
}

/// <summary>
/// Which records of an entity an action reaches: none; own (the user's and unassigned ones); department (also those of
/// the users of the user's department and the departments below it); all.
/// </summary>
public enum AccessScope
{
    None = 0,
    Own = 1,
    Department = 2,
    All = 3,
}

/// <summary>
/// A role as data: a name, the ASP.NET Core Identity role its users sign in with (<see cref="BaseRole"/>, which decides
/// the admin pages) and a scope per entity and action. Built-in roles can be edited but not deleted.
/// </summary>
public class AccessRole : IVersioned
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>One of <see cref="CrmRoles.All"/>.</summary>
    public required string BaseRole { get; set; }
    public bool IsBuiltIn { get; set; }
    public int Version { get; set; }
    public List<AccessRoleGrant> Grants { get; set; } = [];
}

/// <summary>One cell of a role's table; a missing cell is <see cref="AccessScope.None"/>.</summary>
public class AccessRoleGrant
{
    public int RoleId { get; set; }
    public AccessEntity Entity { get; set; }
    public AccessAction Action { get; set; }
    public AccessScope Scope { get; set; }
}

/// <summary>
/// What a signed-in user may do, as loaded for an <see cref="Actor"/> by <see cref="Team.AccessProfiles"/>: the scopes of
/// their role, and the users whose records "department" reaches (everyone in the user's department and the departments
/// below it, the user included).
/// </summary>
public sealed record AccessProfile(int RoleId, string RoleName, IReadOnlyDictionary<(AccessEntity, AccessAction), AccessScope> Scopes, IReadOnlySet<string> TeamUserIds)
{
    public AccessScope ScopeOf(AccessEntity entity, AccessAction action) => Scopes.GetValueOrDefault((entity, action), AccessScope.None);
}

/// <summary>The four roles every database has, with fixed ids; users without a role record act as the one of their Identity role.</summary>
public static class BuiltInRoles
{
    public const int AdminId = 1;
    public const int ManagerId = 2;
    public const int SalesId = 3;
    public const int SalesOwnOnlyId = 4;

    public static readonly IReadOnlyList<AccessEntity> Entities = Enum.GetValues<AccessEntity>();
    public static readonly IReadOnlyList<AccessAction> Actions = Enum.GetValues<AccessAction>();

    /// <summary>The record a user of Identity role <paramref name="identityRole"/> maps to when they have none of their own.</summary>
    public static int IdFor(string? identityRole) => identityRole switch
    {
        CrmRoles.Admin => AdminId,
        CrmRoles.Manager => ManagerId,
        _ => SalesId,
    };

    /// <summary>The built-in roles as they ship: Admin and Manager all; Sales reads all and changes its own and unassigned; Sales (own only) also reads only those.</summary>
    public static IReadOnlyList<AccessRole> Defaults() =>
    [
        Make(AdminId, ShippedName(AdminId)!, CrmRoles.Admin, (_, _) => AccessScope.All),
        Make(ManagerId, ShippedName(ManagerId)!, CrmRoles.Manager, (_, _) => AccessScope.All),
        Make(SalesId, ShippedName(SalesId)!, CrmRoles.Sales, (e, a) => SalesScope(e, a, ownOnly: false)),
        Make(SalesOwnOnlyId, ShippedName(SalesOwnOnlyId)!, CrmRoles.Sales, (e, a) => SalesScope(e, a, ownOnly: true)),
    ];

    /// <summary>
    /// The name a built-in role shipped with (English), or null for any other role: a name still equal to it is shown
    /// in the user's language; one an admin renamed is shown as they wrote it.
    /// </summary>
    public static string? ShippedName(int roleId) => roleId switch
    {
        AdminId => "Admin",
        ManagerId => "Manager",
        SalesId => "Sales",
        SalesOwnOnlyId => "Sales (own only)",
        _ => null,
    };

    /// <summary>The scopes of the built-in role of <paramref name="roles"/> (the highest Identity role wins), for actors made without a profile.</summary>
    public static AccessScope ScopeFor(IReadOnlySet<string> roles, AccessEntity entity, AccessAction action) =>
        roles.Contains(CrmRoles.Admin) || roles.Contains(CrmRoles.Manager) ? AccessScope.All : SalesScope(entity, action, ownOnly: false);

    private static AccessScope SalesScope(AccessEntity entity, AccessAction action, bool ownOnly) => (entity, action) switch
    {
        (AccessEntity.Product, AccessAction.Read) => AccessScope.All,
        (AccessEntity.Product, _) => AccessScope.None,
        (AccessEntity.Report, AccessAction.Read or AccessAction.Export) => AccessScope.Own,
        (AccessEntity.Report, _) => AccessScope.None,
        // Activities are personal (decision 005): a sales user reads the ones they are responsible for or planned, and those on their own elements.
        (AccessEntity.Activity, AccessAction.Read) => AccessScope.Own,
        (_, AccessAction.Read) => ownOnly ? AccessScope.Own : AccessScope.All,
        (_, AccessAction.Add) => ownOnly ? AccessScope.Own : AccessScope.All,
        _ => AccessScope.Own,
    };

    private static AccessRole Make(int id, string name, string baseRole, Func<AccessEntity, AccessAction, AccessScope> scope) => new()
    {
        Id = id,
        Name = name,
        BaseRole = baseRole,
        IsBuiltIn = true,
        Grants = [.. Entities.SelectMany(e => Actions.Select(a => new AccessRoleGrant { RoleId = id, Entity = e, Action = a, Scope = scope(e, a) }))],
    };
}
