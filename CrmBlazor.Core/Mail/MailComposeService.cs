namespace CrmBlazor.Core.Mail;

/// <summary>A mailbox the user may send through.</summary>
public sealed record MailboxChoice(int Id, string Name, string Address);

/// <summary>
/// What the "Send e-mail" form starts with: the mailboxes the user may send through, the element's own addresses to
/// pick from (a deal's are its contact's and company's), and for a reply the answer's address, "Re:" subject and thread.
/// </summary>
public sealed record MailDraft(
    IReadOnlyList<MailboxChoice> Mailboxes, IReadOnlyList<string> Addresses, string ElementName, IReadOnlyList<string> To, string Subject,
    int? ReplyToMailMessageId);

/// <summary>Prepares a message to send from an element: for users who may read the element.</summary>
public sealed class MailComposeService(IDbContextFactory<CrmDbContext> contextFactory, RecordAccess access)
{
    public async Task<Result<MailDraft>> ComposeAsync(ElementRef element, int? replyToMailMessageId, Actor actor, CancellationToken ct = default)
    {
        if (!await access.MayReadAsync(element, actor, ct))
        {
            return Result<MailDraft>.Forbidden();
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var mailboxes = await db.Mailboxes.AsNoTracking()
            .Where(m => m.SmtpHost != null && (m.OwnerUserId == null || m.OwnerUserId == actor.UserId))
            // The user's own mailbox first: what they send comes from them.
            .OrderBy(m => m.OwnerUserId == null).ThenBy(m => m.Name)
            .Select(m => new MailboxChoice(m.Id, m.Name, m.Address)).ToListAsync(ct);
        var (name, addresses) = await NameAndAddressesAsync(db, element, ct);
        if (name is null)
        {
            return Result<MailDraft>.NotFound();
        }
        var to = addresses.Take(1).ToList();
        var subject = "";
        int? replyTo = null;
        if (replyToMailMessageId is { } parentId)
        {
            var parent = await db.MailMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == parentId, ct);
            if (parent is null || !await access.MayReadAsync(parent.Element, actor, ct))
            {
                return Result<MailDraft>.NotFound();
            }
            replyTo = parent.Id;
            to = parent.Direction == MailDirection.Incoming
                ? [parent.FromAddress]
                : [.. parent.To.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            subject = parent.Subject.StartsWith("Re:", StringComparison.OrdinalIgnoreCase) ? parent.Subject : $"Re: {parent.Subject}";
            if (parent.MailboxId is { } used && mailboxes.FindIndex(m => m.Id == used) is var index and > 0)
            {
                // Answer from the mailbox the conversation is in.
                var choice = mailboxes[index];
                mailboxes.RemoveAt(index);
                mailboxes.Insert(0, choice);
            }
        }
        return Result<MailDraft>.Ok(new MailDraft(mailboxes, [.. addresses.Union(to)], name, to, subject, replyTo));
    }

    private static async Task<(string? Name, List<string> Addresses)> NameAndAddressesAsync(CrmDbContext db, ElementRef element, CancellationToken ct)
    {
        switch (element.Kind)
        {
            case ElementKind.Lead:
                var lead = await db.Leads.AsNoTracking().Where(l => l.Id == element.Id)
                    .Select(l => new { l.Title, Emails = l.Emails.OrderBy(e => e.Id).Select(e => e.Address).ToList() }).FirstOrDefaultAsync(ct);
                return (lead?.Title, lead?.Emails ?? []);
            case ElementKind.Contact:
                var contact = await db.Contacts.AsNoTracking().Where(c => c.Id == element.Id)
                    .Select(c => new { c.FirstName, c.LastName, Emails = c.Emails.OrderBy(e => e.Id).Select(e => e.Address).ToList() }).FirstOrDefaultAsync(ct);
                return (contact is null ? null : string.Join(' ', new[] { contact.FirstName, contact.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))), contact?.Emails ?? []);
            case ElementKind.Company:
                var company = await db.Companies.AsNoTracking().Where(c => c.Id == element.Id)
                    .Select(c => new { c.Name, Emails = c.Emails.OrderBy(e => e.Id).Select(e => e.Address).ToList() }).FirstOrDefaultAsync(ct);
                return (company?.Name, company?.Emails ?? []);
            default:
                var deal = await db.Deals.AsNoTracking().Where(d => d.Id == element.Id).Select(d => new { d.Title, d.ContactId, d.CompanyId }).FirstOrDefaultAsync(ct);
                if (deal is null)
                {
                    return (null, []);
                }
                var emails = new List<string>();
                if (deal.ContactId is { } contactId)
                {
                    emails.AddRange(await db.Set<ContactEmail>().Where(e => e.ContactId == contactId).OrderBy(e => e.Id).Select(e => e.Address).ToListAsync(ct));
                }
                if (deal.CompanyId is { } companyId)
                {
                    emails.AddRange(await db.Set<CompanyEmail>().Where(e => e.CompanyId == companyId).OrderBy(e => e.Id).Select(e => e.Address).ToListAsync(ct));
                }
                return (deal.Title, [.. emails.Distinct()]);
        }
    }
}
