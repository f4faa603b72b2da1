namespace CrmBlazor.Core.Merging;

/// <summary>
/// Merge two or more leads, contacts or companies into one: <paramref name="SurvivorId"/> stays; each field of
/// <paramref name="FieldSources"/> takes the value of the record it names (field name → record id; a field not named
/// keeps the survivor's). <paramref name="Versions"/> is each record's version as the user saw it (id → version).
/// </summary>
public sealed record MergeRequest(ElementKind Kind, int SurvivorId, IReadOnlyList<int> MergedIds, IReadOnlyDictionary<int, int> Versions,
    IReadOnlyDictionary<string, int>? FieldSources = null);

/// <summary>
/// A record offered for a merge: its version and its fields' values as text (field name → value); its custom fields'
/// values as text are in <see cref="Values"/> too, under their codes (<c>UF_...</c>).
/// </summary>
public sealed record MergeCandidate(int Id, int Version, string Title, IReadOnlyDictionary<string, string?> Values);

/// <summary>What a merge did: the record that stays, what went into it, how many deals, activities and timeline entries moved.</summary>
public sealed record MergeOutcome(ElementRef Survivor, IReadOnlyList<ElementRef> Merged, int Deals, int Activities, int TimelineEntries);

/// <summary>
/// Merging duplicates (decision 020): in one transaction, the chosen field values go to the record that stays, phones,
/// e-mails and addresses are united, and every deal, activity, timeline entry, call, import record, web form
/// submission, converted lead and contact (for companies) of the others moves to it; the others are then removed. Version
/// tokens make a merge and another user's edit of any of the records exclusive: the later one is told.
/// </summary>
public sealed class MergeService(IDbContextFactory<CrmDbContext> contextFactory, ILiveUpdates live, TimeProvider clock)
{
    /// <summary>The fields the user chooses between, per kind (property names of the entity).</summary>
    public static IReadOnlyList<string> FieldsOf(ElementKind kind) => kind switch
    {
        ElementKind.Lead => [nameof(Lead.Title), nameof(Lead.FirstName), nameof(Lead.LastName), nameof(Lead.CompanyName), nameof(Lead.Website),
            nameof(Lead.Address), nameof(Lead.Source), nameof(Lead.Status), nameof(Lead.ResponsibleUserId), nameof(Lead.ExpectedAmount), nameof(Lead.Currency), nameof(Lead.Comment)],
        ElementKind.Contact => [nameof(Contact.FirstName), nameof(Contact.LastName), nameof(Contact.Position), nameof(Contact.CompanyId), nameof(Contact.ResponsibleUserId)],
        ElementKind.Company => [nameof(Company.Name), nameof(Company.Website), nameof(Company.City), nameof(Company.ResponsibleUserId)],
        _ => [],
    };

    /// <summary>The records to merge as the chooser shows them: each one's version and its fields' values as text, in the order of <paramref name="ids"/>.</summary>
    public async Task<IReadOnlyList<MergeCandidate>> CandidatesAsync(ElementKind kind, IReadOnlyList<int> ids, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var records = await LoadAsync(db, kind, [.. ids.Distinct()], ct);
        var fields = FieldsOf(kind);
        var users = await ElementDirectory.UserNamesAsync(db, records.Select(r => r.ResponsibleUserId), ct);
        var companyIds = records.Select(r => r.Entity).OfType<Contact>().Select(c => c.CompanyId).OfType<int>().ToList();
        var companies = await db.Companies.Where(c => companyIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var leadOptions = kind == ElementKind.Lead ? await LeadOptionSet.LoadAsync(db, ct) : LeadOptionSet.Empty;
        var customFields = await CustomFieldSet.LoadAsync(db, kind, ct);
        var codes = customFields.Fields.Select(f => f.Code).ToList();
        var custom = await customFields.ColumnValuesAsync(db, [.. records.Select(r => r.Element.Id)], codes, ct);
        return [.. ids.Distinct().Select(id => records.FirstOrDefault(r => r.Element.Id == id)).OfType<RemovableRecord>()
            .Where(r => AccessPolicy.MayRead(actor, r.AccessEntity, r.ResponsibleUserId))
            .Select(r => new MergeCandidate(r.Element.Id, r.Entity.Version, r.Title, fields.ToDictionary(f => f, f =>
            {
                var value = r.Entity.GetType().GetProperty(f)!.GetValue(r.Entity);
                return f switch
                {
                    nameof(Contact.ResponsibleUserId) => value is string u ? users.GetValueOrDefault(u) : null,
                    nameof(Contact.CompanyId) => value is int c ? companies.GetValueOrDefault(c) : null,
                    // A lead's status and source by the option's name, in the reader's language (decision 030).
                    nameof(Lead.Status) when r.Entity is Lead lead => leadOptions.Find(lead.StatusId)?.Label() ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
                    nameof(Lead.Source) when r.Entity is Lead lead => leadOptions.Find(lead.SourceId)?.Label() ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
                    _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
                };
            }).Concat(codes.Select(code => KeyValuePair.Create(code, custom.GetValueOrDefault(r.Element.Id)?.GetValueOrDefault(code))))
            .ToDictionary(p => p.Key, p => p.Value)))];
    }

    public async Task<Result<MergeOutcome>> MergeAsync(MergeRequest request, Actor actor, CancellationToken ct = default)
    {
        var mergedIds = request.MergedIds.Where(id => id != request.SurvivorId).Distinct().ToList();
        if (request.Kind is not (ElementKind.Lead or ElementKind.Contact or ElementKind.Company) || mergedIds.Count == 0)
        {
            return Result<MergeOutcome>.Invalid([new FieldError(nameof(MergeRequest.MergedIds), "Merge.ChooseTwo")]);
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var customFields = await CustomFieldSet.LoadAsync(db, request.Kind, ct);
        var fields = FieldsOf(request.Kind).Concat(customFields.Fields.Select(f => f.Code)).ToList();
        if (request.FieldSources?.FirstOrDefault(f => !fields.Contains(f.Key) || (f.Value != request.SurvivorId && !mergedIds.Contains(f.Value))) is { Key: { } badField })
        {
            return Result<MergeOutcome>.Invalid([new FieldError(badField, "Validation.Invalid")]);
        }
        var records = await LoadAsync(db, request.Kind, [request.SurvivorId, .. mergedIds], ct);
        if (records.Count != mergedIds.Count + 1)
        {
            return Result<MergeOutcome>.NotFound();
        }
        var survivor = records.Single(r => r.Element.Id == request.SurvivorId);
        var others = records.Where(r => r.Element.Id != request.SurvivorId).ToList();
        if (!AccessPolicy.MayMerge(actor, survivor.AccessEntity, survivor.ResponsibleUserId, others.Select(o => o.ResponsibleUserId)))
        {
            return Result<MergeOutcome>.Forbidden();
        }
        if (records.Any(r => !request.Versions.TryGetValue(r.Element.Id, out var version) || version != r.Entity.Version))
        {
            return Result<MergeOutcome>.Conflict(null, "Merge.ChangedMeanwhile");
        }

        foreach (var (field, sourceId) in request.FieldSources ?? new Dictionary<string, int>())
        {
            if (customFields.Fields.FirstOrDefault(f => f.Code == field) is { } customField)
            {
                if (sourceId != request.SurvivorId)
                {
                    await TakeCustomValueAsync(db, request.Kind, customField.Id, sourceId, request.SurvivorId, ct);
                }
                continue;
            }
            var property = survivor.Entity.GetType().GetProperty(field)!;
            var from = records.Single(r => r.Element.Id == sourceId).Entity;
            property.SetValue(survivor.Entity, property.GetValue(from));
            if (survivor.Entity is Lead lead && from is Lead chosen)
            {
                // A lead's status and source are Settings' options, their kinds follow them (decision 030).
                (lead.StatusId, lead.SourceId) = field switch
                {
                    nameof(Lead.Status) => (chosen.StatusId, lead.SourceId),
                    nameof(Lead.Source) => (lead.StatusId, chosen.SourceId),
                    _ => (lead.StatusId, lead.SourceId),
                };
            }
        }
        UniteContactPoints(survivor.Entity, others.Select(o => o.Entity));
        // Only child rows may have changed: the survivor's version must still move, so others' forms notice.
        db.Entry(survivor.Entity).State = EntityState.Modified;

        var kind = request.Kind;
        var target = survivor.Element.Id;
        var deals = await MoveDealsAsync(db, kind, mergedIds, target, ct);
        var activities = await db.Activities.IgnoreQueryFilters().Where(a => a.ElementKind == kind && mergedIds.Contains(a.ElementId)).ToListAsync(ct);
        activities.ForEach(a => a.ElementId = target);
        var kindName = kind.ToString();
        (await db.Set<Calls.PhoneCall>().Where(c => c.ElementKind == kind && mergedIds.Contains(c.ElementId)).ToListAsync(ct)).ForEach(c => c.ElementId = target);
        (await db.ImportRunRecords.Where(r => r.ElementKind == kind && mergedIds.Contains(r.ElementId)).ToListAsync(ct)).ForEach(r => r.ElementId = target);
        (await db.WebFormSubmissions.Where(s => s.ElementKind == kind && s.ElementId != null && mergedIds.Contains(s.ElementId.Value)).ToListAsync(ct))
            .ForEach(s => s.ElementId = target);
        switch (kind)
        {
            case ElementKind.Contact:
                (await db.Leads.IgnoreQueryFilters().Where(l => l.ConvertedContactId != null && mergedIds.Contains(l.ConvertedContactId.Value)).ToListAsync(ct))
                    .ForEach(l => l.ConvertedContactId = target);
                break;
            case ElementKind.Company:
                (await db.Leads.IgnoreQueryFilters().Where(l => l.ConvertedCompanyId != null && mergedIds.Contains(l.ConvertedCompanyId.Value)).ToListAsync(ct))
                    .ForEach(l => l.ConvertedCompanyId = target);
                (await db.Contacts.IgnoreQueryFilters().Where(c => c.CompanyId != null && mergedIds.Contains(c.CompanyId.Value)).ToListAsync(ct))
                    .ForEach(c => c.CompanyId = target);
                break;
        }
        foreach (var other in others)
        {
            db.Remove(other.Entity);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        TimelineLog.Add(db, survivor.Element, TimelineKind.Merged, actor.UserId, now, string.Join(", ", others.Select(o => o.Title)), kindName, others[0].Element.Id);

        var moved = 0;
        var saved = await live.SaveAndPublishAsync(db, () => Task.FromResult<IReadOnlyList<CrmEvent>>([new ElementsRemoved
        {
            Kind = RemovalKind.Merged,
            Elements = [.. others.Select(o => o.Element)],
            Survivor = survivor.Element,
            PipelineIds = [.. deals.Select(d => d.PipelineId).Distinct()],
            UserIds = [.. activities.Where(a => a.State == ActivityState.Planned).Select(a => a.ResponsibleUserId)
                .Concat(records.Select(r => r.ResponsibleUserId)).OfType<string>().Distinct()],
            ActorId = actor.UserId,
            ActorName = actor.DisplayName,
            OccurredAt = now,
        }]), ct, afterKeys: null, statements: null, beforeSave: async () =>
        {
            // The timelines move in two set-based statements (a record may have thousands of entries; loading and
            // updating each took most of a merge's time), in the transaction, before the Merged entry (which points at
            // the first merged record) is written. The versions move too, so an open comment editor is told.
            moved = await db.TimelineEntries.Where(e => e.ElementKind == kind && mergedIds.Contains(e.ElementId))
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.ElementId, target).SetProperty(e => e.Version, e => e.Version + 1), ct);
            await db.TimelineEntries.Where(e => e.RelatedKind == kindName && e.RelatedId != null && mergedIds.Contains(e.RelatedId.Value))
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.RelatedId, target), ct);
        });
        return saved
            ? Result<MergeOutcome>.Ok(new MergeOutcome(survivor.Element, [.. others.Select(o => o.Element)], deals.Count, activities.Count, moved))
            : Result<MergeOutcome>.Conflict(null, "Merge.ChangedMeanwhile");
    }

    /// <summary>The survivor's value of a custom field replaced by <paramref name="sourceId"/>'s (its rows move over before the source is removed).</summary>
    private static async Task TakeCustomValueAsync(CrmDbContext db, ElementKind kind, int fieldId, int sourceId, int survivorId, CancellationToken ct)
    {
        switch (kind)
        {
            case ElementKind.Lead:
                db.RemoveRange(await db.Set<LeadFieldValue>().Where(v => v.LeadId == survivorId && v.FieldId == fieldId).ToListAsync(ct));
                (await db.Set<LeadFieldValue>().Where(v => v.LeadId == sourceId && v.FieldId == fieldId).ToListAsync(ct)).ForEach(v => v.LeadId = survivorId);
                break;
            case ElementKind.Contact:
                db.RemoveRange(await db.Set<ContactFieldValue>().Where(v => v.ContactId == survivorId && v.FieldId == fieldId).ToListAsync(ct));
                (await db.Set<ContactFieldValue>().Where(v => v.ContactId == sourceId && v.FieldId == fieldId).ToListAsync(ct)).ForEach(v => v.ContactId = survivorId);
                break;
            case ElementKind.Company:
                db.RemoveRange(await db.Set<CompanyFieldValue>().Where(v => v.CompanyId == survivorId && v.FieldId == fieldId).ToListAsync(ct));
                (await db.Set<CompanyFieldValue>().Where(v => v.CompanyId == sourceId && v.FieldId == fieldId).ToListAsync(ct)).ForEach(v => v.CompanyId = survivorId);
                break;
        }
    }

    private static async Task<List<RemovableRecord>> LoadAsync(CrmDbContext db, ElementKind kind, List<int> ids, CancellationToken ct)
    {
        List<AuditedEntity> entities = kind switch
        {
            ElementKind.Lead => [.. await db.Leads.Include(l => l.Phones).Include(l => l.Emails).AsSplitQuery().Where(l => ids.Contains(l.Id)).ToListAsync(ct)],
            ElementKind.Contact => [.. await db.Contacts.Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Addresses).AsSplitQuery().Where(c => ids.Contains(c.Id)).ToListAsync(ct)],
            _ => [.. await db.Companies.Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Addresses).AsSplitQuery().Where(c => ids.Contains(c.Id)).ToListAsync(ct)],
        };
        return [.. entities.Select(e => new RemovableRecord(new ElementRef(kind, e is Lead l ? l.Id : ((Party)e).Id), e))];
    }

    /// <summary>The others' phones, e-mails and addresses the survivor does not have yet, added after its own.</summary>
    private static void UniteContactPoints(AuditedEntity survivor, IEnumerable<AuditedEntity> others)
    {
        switch (survivor)
        {
            case Lead lead:
                foreach (var other in others.Cast<Lead>())
                {
                    UnitePhones(lead.Phones, other.Phones, p => new LeadPhone { Number = p.Number, Type = p.Type });
                    UniteEmails(lead.Emails, other.Emails, e => new LeadEmail { Address = e.Address, Type = e.Type });
                }
                break;
            case Contact contact:
                foreach (var other in others.Cast<Contact>())
                {
                    UnitePhones(contact.Phones, other.Phones, p => new ContactPhone { Number = p.Number, Type = p.Type });
                    UniteEmails(contact.Emails, other.Emails, e => new ContactEmail { Address = e.Address, Type = e.Type });
                    UniteAddresses(contact.Addresses, other.Addresses, a => new ContactAddress { Type = a.Type, Street = a.Street, PostalCode = a.PostalCode, City = a.City, Country = a.Country });
                }
                KeepFirstPoints(contact, contact.Phones, contact.Emails);
                break;
            case Company company:
                foreach (var other in others.Cast<Company>())
                {
                    UnitePhones(company.Phones, other.Phones, p => new CompanyPhone { Number = p.Number, Type = p.Type });
                    UniteEmails(company.Emails, other.Emails, e => new CompanyEmail { Address = e.Address, Type = e.Type });
                    UniteAddresses(company.Addresses, other.Addresses, a => new CompanyAddress { Type = a.Type, Street = a.Street, PostalCode = a.PostalCode, City = a.City, Country = a.Country });
                }
                KeepFirstPoints(company, company.Phones, company.Emails);
                break;
        }
    }

    private static void UnitePhones<T>(List<T> mine, IEnumerable<T> theirs, Func<T, T> copy) where T : PhoneEntry =>
        mine.AddRange(theirs.OrderBy(p => p.Id).Where(p => mine.All(x => x.Number != p.Number)).Select(copy).ToList());

    private static void UniteEmails<T>(List<T> mine, IEnumerable<T> theirs, Func<T, T> copy) where T : EmailEntry =>
        mine.AddRange(theirs.OrderBy(e => e.Id).Where(e => mine.All(x => x.Address != e.Address)).Select(copy).ToList());

    private static void UniteAddresses<T>(List<T> mine, IEnumerable<T> theirs, Func<T, T> copy) where T : PostalAddress =>
        mine.AddRange(theirs.OrderBy(a => a.Id).Select(copy).Where(a => mine.All(x => !SameAddress(x, a))).ToList());

    /// <summary>A party's list shortcuts (<see cref="Party.Phone"/>, <see cref="Party.Email"/>) filled from the united lists when empty.</summary>
    private static void KeepFirstPoints(Party party, IEnumerable<PhoneEntry> phones, IEnumerable<EmailEntry> emails)
    {
        party.Phone ??= phones.FirstOrDefault()?.Number;
        party.Email ??= emails.FirstOrDefault()?.Address;
    }

    private static bool SameAddress(PostalAddress a, PostalAddress b) =>
        (a.Street, a.PostalCode, a.City, a.Country) == (b.Street, b.PostalCode, b.City, b.Country);

    private static async Task<List<Deal>> MoveDealsAsync(CrmDbContext db, ElementKind kind, List<int> mergedIds, int target, CancellationToken ct)
    {
        switch (kind)
        {
            case ElementKind.Contact:
                var ofContacts = await db.Deals.Where(d => d.ContactId != null && mergedIds.Contains(d.ContactId.Value)).ToListAsync(ct);
                ofContacts.ForEach(d => d.ContactId = target);
                return ofContacts;
            case ElementKind.Company:
                var ofCompanies = await db.Deals.Where(d => d.CompanyId != null && mergedIds.Contains(d.CompanyId.Value)).ToListAsync(ct);
                ofCompanies.ForEach(d => d.CompanyId = target);
                return ofCompanies;
            default:
                // A lead has no deals of its own (a converted one points at its deal, which stays).
                return [];
        }
    }
}
