using MimeKit;

namespace CrmBlazor.Core.Mail;

/// <summary>A message the reader fetched: parsed, or the reason it could not be (then kept aside).</summary>
public sealed record MailBatchItem(MailSource Source, MimeMessage? Message, byte[]? Raw, string? ParseError);

public sealed partial class MailIntakeService
{
    /// <summary>
    /// Files a batch of messages of one folder by the same rules as <see cref="FileAsync"/>, with the lookups made in
    /// bulk: already filed Message-IDs, thread parents, known senders, responsible users and open deals, one query each.
    /// New senders' leads are committed first (as <see cref="LeadService"/> makes them), then the messages with their
    /// timeline entries and the folder's cursor, both in slices of <see cref="CommitSize"/> (short transactions, which
    /// users' saves go before: <see cref="WriteTurns"/>); the messages kept aside go with the last slice. Each slice's
    /// events (each message's <see cref="MailArrived"/> and <see cref="TimelineChanged"/>) are published after it.
    /// Null when a commit failed on the unique Message-ID (another server filed one meanwhile): the caller then files
    /// the batch one message at a time (the slices already committed are then already filed). With a
    /// <paramref name="pace"/>, each transaction waits for its rest first.
    /// </summary>
    public async Task<int[]?> FileBatchAsync(int mailboxId, int cursorId, IReadOnlyList<MailBatchItem> items, IntakePace? pace = null,
        CancellationToken ct = default)
    {
        var counts = new int[5];
        if (items.Count == 0)
        {
            return counts;
        }
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var mailbox = await db.Mailboxes.SingleAsync(m => m.Id == mailboxId, ct);
        var actor = Actor.Create(ReaderActorId, mailbox.Name);
        var now = clock.GetUtcNow().UtcDateTime;

        var ids = items.Where(i => i.Message is not null).Select(i => MessageIdOf(i.Message!)).Distinct().ToList();
        var filedBefore = (await db.MailMessages.Where(m => ids.Contains(m.MessageId)).Select(m => m.MessageId).ToListAsync(ct)).ToHashSet();
        var parentIds = items.Where(i => i.Message is not null).SelectMany(i => ThreadParents(i.Message!)).Distinct().ToList();
        var storedParents = parentIds.Count == 0 ? [] : await db.MailMessages.AsNoTracking().Where(m => parentIds.Contains(m.MessageId))
            .Select(m => new { m.MessageId, m.ThreadId, m.ElementKind, m.ElementId, m.DealId, m.At }).ToListAsync(ct);
        var parents = storedParents.ToDictionary(p => p.MessageId, p => new Plan(null!, null!, "", p.MessageId, p.ThreadId)
        {
            Target = new Target { Element = new ElementRef(p.ElementKind, p.ElementId), FromStoredParent = true }, At = p.At, DealId = p.DealId, Stored = true,
        });
        var addresses = items.Where(i => i.Message is not null)
            .Select(i => Normalise((i.Message!.From.Mailboxes.FirstOrDefault() ?? i.Message.Sender)?.Address)).OfType<string>().Distinct().ToList();
        var known = await KnownManyAsync(db, addresses, ct);

        // Plan each message in order, as one at a time would: a later message of a new sender finds the lead the earlier one made.
        var plans = new List<Plan>();
        var planned = new Dictionary<string, Plan>();
        var newLeads = new Dictionary<string, Target>();
        foreach (var item in items)
        {
            if (item.Message is null)
            {
                plans.Add(new Plan(item, null!, "", "", "") { Outcome = Outcome.KeptAside, Error = item.ParseError });
                continue;
            }
            var message = item.Message;
            var messageId = MessageIdOf(message);
            if (filedBefore.Contains(messageId) || planned.ContainsKey(messageId))
            {
                counts[(int)MailIntakeOutcome.AlreadyFiled]++;
                continue;
            }
            if (IsAutomatic(message))
            {
                counts[(int)MailIntakeOutcome.Ignored]++;
                continue;
            }
            var sender = message.From.Mailboxes.FirstOrDefault() ?? message.Sender;
            var fromAddress = Normalise(sender?.Address) ?? "";
            var parent = ThreadParents(message).Select(p => planned.GetValueOrDefault(p) ?? parents.GetValueOrDefault(p)).OfType<Plan>()
                .OrderByDescending(p => p.At).FirstOrDefault();
            var plan = new Plan(item, message, fromAddress, messageId, parent?.ThreadId ?? messageId)
            {
                At = message.Date == DateTimeOffset.MinValue ? now : message.Date.UtcDateTime,
            };
            if (parent is not null)
            {
                // A reply goes where its thread is (a stored message's element, or the target of one earlier in this batch).
                plan.Target = parent.Stored ? new Target { Element = parent.Target.Element, FromStoredParent = true } : parent.Target;
                plan.Parent = parent;
                plan.Outcome = Outcome.Filed;
            }
            else if (known.TryGetValue(fromAddress, out var element))
            {
                plan.Target = new Target { Element = element };
                plan.Outcome = Outcome.Filed;
            }
            else if (fromAddress.Length > 0 && newLeads.TryGetValue(fromAddress, out var lead))
            {
                plan.Target = lead;
                plan.Outcome = Outcome.Filed;
            }
            else
            {
                var name = Validator.Clean(sender?.Name);
                plan.Target = new Target
                {
                    NewLead = new LeadInput
                    {
                        Title = Truncate(Validator.Clean(message.Subject) ?? $"E-mail from {fromAddress}", 200)!,
                        FirstName = name is null ? null : Truncate(name, 100),
                        Emails = fromAddress.Length > 0 ? [new EmailInput(fromAddress)] : [],
                        Source = LeadSource.Email,
                        Status = LeadStatus.New,
                        ResponsibleUserId = mailbox.ResponsibleUserId,
                    },
                };
                if (fromAddress.Length > 0)
                {
                    newLeads[fromAddress] = plan.Target;
                }
                plan.Outcome = Outcome.LeadCreated;
            }
            planned[messageId] = plan;
            plans.Add(plan);
        }

        // The new senders' leads commit before their messages (decision 018): a stop in between finds them by address.
        var leadTargets = plans.Where(p => p.Outcome != Outcome.KeptAside).Select(p => p.Target).Where(t => t.NewLead is not null).Distinct().ToList();
        if (leadTargets.Count > 0)
        {
            var made = new List<(int? Id, IReadOnlyList<FieldError> Errors)>(leadTargets.Count);
            foreach (var slice in leadTargets.Chunk(CommitSize))
            {
                await RestAsync(pace, ct);
                made.AddRange(await leads.CreateManyAsync([.. slice.Select(t => t.NewLead!)], actor, ct));
            }
            for (var i = 0; i < leadTargets.Count; i++)
            {
                var target = leadTargets[i];
                if (made[i].Id is { } id)
                {
                    target.Element = ElementRef.Lead(id);
                    target.Responsible = target.NewLead!.ResponsibleUserId;
                    target.ResponsibleKnown = true;
                }
                else
                {
                    target.Error = $"The lead for {target.NewLead!.Emails.FirstOrDefault()?.Address} was refused: {string.Join(", ", made[i].Errors.Select(e => e.Field + " " + e.MessageKey))}";
                }
            }
        }
        foreach (var plan in plans.Where(p => p.Outcome != Outcome.KeptAside && p.Target.Error is not null))
        {
            plan.Outcome = Outcome.KeptAside;
            plan.Error = plan.Target.Error;
        }

        // Responsible users and open deals, in bulk.
        var filing = plans.Where(p => p.Outcome != Outcome.KeptAside).ToList();
        var targets = filing.Select(p => p.Target).Distinct().ToList();
        var responsibles = await ResponsiblesAsync(db, [.. targets.Where(t => !t.ResponsibleKnown).Select(t => t.Element!.Value)], ct);
        var openDeals = await OpenDealsAsync(db, [.. targets.Where(t => !t.FromStoredParent).Select(t => t.Element!.Value)], ct);
        foreach (var target in targets)
        {
            if (!target.ResponsibleKnown)
            {
                target.Responsible = responsibles.GetValueOrDefault(target.Element!.Value);
            }
            if (!target.FromStoredParent)
            {
                target.DealId = openDeals.GetValueOrDefault(target.Element!.Value);
            }
        }

        var filings = new List<Plan>();
        foreach (var plan in plans)
        {
            if (plan.Outcome == Outcome.KeptAside)
            {
                continue;
            }
            var target = plan.Target;
            var element = target.Element!.Value;
            var dealId = plan.Parent is { } parentPlan ? parentPlan.DealId : target.DealId;
            plan.DealId = dealId;
            var message = plan.Message;
            var sender = message.From.Mailboxes.FirstOrDefault() ?? message.Sender;
            var mail = new MailMessage
            {
                MailboxId = mailbox.Id,
                MessageId = plan.MessageId,
                ThreadId = plan.ThreadId,
                InReplyTo = Truncate(message.InReplyTo, MailRules.MessageIdMaxLength),
                References = message.References.Count == 0 ? null : string.Join(' ', message.References),
                Direction = MailDirection.Incoming,
                Delivery = MailDelivery.Received,
                FromAddress = Truncate(plan.FromAddress, MailRules.AddressMaxLength)!,
                FromName = Truncate(Validator.Clean(sender?.Name), MailRules.NameMaxLength),
                To = string.Join(", ", message.To.Mailboxes.Select(m => m.Address)),
                Cc = message.Cc.Count == 0 ? null : string.Join(", ", message.Cc.Mailboxes.Select(m => m.Address)),
                Subject = Truncate(message.Subject ?? "", MailRules.SubjectMaxLength)!,
                TextBody = message.TextBody,
                HtmlBody = message.HtmlBody,
                At = plan.At,
                ElementKind = element.Kind,
                ElementId = element.Id,
                DealId = dealId,
                Folder = plan.Item.Source.Folder,
                UidValidity = plan.Item.Source.UidValidity,
                Uid = plan.Item.Source.Uid,
                UnreadForUserId = target.Responsible,
            };
            try
            {
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
            }
            catch (MailFileTooLargeException ex)
            {
                plan.Outcome = Outcome.KeptAside;
                plan.Error = ex.Message;
                continue;
            }
            plan.Mail = mail;
            plan.Element = element;
            filings.Add(plan);
        }

        // The messages commit a few at a time (CommitSize), each slice with its timeline entries, its events and the
        // cursor up to its last message; the messages kept aside and the mailbox's last read go with the last slice.
        // A short transaction holds SQLite's one write lock only briefly, so a user's save never waits long behind
        // the reader (decision 018). A stop between slices leaves the cursor at the last committed one, and never past
        // a message to be kept aside, so a restart still keeps it.
        var lastUid = items.Max(i => i.Source.Uid);
        var firstAside = plans.Where(p => p.Outcome == Outcome.KeptAside).Select(p => p.Item.Source.Uid).DefaultIfEmpty(long.MaxValue).Min();
        var slices = filings.Count == 0 ? [[]] : filings.Chunk(CommitSize).ToList();
        for (var s = 0; s < slices.Count; s++)
        {
            var isLast = s == slices.Count - 1;
            if (isLast)
            {
                foreach (var plan in plans.Where(p => p.Outcome == Outcome.KeptAside))
                {
                    db.MailRejected.Add(await RejectedAsync(plan.Item.Source, plan.Item.Raw, plan.Error ?? "", ct));
                }
                if (filings.Count > 0)
                {
                    mailbox.LastReadAt = now;
                    mailbox.LastMessageSubject = Truncate(filings[^1].Mail!.Subject, 200);
                }
            }
            var upTo = isLast ? lastUid : Math.Min(slices[s][^1].Item.Source.Uid, firstAside - 1);
            await RestAsync(pace, ct);
            if (!await CommitSliceAsync(db, slices[s], mailbox, actor, now, cursorId, upTo, ct))
            {
                // Another server filed one of these meanwhile (the unique Message-ID): the caller goes one by one.
                return null;
            }
        }
        foreach (var plan in plans)
        {
            counts[plan.Outcome == Outcome.KeptAside ? 4 : (int)(plan.Outcome == Outcome.LeadCreated ? MailIntakeOutcome.LeadCreated : MailIntakeOutcome.Filed)]++;
        }
        return counts;
    }

    /// <summary>
    /// Commits one slice of a batch: its messages and their timeline entries (with what the context holds besides), the
    /// folder's cursor up to <paramref name="upTo"/> (never backwards), and their events. False when the commit failed
    /// on the unique Message-ID.
    /// </summary>
    private async Task<bool> CommitSliceAsync(CrmDbContext db, IReadOnlyList<Plan> slice, Mailbox mailbox, Actor actor, DateTime now,
        int cursorId, long upTo, CancellationToken ct)
    {
        var entries = new List<(Plan Plan, List<TimelineEntry> Entries)>(slice.Count);
        foreach (var plan in slice)
        {
            var mail = plan.Mail!;
            var element = plan.Element;
            db.MailMessages.Add(mail);
            var timelines = plan.DealId is { } deal && element.Kind != ElementKind.Deal ? new[] { element, ElementRef.Deal(deal) } : [element];
            entries.Add((plan, [.. timelines.Select(t =>
                TimelineLog.AddPointingAtNew(db, t, TimelineKind.EmailIn, null, now, mail.Subject.Length == 0 ? plan.FromAddress : mail.Subject, mail))]));
        }
        try
        {
            await live.SaveAndPublishAsync(db, async () =>
            {
                var responsibleOf = await ResponsiblesAsync(db, [.. entries.SelectMany(e => e.Entries).Select(e => e.Element).Distinct()], ct);
                var events = new List<CrmEvent>();
                foreach (var (plan, planEntries) in entries)
                {
                    var mail = plan.Mail!;
                    events.Add(new MailArrived
                    {
                        MailMessageId = mail.Id, Element = plan.Element, DealId = plan.DealId, Subject = mail.Subject, From = plan.FromAddress,
                        UserId = mail.UnreadForUserId, ActorId = ReaderActorId, ActorName = mailbox.Name, OccurredAt = now,
                    });
                    events.AddRange(planEntries.Select(entry => new TimelineChanged
                    {
                        Kind = TimelineChangeKind.Added, Element = entry.Element, EntryId = entry.Id,
                        ElementResponsibleUserId = responsibleOf.GetValueOrDefault(entry.Element),
                        ActorId = actor.UserId, ActorName = actor.DisplayName, OccurredAt = now,
                    }));
                }
                return events;
            }, ct, afterKeys: null, statements: async () =>
                // The folder's cursor moves with the messages it covers, never backwards.
                await db.MailFolderCursors.Where(c => c.Id == cursorId && c.LastUid < upTo).ExecuteUpdateAsync(c => c.SetProperty(x => x.LastUid, upTo), ct));
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    private static Task RestAsync(IntakePace? pace, CancellationToken ct) => pace?.RestAsync(ct) ?? Task.CompletedTask;

    private async Task<MailRejected> RejectedAsync(MailSource source, byte[]? raw, string error, CancellationToken ct)
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
        return new MailRejected
        {
            MailboxId = source.MailboxId, Folder = source.Folder, UidValidity = source.UidValidity, Uid = source.Uid,
            At = clock.GetUtcNow().UtcDateTime, Error = Truncate(error, MailRules.ErrorMaxLength)!, StoreKey = key,
        };
    }

    /// <summary>The known element of each address, as <see cref="KnownAsync"/> picks it: a contact, then a company, then a lead; the newest.</summary>
    private static async Task<Dictionary<string, ElementRef>> KnownManyAsync(CrmDbContext db, List<string> addresses, CancellationToken ct)
    {
        var found = new Dictionary<string, ElementRef>();
        if (addresses.Count == 0)
        {
            return found;
        }
        var contacts = await db.Set<ContactEmail>().Where(e => addresses.Contains(e.Address))
            .Join(db.Contacts, e => e.ContactId, c => c.Id, (e, c) => new { c.Id, e.Address }).ToListAsync(ct);
        var companies = await db.Set<CompanyEmail>().Where(e => addresses.Contains(e.Address))
            .Join(db.Companies, e => e.CompanyId, c => c.Id, (e, c) => new { c.Id, e.Address }).ToListAsync(ct);
        var leadRows = await db.Set<LeadEmail>().Where(e => addresses.Contains(e.Address))
            .Join(db.Leads, e => e.LeadId, l => l.Id, (e, l) => new { l.Id, e.Address }).ToListAsync(ct);
        foreach (var (kind, rows) in new[] { (ElementKind.Lead, leadRows), (ElementKind.Company, companies), (ElementKind.Contact, contacts) }
            .Select(x => (x.Item1, x.Item2.Select(r => (r.Id, r.Address)).ToList())))
        {
            // Later kinds win: contacts over companies over leads.
            foreach (var group in rows.GroupBy(r => r.Address))
            {
                found[group.Key] = new ElementRef(kind, group.Max(r => r.Id));
            }
        }
        return found;
    }

    private static async Task<Dictionary<ElementRef, string?>> ResponsiblesAsync(CrmDbContext db, List<ElementRef> elements, CancellationToken ct)
    {
        var result = new Dictionary<ElementRef, string?>();
        List<int> Ids(ElementKind kind) => [.. elements.Where(e => e.Kind == kind).Select(e => e.Id).Distinct()];
        if (Ids(ElementKind.Lead) is { Count: > 0 } leadIds)
        {
            foreach (var x in await db.Leads.Where(l => leadIds.Contains(l.Id)).Select(l => new { l.Id, l.ResponsibleUserId }).ToListAsync(ct))
            {
                result[ElementRef.Lead(x.Id)] = x.ResponsibleUserId;
            }
        }
        if (Ids(ElementKind.Contact) is { Count: > 0 } contactIds)
        {
            foreach (var x in await db.Contacts.Where(l => contactIds.Contains(l.Id)).Select(l => new { l.Id, l.ResponsibleUserId }).ToListAsync(ct))
            {
                result[ElementRef.Contact(x.Id)] = x.ResponsibleUserId;
            }
        }
        if (Ids(ElementKind.Company) is { Count: > 0 } companyIds)
        {
            foreach (var x in await db.Companies.Where(l => companyIds.Contains(l.Id)).Select(l => new { l.Id, l.ResponsibleUserId }).ToListAsync(ct))
            {
                result[ElementRef.Company(x.Id)] = x.ResponsibleUserId;
            }
        }
        if (Ids(ElementKind.Deal) is { Count: > 0 } dealIds)
        {
            foreach (var x in await db.Deals.Where(l => dealIds.Contains(l.Id)).Select(l => new { l.Id, l.ResponsibleUserId }).ToListAsync(ct))
            {
                result[ElementRef.Deal(x.Id)] = x.ResponsibleUserId;
            }
        }
        return result;
    }

    /// <summary>The newest open deal of each contact and company (as <see cref="OpenDealAsync"/>).</summary>
    private static async Task<Dictionary<ElementRef, int?>> OpenDealsAsync(CrmDbContext db, List<ElementRef> elements, CancellationToken ct)
    {
        var result = new Dictionary<ElementRef, int?>();
        var contactIds = elements.Where(e => e.Kind == ElementKind.Contact).Select(e => e.Id).Distinct().ToList();
        var companyIds = elements.Where(e => e.Kind == ElementKind.Company).Select(e => e.Id).Distinct().ToList();
        if (contactIds.Count > 0)
        {
            foreach (var x in await db.Deals.Where(d => d.ContactId != null && contactIds.Contains(d.ContactId.Value) && d.Stage!.Kind == StageKind.Open)
                .GroupBy(d => d.ContactId!.Value).Select(g => new { Id = g.Key, Deal = g.Max(d => d.Id) }).ToListAsync(ct))
            {
                result[ElementRef.Contact(x.Id)] = x.Deal;
            }
        }
        if (companyIds.Count > 0)
        {
            foreach (var x in await db.Deals.Where(d => d.CompanyId != null && companyIds.Contains(d.CompanyId.Value) && d.Stage!.Kind == StageKind.Open)
                .GroupBy(d => d.CompanyId!.Value).Select(g => new { Id = g.Key, Deal = g.Max(d => d.Id) }).ToListAsync(ct))
            {
                result[ElementRef.Company(x.Id)] = x.Deal;
            }
        }
        return result;
    }

    private enum Outcome
    {
        Filed,
        LeadCreated,
        KeptAside,
    }

    /// <summary>Where a planned message goes: a known element, or a lead to make (shared by the later messages of its sender and replies).</summary>
    private sealed class Target
    {
        public ElementRef? Element { get; set; }
        public LeadInput? NewLead { get; init; }
        /// <summary>A reply's target taken from a stored message: the deal is that message's, not looked up.</summary>
        public bool FromStoredParent { get; init; }
        public string? Responsible { get; set; }
        public bool ResponsibleKnown { get; set; }
        public int? DealId { get; set; }
        public string? Error { get; set; }
    }

    private sealed record Plan(MailBatchItem Item, MimeMessage Message, string FromAddress, string MessageId, string ThreadId)
    {
        public Target Target { get; set; } = default!;
        public Outcome Outcome { get; set; }
        public string? Error { get; set; }
        public DateTime At { get; init; }
        public Plan? Parent { get; set; }
        public bool Stored { get; init; }
        public int? DealId { get; set; }
        public ElementRef Element { get; set; }
        public MailMessage? Mail { get; set; }
    }
}
