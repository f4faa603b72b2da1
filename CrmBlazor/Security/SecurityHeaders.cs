using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Security;

/// <summary>
/// The Content-Security-Policy of one part of the site: the paths under <see cref="Prefix"/> get <see cref="Policy"/>
/// instead of <see cref="SecurityHeadersOptions.ContentSecurityPolicy"/> (for example a public web form that other
/// sites may frame). <c>{nonce}</c> in a policy is replaced by the request's nonce.
/// </summary>
public sealed record PathSecurityPolicy(PathString Prefix, string Policy);

/// <summary>
/// The headers every response carries (docs/decisions/016-security-headers-and-observability.md). A feature with needs
/// of its own adds a policy for its paths: <c>services.Configure&lt;SecurityHeadersOptions&gt;(o =&gt; o.PathPolicies.Add(...))</c>.
/// </summary>
public sealed class SecurityHeadersOptions
{
    /// <summary>
    /// Blazor Server, MudBlazor and ApexCharts: scripts only from this site, plus the import map Blazor writes inline
    /// (by its nonce); styles from this site and inline, because MudBlazor writes its theme as a &lt;style&gt; element
    /// and every component's look as style attributes, neither of which can carry a nonce or a stable hash; the circuit's
    /// WebSocket to this site; no plugins, no framing by any site, forms post only here. Images also from any https site:
    /// the remote images of an e-mail that its reader chose to show (sanitized markup holds none until then, decision 018).
    /// </summary>
    public const string DefaultPolicy =
        "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public string ContentSecurityPolicy { get; set; } = DefaultPolicy;

    /// <summary>Policies for parts of the site, the longest matching prefix first.</summary>
    public List<PathSecurityPolicy> PathPolicies { get; } = [];

    public string ReferrerPolicy { get; set; } = "same-origin";

    internal string PolicyFor(PathString path) =>
        PathPolicies.Where(p => path.StartsWithSegments(p.Prefix)).OrderByDescending(p => p.Prefix.Value?.Length ?? 0)
            .Select(p => p.Policy).FirstOrDefault() ?? ContentSecurityPolicy;
}

/// <summary>Where the app sits behind a reverse proxy: which proxies may tell it the client's address and scheme.</summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "Crm:ReverseProxy";

    /// <summary>Addresses of the proxies (for example <c>10.0.0.5</c>). Loopback is trusted when none is given.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of the proxies in CIDR form (for example <c>172.18.0.0/16</c>, a container network).</summary>
    public string[] KnownNetworks { get; set; } = [];
}

internal static class SecurityHeaders
{
    private const string NonceKey = "crm.csp-nonce";

    /// <summary>The nonce of this response's Content-Security-Policy, for the one inline script (the import map).</summary>
    public static string? CspNonce(this HttpContext context) => context.Items[NonceKey] as string;

    /// <summary>Forwarded headers from the configured proxies, HSTS, and the headers' options.</summary>
    public static IServiceCollection AddCrmSecurityHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityHeadersOptions>();
        var proxy = configuration.GetSection(ReverseProxyOptions.Section).Get<ReverseProxyOptions>() ?? new ReverseProxyOptions();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (proxy.KnownProxies.Length > 0 || proxy.KnownNetworks.Length > 0)
            {
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
                foreach (var address in proxy.KnownProxies)
                {
                    options.KnownProxies.Add(IPAddress.Parse(address));
                }
                foreach (var network in proxy.KnownNetworks)
                {
                    options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
                }
            }
        });
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false; // the CRM's host only: other sites of the firm's domain are not ours to pin
        });
        return services;
    }

    /// <summary>
    /// First in the pipeline: the client's real address and scheme from a trusted proxy (so HTTPS redirection, HSTS and
    /// the sign-in rate limits see them), then, outside Development, HSTS and the redirect to HTTPS, then the headers.
    /// </summary>
    public static void UseCrmSecurityHeaders(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            // Health probes come over plain HTTP from inside the deployment (an orchestrator, a load balancer).
            app.UseWhen(context => !context.Request.Path.StartsWithSegments("/health"), branch => branch.UseHttpsRedirection());
        }
        var options = app.Services.GetRequiredService<IOptions<SecurityHeadersOptions>>().Value;
        app.Use((context, next) =>
        {
            // base64url: no '+' or '/' that Razor would write as character references in the import map's attribute.
            var nonce = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            // When the response starts: an error page re-executed after the headers were cleared still gets them.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = options.PolicyFor(context.Request.Path).Replace("{nonce}", nonce, StringComparison.Ordinal);
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = options.ReferrerPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
