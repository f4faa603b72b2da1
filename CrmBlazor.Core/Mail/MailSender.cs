using MailKit.Net.Smtp;
using MimeKit;
using MimeKit.Utils;

namespace CrmBlazor.Core.Mail;

/// <summary>An attachment to send: its name, type and content.</summary>
public sealed record OutgoingAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>
/// "Send e-mail" from an element: to the picked addresses, cc, bcc, a subject and a body (with simple Markdown formatting,
/// see <see cref="MailFormatting"/>; no template placeholder may be left in it),
/// attachments, and the message replied to (it joins that thread).
/// </summary>
public sealed record SendMailInput
{
    public int MailboxId { get; init; }
    public IReadOnlyList<string> To { get; init; } = [];
    public IReadOnlyList<string> Cc { get; init; } = [];
    public IReadOnlyList<string> Bcc { get; init; } = [];
    public string Subject { get; init; } = "";
    public string Body { get; init; } = "";
    public IReadOnlyList<OutgoingAttachment> Attachments { get; init; } = [];
    public int? ReplyToMailMessageId { get; init; }
}

/// <summary>
/// Sends e-mail through a mailbox's SMTP server. The message, with its own Message-ID, is saved on the timeline first
/// (as "sending"), then sent; it ends "sent" or "failed" with the server's error, and a failed one can be retried.
/// A message is handed to SMTP only by whoever moved it from sending or failed (one conditional update), so it is never
/// sent twice.
/// </summary>
public sealed class MailSender(
    IDbContextFactory<CrmDbContext> contextFactory,
    ILiveUpdates live,
    TimeProvider clock,
    RecordAccess access,
    MailSecrets secrets,
    IMailFileStore files)
{
    public async Task<Result<int>> SendAsync(ElementRef element, SendMailInput input, Actor actor, CancellationToken ct = default)
    {
        if (!await access.MayReadAsync(element, actor, ct))
        {
            return Result<int>.Forbidden();
        }
        var v = new Validator().Required(nameof(input.Subject), input.Subject).MaxLength(nameof(input.Subject), input.Subject, MailRules.SubjectMaxLength);
        if (input.To.Count == 0)
        {
            v.Add(nameof(input.To), "Validation.Required");
        }
        // A template's placeholder that could not be filled is never sent as "{{...}}": the user fills it in first.
        foreach (var (field, text) in new[] { (nameof(input.Subject), input.Subject), (nameof(input.Body), input.Body) })
        {
            if (MailPlaceholders.Left(text) is { Count: > 0 } left)
            {
                v.Add(field, "Mail.PlaceholdersLeft", string.Join(", ", left));
            }
        }
        v.MaxLength(nameof(input.Body), input.Body, MailTemplateRules.BodyMaxLength);
        foreach (var (field, list) in new[] { (nameof(input.To), input.To), (nameof(input.Cc), input.Cc), (nameof(input.Bcc), input.Bcc) })
        {
            if (list.Any(a => !MailboxAddress.TryParse(a, out var parsed) || !parsed.Address.Contains('@')))
            {
                v.Add(field, "Validation.Email");
            }
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var mailbox = await db.Mailboxes.AsNoTracking().FirstOrDefaultAsync(m => m.Id == input.MailboxId && m.SmtpHost != null, ct);
        if (mailbox is null || !AccessPolicy.MaySendThrough(actor, mailbox.OwnerUserId))
        {
            v.Add(nameof(input.MailboxId), "Validation.Required");
        }
        if (v.Errors.Count > 0)
        {
            return Result<int>.Invalid([.. v.Errors]);
        }
        var parent = input.ReplyToMailMessageId is { } replyTo ? await db.MailMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == replyTo, ct) : null;
        var now = clock.GetUtcNow().UtcDateTime;
        var domain = mailbox!.Address.Split('@').Last();
        var messageId = $"<{MimeUtils.GenerateMessageId(domain)}>";
        var mail = new MailMessage
        {
            MailboxId = mailbox.Id,
            MessageId = messageId,
            ThreadId = parent?.ThreadId ?? messageId,
            InReplyTo = parent?.MessageId,
            References = parent is null ? null : MailIntakeService.Truncate(string.Join(' ', new[] { parent.References, parent.MessageId }.OfType<string>()), 4000),
            Direction = MailDirection.Outgoing,
            Delivery = MailDelivery.Sending,
            FromAddress = mailbox.Address,
            FromName = actor.DisplayName,
            To = string.Join(", ", input.To.Select(a => a.Trim())),
            Cc = input.Cc.Count == 0 ? null : string.Join(", ", input.Cc.Select(a => a.Trim())),
            Bcc = input.Bcc.Count == 0 ? null : string.Join(", ", input.Bcc.Select(a => a.Trim())),
            Subject = input.Subject.Trim(),
            // The typed Markdown is the plain-text part; its sanitized HTML the other part of multipart/alternative.
            TextBody = MailFormatting.ToText(input.Body),
            HtmlBody = MailFormatting.ToHtml(input.Body) is { Length: > 0 } html ? html : null,
            At = now,
            ElementKind = element.Kind,
            ElementId = element.Id,
            DealId = element.Kind == ElementKind.Deal ? element.Id : parent?.DealId,
            SentById = actor.UserId,
        };
        foreach (var attachment in input.Attachments)
        {
            using var content = new MemoryStream(attachment.Content);
            string key;
            try
            {
                key = await files.SaveAsync(content, ct);
            }
            catch (MailFileTooLargeException)
            {
                return Result<int>.Invalid([new FieldError(nameof(input.Attachments), "Mail.AttachmentTooLarge")]);
            }
            mail.Attachments.Add(new MailAttachment
            {
                FileName = MailIntakeService.Truncate(attachment.FileName, MailRules.FileNameMaxLength)!, ContentType = attachment.ContentType,
                Size = attachment.Content.Length, StoreKey = key,
            });
        }
        db.MailMessages.Add(mail);
        var entry = TimelineLog.AddPointingAtNew(db, element, TimelineKind.EmailOut, actor.UserId, now, mail.Subject, mail);
        await live.SaveAndPublishAsync(db, async () =>
        {
            IReadOnlyList<CrmEvent> events = [Changed(mail, actor, now), .. await MailIntakeService.TimelineEventsAsync(db, [entry], actor, now, ct)];
            return events;
        }, ct);
        return await DeliverAsync(mail.Id, MailDelivery.Sending, actor, ct);
    }

    /// <summary>Sends a failed message again (the same Message-ID).</summary>
    public async Task<Result<int>> RetryAsync(int mailMessageId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var mail = await db.MailMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == mailMessageId && m.Direction == MailDirection.Outgoing, ct);
        if (mail is null)
        {
            return Result<int>.NotFound();
        }
        if (!await access.MayReadAsync(mail.Element, actor, ct))
        {
            return Result<int>.Forbidden();
        }
        return mail.Delivery == MailDelivery.Failed ? await DeliverAsync(mail.Id, MailDelivery.Failed, actor, ct) : Result<int>.Conflict(mail.Id, "Mail.NotFailed");
    }

    internal static async Task SignInAsync(SmtpClient smtp, Mailbox mailbox, MailSecrets secrets, CancellationToken ct)
    {
        if (!smtp.Capabilities.HasFlag(SmtpCapabilities.Authentication))
        {
            return;
        }
        var user = mailbox.SmtpUserName ?? mailbox.UserName;
        var password = secrets.Unprotect(mailbox.SmtpProtectedPassword ?? mailbox.ProtectedPassword);
        await smtp.AuthenticateAsync(user, password, ct);
    }

    private async Task<Result<int>> DeliverAsync(int mailMessageId, MailDelivery from, Actor actor, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        // Claim the message: only one caller turns "sending"/"failed" into the attempt (Version moves on).
        var claimed = await db.MailMessages.Where(m => m.Id == mailMessageId && m.Delivery == from)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Delivery, MailDelivery.Sending).SetProperty(m => m.Version, m => m.Version + 1000), ct);
        if (claimed == 0)
        {
            return Result<int>.Conflict(mailMessageId, "Mail.NotFailed");
        }
        var mail = await db.MailMessages.Include(m => m.Attachments).SingleAsync(m => m.Id == mailMessageId, ct);
        var mailbox = await db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == mail.MailboxId, ct);
        string? error = null;
        try
        {
            var message = await BuildAsync(mail, ct);
            using var smtp = new SmtpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await smtp.ConnectAsync(mailbox.SmtpHost!, mailbox.SmtpPort, MailReader.Secure(mailbox.SmtpSecurity), timeout.Token);
            await SignInAsync(smtp, mailbox, secrets, timeout.Token);
            await smtp.SendAsync(message, timeout.Token);
            await smtp.DisconnectAsync(true, timeout.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            error = MailIntakeService.Truncate(ex.Message, MailRules.ErrorMaxLength);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        mail.Delivery = error is null ? MailDelivery.Sent : MailDelivery.Failed;
        mail.Error = error;
        if (error is null)
        {
            mail.At = now;
        }
        await live.SaveAndPublishAsync(db, () => Task.FromResult<IReadOnlyList<CrmEvent>>([Changed(mail, actor, now)]), ct);
        return error is null ? Result<int>.Ok(mail.Id) : Result<int>.Invalid([new FieldError("Delivery", "Mail.SendFailed", error)]);
    }

    private async Task<MimeMessage> BuildAsync(MailMessage mail, CancellationToken ct)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(mail.FromName, mail.FromAddress));
        message.To.AddRange(Addresses(mail.To));
        message.Cc.AddRange(Addresses(mail.Cc));
        message.Bcc.AddRange(Addresses(mail.Bcc));
        message.Subject = mail.Subject;
        message.MessageId = mail.MessageId.Trim('<', '>');
        message.Date = DateTime.SpecifyKind(mail.At, DateTimeKind.Utc);
        if (mail.InReplyTo is { } inReplyTo)
        {
            message.InReplyTo = inReplyTo.Trim('<', '>');
        }
        foreach (var reference in (mail.References ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            message.References.Add(reference.Trim('<', '>'));
        }
        // multipart/alternative: the plain text and the sanitized HTML of the same body (then mixed with the attachments).
        var body = new BodyBuilder { TextBody = mail.TextBody ?? "", HtmlBody = mail.HtmlBody };
        foreach (var attachment in mail.Attachments)
        {
            await using var content = await files.OpenAsync(attachment.StoreKey, ct);
            await body.Attachments.AddAsync(attachment.FileName, content, ContentType.Parse(attachment.ContentType), ct);
        }
        message.Body = body.ToMessageBody();
        return message;
    }

    private static IEnumerable<InternetAddress> Addresses(string? list) =>
        string.IsNullOrWhiteSpace(list) ? [] : InternetAddressList.Parse(list);

    private static MailArrived Changed(MailMessage mail, Actor actor, DateTime now) => new()
    {
        MailMessageId = mail.Id, Element = mail.Element, DealId = mail.DealId is { } d && d != mail.ElementId ? d : null, Subject = mail.Subject,
        From = mail.FromAddress, UserId = null, ActorId = actor.UserId, ActorName = actor.DisplayName, OccurredAt = now,
    };
}
