using Microsoft.AspNetCore.DataProtection;

namespace CrmBlazor.Core.Mail;

/// <summary>Encrypts mailbox passwords with ASP.NET Core Data Protection (the app's key ring), one purpose for them all.</summary>
public sealed class MailSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("CrmBlazor.Mail.Passwords");

    public string Protect(string password) => _protector.Protect(password);

    public string Unprotect(string protectedPassword) => protectedPassword.Length == 0 ? "" : _protector.Unprotect(protectedPassword);
}
