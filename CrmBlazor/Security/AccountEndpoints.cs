using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;

namespace CrmBlazor.Security;

internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this WebApplication app)
    {
        // Sign-out is a form post with the antiforgery token, so another site cannot sign a user out. It changes the
        // user's security stamp: their other tabs and sessions lose their sign-in at their next revalidation.
        app.MapPost("/account/logout", async (HttpContext context, IAntiforgery antiforgery, SignInManager<CrmUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }
            if (await signIn.UserManager.GetUserAsync(context.User) is { } user)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(user);
            }
            await signIn.SignOutAsync();
            return Results.LocalRedirect("~/account/login");
        });

        // The language switch: remembered in the standard culture cookie, then the page reloads in that language.
        // A return address that is not a local path (another site, a control character a header cannot carry) is a
        // bad request: 400, never a redirect elsewhere nor a 500.
        app.MapGet("/culture", IResult (HttpContext context, string culture, string? redirectUri) =>
        {
            if (redirectUri is { Length: > 0 } && !IsLocal(redirectUri))
            {
                // A bare 400: not the "not found" page re-executed in its place (which would send a guest to sign in).
                context.SkipStatusPages();
                return TypedResults.BadRequest();
            }
            if (WebSetup.Cultures.Any(c => c.Name == culture))
            {
                context.Response.Cookies.Append(
                    CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            }
            return TypedResults.LocalRedirect(string.IsNullOrEmpty(redirectUri) ? "~/" : redirectUri);
        }).AllowAnonymous();
    }

    /// <summary>
    /// A path on this site ("/deals?x=1") or "~/...", written as a URL is on the wire: printable ASCII only (what is
    /// not is percent-encoded), so no control character, space or backslash can reach the Location header.
    /// </summary>
    internal static bool IsLocal(string url) =>
        RedirectHttpResult.IsLocalUrl(url) && url.All(c => c is > ' ' and < '\u007f' and not '\\');
}
