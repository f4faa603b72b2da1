using CrmBlazor.Core.Access;
using CrmBlazor.Core.Common;
using CrmBlazor.Core.Companies;
using CrmBlazor.Core.Contacts;
using CrmBlazor.Core.Data;
using CrmBlazor.Core.Deals;
using CrmBlazor.Core.Live;
using CrmBlazor.Core.Timeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Core.Leads;

/// <summary>
/// The lead use cases: list, add, edit, find possible duplicates, and "Complete lead" (convert into any combination of
/// a contact, a company and a deal, reusing existing ones, or mark as junk). Each change is one transaction, then one
/// published event per changed element.
/// </summary>
public sealed class LeadService(
    IDbContextFactory<CrmDbContext> contextFactory,
    DealService deals,
    ILiveUpdates live,
    TimeProvider clock,
    IOptions<CrmOptions> options)
{
    private string Region => options.Value.DefaultPhoneRegion;

    public async Task<Page<LeadRow>> ListAsync(LeadQuery query, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var leads = db.Leads.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim();
            if (PhoneNumberFormat.Normalize(text, Region) is { } phone && !text.Any(char.IsLetter))
            {
                // A phone number: an index seek on the normalized numbers, not a scan of every lead.
                var byPhone = db.Set<LeadPhone>().Where(p => p.Number == phone).Select(p => p.LeadId);
                leads = leads.Where(l => byPhone.Contains(l.Id));
            }
            else
            {
                // One column holds title, names, company and e-mails in lower case: one "contains" test per row.
                var pattern = "%" + text.ToLowerInvariant() + "%";
                leads = leads.Where(l => EF.Functions.Like(l.SearchText, pattern));
            }
        }
        if (query.Status is { } status)
        {
            leads = leads.Where(l => l.Status == status);
        }
        if (query.Source is { } source)
        {
            leads = leads.Where(l => l.Source == source);
        }
        if (!string.IsNullOrEmpty(query.ResponsibleUserId))
        {
            leads = leads.Where(l => l.ResponsibleUserId == query.ResponsibleUserId);
        }
        if (query.CreatedFrom is { } from)
        {
            leads = leads.Where(l => l.CreatedAt >= from);
        }
        if (query.CreatedTo is { } to)
        {
            leads = leads.Where(l => l.CreatedAt < to);
        }

        var total = await leads.CountAsync(ct);
        leads = (query.SortBy, query.Descending) switch
        {
            (LeadSort.Title, false) => leads.OrderBy(l => l.Title).ThenBy(l => l.Id),
            (LeadSort.Title, true) => leads.OrderByDescending(l => l.Title).ThenByDescending(l => l.Id),
            (LeadSort.Status, false) => leads.OrderBy(l => l.Status).ThenByDescending(l => l.CreatedAt),
            (LeadSort.Status, true) => leads.OrderByDescending(l => l.Status).ThenByDescending(l => l.CreatedAt),
            (LeadSort.Source, false) => leads.OrderBy(l => l.Source).ThenByDescending(l => l.CreatedAt),
            (LeadSort.Source, true) => leads.OrderByDescending(l => l.Source).ThenByDescending(l => l.CreatedAt),
            (_, false) => leads.OrderBy(l => l.CreatedAt).ThenBy(l => l.Id),
            _ => leads.OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id),
        };
        var items = await Rows(db, leads.Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 200))).ToListAsync(ct);
        return new Page<LeadRow>(items, total);
    }

    public async Task<LeadDetails?> GetAsync(int leadId, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var lead = await db.Leads.AsNoTracking().Include(l => l.Phones).Include(l => l.Emails).FirstOrDefaultAsync(l => l.Id == leadId, ct);
        if (lead is null)
        {
            return null;
        }
        var closedBy = lead.ClosedById is null ? null : await db.Users.Where(u => u.Id == lead.ClosedById).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        return new LeadDetails(lead.Id, lead.Version, ToInput(lead), lead.CreatedAt, lead.UpdatedAt,
            lead.ConvertedContactId, lead.ConvertedCompanyId, lead.ConvertedDealId, lead.JunkReason, lead.JunkComment, lead.ClosedAt, closedBy);
    }

    public async Task<Result<LeadDetails>> CreateAsync(LeadInput input, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var errors = await ValidateAsync(db, input, ct);
        if (errors.Count > 0)
        {
            return Result<LeadDetails>.Invalid(errors);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var lead = new Lead { Title = "", CreatedAt = now };
        Apply(lead, input, actor, now);
        db.Leads.Add(lead);
        TimelineLog.Created(db, lead, ElementKind.Lead, actor.UserId, now);
        await live.SaveAndPublishAsync(db, async () => [await LeadEventAsync(LeadChangeKind.Created, lead, db, actor, now, ct)], ct);
        return Result<LeadDetails>.Ok((await GetAsync(lead.Id, ct))!);
    }

    public async Task<Result<LeadDetails>> UpdateAsync(int leadId, int expectedVersion, LeadInput input, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var lead = await db.Leads.Include(l => l.Phones).Include(l => l.Emails).FirstOrDefaultAsync(l => l.Id == leadId, ct);
        if (lead is null)
        {
            return Result<LeadDetails>.NotFound("Lead.NotFound");
        }
        if (!AccessPolicy.MayChange(actor, lead.ResponsibleUserId))
        {
            return Result<LeadDetails>.Forbidden();
        }
        if (!lead.IsOpen)
        {
            return Result<LeadDetails>.Conflict(await GetAsync(leadId, ct), "Lead.Closed");
        }
        if (lead.Version != expectedVersion)
        {
            return Result<LeadDetails>.Conflict(await GetAsync(leadId, ct), "Error.EditConflict");
        }
        var errors = await ValidateAsync(db, input, ct);
        if (errors.Count > 0)
        {
            return Result<LeadDetails>.Invalid(errors);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var before = new { lead.Title, lead.PersonName, lead.CompanyName, lead.Status, lead.Source, lead.ResponsibleUserId, Amount = FieldChange.Money(lead.ExpectedAmount, lead.Currency) };
        Apply(lead, input, actor, now);
        var names = await ElementDirectory.UserNamesAsync(db, [before.ResponsibleUserId, lead.ResponsibleUserId], ct);
        TimelineLog.Changes(db, ElementRef.Lead(lead.Id), actor.UserId, now,
            new FieldChange(nameof(Lead.Title), before.Title, lead.Title),
            new FieldChange("Name", before.PersonName, lead.PersonName),
            new FieldChange(nameof(Lead.CompanyName), before.CompanyName, lead.CompanyName),
            new FieldChange(nameof(Lead.Status), before.Status.ToString(), lead.Status.ToString()),
            new FieldChange(nameof(Lead.Source), before.Source.ToString(), lead.Source.ToString()),
            new FieldChange("Responsible", NameOf(before.ResponsibleUserId), NameOf(lead.ResponsibleUserId)),
            new FieldChange(nameof(Lead.ExpectedAmount), before.Amount, FieldChange.Money(lead.ExpectedAmount, lead.Currency)));
        string? NameOf(string? userId) => userId is null ? null : names.GetValueOrDefault(userId);
        if (!await live.SaveAndPublishAsync(db, async () => [await LeadEventAsync(LeadChangeKind.Updated, lead, db, actor, now, ct, before.ResponsibleUserId)], ct))
        {
            return Result<LeadDetails>.Conflict(await GetAsync(leadId, ct), "Error.EditConflict");
        }
        return Result<LeadDetails>.Ok((await GetAsync(leadId, ct))!);
    }

    /// <summary>Leads, contacts and companies that share an e-mail or a phone with the probe, or companies (and leads) its company name.</summary>
    public async Task<IReadOnlyList<DuplicateMatch>> FindDuplicatesAsync(DuplicateProbe probe, CancellationToken ct = default)
    {
        var emails = probe.Emails.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim().ToLowerInvariant()).Distinct().ToList();
        var phones = probe.Phones.Select(p => PhoneNumberFormat.Normalize(p, Region)).OfType<string>().Distinct().ToList();
        var company = Validator.Clean(probe.CompanyName);
        var matches = new List<DuplicateMatch>();
        if (emails.Count == 0 && phones.Count == 0 && company is null)
        {
            return matches;
        }
        const int take = 10;
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var exclude = probe.ExcludeLeadId ?? 0;

        var leadEmails = await db.Set<LeadEmail>().Where(e => emails.Contains(e.Address) && e.LeadId != exclude)
            .Join(db.Leads, e => e.LeadId, l => l.Id, (e, l) => new { l.Id, l.Title, e.Address }).Take(take).ToListAsync(ct);
        matches.AddRange(leadEmails.Select(m => new DuplicateMatch(ElementKind.Lead, m.Id, m.Title, MatchReason.Email, m.Address)));
        var leadPhones = await db.Set<LeadPhone>().Where(p => phones.Contains(p.Number) && p.LeadId != exclude)
            .Join(db.Leads, p => p.LeadId, l => l.Id, (p, l) => new { l.Id, l.Title, p.Number }).Take(take).ToListAsync(ct);
        matches.AddRange(leadPhones.Select(m => new DuplicateMatch(ElementKind.Lead, m.Id, m.Title, MatchReason.Phone, m.Number)));

        // Every phone and e-mail of a contact or company counts, not only the first (they live in child tables).
        var contactEmails = await db.Set<ContactEmail>().Where(e => emails.Contains(e.Address))
            .Join(db.Contacts, e => e.ContactId, c => c.Id, (e, c) => new { c.Id, Name = (c.FirstName + " " + (c.LastName ?? "")).Trim(), e.Address }).Take(take).ToListAsync(ct);
        matches.AddRange(contactEmails.Select(m => new DuplicateMatch(ElementKind.Contact, m.Id, m.Name, MatchReason.Email, m.Address)));
        var contactPhones = await db.Set<ContactPhone>().Where(p => phones.Contains(p.Number))
            .Join(db.Contacts, p => p.ContactId, c => c.Id, (p, c) => new { c.Id, Name = (c.FirstName + " " + (c.LastName ?? "")).Trim(), p.Number }).Take(take).ToListAsync(ct);
        matches.AddRange(contactPhones.Select(m => new DuplicateMatch(ElementKind.Contact, m.Id, m.Name, MatchReason.Phone, m.Number)));

        var companyName = company?.ToUpperInvariant();
        if (companyName is not null)
        {
            var byName = await db.Companies.AsNoTracking().Where(c => c.Name.ToUpper() == companyName).Select(c => new { c.Id, c.Name }).Take(take).ToListAsync(ct);
            matches.AddRange(byName.Select(c => new DuplicateMatch(ElementKind.Company, c.Id, c.Name, MatchReason.CompanyName, c.Name)));
        }
        var companyEmails = await db.Set<CompanyEmail>().Where(e => emails.Contains(e.Address))
            .Join(db.Companies, e => e.CompanyId, c => c.Id, (e, c) => new { c.Id, c.Name, e.Address }).Take(take).ToListAsync(ct);
        matches.AddRange(companyEmails.Select(m => new DuplicateMatch(ElementKind.Company, m.Id, m.Name, MatchReason.Email, m.Address)));
        var companyPhones = await db.Set<CompanyPhone>().Where(p => phones.Contains(p.Number))
            .Join(db.Companies, p => p.CompanyId, c => c.Id, (p, c) => new { c.Id, c.Name, p.Number }).Take(take).ToListAsync(ct);
        matches.AddRange(companyPhones.Select(m => new DuplicateMatch(ElementKind.Company, m.Id, m.Name, MatchReason.Phone, m.Number)));

        if (companyName is not null)
        {
            var sameCompany = await db.Leads.AsNoTracking().Where(l => l.Id != exclude && l.CompanyName != null && l.CompanyName.ToUpper() == companyName)
                .Select(l => new { l.Id, l.Title, l.CompanyName }).Take(take).ToListAsync(ct);
            matches.AddRange(sameCompany.Select(l => new DuplicateMatch(ElementKind.Lead, l.Id, l.Title, MatchReason.CompanyName, l.CompanyName!)));
        }
        return matches.DistinctBy(m => (m.Kind, m.Id)).ToList();
    }

    /// <summary>The "Complete lead" dialog's starting point: new records prefilled from the lead, and matches to reuse.</summary>
    public async Task<ConversionProposal?> ProposeConversionAsync(int leadId, CancellationToken ct = default)
    {
        var lead = await GetAsync(leadId, ct);
        if (lead is null)
        {
            return null;
        }
        var input = lead.Input;
        await using (var db = await contextFactory.CreateDbContextAsync(ct))
        {
            var firstStage = await db.Stages.AsNoTracking()
                .Where(s => s.Pipeline!.IsDefault && s.Kind == Pipelines.StageKind.Open).OrderBy(s => s.Sort).Select(s => s.Id).FirstOrDefaultAsync(ct);
            var email = input.Emails.FirstOrDefault()?.Address;
            var phone = input.Phones.FirstOrDefault()?.Number;
            // The contact takes every phone and e-mail of the lead: the first as the main one, the rest after it.
            var morePhones = input.Phones.Skip(1).ToList();
            var moreEmails = input.Emails.Skip(1).ToList();
            return new ConversionProposal(
                new ContactInput { FirstName = input.FirstName ?? input.Title, LastName = input.LastName, Email = email, Phone = phone, Phones = morePhones, Emails = moreEmails },
                new CompanyInput { Name = input.CompanyName ?? "", Email = email, Phone = phone, Website = input.Website },
                new DealInput
                {
                    Title = input.Title,
                    Amount = input.ExpectedAmount ?? 0,
                    Currency = input.Currency ?? options.Value.DefaultCurrency,
                    StageId = firstStage,
                    ResponsibleUserId = input.ResponsibleUserId,
                },
                await FindDuplicatesAsync(new DuplicateProbe(input.Emails.Select(e => e.Address).ToList(), input.Phones.Select(p => p.Number).ToList(), input.CompanyName, leadId), ct));
        }
    }

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
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var lead = await db.Leads.Include(l => l.Phones).Include(l => l.Emails).FirstOrDefaultAsync(l => l.Id == complete.LeadId, ct);
        var refusal = Refuse(lead, complete.ExpectedVersion, actor);
        if (refusal is not null)
        {
            return refusal;
        }

        var errors = new List<FieldError>();
        var contactChoice = complete.Contact;
        var companyChoice = complete.Company;
        if (contactChoice is { ExistingId: { } contactId } && !await db.Contacts.AnyAsync(c => c.Id == contactId, ct))
        {
            errors.Add(new FieldError("Contact.ExistingId", "Validation.NoLongerExists"));
        }
        else if (contactChoice is { ExistingId: null })
        {
            errors.AddRange(contactChoice.New is null
                ? [new FieldError("Contact.FirstName", "Validation.Required")]
                : ContactService.Validate(contactChoice.New with { CompanyId = null }, Region, "Contact."));
        }
        if (companyChoice is { ExistingId: { } companyId } && !await db.Companies.AnyAsync(c => c.Id == companyId, ct))
        {
            errors.Add(new FieldError("Company.ExistingId", "Validation.NoLongerExists"));
        }
        else if (companyChoice is { ExistingId: null })
        {
            errors.AddRange(companyChoice.New is null
                ? [new FieldError("Company.Name", "Validation.Required")]
                : CompanyService.Validate(companyChoice.New, Region, "Company."));
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
            company = new Company { Name = "", CreatedAt = now, ResponsibleUserId = lead!.ResponsibleUserId ?? actor.UserId };
            CompanyService.Apply(company, newCompany, Region);
            db.Companies.Add(company);
            TimelineLog.Created(db, company, ElementKind.Company, actor.UserId, now, lead.Title, ElementRef.Lead(lead.Id));
        }
        Contact? contact = null;
        if (contactChoice is { ExistingId: null, New: { } newContact })
        {
            contact = new Contact { FirstName = "", CreatedAt = now, ResponsibleUserId = lead!.ResponsibleUserId ?? actor.UserId };
            ContactService.Apply(contact, newContact with { CompanyId = companyChoice?.ExistingId }, Region);
            if (company is not null)
            {
                contact.Company = company;
            }
            db.Contacts.Add(contact);
            TimelineLog.Created(db, contact, ElementKind.Contact, actor.UserId, now, lead.Title, ElementRef.Lead(lead.Id));
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
        lead.UpdatedAt = now;
        var saved = await live.SaveAndPublishAsync(db, async () =>
        {
            List<CrmEvent> events = [await LeadEventAsync(LeadChangeKind.Converted, lead, db, actor, now, ct)];
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
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var lead = await db.Leads.Include(l => l.Phones).Include(l => l.Emails).FirstOrDefaultAsync(l => l.Id == junk.LeadId, ct);
        var refusal = Refuse(lead, junk.ExpectedVersion, actor);
        if (refusal is not null)
        {
            return refusal;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        lead!.Status = LeadStatus.Junk;
        lead.JunkReason = junk.Reason;
        lead.JunkComment = Validator.Clean(junk.Comment);
        TimelineLog.Add(db, ElementRef.Lead(lead.Id), TimelineKind.Junked, actor.UserId, now, lead.JunkComment).NewValue = junk.Reason.ToString();
        lead.ClosedAt = now;
        lead.ClosedById = actor.UserId;
        lead.UpdatedAt = now;
        if (!await live.SaveAndPublishAsync(db, async () => [await LeadEventAsync(LeadChangeKind.Junked, lead, db, actor, now, ct)], ct))
        {
            return Result<LeadOutcome>.Conflict(null, "Lead.AlreadyCompleted");
        }
        return Result<LeadOutcome>.Ok(new LeadOutcome(lead.Id, null, null, null));
    }

    private static Result<LeadOutcome>? Refuse(Lead? lead, int expectedVersion, Actor actor) => lead switch
    {
        null => Result<LeadOutcome>.NotFound("Lead.NotFound"),
        _ when !AccessPolicy.MayChange(actor, lead.ResponsibleUserId) => Result<LeadOutcome>.Forbidden(),
        { IsOpen: false } => Result<LeadOutcome>.Conflict(null, "Lead.AlreadyCompleted"),
        _ when lead.Version != expectedVersion => Result<LeadOutcome>.Conflict(null, "Error.EditConflict"),
        _ => null,
    };

    private async Task<List<FieldError>> ValidateAsync(CrmDbContext db, LeadInput input, CancellationToken ct)
    {
        var v = new Validator()
            .Required(nameof(LeadInput.Title), input.Title).MaxLength(nameof(LeadInput.Title), input.Title, LeadRules.TitleMaxLength)
            .MaxLength(nameof(LeadInput.FirstName), input.FirstName, LeadRules.NameMaxLength)
            .MaxLength(nameof(LeadInput.LastName), input.LastName, LeadRules.NameMaxLength)
            .MaxLength(nameof(LeadInput.CompanyName), input.CompanyName, LeadRules.CompanyMaxLength)
            .Website(nameof(LeadInput.Website), input.Website)
            .MaxLength(nameof(LeadInput.Address), input.Address, LeadRules.AddressMaxLength)
            .MaxLength(nameof(LeadInput.Comment), input.Comment, LeadRules.CommentMaxLength);
        var phones = input.Phones.Where(p => !string.IsNullOrWhiteSpace(p.Number)).ToList();
        var emails = input.Emails.Where(e => !string.IsNullOrWhiteSpace(e.Address)).ToList();
        for (var i = 0; i < input.Phones.Count; i++)
        {
            v.Phone($"Phones[{i}]", input.Phones[i].Number, Region);
        }
        for (var i = 0; i < input.Emails.Count; i++)
        {
            v.Email($"Emails[{i}]", input.Emails[i].Address).MaxLength($"Emails[{i}]", input.Emails[i].Address, 254);
        }
        if (phones.Count > LeadRules.MaxPhones)
        {
            v.Add(nameof(LeadInput.Phones), "Validation.TooMany", LeadRules.MaxPhones);
        }
        if (emails.Count > LeadRules.MaxEmails)
        {
            v.Add(nameof(LeadInput.Emails), "Validation.TooMany", LeadRules.MaxEmails);
        }
        if (phones.Count == 0 && emails.Count == 0)
        {
            v.Add(nameof(LeadInput.Phones), "Lead.NeedsReach");
        }
        if (input.ExpectedAmount is { } amount)
        {
            if (amount < 0)
            {
                v.Add(nameof(LeadInput.ExpectedAmount), "Validation.NotNegative");
            }
            else if (amount > DealRules.MaxAmount)
            {
                v.Add(nameof(LeadInput.ExpectedAmount), "Validation.TooLarge");
            }
            else if (decimal.Round(amount, 2) != amount)
            {
                v.Add(nameof(LeadInput.ExpectedAmount), "Validation.TwoDecimals");
            }
            if (!options.Value.Currencies.Contains(input.Currency ?? "", StringComparer.Ordinal))
            {
                v.Add(nameof(LeadInput.Currency), "Validation.Currency", string.Join(", ", options.Value.Currencies));
            }
        }
        if (!Enum.IsDefined(input.Source))
        {
            v.Add(nameof(LeadInput.Source), "Validation.Required");
        }
        if (!Enum.IsDefined(input.Status))
        {
            v.Add(nameof(LeadInput.Status), "Validation.Required");
        }
        else if (input.Status is LeadStatus.Converted or LeadStatus.Junk)
        {
            v.Add(nameof(LeadInput.Status), "Lead.UseComplete");
        }
        if (!string.IsNullOrEmpty(input.ResponsibleUserId) && !await db.Users.AnyAsync(u => u.Id == input.ResponsibleUserId, ct))
        {
            v.Add(nameof(LeadInput.ResponsibleUserId), "Validation.NoLongerExists");
        }
        return [.. v.Errors];
    }

    private void Apply(Lead lead, LeadInput input, Actor actor, DateTime now)
    {
        lead.Title = input.Title.Trim();
        lead.FirstName = Validator.Clean(input.FirstName);
        lead.LastName = Validator.Clean(input.LastName);
        lead.CompanyName = Validator.Clean(input.CompanyName);
        lead.Website = Validator.NormalizeWebsite(input.Website);
        lead.Address = Validator.Clean(input.Address);
        lead.Source = input.Source;
        lead.Status = input.Status;
        lead.ResponsibleUserId = string.IsNullOrEmpty(input.ResponsibleUserId) ? (lead.Id == 0 ? actor.UserId : null) : input.ResponsibleUserId;
        lead.ExpectedAmount = input.ExpectedAmount;
        lead.Currency = input.ExpectedAmount is null ? null : input.Currency;
        lead.Comment = Validator.Clean(input.Comment);
        lead.UpdatedAt = now;
        lead.Phones.Clear();
        lead.Phones.AddRange(input.Phones
            .Select(p => (Number: PhoneNumberFormat.Normalize(p.Number, Region), p.Type))
            .Where(p => p.Number is not null).DistinctBy(p => p.Number)
            .Select(p => new LeadPhone { Number = p.Number!, Type = p.Type }));
        lead.Emails.Clear();
        lead.Emails.AddRange(input.Emails
            .Where(e => !string.IsNullOrWhiteSpace(e.Address)).DistinctBy(e => e.Address.Trim().ToLowerInvariant())
            .Select(e => new LeadEmail { Address = e.Address.Trim().ToLowerInvariant(), Type = e.Type }));
    }

    private static LeadInput ToInput(Lead lead) => new()
    {
        Title = lead.Title,
        FirstName = lead.FirstName,
        LastName = lead.LastName,
        CompanyName = lead.CompanyName,
        Phones = lead.Phones.OrderBy(p => p.Id).Select(p => new PhoneInput(p.Number, p.Type)).ToList(),
        Emails = lead.Emails.OrderBy(e => e.Id).Select(e => new EmailInput(e.Address, e.Type)).ToList(),
        Website = lead.Website,
        Address = lead.Address,
        Source = lead.Source,
        Status = lead.Status,
        ResponsibleUserId = lead.ResponsibleUserId,
        ExpectedAmount = lead.ExpectedAmount,
        Currency = lead.Currency,
        Comment = lead.Comment,
    };

    private static IQueryable<LeadRow> Rows(CrmDbContext db, IQueryable<Lead> leads) =>
        leads.Select(l => new LeadRow(
            l.Id, l.Title, ((l.FirstName ?? "") + " " + (l.LastName ?? "")).Trim(), l.CompanyName,
            l.Emails.OrderBy(e => e.Id).Select(e => e.Address).FirstOrDefault(),
            l.Phones.OrderBy(p => p.Id).Select(p => p.Number).FirstOrDefault(),
            l.Source, l.Status, l.ResponsibleUserId,
            db.Users.Where(u => u.Id == l.ResponsibleUserId).Select(u => u.DisplayName).FirstOrDefault(),
            l.ExpectedAmount, l.Currency, l.CreatedAt, l.Version));

    private static async Task<CrmEvent> LeadEventAsync(LeadChangeKind kind, Lead lead, CrmDbContext db, Actor actor, DateTime now, CancellationToken ct, string? previousResponsibleUserId = null)
    {
        var row = await Rows(db, db.Leads.AsNoTracking().Where(l => l.Id == lead.Id)).SingleAsync(ct);
        return new LeadChanged
        {
            Kind = kind,
            LeadId = lead.Id,
            Version = lead.Version,
            Row = row,
            PreviousResponsibleUserId = previousResponsibleUserId == row.ResponsibleUserId ? null : previousResponsibleUserId,
            ActorId = actor.UserId,
            ActorName = actor.DisplayName,
            OccurredAt = now,
        };
    }

    /// <summary>What a conversion made, for the lead's timeline: for example <c>Contact+, Company=, Deal+</c> (+ new, = existing).</summary>
    private static string ConversionSummary(CompleteLead complete) => string.Join(", ", new[]
    {
        complete.Contact is null ? null : nameof(ElementKind.Contact) + (complete.Contact.ExistingId is null ? "+" : "="),
        complete.Company is null ? null : nameof(ElementKind.Company) + (complete.Company.ExistingId is null ? "+" : "="),
        complete.Deal is null ? null : nameof(ElementKind.Deal) + "+",
    }.OfType<string>());
}
