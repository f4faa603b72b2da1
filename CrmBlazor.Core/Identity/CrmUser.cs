using Microsoft.AspNetCore.Identity;

namespace CrmBlazor.Core.Identity;

public class CrmUser : IdentityUser
{
    public required string DisplayName { get; set; }
    /// <summary>A deactivated user cannot sign in, and their open pages and hub connections end at their next check.</summary>
    public bool IsActive { get; set; } = true;
    public int? DepartmentId { get; set; }
    /// <summary>The role record whose scopes the user acts with; null: the built-in one of their Identity role.</summary>
    public int? AccessRoleId { get; set; }
    /// <summary>The user's language (a culture name the app offers); null: the browser's.</summary>
    public string? Language { get; set; }
    /// <summary>SHA-256 of the secret in the user's calendar feed link (see <c>CalendarFeedService</c>); null: no feed.</summary>
    public string? CalendarFeedHash { get; set; }
}
