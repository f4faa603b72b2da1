using Ganss.Xss;

namespace CrmBlazor.Core.Mail;

/// <summary>An e-mail as an element's page shows it: the HTML already cleaned, or the plain text.</summary>
public sealed record MailView(int Id, MailDirection Direction, MailDelivery Delivery, string FromAddress, string? FromName, string To, string? Cc,
    string Subject, DateTime At, string? SafeHtml, string? Text, string? Error, ElementRef Element, string ThreadId,
    IReadOnlyList<MailAttachmentView> Attachments);

public sealed record MailAttachmentView(int Id, string FileName, string ContentType, long Size);

/// <summary>
/// Reading e-mail on an element: only for users who may read the element (<see cref="RecordAccess"/>). HTML bodies are
/// cleaned by HtmlSanitizer and carry no images at all, so no remote image can report that the mail was opened; the
/// plain-text part is the fallback.
/// </summary>
public sealed class MailViewService(IDbContextFactory<CrmDbContext> contextFactory, RecordAccess access, IMailFileStore files)
{
    private static readonly HtmlSanitizer Sanitizer = NewSanitizer();

    public async Task<Result<MailView>> GetAsync(int mailMessageId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var mail = await db.MailMessages.AsNoTracking().Include(m => m.Attachments).FirstOrDefaultAsync(m => m.Id == mailMessageId, ct);
        if (mail is null)
        {
            return Result<MailView>.NotFound();
        }
        if (!await access.MayReadAsync(mail.Element, actor, ct))
        {
            return Result<MailView>.Forbidden();
        }
        var safe = string.IsNullOrWhiteSpace(mail.HtmlBody) ? null : Clean(mail.HtmlBody);
        return Result<MailView>.Ok(new MailView(mail.Id, mail.Direction, mail.Delivery, mail.FromAddress, mail.FromName, mail.To, mail.Cc, mail.Subject,
            DateTime.SpecifyKind(mail.At, DateTimeKind.Utc), string.IsNullOrWhiteSpace(safe) ? null : safe, mail.TextBody, mail.Error, mail.Element, mail.ThreadId,
            [.. mail.Attachments.OrderBy(a => a.Id).Select(a => new MailAttachmentView(a.Id, a.FileName, a.ContentType, a.Size))]));
    }

    /// <summary>An attachment's content, for users who may read the element its message is on.</summary>
    public async Task<Result<(MailAttachmentView File, Stream Content)>> OpenAttachmentAsync(int attachmentId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var found = await db.Set<MailAttachment>().AsNoTracking().Where(a => a.Id == attachmentId)
            .Join(db.MailMessages, a => a.MailMessageId, m => m.Id, (a, m) => new { a.Id, a.FileName, a.ContentType, a.Size, a.StoreKey, m.ElementKind, m.ElementId })
            .FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return Result<(MailAttachmentView, Stream)>.NotFound();
        }
        if (!await access.MayReadAsync(new ElementRef(found.ElementKind, found.ElementId), actor, ct))
        {
            return Result<(MailAttachmentView, Stream)>.Forbidden();
        }
        return Result<(MailAttachmentView, Stream)>.Ok((new MailAttachmentView(found.Id, found.FileName, found.ContentType, found.Size), await files.OpenAsync(found.StoreKey, ct)));
    }

    /// <summary>The HTML a page may show: no scripts, styles that load, forms, frames or images; links open elsewhere.</summary>
    public static string Clean(string html) => Sanitizer.Sanitize(html);

    private static HtmlSanitizer NewSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        // No images: a remote one would tell the sender the mail was read (and where from).
        sanitizer.AllowedTags.Remove("img");
        sanitizer.AllowedTags.Remove("picture");
        sanitizer.AllowedTags.Remove("source");
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedCssProperties.Remove("background-image");
        sanitizer.AllowedCssProperties.Remove("background");
        sanitizer.AllowedCssProperties.Remove("list-style-image");
        sanitizer.AllowedCssProperties.Remove("content");
        sanitizer.AllowedAtRules.Clear();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link)
            {
                link.SetAttribute("target", "_blank");
                link.SetAttribute("rel", "noopener noreferrer nofollow");
            }
        };
        return sanitizer;
    }
}
