using Microsoft.Net.Http.Headers;

namespace CrmBlazor.Mail;

/// <summary>E-mail attachments for download, to signed-in users who may read the element the message is on.</summary>
public static class MailEndpoints
{
    public static void MapMailEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/mail/attachments/{id:int}", DownloadAsync).RequireAuthorization();

    private static async Task<IResult> DownloadAsync(int id, HttpContext http, MailViewService mail, AccessProfiles profiles)
    {
        var ct = http.RequestAborted;
        var actor = await CurrentUser.ActorAsync(http.User, profiles, ct);
        var opened = await mail.OpenAttachmentAsync(id, actor, ct);
        return opened.Status switch
        {
            // Always a download (Content-Disposition: attachment, with nosniff from the security headers), never shown
            // in the app's own origin, so the sender's content type can be kept.
            ResultStatus.Ok => Results.File(opened.Value.Content, ContentTypeOf(opened.Value.File.ContentType), opened.Value.File.FileName),
            ResultStatus.Forbidden => Results.StatusCode(StatusCodes.Status403Forbidden),
            _ => Results.NotFound(),
        };
    }

    /// <summary>The type the message gave the attachment when it is one media type (<c>text/plain</c>), else bytes.</summary>
    internal static string ContentTypeOf(string? given) =>
        MediaTypeHeaderValue.TryParse(given, out var parsed) && parsed.MediaType.HasValue && !parsed.MatchesAllTypes && !parsed.MatchesAllSubTypes
            ? parsed.ToString()
            : "application/octet-stream";
}
