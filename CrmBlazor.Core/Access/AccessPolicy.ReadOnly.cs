namespace CrmBlazor.Core.Access;

public static partial class AccessPolicy
{
    /// <summary>
    /// Why <paramref name="actor"/> may read but not change a record of <paramref name="entity"/> that
    /// <paramref name="responsibleUserId"/> is responsible for, as a resource key; null when they may change it.
    /// </summary>
    public static string? WhyReadOnly(Actor actor, AccessEntity entity, string? responsibleUserId) =>
        May(actor, entity, AccessAction.Edit, responsibleUserId) ? null : ScopeOf(actor, entity, AccessAction.Edit) switch
        {
            AccessScope.Own => "Access.ReadOnlyNotYours",
            AccessScope.Department => "Access.ReadOnlyNotYourTeam",
            _ => "Access.ReadOnlyRole",
        };
}
