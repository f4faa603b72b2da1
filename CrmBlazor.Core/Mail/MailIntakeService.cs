using System.Security.Cryptography;
using MimeKit;

namespace CrmBlazor.Core.Mail;

public enum MailIntakeOutcome
{
    /// <summary>Filed on a known element's timeline (or its thread's).</summary>
    Filed,
    /// <summary>From an unknown sender: a lead was made with the message on its timeline.</summary>
    LeadCreated,
    /// <summary>Its Message-ID was filed before: nothing was done.</summary>
    AlreadyFiled,
    /// <summary>An auto-reply, a bounce or a mailing list's: nothing was made.</summary>
    Ignored,
}

public sealed record MailIntakeResult(MailIntakeOutcome Outcome, ElementRef? Element = null, int? MailMessageId = null);

/// <summary>Where a read message was in its mailbox.</summary>
public sealed record MailSource(int MailboxId, string Folder, long UidValidity, long Uid);

/// <summary>
/// The incoming rules: a reply joins its thread (In-Reply-To, References); a known lead, contact or company (any of its
/// e-mails, normalised) gets the message on its timeline and on its open deal's; an unknown sender becomes a lead with
/// source E-mail; auto-replies, bounces and mailing lists make nothing. Message-ID is the idempotency key.
/// </summary>
public sealed partial class MailIntakeService(
    IDbContextFactory<CrmDbContext> contextFactory,
    ILiveUpdates live,
    TimeProvider clock,
    DuplicateFinder duplicates,
    LeadService leads,
    IMailFileStore files)
{
    public const string ReaderActorId = "mail";

    /// <summary>
    /// How many messages (and new senders' leads) one transaction of <see cref="FileBatchAsync"/> commits. Each holds
    /// SQLite's one write lock, which a user's save then waits for (decision 018).
    /// </summary>
    public const int CommitSize = 5;

    public async Task<MailIntakeResult> FileAsync(MimeMessage message, MailSource source, CancellationToken ct = default)
    {
        var messageId = MessageIdOf(message);
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        if (await db.MailMessages.AnyAsync(m => m.MessageId == messageId, ct))
        {
            return new MailIntakeResult(MailIntakeOutcome.AlreadyFiled);
        }
        if (IsAutomatic(message))
        {
            return new MailIntakeResult(MailIntakeOutcome.Ignored);
        }
        var mailbox = await db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == source.MailboxId, ct);
        var sender = message.From.Mailboxes.FirstOrDefault() ?? message.Sender;
        var fromAddress = Normalise(sender?.Address) ?? "";
        var actor = Actor.Create(ReaderActorId, mailbox.Name);

        var threadParents = ThreadParents(message);
        var parent = threadParents.Count == 0 ? null
            : await db.MailMessages.AsNoTracking().Where(m => threadParents.Contains(m.MessageId)).OrderByDescending(m => m.At).FirstOrDefaultAsync(ct);
        ElementRef element;
        var outcome = MailIntakeOutcome.Filed;
        string? responsible;
        if (parent is not null)
        {
            element = parent.Element;
            responsible = await ResponsibleOfAsync(db, element, ct);
        }
        else if (await KnownAsync(fromAddress, ct) is { } known)
        {
            element = known;
            responsible = await ResponsibleOfAsync(db, element, ct);
        }
        else
        {
            var name = Validator.Clean(sender?.Name);
            var lead = await leads.CreateAsync(new LeadInput
            {
                Title = Truncate(Validator.Clean(message.Subject) ?? $"E-mail from {fromAddress}", 200)!,
                FirstName = name is null ? null : Truncate(name, 100),
                Emails = fromAddress.Length > 0 ? [new EmailInput(fromAddress)] : [],
                Source = LeadSource.Email,
                Status = LeadStatus.New,
                ResponsibleUserId = mailbox.ResponsibleUserId,
            }, actor, ct);
            if (!lead.IsOk)
            {
                throw new InvalidOperationException($"The lead for {fromAddress} was refused: {string.Join(", ", lead.Errors.Select(e => e.Field + " " + e.MessageKey))}");
            }
            // The lead commits before the message: should this server stop in between, the message is read again and
            // finds the lead by its sender's address, so nothing is made twice.
            element = ElementRef.Lead(lead.Value!.Id);
            responsible = lead.Value.Input.ResponsibleUserId;
            outcome = MailIntakeOutcome.LeadCreated;
        }
        var dealId = parent?.DealId ?? await OpenDealAsync(db, element, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var mail = new MailMessage
        {
            MailboxId = mailbox.Id,
            MessageId = messageId,
            ThreadId = parent?.ThreadId ?? messageId,
            InReplyTo = Truncate(message.InReplyTo, MailRules.MessageIdMaxLength),
            References = message.References.Count == 0 ? null : string.Join(' ', message.References),
            Direction = MailDirection.Incoming,
            Delivery = MailDelivery.Received,
            FromAddress = Truncate(fromAddress, MailRules.AddressMaxLength)!,
            FromName = Truncate(Validator.Clean(sender?.Name), MailRules.NameMaxLength),
            To = string.Join(", ", message.To.Mailboxes.Select(m => m.Address)),
            Cc = message.Cc.Count == 0 ? null : string.Join(", ", message.Cc.Mailboxes.Select(m => m.Address)),
            Subject = Truncate(message.Subject ?? "", MailRules.SubjectMaxLength)!,
            TextBody = message.TextBody,
            HtmlBody = message.HtmlBody,
            At = message.Date == DateTimeOffset.MinValue ? now : message.Date.UtcDateTime,
            ElementKind = element.Kind,
            ElementId = element.Id,
            DealId = dealId,
            Folder = source.Folder,
            UidValidity = source.UidValidity,
            Uid = source.Uid,
            UnreadForUserId = responsible,
        };
        foreach (var attachment in message.Attachments.OfType<MimePart>())
        {
            using var content = new MemoryStream();
            await attachment.Content!.DecodeToAsync(content, ct);
            content.Position = 0;
            mail.Attachments.Add(new MailAttachment
            {
                FileName = Truncate(attachment.FileName ?? "attachment", MailRules.FileNameMaxLength)!,
                ContentType = attachment.ContentType.MimeType,
                Size = content.Length,
                StoreKey = await files.SaveAsync(content, ct),
            });
        }
        db.MailMessages.Add(mail);
        var timelines = dealId is { } deal && element.Kind != ElementKind.Deal ? new[] { element, ElementRef.Deal(deal) } : [element];
        var entries = timelines.Select(target =>
            TimelineLog.AddPointingAtNew(db, target, TimelineKind.EmailIn, null, now, mail.Subject.Length == 0 ? fromAddress : mail.Subject, mail)).ToList();
        var tracked = await db.Mailboxes.SingleAsync(m => m.Id == mailbox.Id, ct);
        tracked.LastReadAt = now;
        tracked.LastMessageSubject = Truncate(mail.Subject, 200);
        try
        {
            await live.SaveAndPublishAsync(db, async () =>
            {
                IReadOnlyList<CrmEvent> events = [new MailArrived
                {
                    MailMessageId = mail.Id, Element = element, DealId = dealId, Subject = mail.Subject, From = fromAddress, UserId = responsible,
                    ActorId = ReaderActorId, ActorName = mailbox.Name, OccurredAt = now,
                }, .. await TimelineEventsAsync(db, entries, actor, now, ct)];
                return events;
            }, ct);
        }
        catch (DbUpdateException)
        {
            // Another server filed the same message meanwhile: the unique Message-ID kept it to one.
            if (await AlreadyFiledAsync(messageId, ct))
            {
                return new MailIntakeResult(MailIntakeOutcome.AlreadyFiled);
            }
            throw;
        }
        return new MailIntakeResult(outcome, element, mail.Id);
    }

    /// <summary>Keeps a message that could not be filed aside with its error (and its raw bytes, when there are any).</summary>
    public async Task KeepAsideAsync(MailSource source, byte[]? raw, string error, CancellationToken ct = default)
    {
        string? key = null;
        if (raw is not null)
        {
            using var stream = new MemoryStream(raw);
            try
            {
                key = await files.SaveAsync(stream, ct);
            }
            catch (MailFileTooLargeException)
            {
                // The error says enough; the message stays on the server.
            }
        }
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        db.MailRejected.Add(new MailRejected
        {
            MailboxId = source.MailboxId, Folder = source.Folder, UidValidity = source.UidValidity, Uid = source.Uid,
            At = clock.GetUtcNow().UtcDateTime, Error = Truncate(error, MailRules.ErrorMaxLength)!, StoreKey = key,
        });
        await live.SaveAndPublishAsync(db, () => Task.FromResult<IReadOnlyList<CrmEvent>>([]), ct);
    }

    /// <summary>Auto-Submitted other than "no", Precedence bulk/junk/list, a List-Id, a delivery report, or mailer-daemon/postmaster.</summary>
    public static bool IsAutomatic(MimeMessage message)
    {
        var autoSubmitted = message.Headers[HeaderId.AutoSubmitted];
        if (!string.IsNullOrWhiteSpace(autoSubmitted) && !autoSubmitted.Trim().Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var precedence = message.Headers[HeaderId.Precedence]?.Trim().ToLowerInvariant();
        if (precedence is "bulk" or "junk" or "list" or "auto_reply")
        {
            return true;
        }
        if (message.Headers.Contains(HeaderId.ListId) || message.Headers.Contains("X-Autoreply") || message.Headers.Contains("X-Autorespond"))
        {
            return true;
        }
        if (message.Body is MultipartReport)
        {
            return true;
        }
        var local = (message.From.Mailboxes.FirstOrDefault()?.LocalPart ?? "").ToLowerInvariant();
        return local is "mailer-daemon" or "postmaster" || string.IsNullOrEmpty(message.From.Mailboxes.FirstOrDefault()?.Address);
    }

    /// <summary>The message's Message-ID in angle brackets; a hash of its content when it has none.</summary>
    public static string MessageIdOf(MimeMessage message)
    {
        if (!string.IsNullOrWhiteSpace(message.MessageId))
        {
            return Truncate($"<{message.MessageId.Trim().Trim('<', '>')}>", MailRules.MessageIdMaxLength)!;
        }
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return $"<sha256.{Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()))}@crm.local>";
    }

    public static string? Normalise(string? address) =>
        string.IsNullOrWhiteSpace(address) ? null : address.Trim().ToLowerInvariant();

    private static List<string> ThreadParents(MimeMessage message)
    {
        var ids = new List<string>();
        if (!string.IsNullOrWhiteSpace(message.InReplyTo))
        {
            ids.Add($"<{message.InReplyTo.Trim().Trim('<', '>')}>");
        }
        ids.AddRange(message.References.Select(r => $"<{r.Trim().Trim('<', '>')}>"));
        return [.. ids.Distinct()];
    }

    private async Task<ElementRef?> KnownAsync(string address, CancellationToken ct)
    {
        if (address.Length == 0)
        {
            return null;
        }
        var matches = (await duplicates.FindAsync(new DuplicateProbe([address], [], null), ct)).Where(m => m.Reason == MatchReason.Email).ToList();
        // Whom the team knows best first: a contact, then a company, then a lead.
        var match = matches.OrderBy(m => m.Kind switch { ElementKind.Contact => 0, ElementKind.Company => 1, _ => 2 }).ThenByDescending(m => m.Id).FirstOrDefault();
        return match is null ? null : new ElementRef(match.Kind, match.Id);
    }

    private static async Task<int?> OpenDealAsync(CrmDbContext db, ElementRef element, CancellationToken ct)
    {
        var deals = element.Kind switch
        {
            ElementKind.Deal => null,
            ElementKind.Contact => db.Deals.Where(d => d.ContactId == element.Id),
            ElementKind.Company => db.Deals.Where(d => d.CompanyId == element.Id),
            _ => null,
        };
        return deals is null ? null
            : await deals.Where(d => d.Stage!.Kind == StageKind.Open).OrderByDescending(d => d.Id).Select(d => (int?)d.Id).FirstOrDefaultAsync(ct);
    }

    internal static async Task<string?> ResponsibleOfAsync(CrmDbContext db, ElementRef element, CancellationToken ct) => element.Kind switch
    {
        ElementKind.Lead => await db.Leads.Where(x => x.Id == element.Id).Select(x => x.ResponsibleUserId).FirstOrDefaultAsync(ct),
        ElementKind.Contact => await db.Contacts.Where(x => x.Id == element.Id).Select(x => x.ResponsibleUserId).FirstOrDefaultAsync(ct),
        ElementKind.Company => await db.Companies.Where(x => x.Id == element.Id).Select(x => x.ResponsibleUserId).FirstOrDefaultAsync(ct),
        _ => await db.Deals.Where(x => x.Id == element.Id).Select(x => x.ResponsibleUserId).FirstOrDefaultAsync(ct),
    };

    private async Task<bool> AlreadyFiledAsync(string messageId, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await db.MailMessages.AnyAsync(m => m.MessageId == messageId, ct);
    }

    /// <summary>The timelines that got a mail entry reload live for whoever may read them.</summary>
    internal static async Task<List<CrmEvent>> TimelineEventsAsync(CrmDbContext db, IEnumerable<TimelineEntry> entries, Actor actor, DateTime now, CancellationToken ct)
    {
        var events = new List<CrmEvent>();
        foreach (var entry in entries)
        {
            events.Add(new TimelineChanged
            {
                Kind = TimelineChangeKind.Added, Element = entry.Element, EntryId = entry.Id,
                ElementResponsibleUserId = await RecordAccess.ResponsibleOfAsync(db, entry.Element, ct),
                ActorId = actor.UserId, ActorName = actor.DisplayName, OccurredAt = now,
            });
        }
        return events;
    }

    internal static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}

/// <summary>An e-mail was filed on an element: its timeline reloads, and its responsible user is told.</summary>
public sealed record MailArrived : CrmEvent
{
    public required int MailMessageId { get; init; }
    public required ElementRef Element { get; init; }
    public int? DealId { get; init; }
    public required string Subject { get; init; }
    public required string From { get; init; }
    public string? UserId { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Topics =>
        [LiveTopics.Element(Element), LiveTopics.History,
            .. DealId is { } deal ? [LiveTopics.Element(ElementRef.Deal(deal))] : Array.Empty<string>(),
            .. UserId is { } user ? [LiveTopics.User(user)] : Array.Empty<string>()];
}
