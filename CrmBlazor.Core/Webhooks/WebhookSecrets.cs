using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace CrmBlazor.Core.Webhooks;

/// <summary>Keeps webhook secrets encrypted at rest and reads them back to sign deliveries.</summary>
public interface IWebhookSecretProtector
{
    string Protect(string secret);
    string Unprotect(string protectedSecret);
}

/// <summary>
/// ASP.NET Core Data Protection with a purpose of its own: the same key ring (in the database, encrypted with the
/// configured certificate) as sign-in cookies.
/// </summary>
public sealed class DataProtectionWebhookSecrets(IDataProtectionProvider provider) : IWebhookSecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("CrmBlazor.Webhooks.Secret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}

/// <summary>
/// The signature every delivery carries, in the header <see cref="SignatureHeader"/>:
/// <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;body&gt;" with the secret (UTF-8)&gt;</c>.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-Crm-Signature";
    public const string EventHeader = "X-Crm-Event";
    public const string EventIdHeader = "X-Crm-Event-Id";
    public const string DeliveryHeader = "X-Crm-Delivery";

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Sign(string secret, long timestamp, string body) => $"t={timestamp},v1={Mac(secret, timestamp, body)}";

    private static string Mac(string secret, long timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    /// <summary>What a receiver does: true when <paramref name="header"/> signs <paramref name="body"/> and is no older than <paramref name="tolerance"/>.</summary>
    public static bool Verify(string secret, string? header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (header is null)
        {
            return false;
        }
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        if (!parts.TryGetValue("t", out var t) || !long.TryParse(t, out var timestamp) || !parts.TryGetValue("v1", out var given))
        {
            return false;
        }
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds)
        {
            return false;
        }
        var expected = Mac(secret, timestamp, body);
        return CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(given));
    }
}
