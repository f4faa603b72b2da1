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
            ResultStatus.Ok => Results.File(opened.Value.Content, "application/octet-stream", opened.Value.File.FileName),
            ResultStatus.Forbidden => Results.StatusCode(StatusCodes.Status403Forbidden),
            _ => Results.NotFound(),
        };
    }
}
