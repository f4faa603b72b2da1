using System.Globalization;
using System.Threading.RateLimiting;
using CrmBlazor.Components.Pages.WebForms;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CrmBlazor.WebForms;

/// <summary>
/// The public side of web forms, for anyone and without sign-in: the form page <c>/forms/{slug}</c> (static server
/// rendering, no circuit, works with JavaScript off), the submit endpoint (the same address, POST; plain HTML forms,
/// the page and the site widget all post here), and the widget's form data. See decision 013.
/// </summary>
internal static class WebFormEndpoints
{
    public const string SubmitPolicy = "web-form-submit";
    public const string HoneypotField = "homepage";
    public const string TokenField = "_ts";
    public const long MaxBodyBytes = 32 * 1024;

    public static IServiceCollection AddCrmWebForms(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebFormEndpointOptions>().Bind(configuration.GetSection(WebFormEndpointOptions.Section));
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<WebFormEndpointOptions>>((options, settings) =>
            options.AddPolicy(SubmitPolicy, new SubmitRateLimitPolicy(settings.Value)));
        return services;
    }

    public static void MapWebFormEndpoints(this WebApplication app)
    {
        var forms = app.MapGroup("/forms/{slug}").AllowAnonymous().DisableAntiforgery();
        forms.MapGet("", ShowAsync);
        forms.MapPost("", SubmitAsync)
            .RequireRateLimiting(SubmitPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        forms.MapMethods("", [HttpMethods.Options], Preflight);
        forms.MapGet("widget-data.js", WidgetDataAsync);
        if (app.Environment.IsDevelopment())
        {
            // A stand-in for a company's website that embeds the demo form's widget (Development only).
            var demo = Path.Combine(app.Environment.ContentRootPath, "WebForms", "widget-demo.html");
            app.MapGet("/widget-demo.html", () => Results.File(demo, "text/html; charset=utf-8")).AllowAnonymous();
        }
    }

    /// <summary>The form page, in the visitor's language (<c>?lang=pl</c> or <c>en</c>, else the browser's).</summary>
    private static async Task ShowAsync(HttpContext context, string slug, string? lang, WebFormSubmissionService service, IDataProtectionProvider protection)
    {
        context.SkipStatusPages();
        var language = Language(lang ?? context.Request.Query["lang"]);
        var form = await service.GetPublicAsync(slug, language, context.RequestAborted);
        await RenderAsync(context, language, form is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK, new PublicFormState
        {
            Form = form,
            Token = Protector(protection).Protect(DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture)),
            PageUrl = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{context.Request.Path}",
            Referrer = context.Request.Headers.Referer.ToString(),
            Utm = UtmNames.ToDictionary(n => n, n => (string?)context.Request.Query[n].ToString()),
        });
    }

    /// <summary>
    /// A submission. A browser's plain form post gets a page back (the form with messages, the thank-you, or a
    /// redirect); the widget (<c>Accept: application/json</c>) gets JSON. No cookie is read or set here, so the
    /// endpoint needs no antiforgery token: it acts for nobody (decision 013).
    /// </summary>
    private static async Task SubmitAsync(HttpContext context, string slug, WebFormSubmissionService service, IDataProtectionProvider protection,
        ILogger<WebFormSubmissionService> logger)
    {
        context.SkipStatusPages();
        var wantsJson = context.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);
        IFormCollection posted;
        try
        {
            var reader = new FormFeature(context.Request, new FormOptions
            {
                ValueCountLimit = 64,
                KeyLengthLimit = 64,
                ValueLengthLimit = 8 * 1024,
                MultipartBodyLengthLimit = MaxBodyBytes,
                BufferBody = false,
            });
            posted = context.Request.HasFormContentType ? await reader.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            context.Response.StatusCode = e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            return;
        }

        var language = Language(posted["_lang"].ToString() is { Length: > 0 } chosen ? chosen : context.Request.Query["lang"]);
        var shown = await service.GetPublicAsync(slug, language, context.RequestAborted);
        if (shown is null)
        {
            await NotFoundAsync(context, language, wantsJson);
            return;
        }
        if (!AllowCrossOrigin(context, shown))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        var fromWidget = posted["_src"] == "widget";
        var input = new WebFormSubmissionInput
        {
            Slug = slug,
            Values = shown.Fields.ToDictionary(f => f.Key, f => (string?)posted[f.Key].ToString()),
            Consent = posted[WebFormRules.ConsentKey].ToString() is "on" or "true" or "1" or "yes",
            Source = fromWidget ? LeadSource.Widget : LeadSource.WebForm,
            Language = language,
            PageUrl = posted["_page"].ToString() is { Length: > 0 } page ? page : context.Request.Headers.Referer.ToString(),
            Referrer = posted["_ref"],
            UtmSource = posted["utm_source"],
            UtmMedium = posted["utm_medium"],
            UtmCampaign = posted["utm_campaign"],
            UtmTerm = posted["utm_term"],
            UtmContent = posted["utm_content"],
            ShownAt = ShownAt(Protector(protection), posted[TokenField]),
            Honeypot = posted[HoneypotField],
        };
        var result = await service.SubmitAsync(input, context.RequestAborted);
        var l = Localizer(context);
        if (wantsJson)
        {
            await JsonAnswerAsync(context, result, language, l);
            return;
        }
        switch (result.Status)
        {
            case ResultStatus.Ok when result.Value!.RedirectUrl is { } redirect:
                context.Response.StatusCode = StatusCodes.Status303SeeOther;
                context.Response.Headers.Location = redirect;
                return;
            case ResultStatus.NotFound:
                await NotFoundAsync(context, language, wantsJson: false);
                return;
            case ResultStatus.Conflict:
                context.Response.Headers.RetryAfter = "30";
                break;
        }
        await RenderAsync(context, language, result.Status switch
        {
            ResultStatus.Ok => StatusCodes.Status200OK,
            ResultStatus.Invalid => StatusCodes.Status422UnprocessableEntity,
            _ => StatusCodes.Status503ServiceUnavailable,
        }, new PublicFormState
        {
            Form = shown,
            ThankYou = result.IsOk ? result.Value!.ThankYou : null,
            Busy = result.Status == ResultStatus.Conflict,
            Errors = result.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => Message(l, language, g.First())),
            Values = input.Values,
            Consent = input.Consent,
            Token = posted[TokenField],
            PageUrl = input.PageUrl,
            Referrer = input.Referrer,
            Utm = UtmNames.ToDictionary(n => n, n => (string?)posted[n].ToString()),
        });
    }

    private static async Task JsonAnswerAsync(HttpContext context, Result<WebFormSubmitted> result, string language, IStringLocalizer l)
    {
        switch (result.Status)
        {
            case ResultStatus.Ok:
                await Results.Json(new { ok = true, message = result.Value!.ThankYou, redirectUrl = result.Value.RedirectUrl }).ExecuteAsync(context);
                return;
            case ResultStatus.Invalid:
                await Results.Json(new { ok = false, errors = result.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => Message(l, language, g.First())) },
                    statusCode: StatusCodes.Status422UnprocessableEntity).ExecuteAsync(context);
                return;
            default:
                context.Response.Headers.RetryAfter = "30";
                await Results.Json(new { ok = false, message = Text(l, language, "WebForm.Busy") }, statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
                return;
        }
    }

    /// <summary>The widget's form data, as a script (a script tag needs no CORS: only the submit endpoint answers other origins).</summary>
    private static async Task WidgetDataAsync(HttpContext context, string slug, string? lang, WebFormSubmissionService service, IDataProtectionProvider protection)
    {
        context.SkipStatusPages();
        var language = Language(lang);
        var form = await service.GetPublicAsync(slug, language, context.RequestAborted);
        if (form is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var l = Localizer(context);
        var data = new
        {
            slug = form.Slug,
            name = form.Name,
            language = form.Language,
            fields = form.Fields.Select(f => new
            {
                key = f.Key, label = f.Label, placeholder = f.Placeholder, required = f.Required, maxLength = f.MaxLength, type = f.InputType, multiline = f.IsMultiline,
                autocomplete = f.AutoComplete, options = f.Options?.Select(o => new { value = o.Id.ToString(CultureInfo.InvariantCulture), label = o.Label }),
            }),
            consent = form.ConsentText,
            privacyUrl = form.PrivacyPolicyUrl,
            privacyLabel = Text(l, language, "WebForm.Privacy"),
            color = form.Color,
            position = form.Position.ToString(),
            token = Protector(protection).Protect(DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture)),
            submitUrl = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/forms/{form.Slug}",
            text = new
            {
                send = Text(l, language, "WebForm.Send"),
                open = Text(l, language, "WebForm.Open"),
                close = Text(l, language, "WebForm.Close"),
                required = Text(l, language, "WebForm.RequiredMark"),
                tooMany = Text(l, language, "WebForm.TooMany"),
                failed = Text(l, language, "WebForm.Failed"),
                honeypot = Text(l, language, "WebForm.Honeypot"),
            },
        };
        var json = System.Text.Json.JsonSerializer.Serialize(data, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default, // escapes <, > and & too: nothing can close the script
        });
        context.Response.ContentType = "text/javascript; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync($"(window.CrmBlazorWidget=window.CrmBlazorWidget||{{q:[]}}).q.push({json});if(window.CrmBlazorWidget.flush)window.CrmBlazorWidget.flush();", context.RequestAborted);
    }

    /// <summary>A preflight: only ever needed for the submit endpoint, which the widget calls without one (a simple request).</summary>
    private static IResult Preflight(HttpContext context)
    {
        if (context.Request.Headers.Origin.ToString() is { Length: > 0 } origin)
        {
            context.Response.Headers.AccessControlAllowOrigin = origin;
            context.Response.Headers.AccessControlAllowMethods = "POST";
            context.Response.Headers.AccessControlAllowHeaders = "Content-Type, Accept";
            context.Response.Headers.AccessControlMaxAge = "600";
            context.Response.Headers.Vary = "Origin";
        }
        return Results.NoContent();
    }

    /// <summary>
    /// CORS for the submit endpoint, by hand because the allowed origins are each form's own: a page of the app itself
    /// or of an allowed origin (any, when the form lists none) may post and read the answer; any other origin is refused
    /// before anything is saved (a simple cross-origin POST reaches the server even when the browser hides the answer).
    /// </summary>
    private static bool AllowCrossOrigin(HttpContext context, PublicWebForm form)
    {
        var origin = context.Request.Headers.Origin.ToString();
        var own = $"{context.Request.Scheme}://{context.Request.Host}";
        if (origin.Length == 0 || string.Equals(origin, own, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (form.AllowedOrigins.Count == 0)
        {
            context.Response.Headers.AccessControlAllowOrigin = "*";
            return true;
        }
        context.Response.Headers.Vary = "Origin";
        if (form.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase))
        {
            context.Response.Headers.AccessControlAllowOrigin = origin;
            return true;
        }
        return false;
    }

    private static async Task NotFoundAsync(HttpContext context, string language, bool wantsJson)
    {
        if (wantsJson)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        await RenderAsync(context, language, StatusCodes.Status404NotFound, new PublicFormState());
    }

    private static async Task RenderAsync(HttpContext context, string language, int status, PublicFormState state)
    {
        // The page renders in the visitor's language: the culture is set here, in the caller of the rendering.
        var culture = CultureInfo.GetCultureInfo(language);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        context.Response.Headers.CacheControl = "no-store";
        await new RazorComponentResult<PublicFormPage>(new { State = state }) { StatusCode = status }.ExecuteAsync(context);
    }

    public static readonly string[] UtmNames = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];

    private static string Language(string? requested) =>
        requested is "pl" or "en" ? requested : CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "pl" ? "pl" : "en";

    private static ITimeLimitedDataProtector Protector(IDataProtectionProvider protection) =>
        protection.CreateProtector("CrmBlazor.WebForms.ShownAt").ToTimeLimitedDataProtector();

    /// <summary>When the form was shown, from its token; null for a post without a valid one (a plain HTML form on another site has none).</summary>
    private static DateTime? ShownAt(ITimeLimitedDataProtector protector, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return null;
        }
        try
        {
            return long.TryParse(protector.Unprotect(token), CultureInfo.InvariantCulture, out var ticks) ? new DateTime(ticks, DateTimeKind.Utc) : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private static IStringLocalizer Localizer(HttpContext context) => context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();

    /// <summary>A string in the visitor's language, whatever the request's culture.</summary>
    internal static string Text(IStringLocalizer l, string language, string key, params object[] args)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            return l[key, args];
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static string Message(IStringLocalizer l, string language, FieldError error) => Text(l, language, error.MessageKey, error.Args);

    /// <summary>Over the limit, per client address: 429 with Retry-After, readable by the widget on another origin.</summary>
    private sealed class SubmitRateLimitPolicy(WebFormEndpointOptions settings) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, ct) =>
        {
            var http = context.HttpContext;
            http.SkipStatusPages();
            var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(settings.WindowSeconds);
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            if (http.Request.Headers.Origin.ToString() is { Length: > 0 } origin)
            {
                // The answer says nothing about the form: any page may read that it has to wait.
                http.Response.Headers.AccessControlAllowOrigin = origin;
                http.Response.Headers.Vary = "Origin";
            }
            var l = Localizer(http);
            var language = Language(null);
            if (http.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase))
            {
                await http.Response.WriteAsJsonAsync(new { ok = false, message = Text(l, language, "WebForm.TooMany") }, ct);
                return;
            }
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync($"<!DOCTYPE html><html lang=\"{language}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
                $"<title>429</title></head><body><p>{System.Net.WebUtility.HtmlEncode(Text(l, language, "WebForm.TooMany"))}</p></body></html>", ct);
        };

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            RateLimitPartition.GetFixedWindowLimiter(httpContext.Connection.RemoteIpAddress?.ToString() ?? "", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, settings.PerIpLimit),
                Window = TimeSpan.FromSeconds(Math.Max(1, settings.WindowSeconds)),
                QueueLimit = 0,
            });
    }
}

/// <summary>The <c>Crm:WebForms</c> settings of the submit endpoint.</summary>
internal sealed class WebFormEndpointOptions
{
    public const string Section = "Crm:WebForms";

    /// <summary>Submissions allowed from one client address per window; more get 429 with Retry-After.</summary>
    public int PerIpLimit { get; set; } = 10;
    public int WindowSeconds { get; set; } = 60;
}
