using System.Globalization;
using System.Threading.RateLimiting;
using CrmBlazor.Core.ApiTokens;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace CrmBlazor.Api;

/// <summary>Settings of the REST API (<c>Crm:Api</c>).</summary>
public sealed class CrmApiOptions
{
    public const string Section = "Crm:Api";

    /// <summary>Requests each token (or signed-in user) may make per minute.</summary>
    public int PermitsPerMinute { get; set; } = 600;

    /// <summary>The largest request body the API reads, in bytes.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>
/// The REST API at <c>/api/v1</c> (decision 014): Bearer tokens or the sign-in cookie, a rate limit per token, a body
/// size limit, writes refused to read-only tokens and to cookies without the antiforgery token, and its OpenAPI
/// document with a reference page.
/// </summary>
public static class ApiSetup
{
    public const string Prefix = "/api/v1";
    public const string Policy = "Api";
    public const string RateLimit = "Api";

    /// <summary>
    /// The reference's own theme greys its secondary text (#8e8e8e) and colours the HTTP methods (green, orange, red,
    /// blue) below 4.5:1 on its backgrounds: these take WCAG AA contrast (at least 4.9:1 on #f6f6f6), light and dark.
    /// </summary>
    private const string ReferenceCss = """
        :root .light-mode, :root.light-mode {
            --scalar-color-2: #636363; --scalar-color-3: #6b6b6b; --scalar-color-accent: #0062a8;
            --scalar-color-green: #007a4d; --scalar-color-orange: #b84300; --scalar-color-red: #c70000;
            --scalar-color-blue: #0062a8; --scalar-color-yellow: #8a6500; --scalar-color-purple: #6d28d9;
        }
        :root .dark-mode, :root.dark-mode { --scalar-color-2: #b0b0b0; --scalar-color-3: #9a9a9a; }
        """;

    public static IServiceCollection AddCrmApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CrmApiOptions>().Bind(configuration.GetSection(CrmApiOptions.Section));
        // The API reference (Scalar) writes its configuration as an inline script: its pages get a policy of their own
        // that allows inline scripts, still only from this site (the rest of the app keeps the nonce).
        services.Configure<SecurityHeadersOptions>(options => options.PathPolicies.Add(new PathSecurityPolicy("/scalar",
            SecurityHeadersOptions.DefaultPolicy.Replace("script-src 'self' 'nonce-{nonce}'", "script-src 'self' 'unsafe-inline'", StringComparison.Ordinal))));
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName, IdentityConstants.ApplicationScheme)
            .RequireAuthenticatedUser());
        services.AddSingleton<ApiRateLimitPolicy>();
        services.AddOptions<RateLimiterOptions>().Configure(options => options.AddPolicy<string, ApiRateLimitPolicy>(RateLimit));
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOpenApi(options =>
        {
            // Only the REST API: not the report CSVs, sign-in or the hub.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "CrmBlazor API";
            document.Info.Description = "Leads, contacts, companies, deals, activities, comments, pipelines and stages, custom fields and users. "
                + "Authenticate with `Authorization: Bearer crm_...` (a personal token from the API tokens page). "
                + "Updates and deletes need `If-Match` with the resource's ETag.";
            return Task.CompletedTask;
        });
        });
        return services;
    }

    public static void MapCrmApi(this WebApplication app)
    {
        // Before the endpoint reads the body: larger bodies are refused with 413.
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Prefix), branch => branch.Use((context, next) =>
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = context.RequestServices.GetRequiredService<IOptions<CrmApiOptions>>().Value.MaxBodyBytes;
            }
            context.SkipStatusPages(); // machines get the status and the problem, never the "not found" page
            return next(context);
        }));

        var api = app.MapGroup(Prefix)
            .RequireAuthorization(Policy)
            .RequireRateLimiting(RateLimit)
            .AddEndpointFilter<ApiWriteFilter>()
            .WithGroupName("v1");
        api.MapLeads();
        api.MapDeals();
        api.MapParties();
        api.MapRecycleBinDeletes();
        api.MapActivities();
        api.MapComments();
        api.MapDirectory();
        api.MapPipelines();
        api.MapCustomFields();
        api.MapCalls();

        // The document for tokens and signed-in users alike; the reference page for signed-in users (it calls the API with their cookie or a token they paste).
        app.MapOpenApi().RequireAuthorization(Policy);
        app.MapScalarApiReference(options => options.WithTitle("CrmBlazor API").DisableDefaultFonts().WithCustomCss(ReferenceCss)
            // Scalar's page names no language; the reference is English only (its own UI and the document).
            .AddHeadContent("<script>document.documentElement.lang = 'en';</script>")).RequireAuthorization();
    }
}

/// <summary>
/// Writes (anything but GET and HEAD) need a read-write token, or, with the sign-in cookie, the antiforgery token in
/// the <c>RequestVerificationToken</c> header: a page of another site cannot make a signed-in browser change data.
/// </summary>
internal sealed class ApiWriteFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        {
            return await next(context);
        }
        if (ApiTokenAuthenticationHandler.TokenOf(http.User) is { } token)
        {
            if (token.Scope != ApiTokenScope.ReadWrite)
            {
                return ApiResults.Problem(StatusCodes.Status403Forbidden, "Read-only token", "This token may only read: create a read-write token to change data.");
            }
        }
        else if (!await antiforgery.IsRequestValidAsync(http))
        {
            return ApiResults.Problem(StatusCodes.Status403Forbidden, "Antiforgery token required",
                "A request signed in with the cookie changes data only with the antiforgery token; machines use a Bearer token.");
        }
        return await next(context);
    }
}

/// <summary>A fixed window per token (per user for the cookie); refused requests get 429 with Retry-After.</summary>
internal sealed class ApiRateLimitPolicy(IOptions<CrmApiOptions> options) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (context, ct) =>
    {
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many requests",
            Detail = "This token made too many requests; try again after Retry-After seconds.",
        }, ct));
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var key = ApiTokenAuthenticationHandler.TokenOf(httpContext.User) is { } token
            ? "token:" + token.Id.ToString(CultureInfo.InvariantCulture)
            : "user:" + (httpContext.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "");
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.PermitsPerMinute),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }
}
