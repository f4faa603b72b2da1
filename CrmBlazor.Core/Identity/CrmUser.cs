using Microsoft.AspNetCore.Identity;

namespace CrmBlazor.Core.Identity;

public class CrmUser : IdentityUser
{
    public required string DisplayName { get; set; }
}
