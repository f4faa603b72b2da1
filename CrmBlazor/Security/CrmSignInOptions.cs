namespace CrmBlazor.Security;

/// <summary><c>Crm:SignIn</c>: how hard guessing passwords is made, and how soon other tabs notice a sign-out.</summary>
public sealed class CrmSignInOptions
{
    public const string Section = "Crm:SignIn";

    /// <summary>Sign-in attempts one client address may make per window.</summary>
    public int PerIpLimit { get; set; } = 20;

    /// <summary>Sign-in attempts for one account name per window, from any address.</summary>
    public int PerAccountLimit { get; set; } = 10;

    public int WindowSeconds { get; set; } = 60;

    /// <summary>
    /// How often an open page (and a plain request's cookie) checks that its user is still signed in: that they have
    /// not signed out elsewhere and are still allowed in. At most 60 seconds.
    /// </summary>
    public int RevalidateSeconds { get; set; } = 30;

    public TimeSpan Window => TimeSpan.FromSeconds(Math.Max(1, WindowSeconds));

    public TimeSpan RevalidationInterval => TimeSpan.FromSeconds(Math.Clamp(RevalidateSeconds, 1, 60));
}
