using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CrmBlazor.Core.WebForms;

/// <summary>
/// What a visitor's submission does: validates the form's own fields, finds whether the visitor is already an open
/// lead, a contact or a company (same normalised e-mail or phone) and by the form's setting adds the submission to it
/// as an activity, or makes a new lead for the form's responsible user (in turn among several); writes the timeline
/// and the submission log, and tells the responsible user live; all in one transaction.
/// </summary>
public sealed class WebFormSubmissionService(
    IDbContextFactory<CrmDbContext> contextFactory,
    ILiveUpdates live,
    TimeProvider clock,
    DuplicateFinder duplicates,
    IOptions<CrmOptions> options,
    ILogger<WebFormSubmissionService> logger)
{
    /// <summary>Attempts of one submission when the database is busy or another submission advanced the form's turn first.</summary>
    public const int MaxAttempts = 6;

    /// <summary>The <see cref="CrmEvent.ActorId"/> of what a submission publishes (no user acts; the actor's name is the form's).</summary>
    public const string SubmissionActorId = "web-form";

    private string Region => options.Value.DefaultPhoneRegion;

    /// <summary>An active form as a visitor sees it in <paramref name="language"/> ("pl", anything else is English); null when unknown or inactive.</summary>
    public async Task<PublicWebForm?> GetPublicAsync(string slug, string language, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var form = await WithFields(db.WebForms.AsNoTracking()).FirstOrDefaultAsync(f => f.Slug == slug && f.IsActive, ct);
        return form is null ? null : ToPublic(form, language);
    }

    /// <summary>A form with its fields, and the custom fields (with their choices) some of them fill.</summary>
    internal static IQueryable<WebForm> WithFields(IQueryable<WebForm> forms) =>
        forms.Include(f => f.Fields).ThenInclude(f => f.CustomField!).ThenInclude(c => c.Options);

    /// <summary>The form's fields a visitor can fill: its own, and custom fields of a type a visitor can fill.</summary>
    private static IEnumerable<WebFormField> Usable(WebForm form) => form.Fields
        .Where(f => f.Kind != WebFormFieldKind.Custom || f.CustomField is { } c && WebFormRules.IsPublicType(c.Type) && !(c.Type == CustomFieldType.List && c.IsMultiple))
        .OrderBy(f => f.Sort);

    public static PublicWebForm ToPublic(WebForm form, string language)
    {
        var pl = language == "pl";
        var fields = Usable(form).Where(f => !f.Hidden)
            .Select(f => new PublicWebFormField(WebFormRules.Key(f), f.Kind, pl ? f.LabelPl : f.LabelEn, pl ? f.PlaceholderPl : f.PlaceholderEn,
                f.Required, f.CustomField is { } custom ? WebFormRules.MaxLength(custom.Type) : WebFormRules.MaxLength(f.Kind), f.CustomField?.Type,
                f.CustomField?.Type == CustomFieldType.List ? f.CustomField.Options.OrderBy(o => o.Sort).Select(o => new PublicWebFormOption(o.Id, o.Label)).ToList() : null))
            .ToList();
        var consent = pl ? form.ConsentTextPl ?? form.ConsentTextEn : form.ConsentTextEn ?? form.ConsentTextPl;
        var thanks = (pl ? form.ThankYouPl : form.ThankYouEn) ?? (pl ? "Dziękujemy! Odezwiemy się wkrótce." : "Thank you! We will be in touch soon.");
        return new PublicWebForm(form.Id, form.Slug, form.Name, pl ? "pl" : "en", fields, consent, form.PrivacyPolicyUrl, thanks, form.RedirectUrl,
            form.WidgetColor, form.WidgetPosition, form.AllowedOriginList);
    }

    public async Task<Result<WebFormSubmitted>> SubmitAsync(WebFormSubmissionInput input, CancellationToken ct = default)
    {
        WebForm? form;
        using (CrmMetrics.Source.StartActivity("WebForm.ReadForm"))
        await using (var read = await contextFactory.CreateDbContextAsync(ct))
        {
            form = await WithFields(read.WebForms.AsNoTracking()).Include(f => f.Responsibles)
                .FirstOrDefaultAsync(f => f.Slug == input.Slug && f.IsActive, ct);
        }
        if (form is null)
        {
            return Result<WebFormSubmitted>.NotFound("WebForm.NotFound");
        }
        var shown = ToPublic(form, input.Language);
        var now = clock.GetUtcNow().UtcDateTime;
        var isSpam = !string.IsNullOrEmpty(input.Honeypot)
            || (input.ShownAt is { } shownAt && now - shownAt < TimeSpan.FromSeconds(options.Value.WebForms.MinFillSeconds));
        Visit? visit = null;
        if (!isSpam)
        {
            var (values, custom, texts, errors) = Validate(form, input);
            if (errors.Count > 0)
            {
                return Result<WebFormSubmitted>.Invalid(errors);
            }
            visit = new Visit(values, custom, shown.ConsentText, Describe(form, texts, input));
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (await TrySubmitAsync(form, shown, input, visit, now, ct) is { } done)
                {
                    return Result<WebFormSubmitted>.Ok(done);
                }
                // A row it updates changed meanwhile (nothing was saved): try again.
            }
            catch (Exception e) when (IsBusy(e) && !ct.IsCancellationRequested)
            {
                logger.LogWarning("Web form {Slug}: the database was busy (attempt {Attempt} of {Max})", form.Slug, attempt, MaxAttempts);
            }
            if (attempt >= MaxAttempts)
            {
                logger.LogError("Web form {Slug}: a submission was refused after {Max} attempts; the visitor was asked to send it again", form.Slug, MaxAttempts);
                return Result<WebFormSubmitted>.Conflict(null, "WebForm.Busy");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 40) * attempt), ct);
        }
    }

    /// <summary>
    /// One attempt in one transaction; null when a row it changes changed meanwhile (nothing was saved). The form is
    /// the one read for the submission (not tracked): only its round-robin turn is written, by <see cref="TakeTurnAsync"/>.
    /// </summary>
    private async Task<WebFormSubmitted?> TrySubmitAsync(WebForm form, PublicWebForm shown, WebFormSubmissionInput input, Visit? visit, DateTime now, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        // Whoever is responsible by the form's turn (a new lead, an unowned visitor's activity, the deal with them) gets
        // the first user now and the one whose turn it is in the transaction.
        var byTurn = new List<Action<string>>();
        var submission = new WebFormSubmission
        {
            WebFormId = form.Id,
            At = now,
            Source = input.Source,
            PageUrl = WebFormRules.HttpUrl(input.PageUrl, WebFormRules.PageUrlMaxLength),
            Referrer = WebFormRules.HttpUrl(input.Referrer, WebFormRules.PageUrlMaxLength),
        };
        db.WebFormSubmissions.Add(submission);
        var actor = Actor.Create(SubmissionActorId, form.Name);
        var events = new List<Func<Task<CrmEvent>>>();
        Action? afterKeys = null;
        Lead? newLead = null;
        Existing? existingElement = null;
        if (visit is null)
        {
            submission.Outcome = WebFormOutcome.Spam;
        }
        else
        {
            submission.ConsentText = visit.ConsentText;
            submission.ConsentAt = visit.ConsentText is null ? null : now;
            Existing? existing = null;
            if (form.DuplicateMode == WebFormDuplicateMode.AddToExisting)
            {
                using (CrmMetrics.Source.StartActivity("WebForm.Duplicates"))
                {
                    existing = await FindExistingAsync(db, visit.Values, ct);
                }
            }
            existingElement = existing;
            if (existing is { } found)
            {
                var activity = new Activity
                {
                    Type = ActivityType.Task,
                    Subject = Truncate($"Web form: {form.Name}", ActivityRules.SubjectMaxLength)!,
                    Description = Truncate(visit.Description, ActivityRules.DescriptionMaxLength),
                    Deadline = now,
                    ResponsibleUserId = found.ResponsibleUserId ?? FirstResponsible(form) ?? "",
                    CreatedById = "",
                    ElementKind = found.Element.Kind,
                    ElementId = found.Element.Id,
                };
                activity.CreatedById = activity.ResponsibleUserId;
                if (found.ResponsibleUserId is null)
                {
                    byTurn.Add(user => activity.ResponsibleUserId = activity.CreatedById = user);
                }
                db.Activities.Add(activity);
                TimelineLog.AddPointingAtNew(db, found.Element, TimelineKind.ActivityPlanned, null, now, activity.Subject, activity);
                submission.ElementKind = found.Element.Kind;
                submission.ElementId = found.Element.Id;
                submission.Outcome = found.Element.Kind switch
                {
                    ElementKind.Lead => WebFormOutcome.AddedToLead,
                    ElementKind.Contact => WebFormOutcome.AddedToContact,
                    _ => WebFormOutcome.AddedToCompany,
                };
                events.Add(async () =>
                {
                    var row = (await ActivityService.RowsAsync(db, [activity], ct))[0];
                    return new ActivityChanged
                    {
                        Kind = ActivityChangeKind.Planned, ActivityId = activity.Id, Version = activity.Version, Element = activity.Element,
                        ElementResponsibleUserId = await RecordAccess.ResponsibleOfAsync(db, activity.Element, ct),
                        After = row, ActorId = actor.UserId, ActorName = actor.DisplayName, OccurredAt = now,
                    };
                });
            }
            else
            {
                var lead = newLead = NewLead(form, visit, input, submission);
                if (visit.Custom.Count > 0)
                {
                    (await CustomFieldSet.LoadAsync(db, ElementKind.Lead, ct)).Apply(lead.CustomValues, visit.Custom, isNew: true);
                }
                lead.ResponsibleUserId = FirstResponsible(form);
                byTurn.Add(user => lead.ResponsibleUserId = user);
                db.Leads.Add(lead);
                TimelineLog.Created(db, lead, ElementKind.Lead, null, now, $"Web form: {form.Name}");
                submission.Outcome = WebFormOutcome.NewLead;
                submission.ElementKind = ElementKind.Lead;
                afterKeys = () => submission.ElementId = lead.Id;
                events.Add(() => LeadProjections.ChangedAsync(LeadChangeKind.Created, lead, db, actor, now, ct));
            }
        }
        Deal? deal = null;
        if (visit is not null && form.DealPipelineId is { } pipelineId && await DealStageAsync(db, pipelineId, form.DealStageId, ct) is { } stage)
        {
            deal = await AddDealAsync(db, form, visit, stage, submission, newLead, existingElement, actor, now, ct);
            if (byTurn.Count > 0)
            {
                var made = deal;
                byTurn.Add(user => made.ResponsibleUserId = user); // the same user as the lead or the activity
            }
            events.Add(async () =>
            {
                var card = (await DealService.CardsAsync(db, [deal.Id], ct))[deal.Id];
                return DealService.Changed(DealChangeKind.Created, before: null, after: card, actor, now);
            });
        }
        var linkKeys = afterKeys;
        afterKeys = linkKeys is null && deal is null ? null : () =>
        {
            linkKeys?.Invoke();
            submission.DealId = deal?.Id;
        };
        var saved = await live.SaveAndPublishAsync(db, async () =>
        {
            var made = new List<CrmEvent>();
            foreach (var make in events)
            {
                made.Add(await make());
            }
            return made;
        }, ct, afterKeys, statements: null, beforeSave: byTurn.Count == 0 ? null : async () =>
        {
            if (await TakeTurnAsync(db, form, ct) is { } user)
            {
                byTurn.ForEach(assign => assign(user));
            }
        });
        return saved
            ? new WebFormSubmitted(submission.Outcome, shown.ThankYou, shown.RedirectUrl,
                submission.ElementKind is { } kind && submission.ElementId is { } id ? new ElementRef(kind, id) : null, submission.DealId)
            : null;
    }

    private static List<string> ResponsibleUsers(WebForm form) => form.Responsibles.OrderBy(r => r.Sort).ThenBy(r => r.Id).Select(r => r.UserId).ToList();

    private static string? FirstResponsible(WebForm form) => ResponsibleUsers(form).FirstOrDefault();

    /// <summary>
    /// The user whose turn it is (one user: always them; none: null), the turn moved on: in the submission's
    /// transaction, one atomic <c>UPDATE ... RETURNING</c> of the form's counter, so concurrent submissions (on any
    /// server) each take their own turn without a conflict, and a submission that does not commit takes none. The
    /// form's version stays as it is: a manager editing the form meanwhile is not refused.
    /// </summary>
    private static async Task<string?> TakeTurnAsync(CrmDbContext db, WebForm form, CancellationToken ct)
    {
        var users = ResponsibleUsers(form);
        if (users.Count <= 1)
        {
            return users.FirstOrDefault();
        }
        // The counter counts turns taken since the users last changed (then it starts again at 0); it wraps long before an int would.
        var taken = await db.Database.SqlQuery<int>($"""
            UPDATE "WebForms" SET "RoundRobinNext" = CASE WHEN "RoundRobinNext" >= 1000000000 THEN 1 ELSE "RoundRobinNext" + 1 END
            WHERE "Id" = {form.Id} RETURNING "RoundRobinNext" - 1 AS "Value"
            """).ToListAsync(ct);
        if (taken.Count == 0)
        {
            return users[0]; // the form was deleted meanwhile
        }
        return users[((taken[0] % users.Count) + users.Count) % users.Count];
    }

    private sealed record Existing(ElementRef Element, string? ResponsibleUserId, int? CompanyId = null);

    /// <summary>The form's deal stage when it is still an open stage of its pipeline, else the pipeline's first open stage; null when there is none.</summary>
    private static async Task<Stage?> DealStageAsync(CrmDbContext db, int pipelineId, int? stageId, CancellationToken ct) =>
        await db.Stages.AsNoTracking().Where(s => s.PipelineId == pipelineId && s.Kind == StageKind.Open)
            .OrderBy(s => s.Id == stageId ? 0 : 1).ThenBy(s => s.Sort).FirstOrDefaultAsync(ct);

    /// <summary>
    /// The form's deal, added to <paramref name="db"/> without saving: at the top of its stage, for the same responsible
    /// user as the lead or activity, with the contact or company the visitor already is; its timeline's "created" entry
    /// points at the lead it came with (a new one gets its key in the same save).
    /// </summary>
    private async Task<Deal> AddDealAsync(CrmDbContext db, WebForm form, Visit visit, Stage stage, WebFormSubmission submission, Lead? newLead,
        Existing? existing, Actor actor, DateTime now, CancellationToken ct)
    {
        var responsible = newLead?.ResponsibleUserId ?? existing?.ResponsibleUserId ?? form.Responsibles.OrderBy(r => r.Sort).Select(r => r.UserId).FirstOrDefault();
        var input = new DealInput
        {
            Title = Truncate($"{form.Name}: {Who(visit.Values)}".TrimEnd(' ', ':'), DealRules.TitleMaxLength)!,
            Amount = 0,
            Currency = await CurrencyService.BaseCodeAsync(db, options.Value.Currencies, ct), // Settings' base currency (decision 030)
            StageId = stage.Id,
            ContactId = existing?.Element.Kind == ElementKind.Contact ? existing.Element.Id : null,
            CompanyId = existing?.Element.Kind == ElementKind.Company ? existing.Element.Id : existing?.CompanyId,
            ResponsibleUserId = responsible,
        };
        ElementRef? fromLead = existing?.Element.Kind == ElementKind.Lead ? existing.Element : null;
        var deal = await DealService.AddNewAsync(db, input, stage, actor, now, ct, fromLead);
        var created = db.PendingKeys.Last(p => ReferenceEquals(p.Keyed, deal)).Entry;
        created.AuthorId = null; // no user made it: the form did (as for its lead)
        if (newLead is not null)
        {
            created.RelatedKind = nameof(ElementKind.Lead);
            db.PendingKeys.Add(new PendingKey(created, newLead, (e, id) => e.RelatedId = id));
        }
        return deal;
    }

    /// <summary>A contact first (a known client), then an open lead, then a company with the visitor's e-mail or phone.</summary>
    private async Task<Existing?> FindExistingAsync(CrmDbContext db, IReadOnlyDictionary<WebFormFieldKind, string> values, CancellationToken ct)
    {
        var emails = values.TryGetValue(WebFormFieldKind.Email, out var email) ? [email] : Array.Empty<string>();
        var phones = values.TryGetValue(WebFormFieldKind.Phone, out var phone) ? [phone] : Array.Empty<string>();
        if (emails.Length == 0 && phones.Length == 0)
        {
            return null;
        }
        var matches = await duplicates.FindAsync(new DuplicateProbe(emails, phones, null), ct);
        if (matches.Count == 0)
        {
            return null;
        }
        var contactIds = matches.Where(m => m.Kind == ElementKind.Contact).Select(m => m.Id).ToList();
        if (contactIds.Count > 0)
        {
            var contact = await db.Contacts.AsNoTracking().Where(c => contactIds.Contains(c.Id)).OrderBy(c => c.Id).Select(c => new { c.Id, c.ResponsibleUserId, c.CompanyId }).FirstOrDefaultAsync(ct);
            if (contact is not null)
            {
                return new Existing(ElementRef.Contact(contact.Id), contact.ResponsibleUserId, contact.CompanyId);
            }
        }
        var leadIds = matches.Where(m => m.Kind == ElementKind.Lead).Select(m => m.Id).ToList();
        if (leadIds.Count > 0)
        {
            var lead = await db.Leads.AsNoTracking()
                .Where(l => leadIds.Contains(l.Id) && l.Status != LeadStatus.Converted && l.Status != LeadStatus.Junk)
                .OrderByDescending(l => l.Id).Select(l => new { l.Id, l.ResponsibleUserId }).FirstOrDefaultAsync(ct);
            if (lead is not null)
            {
                return new Existing(ElementRef.Lead(lead.Id), lead.ResponsibleUserId);
            }
        }
        var companyIds = matches.Where(m => m.Kind == ElementKind.Company).Select(m => m.Id).ToList();
        if (companyIds.Count > 0)
        {
            var company = await db.Companies.AsNoTracking().Where(c => companyIds.Contains(c.Id)).OrderBy(c => c.Id).Select(c => new { c.Id, c.ResponsibleUserId }).FirstOrDefaultAsync(ct);
            if (company is not null)
            {
                return new Existing(ElementRef.Company(company.Id), company.ResponsibleUserId);
            }
        }
        return null;
    }

    /// <summary>The visitor's first and last name, from a full name or the two fields.</summary>
    private static (string? First, string? Last) Names(IReadOnlyDictionary<WebFormFieldKind, string> values)
    {
        var (first, last) = (values.GetValueOrDefault(WebFormFieldKind.FirstName), values.GetValueOrDefault(WebFormFieldKind.LastName));
        if (values.GetValueOrDefault(WebFormFieldKind.Name) is { } name)
        {
            var space = name.LastIndexOf(' ');
            (first, last) = space > 0 ? (first ?? name[..space].Trim(), last ?? name[(space + 1)..].Trim()) : (first ?? name, last);
        }
        return (Truncate(first, LeadRules.NameMaxLength), Truncate(last, LeadRules.NameMaxLength));
    }

    /// <summary>Who the visitor is, for a title: their name, else their company, e-mail or phone.</summary>
    private static string Who(IReadOnlyDictionary<WebFormFieldKind, string> values)
    {
        var (first, last) = Names(values);
        var who = string.Join(' ', new[] { first, last }.Where(n => n is not null));
        return who.Length > 0 ? who
            : values.GetValueOrDefault(WebFormFieldKind.Company) ?? values.GetValueOrDefault(WebFormFieldKind.Email) ?? values.GetValueOrDefault(WebFormFieldKind.Phone) ?? "";
    }

    private Lead NewLead(WebForm form, Visit visit, WebFormSubmissionInput input, WebFormSubmission submission)
    {
        var values = visit.Values;
        string? Value(WebFormFieldKind kind) => values.GetValueOrDefault(kind);
        var (first, last) = Names(values);
        var who = Who(values);
        var lead = new Lead
        {
            Title = Truncate($"{form.Name}: {who}".TrimEnd(' ', ':'), LeadRules.TitleMaxLength)!,
            FirstName = first,
            LastName = last,
            CompanyName = Value(WebFormFieldKind.Company),
            Website = Validator.NormalizeWebsite(Value(WebFormFieldKind.Website)),
            Address = Value(WebFormFieldKind.Address),
            Comment = Value(WebFormFieldKind.Message),
            Source = input.Source,
            Status = LeadStatus.New,
            WebFormName = Truncate(form.Name, WebFormRules.NameMaxLength),
            PageUrl = submission.PageUrl,
            Referrer = submission.Referrer,
            UtmSource = Utm(input.UtmSource),
            UtmMedium = Utm(input.UtmMedium),
            UtmCampaign = Utm(input.UtmCampaign),
            UtmTerm = Utm(input.UtmTerm),
            UtmContent = Utm(input.UtmContent),
        };
        if (PhoneNumberFormat.Normalize(Value(WebFormFieldKind.Phone), Region) is { } phone)
        {
            lead.Phones.Add(new LeadPhone { Number = phone, Type = PhoneType.Work });
        }
        if (Value(WebFormFieldKind.Email) is { } email)
        {
            lead.Emails.Add(new LeadEmail { Address = email.ToLowerInvariant(), Type = EmailType.Work });
        }
        return lead;
    }

    /// <summary>A utm_* value as plain text: trimmed, markup and control characters refused, length-limited.</summary>
    private static string? Utm(string? value)
    {
        var clean = Validator.Clean(value);
        return clean is null || WebFormRules.LooksLikeMarkup(clean) || clean.Any(char.IsControl) ? null : Truncate(clean, WebFormRules.UtmMaxLength);
    }

    /// <summary>The activity's description: each field the visitor filled, as plain text.</summary>
    private static string Describe(WebForm form, IReadOnlyDictionary<string, string> texts, WebFormSubmissionInput input)
    {
        var lines = Usable(form)
            .Where(f => texts.ContainsKey(WebFormRules.Key(f)))
            .Select(f => $"{f.LabelEn}: {texts[WebFormRules.Key(f)]}").Distinct().ToList();
        if (WebFormRules.HttpUrl(input.PageUrl, WebFormRules.PageUrlMaxLength) is { } page)
        {
            lines.Add($"Page: {page}");
        }
        return string.Join('\n', lines);
    }

    /// <summary>The form's own fields from what was posted (hidden ones with their fixed values), checked one by one.</summary>
    private (IReadOnlyDictionary<WebFormFieldKind, string> Values, IReadOnlyDictionary<string, CustomValue> Custom, IReadOnlyDictionary<string, string> Texts,
        List<FieldError> Errors) Validate(WebForm form, WebFormSubmissionInput input)
    {
        var values = new Dictionary<WebFormFieldKind, string>();
        var custom = new Dictionary<string, CustomValue>();
        var texts = new Dictionary<string, string>();
        var v = new Validator();
        foreach (var field in Usable(form))
        {
            var key = WebFormRules.Key(field);
            var raw = field.Hidden ? field.HiddenValue : input.Values.GetValueOrDefault(key);
            var value = Validator.Clean(raw);
            if (field.CustomField is { Type: CustomFieldType.YesNo } && !field.Hidden)
            {
                // A checkbox: sent when ticked, absent when not.
                var ticked = value is "on" or "true" or "1" or "yes";
                if (field.Required && !ticked)
                {
                    v.Add(key, "Validation.Required");
                    continue;
                }
                custom[field.CustomField.Code] = new CustomValue { Flag = ticked };
                texts[key] = ticked ? "yes" : "no";
                continue;
            }
            if (value is null)
            {
                if (field.Required && !field.Hidden)
                {
                    v.Add(key, "Validation.Required");
                }
                continue;
            }
            var max = field.CustomField is { } typed ? WebFormRules.MaxLength(typed.Type) : WebFormRules.MaxLength(field.Kind);
            if (value.Length > max)
            {
                v.Add(key, "Validation.MaxLength", max);
                continue;
            }
            if (WebFormRules.LooksLikeMarkup(value) || value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            {
                v.Add(key, "WebForm.NoMarkup");
                continue;
            }
            if (field.CustomField is { } customField)
            {
                if (CustomValue(customField, value) is { } parsed)
                {
                    custom[customField.Code] = parsed;
                    texts[key] = customField.Type == CustomFieldType.List ? customField.Options.First(o => o.Id == parsed.Options[0]).Label : value;
                }
                else
                {
                    v.Add(key, customField.Type switch
                    {
                        CustomFieldType.Number => "CustomField.NotANumber",
                        CustomFieldType.Date => "CustomField.NotADate",
                        CustomFieldType.Url => "Validation.Website",
                        _ => "Validation.NoLongerExists",
                    });
                }
                continue;
            }
            var before = v.Errors.Count;
            switch (field.Kind)
            {
                case WebFormFieldKind.Email:
                    v.Email(key, value);
                    break;
                case WebFormFieldKind.Phone:
                    v.Phone(key, value, Region);
                    break;
                case WebFormFieldKind.Website:
                    v.Website(key, value);
                    break;
            }
            if (v.Errors.Count == before)
            {
                values.TryAdd(field.Kind, value);
                texts.TryAdd(key, value);
            }
        }
        var hasReachField = form.Fields.Any(f => f.Kind is WebFormFieldKind.Email or WebFormFieldKind.Phone && !f.Hidden);
        if (v.IsValid && hasReachField && !values.ContainsKey(WebFormFieldKind.Email) && !values.ContainsKey(WebFormFieldKind.Phone))
        {
            var reach = form.Fields.OrderBy(f => f.Sort).First(f => f.Kind is WebFormFieldKind.Email or WebFormFieldKind.Phone && !f.Hidden);
            v.Add(WebFormRules.Key(reach.Kind), "WebForm.NeedsReach");
        }
        if ((form.ConsentTextEn ?? form.ConsentTextPl) is not null && !input.Consent)
        {
            v.Add(WebFormRules.ConsentKey, "WebForm.ConsentRequired");
        }
        return (values, custom, texts, [.. v.Errors]);
    }

    /// <summary>A visitor's text as the custom field's value (a number with a dot or a comma, a date as yyyy-MM-dd, a list choice by its id); null when it does not fit.</summary>
    private static CustomValue? CustomValue(CustomField field, string text)
    {
        switch (field.Type)
        {
            case CustomFieldType.List:
                return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var option)
                    && field.Options.Any(o => o.Id == option) ? new CustomValue { Options = [option] } : null;
            case CustomFieldType.Number:
                return CustomValueText.Parse(field.Type, text.Replace(" ", "", StringComparison.Ordinal).Replace(',', '.')) is { Number: { } n } number
                    && Math.Abs(n) <= CustomFieldRules.MaxNumber && decimal.Round(n, 4) == n ? number : null;
            case CustomFieldType.Url:
                return Validator.NormalizeWebsite(text) is { } url && WebFormRules.HttpUrl(url, LeadRules.WebsiteMaxLength) is not null ? new CustomValue { Text = url } : null;
            default:
                return CustomValueText.Parse(field.Type, text);
        }
    }

    /// <summary>A database too busy to answer now: SQLite's lock timeouts, PostgreSQL's transient failures.</summary>
    internal static bool IsBusy(Exception e) => e switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
        NpgsqlException npgsql => npgsql.IsTransient || npgsql is PostgresException { SqlState: "40001" or "40P01" or "55P03" },
        TimeoutException => true,
        _ => e.InnerException is { } inner && IsBusy(inner),
    };

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];

    private sealed record Visit(IReadOnlyDictionary<WebFormFieldKind, string> Values, IReadOnlyDictionary<string, CustomValue> Custom, string? ConsentText, string Description);
}
