namespace CrmBlazor.Components.Elements;

public static class ActivityIcons
{
    public static string For(ActivityType type) => type switch
    {
        ActivityType.Call => Icons.Material.Filled.Phone,
        ActivityType.Meeting => Icons.Material.Filled.Groups,
        ActivityType.Email => Icons.Material.Filled.Email,
        _ => Icons.Material.Filled.TaskAlt,
    };
}
