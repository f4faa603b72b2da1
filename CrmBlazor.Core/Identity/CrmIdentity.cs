using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;

namespace CrmBlazor.Core.Identity;

/// <summary>The account rules every host of Core uses (the web app, the tests): unique e-mails, the password rules, lockout.</summary>
public static class CrmIdentity
{
    public static void Configure(IdentityOptions options, IConfiguration configuration)
    {
        options.User.RequireUniqueEmail = true;
        options.Password.RequiredLength = 8;
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = configuration.GetValue("Crm:Lockout:MaxFailedAttempts", 5);
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(configuration.GetValue("Crm:Lockout:Minutes", 5));
    }
}
