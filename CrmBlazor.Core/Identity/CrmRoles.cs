namespace CrmBlazor.Core.Identity;

public static class CrmRoles
{
    public const string Admin = "Admin";
    public const string Manager = "Manager";
    public const string Sales = "Sales";

    public static readonly IReadOnlyList<string> All = [Admin, Manager, Sales];
}
