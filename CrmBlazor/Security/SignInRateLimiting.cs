using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Security;

/// <summary>
/// ASP.NET Core's rate limiter on the sign-in form's POST: one fixed window per client address and one per account
/// name, chained, so neither one address trying many accounts nor many addresses trying one account get far. Account
/// lockout (<c>Crm:Lockout</c>) still applies on top. A refused attempt is answered 429 with Retry-After; a browser
/// is sent back to the sign-in form, which says how long to wait.
/// </summary>
internal static class SignInRateLimiting
{
    public const string LoginPath = "/account/login";

    /// <summary>The sign-in form's e-mail field, as Blazor names it from <c>Input.Email</c>.</summary>
    public const string EmailField = "Input.Email";

    /// <summary>Larger sign-in posts are not read for the account name (they share one partition instead).</summary>
    private const long MaxFormBytes = 16 * 1024;

    private static readonly object AccountKey = new();

    public static IServiceCollection AddSignInRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<CrmSignInOptions>>((options, signIn) =>
        {
            var settings = signIn.Value;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                Limiter(settings, settings.PerIpLimit, context => "ip:" + (context.Connection.RemoteIpAddress ?? IPAddress.None)),
                Limiter(settings, settings.PerAccountLimit, context => "account:" + (context.Items[AccountKey] as string ?? "")));
            options.OnRejected = (context, ct) => RejectAsync(context, settings, ct);
        });
        return services;
    }

    /// <summary>Reads the account name of a sign-in post (small forms only), then applies the limiter.</summary>
    public static void UseSignInRateLimiting(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (IsSignInPost(context.Request) && context.Request.HasFormContentType && context.Request.ContentLength is > 0 and <= MaxFormBytes)
            {
                try
                {
                    var form = await context.Request.ReadFormAsync(context.RequestAborted);
                    var normalizer = context.RequestServices.GetRequiredService<ILookupNormalizer>();
                    context.Items[AccountKey] = normalizer.NormalizeEmail(form[EmailField].ToString().Trim()) ?? "";
                }
                catch (InvalidDataException)
                {
                    // A malformed form names no account; the address limit still counts it, and the form handler refuses it.
                }
            }
            await next(context);
        });
        app.UseRateLimiter();
    }

    private static PartitionedRateLimiter<HttpContext> Limiter(CrmSignInOptions settings, int permits, Func<HttpContext, string> key) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignInPost(context.Request)
            ? RateLimitPartition.GetFixedWindowLimiter(key(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, permits),
                Window = settings.Window,
                QueueLimit = 0,
            })
            : RateLimitPartition.GetNoLimiter(""));

    private static bool IsSignInPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals(LoginPath, StringComparison.OrdinalIgnoreCase);

    private static async ValueTask RejectAsync(OnRejectedContext context, CrmSignInOptions settings, CancellationToken ct)
    {
        var http = context.HttpContext;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : settings.Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.RetryAfter = seconds;
        http.SkipStatusPages();
        // A browser lands on the sign-in form again, which explains the wait in the user's language.
        var returnUrl = http.Request.Query["returnUrl"].ToString();
        var target = $"{LoginPath}?retryAfter={seconds}" + (returnUrl.Length > 0 ? "&returnUrl=" + Uri.EscapeDataString(returnUrl) : "");
        var href = WebUtility.HtmlEncode(http.Request.PathBase + target);
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(
            $"<!DOCTYPE html><html><head><meta http-equiv=\"refresh\" content=\"0;url={href}\"><title>429</title></head>" +
            $"<body><a href=\"{href}\">Too many sign-in attempts. Try again in {seconds} s.</a></body></html>", ct);
    }
}
