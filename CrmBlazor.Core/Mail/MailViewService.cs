using Ganss.Xss;

namespace CrmBlazor.Core.Mail;

/// <summary>An e-mail as an element's page shows it: the HTML already cleaned, or the plain text.</summary>
public sealed record MailView(int Id, MailDirection Direction, MailDelivery Delivery, string FromAddress, string? FromName, string To, string? Cc,
    string Subject, DateTime At, string? SafeHtml, string? Text, string? Error, ElementRef Element, string ThreadId,
    IReadOnlyList<MailAttachmentView> Attachments)
{
    /// <summary>The HTML had images, left out of <see cref="SafeHtml"/> until the reader allows them.</summary>
    public bool ImagesBlocked { get; init; }
}

/// <summary>An incoming message the user has not opened yet.</summary>
public sealed record UnreadMail(int Id, string FromAddress, string? FromName, string Subject, DateTime At, ElementRef Element);

public sealed record MailAttachmentView(int Id, string FileName, string ContentType, long Size);

/// <summary>
/// Reading e-mail on an element: only for users who may read the element (<see cref="RecordAccess"/>). HTML bodies are
/// cleaned by HtmlSanitizer and carry no images until the reader allows them (so no remote image can report that the
/// mail was opened); the plain-text part is the fallback. Opening a message clears it from its responsible user's
/// unread mail.
/// </summary>
public sealed class MailViewService(IDbContextFactory<CrmDbContext> contextFactory, RecordAccess access, IMailFileStore files, ILiveUpdates live, TimeProvider clock)
{
    private static readonly HtmlSanitizer Sanitizer = NewSanitizer(allowImages: false);
    private static readonly HtmlSanitizer WithImages = NewSanitizer(allowImages: true);

    public async Task<Result<MailView>> GetAsync(int mailMessageId, Actor actor, CancellationToken ct = default) =>
        await GetAsync(mailMessageId, actor, showImages: false, ct);

    /// <summary>A message; with <paramref name="showImages"/> its HTML keeps its (remote) images, as the reader asked.</summary>
    public async Task<Result<MailView>> GetAsync(int mailMessageId, Actor actor, bool showImages, CancellationToken ct = default)
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
        return Result<MailView>.Ok(View(mail, showImages));
    }

    /// <summary>The conversation a message is in, oldest first: its messages on elements the user may read.</summary>
    public async Task<Result<IReadOnlyList<MailView>>> ThreadAsync(int mailMessageId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var threadId = await db.MailMessages.Where(m => m.Id == mailMessageId).Select(m => m.ThreadId).FirstOrDefaultAsync(ct);
        if (threadId is null)
        {
            return Result<IReadOnlyList<MailView>>.NotFound();
        }
        var mails = await db.MailMessages.AsNoTracking().Include(m => m.Attachments).Where(m => m.ThreadId == threadId).OrderBy(m => m.At).ThenBy(m => m.Id).ToListAsync(ct);
        var shown = new List<MailView>();
        foreach (var mail in mails)
        {
            if (await access.MayReadAsync(mail.Element, actor, ct))
            {
                shown.Add(View(mail, showImages: false));
            }
        }
        return shown.Any(m => m.Id == mailMessageId) ? Result<IReadOnlyList<MailView>>.Ok(shown) : Result<IReadOnlyList<MailView>>.Forbidden();
    }

    /// <summary>The user opened a message's conversation: its messages leave their unread mail (their counter reloads).</summary>
    public async Task MarkReadAsync(int mailMessageId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var threadId = await db.MailMessages.Where(m => m.Id == mailMessageId).Select(m => m.ThreadId).FirstOrDefaultAsync(ct);
        var unread = threadId is null ? [] : await db.MailMessages.Where(m => m.ThreadId == threadId && m.UnreadForUserId == actor.UserId).ToListAsync(ct);
        if (unread.Count == 0)
        {
            return;
        }
        unread.ForEach(m => m.UnreadForUserId = null);
        var mail = unread[0];
        var now = clock.GetUtcNow().UtcDateTime;
        await live.SaveAndPublishAsync(db, () => Task.FromResult<IReadOnlyList<CrmEvent>>([new MailRead
        {
            MailMessageId = mail.Id, UserId = actor.UserId, ActorId = actor.UserId, ActorName = actor.DisplayName, OccurredAt = now,
        }]), ct);
    }

    /// <summary>The user's unread mail, newest first (the messages they were told about and have not opened).</summary>
    public async Task<IReadOnlyList<UnreadMail>> UnreadAsync(Actor actor, int take = 100, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var rows = await db.MailMessages.AsNoTracking().Where(m => m.UnreadForUserId == actor.UserId).OrderByDescending(m => m.At).ThenByDescending(m => m.Id).Take(take)
            .Select(m => new { m.Id, m.FromAddress, m.FromName, m.Subject, m.At, m.ElementKind, m.ElementId }).ToListAsync(ct);
        return [.. rows.Select(m => new UnreadMail(m.Id, m.FromAddress, m.FromName, m.Subject, DateTime.SpecifyKind(m.At, DateTimeKind.Utc), new ElementRef(m.ElementKind, m.ElementId)))];
    }

    private static MailView View(MailMessage mail, bool showImages)
    {
        var hasHtml = !string.IsNullOrWhiteSpace(mail.HtmlBody);
        var safe = hasHtml ? (showImages ? WithImages : Sanitizer).Sanitize(mail.HtmlBody!) : null;
        return new MailView(mail.Id, mail.Direction, mail.Delivery, mail.FromAddress, mail.FromName, mail.To, mail.Cc, mail.Subject,
            DateTime.SpecifyKind(mail.At, DateTimeKind.Utc), string.IsNullOrWhiteSpace(safe) ? null : safe, mail.TextBody, mail.Error, mail.Element, mail.ThreadId,
            [.. mail.Attachments.OrderBy(a => a.Id).Select(a => new MailAttachmentView(a.Id, a.FileName, a.ContentType, a.Size))])
        {
            ImagesBlocked = hasHtml && !showImages && mail.HtmlBody!.Contains("<img", StringComparison.OrdinalIgnoreCase),
        };
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

    private static HtmlSanitizer NewSanitizer(bool allowImages)
    {
        var sanitizer = new HtmlSanitizer();
        if (!allowImages)
        {
            // No images until the reader allows them: a remote one would tell the sender the mail was read (and where from).
            sanitizer.AllowedTags.Remove("img");
            sanitizer.AllowedTags.Remove("picture");
            sanitizer.AllowedTags.Remove("source");
        }
        sanitizer.AllowedTags.Remove("form");
        // Mail stays inside its box: nothing placed over the app.
        sanitizer.AllowedCssProperties.Remove("position");
        sanitizer.AllowedCssProperties.Remove("z-index");
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

/// <summary>A user opened a message they were told about: their unread mail counter reloads.</summary>
public sealed record MailRead : CrmEvent
{
    public required int MailMessageId { get; init; }
    public required string UserId { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Topics => [LiveTopics.User(UserId)];
}
