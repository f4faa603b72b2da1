using System.Security.Cryptography.X509Certificates;
using CrmBlazor.Core.Seeding;
using Microsoft.AspNetCore.DataProtection;

namespace CrmBlazor.Security;

/// <summary>
/// The Data Protection keys (they protect sign-in cookies and antiforgery tokens) live in the database, shared by every
/// server. At rest they are encrypted with an X.509 certificate when <c>Crm:DataProtection:CertificatePath</c> names
/// a PFX file (with <c>:CertificatePassword</c>); a database backup then holds no usable key without the certificate.
/// Without one the keys are stored as plain XML, and Data Protection logs a warning at start-up (fine for Development;
/// documented in docs/decisions/016-security-headers-and-observability.md).
/// </summary>
internal static class DataProtectionKeys
{
    public const string Section = "Crm:DataProtection";

    public static IDataProtectionBuilder ProtectKeysAtRest(this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        if (section["CertificatePath"] is not { Length: > 0 } path)
        {
            return builder;
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, section["CertificatePassword"], X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new CrmStartupException($"{Section}:CertificatePath '{path}' cannot be read as a PFX certificate with its private key ({ex.Message}).");
        }
        if (!certificate.HasPrivateKey)
        {
            throw new CrmStartupException($"{Section}:CertificatePath '{path}' has no private key.");
        }
        // Keys written under an earlier certificate are still read while it is listed here (certificate rotation).
        var previous = section.GetSection("PreviousCertificatePaths").Get<string[]>() ?? [];
        var all = previous.Select(p => X509CertificateLoader.LoadPkcs12FromFile(p, section["CertificatePassword"], X509KeyStorageFlags.EphemeralKeySet))
            .Prepend(certificate).ToArray();
        return builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(all);
    }
}
