using Microsoft.Extensions.Logging;

namespace CrmBlazor.Core.RecycleBin;

/// <summary>Who an erasure would remove, said before it runs (it cannot be undone).</summary>
/// <param name="Records">The lead or contact asked for and the records it became or came from (Complete lead).</param>
/// <param name="DealsKept">Deals linked to the person: they stay, as anonymous figures.</param>
public sealed record ErasurePreview(ElementRef Element, string Name, IReadOnlyList<ElementRef> Records, int DealsKept, int Activities, int Messages);

/// <summary>
/// The GDPR erasure (decision 020): an admin removes a person's personal data everywhere, for good. The person is the
/// lead or contact asked for together with the contact its lead became, or the leads its contact came from, wherever
/// they are (the recycle bin too). In one transaction:
/// <list type="bullet">
/// <item>the records go, with their phones, e-mails, addresses, custom values, activities, timelines, search entries,
/// e-mails, calls and import links;</item>
/// <item>their deals stay with their money, stage and dates but without the person (a deal with no company left is
/// called by its number);</item>
/// <item>every other text that names them (comments, activities, other timelines, import error rows, web form log,
/// webhook payloads, the search index) says <see cref="Redacted"/> instead (<see cref="PersonalDataScrub"/>);</item>
/// <item>an <see cref="ErasureRecord"/> says that it happened, without the data.</item>
/// </list>
/// Stored files that held the person (their mail's attachments, rejected messages naming them) are deleted after the commit.
/// </summary>
public sealed class ErasureService(IDbContextFactory<CrmDbContext> contextFactory, ILiveUpdates live, TimeProvider clock,
    Mail.IMailFileStore files, ILogger<ErasureService> logger)
{
    /// <summary>What stands where the person's data was.</summary>
    public const string Redacted = "[erased]";

    public async Task<ErasurePreview?> PreviewAsync(ElementRef element, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayErase(actor))
        {
            return null;
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var person = await Person.LoadAsync(db, element, ct);
        if (person is null)
        {
            return null;
        }
        return new ErasurePreview(element, person.Name(element), person.Elements, await person.Deals(db).CountAsync(ct),
            await person.Activities(db).CountAsync(ct), await person.Messages(db).CountAsync(ct));
    }

    /// <summary>Erases the person of <paramref name="element"/> (a lead or a contact). Only admins; final.</summary>
    public async Task<Result<ErasureOutcome>> EraseAsync(ElementRef element, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayErase(actor))
        {
            return Result<ErasureOutcome>.Forbidden();
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var person = await Person.LoadAsync(db, element, ct);
        if (person is null)
        {
            return Result<ErasureOutcome>.NotFound();
        }
        var markers = person.Markers();
        var now = clock.GetUtcNow().UtcDateTime;

        var deals = await person.Deals(db).ToListAsync(ct);
        foreach (var deal in deals)
        {
            if (deal.ContactId is { } contactId && person.ContactIds.Contains(contactId))
            {
                deal.ContactId = null;
            }
            if (deal.CompanyId is null)
            {
                deal.Title = $"#{deal.Id}";
            }
        }
        var messages = await person.Messages(db).Include(m => m.Attachments).ToListAsync(ct);
        var fileKeys = messages.SelectMany(m => m.Attachments).Select(a => a.StoreKey).ToList();
        var rejected = await RejectedNamingAsync(db, markers, ct);
        fileKeys.AddRange(rejected.Select(r => r.StoreKey!));
        var userIds = await person.Activities(db).Where(a => a.State == ActivityState.Planned).Select(a => a.ResponsibleUserId).Distinct().ToListAsync(ct);
        userIds.AddRange(person.Records.Select(r => ((IResponsibleRecord)r).ResponsibleUserId).OfType<string>());

        db.RemoveRange(messages);
        db.RemoveRange(rejected);
        db.RemoveRange(person.Records);
        var rowsDeleted = messages.Count + rejected.Count + person.Records.Count;
        var valuesRedacted = 0;
        var saved = await live.SaveAndPublishAsync(db, () => Task.FromResult<IReadOnlyList<CrmEvent>>(
        [
            new ElementsRemoved
            {
                Kind = RemovalKind.Erased,
                Elements = person.Elements,
                PipelineIds = [.. deals.Select(d => d.PipelineId).Distinct()],
                UserIds = [.. userIds.Distinct()],
                ActorId = actor.UserId,
                ActorName = actor.DisplayName,
                OccurredAt = now,
            },
        ]), ct, afterKeys: null, statements: async () =>
        {
            rowsDeleted += await person.RemoveTracesAsync(db, ct);
            var (redacted, removed) = await PersonalDataScrub.RunAsync(db, markers, ct);
            valuesRedacted = redacted;
            rowsDeleted += removed;
            db.Add(new ErasureRecord
            {
                At = now,
                ErasedById = actor.UserId,
                Records = string.Join(", ", person.Elements.Select(e => $"{e.Kind} {e.Id}")),
                RowsDeleted = rowsDeleted,
                ValuesRedacted = valuesRedacted,
                FilesDeleted = fileKeys.Count,
                DealsKept = deals.Count,
            });
            await db.SaveChangesAsync(ct);
        });
        if (!saved)
        {
            return Result<ErasureOutcome>.Conflict(null, "Error.EditConflict");
        }
        foreach (var key in fileKeys)
        {
            try
            {
                await files.DeleteAsync(key, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FileNotFoundException)
            {
                logger.LogError(e, "An erased person's stored file {Key} could not be deleted", key);
            }
        }
        return Result<ErasureOutcome>.Ok(new ErasureOutcome(person.Elements, rowsDeleted, valuesRedacted, fileKeys.Count, deals.Count));
    }

    /// <summary>Messages kept aside as unreadable whose stored file names the person: they go too.</summary>
    private async Task<List<Mail.MailRejected>> RejectedNamingAsync(CrmDbContext db, IReadOnlyList<string> markers, CancellationToken ct)
    {
        var naming = new List<Mail.MailRejected>();
        foreach (var rejected in await db.MailRejected.Where(r => r.StoreKey != null).ToListAsync(ct))
        {
            try
            {
                await using var stream = await files.OpenAsync(rejected.StoreKey!, ct);
                using var reader = new StreamReader(stream);
                var text = (await reader.ReadToEndAsync(ct)).ToLowerInvariant();
                if (markers.Any(m => text.Contains(m, StringComparison.Ordinal)))
                {
                    naming.Add(rejected);
                }
            }
            catch (FileNotFoundException)
            {
            }
        }
        return naming;
    }

    /// <summary>The records of one person: the lead or contact asked for and those Complete lead linked to it.</summary>
    private sealed class Person
    {
        public required List<Lead> Leads { get; init; }
        public required List<Contact> Contacts { get; init; }
        public List<int> LeadIds => [.. Leads.Select(l => l.Id)];
        public List<int> ContactIds => [.. Contacts.Select(c => c.Id)];
        public IReadOnlyList<AuditedEntity> Records => [.. Leads.Cast<AuditedEntity>().Concat(Contacts)];
        public IReadOnlyList<ElementRef> Elements => [.. Leads.Select(l => ElementRef.Lead(l.Id)).Concat(Contacts.Select(c => ElementRef.Contact(c.Id)))];

        public static async Task<Person?> LoadAsync(CrmDbContext db, ElementRef element, CancellationToken ct)
        {
            var leads = db.Leads.IgnoreQueryFilters().Include(l => l.Phones).Include(l => l.Emails).AsSplitQuery();
            var contacts = db.Contacts.IgnoreQueryFilters().Include(c => c.Phones).Include(c => c.Emails).AsSplitQuery();
            switch (element.Kind)
            {
                case ElementKind.Lead:
                {
                    var lead = await leads.FirstOrDefaultAsync(l => l.Id == element.Id, ct);
                    if (lead is null)
                    {
                        return null;
                    }
                    var became = lead.ConvertedContactId is { } id ? await contacts.Where(c => c.Id == id).ToListAsync(ct) : [];
                    return new Person { Leads = [lead], Contacts = became };
                }
                case ElementKind.Contact:
                {
                    var contact = await contacts.FirstOrDefaultAsync(c => c.Id == element.Id, ct);
                    return contact is null ? null : new Person { Leads = await leads.Where(l => l.ConvertedContactId == contact.Id).ToListAsync(ct), Contacts = [contact] };
                }
                default:
                    return null;
            }
        }

        public string Name(ElementRef element)
        {
            if (element.Kind == ElementKind.Contact)
            {
                return Contacts.Single(c => c.Id == element.Id).FullName;
            }
            var lead = Leads.Single(l => l.Id == element.Id);
            return lead.PersonName.Length > 0 ? lead.PersonName : lead.Title;
        }

        public IReadOnlyList<string> Markers() => PersonalDataScrub.Markers(
            Leads.Select(l => l.PersonName).Concat(Contacts.Select(c => c.FullName)),
            Leads.SelectMany(l => l.Emails.Select(e => e.Address)).Concat(Contacts.SelectMany(c => c.Emails.Select(e => e.Address)))
                .Concat(Contacts.Select(c => c.Email)).OfType<string>(),
            Leads.SelectMany(l => l.Phones.Select(p => p.Number)).Concat(Contacts.SelectMany(c => c.Phones.Select(p => p.Number)))
                .Concat(Contacts.Select(c => c.Phone)).OfType<string>());

        public IQueryable<Deal> Deals(CrmDbContext db)
        {
            var contactIds = ContactIds;
            var convertedDealIds = Leads.Select(l => l.ConvertedDealId).OfType<int>().ToList();
            return db.Deals.Where(d => (d.ContactId != null && contactIds.Contains(d.ContactId.Value)) || convertedDealIds.Contains(d.Id));
        }

        public IQueryable<Activity> Activities(CrmDbContext db)
        {
            var (leadIds, contactIds) = (LeadIds, ContactIds);
            return db.Activities.IgnoreQueryFilters().Where(a =>
                (a.ElementKind == ElementKind.Lead && leadIds.Contains(a.ElementId)) || (a.ElementKind == ElementKind.Contact && contactIds.Contains(a.ElementId)));
        }

        public IQueryable<Mail.MailMessage> Messages(CrmDbContext db)
        {
            var (leadIds, contactIds) = (LeadIds, ContactIds);
            return db.MailMessages.Where(m =>
                (m.ElementKind == ElementKind.Lead && leadIds.Contains(m.ElementId)) || (m.ElementKind == ElementKind.Contact && contactIds.Contains(m.ElementId)));
        }

        /// <summary>Everything else kept about the records by their kind and number; links to them from elsewhere are cut.</summary>
        public async Task<int> RemoveTracesAsync(CrmDbContext db, CancellationToken ct)
        {
            var (leadIds, contactIds) = (LeadIds, ContactIds);
            var rows = await Activities(db).ExecuteDeleteAsync(ct);
            rows += await db.TimelineEntries.Where(e =>
                (e.ElementKind == ElementKind.Lead && leadIds.Contains(e.ElementId)) || (e.ElementKind == ElementKind.Contact && contactIds.Contains(e.ElementId))).ExecuteDeleteAsync(ct);
            rows += await db.Set<Calls.PhoneCall>().Where(c =>
                (c.ElementKind == ElementKind.Lead && leadIds.Contains(c.ElementId)) || (c.ElementKind == ElementKind.Contact && contactIds.Contains(c.ElementId))).ExecuteDeleteAsync(ct);
            rows += await db.ImportRunRecords.Where(r =>
                (r.ElementKind == ElementKind.Lead && leadIds.Contains(r.ElementId)) || (r.ElementKind == ElementKind.Contact && contactIds.Contains(r.ElementId))).ExecuteDeleteAsync(ct);
            rows += await db.SearchEntries.Where(s =>
                (s.Kind == Search.SearchKind.Lead && leadIds.Contains(s.ElementId)) || (s.Kind == Search.SearchKind.Contact && contactIds.Contains(s.ElementId))).ExecuteDeleteAsync(ct);
            await db.WebFormSubmissions.Where(s => s.ElementId != null &&
                    ((s.ElementKind == ElementKind.Lead && leadIds.Contains(s.ElementId.Value)) || (s.ElementKind == ElementKind.Contact && contactIds.Contains(s.ElementId.Value))))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ElementId, (int?)null).SetProperty(x => x.ElementKind, (ElementKind?)null), ct);
            var (lead, contact) = (nameof(ElementKind.Lead), nameof(ElementKind.Contact));
            await db.TimelineEntries.Where(e => e.RelatedId != null &&
                    ((e.RelatedKind == lead && leadIds.Contains(e.RelatedId.Value)) || (e.RelatedKind == contact && contactIds.Contains(e.RelatedId.Value))))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.RelatedId, (int?)null).SetProperty(x => x.RelatedKind, (string?)null), ct);
            return rows;
        }
    }
}
