using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace CrmBlazor.Calendar;

/// <summary>
/// <c>GET /calendar/{secret}.ics</c>: a user's activities for their calendar app (see <see cref="CalendarFeedService"/>).
/// No sign-in (the secret is the key), a per-address limit, and the same answer, 404, for every unknown secret.
/// </summary>
public static class CalendarFeedEndpoints
{
    public const string Policy = "calendar-feed";

    /// <summary>Calendar apps poll every few minutes at most; 30 a minute from one address is plenty.</summary>
    public const int PerIpPerMinute = 30;

    public static IServiceCollection AddCalendarFeed(this IServiceCollection services)
    {
        services.AddOptions<RateLimiterOptions>().Configure(options => options.AddPolicy(Policy, context =>
            RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = PerIpPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            })));
        return services;
    }

    public static void MapCalendarFeed(this WebApplication app) =>
        app.MapGet("/calendar/{secret}.ics", FeedAsync).AllowAnonymous().RequireRateLimiting(Policy);

    private static async Task<IResult> FeedAsync(string secret, HttpContext context, CalendarFeedService feeds)
    {
        // A bare status for calendar apps, not the app's "not found" page.
        context.SkipStatusPages();
        var request = context.Request;
        var site = new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
        var feed = await feeds.GetFeedAsync(secret, element => new Uri(site, ElementPath(element)), context.RequestAborted);
        context.Response.Headers.CacheControl = "private, no-store";
        return feed is null ? Results.NotFound() : Results.Text(feed, "text/calendar; charset=utf-8");
    }

    private static string ElementPath(ElementRef element) => element.Kind switch
    {
        ElementKind.Lead => $"leads/{element.Id}",
        ElementKind.Contact => $"contacts/{element.Id}",
        ElementKind.Company => $"companies/{element.Id}",
        _ => $"deals/{element.Id}",
    };
}
