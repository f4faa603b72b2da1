using Microsoft.Extensions.Options;

namespace CrmBlazor.Core.Leads;

/// <summary>
/// "Complete lead": convert a lead into any combination of a contact, a company and a deal (new ones built by their
/// own services, or existing ones linked), or mark it junk. Each is one transaction, then one published event per
/// changed element.
/// </summary>
public sealed class LeadConversionService(
    IDbContextFactory<CrmDbContext> contextFactory,
    LeadService leads,
    ContactService contacts,
    CompanyService companies,
    DealService deals,
    DuplicateFinder duplicates,
    ILiveUpdates live,
    TimeProvider clock,
    IOptions<CrmOptions> options)
{
    /// <summary>The "Complete lead" dialog's starting point: new records prefilled from the lead, and matches to reuse.</summary>
    public Task<ConversionProposal?> ProposeConversionAsync(int leadId, CancellationToken ct = default) => ProposeConversionAsync(leadId, null, ct);

    /// <summary>
    /// The "Complete lead" starting point as <paramref name="actor"/> may see it (null: everything): a match their role
    /// does not read is only said to exist (<see cref="DuplicateMatch.Hidden"/>) and cannot be picked.
    /// </summary>
    public async Task<ConversionProposal?> ProposeConversionAsync(int leadId, Actor? actor, CancellationToken ct = default)
    {
        var lead = await leads.GetAsync(leadId, ct);
        if (lead is null)
        {
            return null;
        }
        var input = lead.Input;
        await using (var db = await contextFactory.CreateDbContextAsync(ct))
        {
            var firstStage = await db.Stages.AsNoTracking()
                .Where(s => s.Pipeline!.IsDefault && s.Kind == Pipelines.StageKind.Open).OrderBy(s => s.Sort).Select(s => s.Id).FirstOrDefaultAsync(ct);
            var leadFields = await CustomFieldSet.LoadAsync(db, ElementKind.Lead, ct);
            var carried = leadFields.CarryTo(await CustomFieldSet.LoadAsync(db, ElementKind.Deal, ct), input.Custom);
            // The contact takes every phone and e-mail of the lead with its type (mobile, work...), the first as the
            // main one; the company the first of each.
            return new ConversionProposal(
                new ContactInput
                {
                    FirstName = input.FirstName ?? input.Title, LastName = input.LastName, Phones = input.Phones, Emails = input.Emails,
                    Custom = leadFields.CarryTo(await CustomFieldSet.LoadAsync(db, ElementKind.Contact, ct), input.Custom),
                },
                new CompanyInput
                {
                    Name = input.CompanyName ?? "", Phones = input.Phones.Take(1).ToList(), Emails = input.Emails.Take(1).ToList(), Website = input.Website,
                    Custom = leadFields.CarryTo(await CustomFieldSet.LoadAsync(db, ElementKind.Company, ct), input.Custom),
                },
                new DealInput
                {
                    Title = input.Title,
                    Amount = input.ExpectedAmount ?? 0,
                    Currency = input.Currency ?? await Currencies.CurrencyService.BaseCodeAsync(db, options.Value.Currencies, ct),
                    StageId = firstStage,
                    ResponsibleUserId = input.ResponsibleUserId,
                    Custom = carried,
                },
                await FindMatchesAsync(new DuplicateProbe(input.Emails.Select(e => e.Address).ToList(), input.Phones.Select(p => p.Number).ToList(), input.CompanyName, leadId), actor, ct));
        }
    }

    private Task<IReadOnlyList<DuplicateMatch>> FindMatchesAsync(DuplicateProbe probe, Actor? actor, CancellationToken ct) =>
        actor is null ? duplicates.FindAsync(probe, ct) : duplicates.FindAsync(probe, actor, ct);

    /// <summary>
    /// Converts a lead, in one transaction: creates or links the contact and the company, creates the deal linked to
    /// them, and closes the lead with links to what it became. Two users completing one lead at once convert it once.
    /// </summary>
    public async Task<Result<LeadOutcome>> CompleteAsync(CompleteLead complete, Actor actor, CancellationToken ct = default)
    {
        if (complete.Contact is null && complete.Company is null && complete.Deal is null)
        {
            return Result<LeadOutcome>.Invalid([new FieldError("Outcome", "Lead.ChooseOutcome")]);
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var lead = await db.Leads.Include(l => l.Phones).Include(l => l.Emails).Include(l => l.CustomValues).AsSplitQuery()
            .FirstOrDefaultAsync(l => l.Id == complete.LeadId, ct);
        var refusal = Refuse(lead, complete.ExpectedVersion, actor);
        if (refusal is not null)
        {
            return refusal;
        }
        // A new contact, company or deal needs the role's add scope for the user it gets (the lead's, or the actor).
        var newOwner = lead!.ResponsibleUserId ?? actor.UserId;
        var refusedAdd = (complete.Company is { ExistingId: null } ? AccessPolicy.WhyMayNotAdd(actor, AccessEntity.Company, newOwner) : null)
            ?? (complete.Contact is { ExistingId: null } ? AccessPolicy.WhyMayNotAdd(actor, AccessEntity.Contact, newOwner) : null)
            ?? (complete.Deal is { } newDeal
                ? AccessPolicy.WhyMayNotAdd(actor, AccessEntity.Deal, string.IsNullOrEmpty(newDeal.ResponsibleUserId) ? actor.UserId : newDeal.ResponsibleUserId)
                : null);
        if (refusedAdd is not null)
        {
            return Result<LeadOutcome>.Forbidden(refusedAdd);
        }
        // The lead's custom values carry to the new contact's, company's and deal's fields of the same code, unless
        // the dialog typed others.
        var leadFields = await CustomFieldSet.LoadAsync(db, ElementKind.Lead, ct);
        var leadValues = leadFields.Read(lead!.CustomValues);
        var contactFields = await CustomFieldSet.LoadAsync(db, ElementKind.Contact, ct);
        var companyFields = await CustomFieldSet.LoadAsync(db, ElementKind.Company, ct);
        Dictionary<string, CustomValue> Carried(CustomFieldSet target, IReadOnlyDictionary<string, CustomValue> typed)
        {
            var carried = leadFields.CarryTo(target, leadValues);
            foreach (var (code, value) in typed)
            {
                carried[code] = value;
            }
            return carried;
        }
        if (complete.Deal is { } typedDeal)
        {
            complete = complete with { Deal = typedDeal with { Custom = Carried(await CustomFieldSet.LoadAsync(db, ElementKind.Deal, ct), typedDeal.Custom) } };
        }
        if (complete.Contact is { New: { } typedContact } contactWithNew)
        {
            complete = complete with { Contact = contactWithNew with { New = typedContact with { Custom = Carried(contactFields, typedContact.Custom) } } };
        }
        if (complete.Company is { New: { } typedCompany } companyWithNew)
        {
            complete = complete with { Company = companyWithNew with { New = typedCompany with { Custom = Carried(companyFields, typedCompany.Custom) } } };
        }

        var errors = new List<FieldError>();
        var contactChoice = complete.Contact;
        var companyChoice = complete.Company;
        if (contactChoice is { ExistingId: { } contactId } && !await db.Contacts.AnyAsync(c => c.Id == contactId, ct))
        {
            errors.Add(new FieldError("Contact.ExistingId", "Validation.NoLongerExists"));
        }
        else if (contactChoice is { ExistingId: { } readContactId }
            && !await AccessPolicy.Readable(db.Contacts.AsNoTracking(), actor, AccessEntity.Contact).AnyAsync(c => c.Id == readContactId, ct))
        {
            // Linking a contact the user may not read would show it to them through the deal: refused.
            errors.Add(new FieldError("Contact.ExistingId", "Access.NotReadable"));
        }
        else if (contactChoice is { ExistingId: null })
        {
            errors.AddRange(contactChoice.New is null
                ? [new FieldError("Contact.FirstName", "Validation.Required")]
                : [.. contacts.Validate(contactChoice.New with { CompanyId = null }, "Contact."),
                    .. await contacts.ValidateCustomAsync(db, contactFields, contactChoice.New, "Contact.", ct)]);
        }
        if (companyChoice is { ExistingId: { } companyId } && !await db.Companies.AnyAsync(c => c.Id == companyId, ct))
        {
            errors.Add(new FieldError("Company.ExistingId", "Validation.NoLongerExists"));
        }
        else if (companyChoice is { ExistingId: { } readCompanyId }
            && !await AccessPolicy.Readable(db.Companies.AsNoTracking(), actor, AccessEntity.Company).AnyAsync(c => c.Id == readCompanyId, ct))
        {
            errors.Add(new FieldError("Company.ExistingId", "Access.NotReadable"));
        }
        else if (companyChoice is { ExistingId: null })
        {
            errors.AddRange(companyChoice.New is null
                ? [new FieldError("Company.Name", "Validation.Required")]
                : [.. companies.Validate(companyChoice.New, "Company."), .. await companies.ValidateCustomAsync(db, companyFields, companyChoice.New, "Company.", ct)]);
        }
        Pipelines.Stage? stage = null;
        if (complete.Deal is { } dealInput)
        {
            // The deal's contact and company are the ones chosen here; checked after they exist.
            var (dealErrors, dealStage) = await deals.ValidateAsync(db, dealInput with { CompanyId = null, ContactId = null }, ct, "Deal.");
            errors.AddRange(dealErrors);
            stage = dealStage;
            if (stage is not null && stage.Kind != Pipelines.StageKind.Open)
            {
                errors.Add(new FieldError("Deal.StageId", "Lead.DealStageMustBeOpen"));
            }
        }
        if (errors.Count > 0)
        {
            return Result<LeadOutcome>.Invalid(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        Company? company = null;
        if (companyChoice is { ExistingId: null, New: { } newCompany })
        {
            company = companies.AddNew(db, newCompany, lead!.ResponsibleUserId ?? actor.UserId, actor, now, lead.Title, ElementRef.Lead(lead.Id), companyFields);
        }
        Contact? contact = null;
        if (contactChoice is { ExistingId: null, New: { } newContact })
        {
            contact = contacts.AddNew(db, newContact with { CompanyId = companyChoice?.ExistingId }, lead!.ResponsibleUserId ?? actor.UserId, actor, now,
                lead.Title, ElementRef.Lead(lead.Id), contactFields);
            if (company is not null)
            {
                contact.Company = company;
            }
        }
        Deal? deal = null;
        if (complete.Deal is { } input)
        {
            deal = await DealService.AddNewAsync(db, input with { CompanyId = companyChoice?.ExistingId, ContactId = contactChoice?.ExistingId }, stage!, actor, now, ct, ElementRef.Lead(lead!.Id));
            if (company is not null)
            {
                deal.Company = company;
            }
            if (contact is not null)
            {
                deal.Contact = contact;
            }
        }

        TimelineLog.Add(db, ElementRef.Lead(lead!.Id), TimelineKind.Converted, actor.UserId, now, ConversionSummary(complete));
        lead.Status = LeadStatus.Converted;
        lead.ClosedAt = now;
        lead.ClosedById = actor.UserId;
        var saved = await live.SaveAndPublishAsync(db, async () =>
        {
            List<CrmEvent> events = [await LeadProjections.ChangedAsync(LeadChangeKind.Converted, lead, db, actor, now, ct)];
            if (deal is not null)
            {
                var card = await db.Deals.AsNoTracking().Where(d => d.Id == deal.Id).Select(DealProjections.Card).SingleAsync(ct);
                events.Add(DealService.Changed(DealChangeKind.Created, null, card, actor, now));
            }
            return events;
        }, ct, afterKeys: () =>
        {
            lead.ConvertedContactId = contact?.Id ?? contactChoice?.ExistingId;
            lead.ConvertedCompanyId = company?.Id ?? companyChoice?.ExistingId;
            lead.ConvertedDealId = deal?.Id;
        });
        if (!saved)
        {
            return Result<LeadOutcome>.Conflict(null, "Lead.AlreadyCompleted");
        }
        return Result<LeadOutcome>.Ok(new LeadOutcome(lead.Id, lead.ConvertedContactId, lead.ConvertedCompanyId, lead.ConvertedDealId));
    }

    public async Task<Result<LeadOutcome>> MarkJunkAsync(MarkLeadJunk junk, Actor actor, CancellationToken ct = default)
    {
        var v = new Validator().MaxLength("Comment", junk.Comment, LeadRules.CommentMaxLength);
        if (!Enum.IsDefined(junk.Reason))
        {
            v.Add("Reason", "Validation.Required");
        }
        if (!v.IsValid)
        {
            return Result<LeadOutcome>.Invalid(v.Errors);
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var lead = await db.Leads.Include(l => l.Phones).Include(l => l.Emails).FirstOrDefaultAsync(l => l.Id == junk.LeadId, ct);
        var refusal = Refuse(lead, junk.ExpectedVersion, actor);
        if (refusal is not null)
        {
            return refusal;
        }
        // The reason chosen from Settings' junk reasons (an active one), or the default of the kind (decision 030).
        var options = await LeadOptionSet.LoadAsync(db, ct);
        var reason = junk.ReasonId is { } reasonId ? options.Find(reasonId) : options.Default(LeadOptionList.JunkReason, (int)junk.Reason);
        if (reason is not { List: LeadOptionList.JunkReason, IsActive: true } && (junk.ReasonId is not null || reason is null))
        {
            return Result<LeadOutcome>.Invalid([new FieldError("Reason", "Validation.NoLongerExists")]);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        lead!.Status = LeadStatus.Junk;
        lead.JunkReasonId = reason!.Id;
        lead.JunkReason = (JunkReason)reason.Kind;
        lead.JunkComment = Validator.Clean(junk.Comment);
        TimelineLog.Add(db, ElementRef.Lead(lead.Id), TimelineKind.Junked, actor.UserId, now, lead.JunkComment).NewValue = reason.Name;
        lead.ClosedAt = now;
        lead.ClosedById = actor.UserId;
        if (!await live.SaveAndPublishAsync(db, async () => [await LeadProjections.ChangedAsync(LeadChangeKind.Junked, lead, db, actor, now, ct)], ct))
        {
            return Result<LeadOutcome>.Conflict(null, "Lead.AlreadyCompleted");
        }
        return Result<LeadOutcome>.Ok(new LeadOutcome(lead.Id, null, null, null));
    }

    private static Result<LeadOutcome>? Refuse(Lead? lead, int expectedVersion, Actor actor) => lead switch
    {
        null => Result<LeadOutcome>.NotFound("Lead.NotFound"),
        _ when !AccessPolicy.May(actor, AccessEntity.Lead, AccessAction.Edit, lead.ResponsibleUserId) => Result<LeadOutcome>.Forbidden(),
        { IsOpen: false } => Result<LeadOutcome>.Conflict(null, "Lead.AlreadyCompleted"),
        _ when lead.Version != expectedVersion => Result<LeadOutcome>.Conflict(null, "Error.EditConflict"),
        _ => null,
    };

    /// <summary>What a conversion made, for the lead's timeline: for example <c>Contact+, Company=, Deal+</c> (+ new, = existing).</summary>
    private static string ConversionSummary(CompleteLead complete) => string.Join(", ", new[]
    {
        complete.Contact is null ? null : nameof(ElementKind.Contact) + (complete.Contact.ExistingId is null ? "+" : "="),
        complete.Company is null ? null : nameof(ElementKind.Company) + (complete.Company.ExistingId is null ? "+" : "="),
        complete.Deal is null ? null : nameof(ElementKind.Deal) + "+",
    }.OfType<string>());
}
