namespace CrmBlazor.Core.WebForms;

/// <summary>The form builder's use cases: list with counts, read, add, edit, and each form's submission log.</summary>
public sealed class WebFormService(IDbContextFactory<CrmDbContext> contextFactory, ILiveUpdates live)
{
    public async Task<Result<IReadOnlyList<WebFormRow>>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageWebForms(actor))
        {
            return Result<IReadOnlyList<WebFormRow>>.Forbidden();
        }
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var forms = await db.WebForms.AsNoTracking().OrderBy(f => f.Name).Select(f => new { f.Id, f.Name, f.Slug, f.IsActive }).ToListAsync(ct);
        var counts = await db.WebFormSubmissions.AsNoTracking()
            .GroupBy(s => new { s.WebFormId, s.Outcome })
            .Select(g => new { g.Key.WebFormId, g.Key.Outcome, Count = g.Count(), Last = g.Max(s => s.At) })
            .ToListAsync(ct);
        var deals = await db.WebFormSubmissions.AsNoTracking().Where(s => s.DealId != null)
            .GroupBy(s => s.WebFormId).Select(g => new { WebFormId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.WebFormId, g => g.Count, ct);
        return Result<IReadOnlyList<WebFormRow>>.Ok(forms.Select(f =>
        {
            var mine = counts.Where(c => c.WebFormId == f.Id).ToList();
            return new WebFormRow(f.Id, f.Name, f.Slug, f.IsActive, mine.Sum(c => c.Count),
                mine.Where(c => c.Outcome == WebFormOutcome.NewLead).Sum(c => c.Count),
                mine.Where(c => c.Outcome is WebFormOutcome.AddedToLead or WebFormOutcome.AddedToContact or WebFormOutcome.AddedToCompany).Sum(c => c.Count),
                mine.Where(c => c.Outcome == WebFormOutcome.Spam).Sum(c => c.Count),
                deals.GetValueOrDefault(f.Id),
                mine.Count == 0 ? null : DateTime.SpecifyKind(mine.Max(c => c.Last), DateTimeKind.Utc));
        }).ToList());
    }

    public async Task<Result<WebFormDetails>> GetAsync(int formId, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageWebForms(actor))
        {
            return Result<WebFormDetails>.Forbidden();
        }
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var form = await db.WebForms.AsNoTracking().Include(f => f.Fields).Include(f => f.Responsibles).FirstOrDefaultAsync(f => f.Id == formId, ct);
        return form is null ? Result<WebFormDetails>.NotFound() : Result<WebFormDetails>.Ok(ToDetails(form));
    }

    /// <summary>The form as a visitor would see it (active or not): the builder's preview.</summary>
    public async Task<PublicWebForm?> PreviewAsync(int formId, string language, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageWebForms(actor))
        {
            return null;
        }
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var form = await db.WebForms.AsNoTracking().Include(f => f.Fields).ThenInclude(f => f.CustomField!).ThenInclude(c => c.Options)
            .FirstOrDefaultAsync(f => f.Id == formId, ct);
        return form is null ? null : WebFormSubmissionService.ToPublic(form, language);
    }

    public async Task<Result<WebFormDetails>> CreateAsync(WebFormInput input, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageWebForms(actor))
        {
            return Result<WebFormDetails>.Forbidden();
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var errors = await ValidateAsync(db, input, null, ct);
        if (errors.Count > 0)
        {
            return Result<WebFormDetails>.Invalid(errors);
        }
        var form = new WebForm { Name = "", Slug = "" };
        Apply(form, input);
        db.WebForms.Add(form);
        if (!await SaveAsync(db, ct))
        {
            return Result<WebFormDetails>.Invalid([new FieldError(nameof(WebFormInput.Slug), "WebForm.SlugTaken")]);
        }
        return await GetAsync(form.Id, actor, ct);
    }

    public async Task<Result<WebFormDetails>> UpdateAsync(int formId, int expectedVersion, WebFormInput input, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageWebForms(actor))
        {
            return Result<WebFormDetails>.Forbidden();
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var form = await db.WebForms.Include(f => f.Fields).Include(f => f.Responsibles).FirstOrDefaultAsync(f => f.Id == formId, ct);
        if (form is null)
        {
            return Result<WebFormDetails>.NotFound();
        }
        if (form.Version != expectedVersion)
        {
            return Result<WebFormDetails>.Conflict(ToDetails(form), "Error.EditConflict");
        }
        var errors = await ValidateAsync(db, input, formId, ct);
        if (errors.Count > 0)
        {
            return Result<WebFormDetails>.Invalid(errors);
        }
        var sameUsers = form.Responsibles.OrderBy(r => r.Sort).Select(r => r.UserId).SequenceEqual(input.ResponsibleUserIds);
        Apply(form, input);
        if (!sameUsers)
        {
            form.RoundRobinNext = 0;
        }
        // The form row changes with every edit (its version guards the whole form), even when only fields did.
        db.Entry(form).Property(f => f.UpdatedAt).IsModified = true;
        if (!await SaveAsync(db, ct))
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(ct);
            var current = await fresh.WebForms.AsNoTracking().Include(f => f.Fields).Include(f => f.Responsibles).FirstOrDefaultAsync(f => f.Id == formId, ct);
            return current is null ? Result<WebFormDetails>.NotFound() : Result<WebFormDetails>.Conflict(ToDetails(current), "Error.EditConflict");
        }
        return await GetAsync(formId, actor, ct);
    }

    /// <summary>The newest submissions of a form, for its log.</summary>
    public async Task<Result<Page<WebFormSubmissionRow>>> SubmissionsAsync(int formId, int skip, int take, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageWebForms(actor))
        {
            return Result<Page<WebFormSubmissionRow>>.Forbidden();
        }
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var all = db.WebFormSubmissions.AsNoTracking().Where(s => s.WebFormId == formId);
        var total = await all.CountAsync(ct);
        var rows = await all.OrderByDescending(s => s.At).ThenByDescending(s => s.Id).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 200)).ToListAsync(ct);
        var titles = await ElementDirectory.TitlesAsync(db, rows.Where(r => r.ElementKind is not null && r.ElementId is not null)
            .Select(r => new ElementRef(r.ElementKind!.Value, r.ElementId!.Value))
            .Concat(rows.Where(r => r.DealId is not null).Select(r => ElementRef.Deal(r.DealId!.Value))), ct);
        return Result<Page<WebFormSubmissionRow>>.Ok(new Page<WebFormSubmissionRow>(rows.Select(s => new WebFormSubmissionRow(
            s.Id, DateTime.SpecifyKind(s.At, DateTimeKind.Utc), s.Outcome, s.Source, s.ElementKind, s.ElementId,
            s.ElementKind is { } kind && s.ElementId is { } id ? titles.GetValueOrDefault(new ElementRef(kind, id)) : null,
            s.DealId, s.DealId is { } dealId ? titles.GetValueOrDefault(ElementRef.Deal(dealId)) : null,
            s.PageUrl, s.Referrer, s.ConsentText, s.ConsentAt is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null)).ToList(), total));
    }

    /// <summary>Saves a settings change; false when another user saved the form first or took its slug meanwhile.</summary>
    private async Task<bool> SaveAsync(CrmDbContext db, CancellationToken ct)
    {
        try
        {
            return await live.SaveAndPublishAsync(db, () => Task.FromResult<IReadOnlyList<CrmEvent>>([]), ct);
        }
        catch (DbUpdateException)
        {
            // The unique index on the slug: someone added the same slug between the check and the save.
            return false;
        }
    }

    private static async Task<List<FieldError>> ValidateAsync(CrmDbContext db, WebFormInput input, int? formId, CancellationToken ct)
    {
        var v = new Validator()
            .Required(nameof(WebFormInput.Name), input.Name).MaxLength(nameof(WebFormInput.Name), input.Name, WebFormRules.NameMaxLength)
            .MaxLength(nameof(WebFormInput.ConsentTextEn), input.ConsentTextEn, WebFormRules.TextMaxLength)
            .MaxLength(nameof(WebFormInput.ConsentTextPl), input.ConsentTextPl, WebFormRules.TextMaxLength)
            .MaxLength(nameof(WebFormInput.ThankYouEn), input.ThankYouEn, WebFormRules.TextMaxLength)
            .MaxLength(nameof(WebFormInput.ThankYouPl), input.ThankYouPl, WebFormRules.TextMaxLength)
            .MaxLength(nameof(WebFormInput.AllowedOrigins), input.AllowedOrigins, WebFormRules.OriginsMaxLength);
        var slug = input.Slug?.Trim() ?? "";
        if (slug.Length == 0)
        {
            v.Add(nameof(WebFormInput.Slug), "Validation.Required");
        }
        else if (slug.Length > WebFormRules.SlugMaxLength)
        {
            v.Add(nameof(WebFormInput.Slug), "Validation.MaxLength", WebFormRules.SlugMaxLength);
        }
        else if (!WebFormRules.IsSlug(slug))
        {
            v.Add(nameof(WebFormInput.Slug), "WebForm.SlugFormat");
        }
        else if (await db.WebForms.AnyAsync(f => f.Slug == slug && f.Id != (formId ?? 0), ct))
        {
            v.Add(nameof(WebFormInput.Slug), "WebForm.SlugTaken");
        }
        foreach (var (name, text) in new[]
        {
            (nameof(WebFormInput.Name), input.Name), (nameof(WebFormInput.ConsentTextEn), input.ConsentTextEn), (nameof(WebFormInput.ConsentTextPl), input.ConsentTextPl),
            (nameof(WebFormInput.ThankYouEn), input.ThankYouEn), (nameof(WebFormInput.ThankYouPl), input.ThankYouPl),
        })
        {
            if (text is not null && WebFormRules.LooksLikeMarkup(text))
            {
                v.Add(name, "WebForm.NoMarkup");
            }
        }
        if (string.IsNullOrWhiteSpace(input.ConsentTextEn) != string.IsNullOrWhiteSpace(input.ConsentTextPl))
        {
            v.Add(string.IsNullOrWhiteSpace(input.ConsentTextEn) ? nameof(WebFormInput.ConsentTextEn) : nameof(WebFormInput.ConsentTextPl), "WebForm.BothLanguages");
        }
        if (!string.IsNullOrWhiteSpace(input.PrivacyPolicyUrl) && WebFormRules.HttpUrl(input.PrivacyPolicyUrl, WebFormRules.UrlMaxLength) is null)
        {
            v.Add(nameof(WebFormInput.PrivacyPolicyUrl), "WebForm.Url");
        }
        if (!string.IsNullOrWhiteSpace(input.RedirectUrl) && WebFormRules.HttpUrl(input.RedirectUrl, WebFormRules.UrlMaxLength) is null)
        {
            v.Add(nameof(WebFormInput.RedirectUrl), "WebForm.Url");
        }
        foreach (var origin in (input.AllowedOrigins ?? "").Split(['\n', '\r', ' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (WebFormRules.Origin(origin) is null)
            {
                v.Add(nameof(WebFormInput.AllowedOrigins), "WebForm.Origin", origin);
                break;
            }
        }
        if (!WebFormRules.IsColor(input.WidgetColor))
        {
            v.Add(nameof(WebFormInput.WidgetColor), "WebForm.Color");
        }
        if (!Enum.IsDefined(input.WidgetPosition))
        {
            v.Add(nameof(WebFormInput.WidgetPosition), "Validation.Required");
        }
        if (!Enum.IsDefined(input.DuplicateMode))
        {
            v.Add(nameof(WebFormInput.DuplicateMode), "Validation.Required");
        }
        if (input.DealPipelineId is { } pipelineId)
        {
            if (!await db.Pipelines.AnyAsync(p => p.Id == pipelineId, ct))
            {
                v.Add(nameof(WebFormInput.DealPipelineId), "Validation.NoLongerExists");
            }
            else if (input.DealStageId is not { } stageId)
            {
                v.Add(nameof(WebFormInput.DealStageId), "Validation.Required");
            }
            else if (!await db.Stages.AnyAsync(s => s.Id == stageId && s.PipelineId == pipelineId && s.Kind == StageKind.Open, ct))
            {
                v.Add(nameof(WebFormInput.DealStageId), "WebForm.DealStage");
            }
        }

        if (input.Fields.Count(f => !f.Hidden) == 0)
        {
            v.Add(nameof(WebFormInput.Fields), "WebForm.NoFields");
        }
        else if (input.Fields.Count > WebFormRules.MaxFields)
        {
            v.Add(nameof(WebFormInput.Fields), "Validation.TooMany", WebFormRules.MaxFields);
        }
        else if (!input.Fields.Any(f => !f.Hidden && f.Kind is WebFormFieldKind.Email or WebFormFieldKind.Phone))
        {
            v.Add(nameof(WebFormInput.Fields), "WebForm.NeedsReachField");
        }
        var customIds = input.Fields.Where(f => f.Kind == WebFormFieldKind.Custom && f.CustomFieldId is not null).Select(f => f.CustomFieldId!.Value).ToList();
        var customFields = customIds.Count == 0 ? new Dictionary<int, CustomField>() : await db.CustomFields.AsNoTracking()
            .Where(c => customIds.Contains(c.Id) && c.EntityKind == ElementKind.Lead).ToDictionaryAsync(c => c.Id, ct);
        for (var i = 0; i < input.Fields.Count; i++)
        {
            var field = input.Fields[i];
            var prefix = $"Fields[{i}]";
            if (!Enum.IsDefined(field.Kind))
            {
                v.Add($"{prefix}.Kind", "Validation.Required");
            }
            else if (field.Kind == WebFormFieldKind.Custom)
            {
                if (field.CustomFieldId is not { } customId || customFields.GetValueOrDefault(customId) is not { } custom)
                {
                    v.Add($"{prefix}.CustomFieldId", field.CustomFieldId is null ? "Validation.Required" : "Validation.NoLongerExists");
                }
                else if (!WebFormRules.IsPublicType(custom.Type) || (custom.Type == CustomFieldType.List && custom.IsMultiple))
                {
                    v.Add($"{prefix}.CustomFieldId", "WebForm.CustomType");
                }
                else if (input.Fields.Take(i).Any(f => f.Kind == WebFormFieldKind.Custom && f.CustomFieldId == customId))
                {
                    v.Add($"{prefix}.CustomFieldId", "WebForm.FieldTwice");
                }
                else if (field.Hidden && custom.Type == CustomFieldType.List)
                {
                    v.Add($"{prefix}.Hidden", "WebForm.CustomType");
                }
                else if (field.Hidden && field.HiddenValue is { } fixedValue && CustomValueText.Parse(custom.Type, fixedValue) is null)
                {
                    v.Add($"{prefix}.HiddenValue", "WebForm.CustomValue");
                }
            }
            else if (input.Fields.Take(i).Any(f => f.Kind == field.Kind))
            {
                v.Add($"{prefix}.Kind", "WebForm.FieldTwice");
            }
            v.Required($"{prefix}.LabelEn", field.LabelEn).MaxLength($"{prefix}.LabelEn", field.LabelEn, WebFormRules.LabelMaxLength)
                .Required($"{prefix}.LabelPl", field.LabelPl).MaxLength($"{prefix}.LabelPl", field.LabelPl, WebFormRules.LabelMaxLength)
                .MaxLength($"{prefix}.PlaceholderEn", field.PlaceholderEn, WebFormRules.PlaceholderMaxLength)
                .MaxLength($"{prefix}.PlaceholderPl", field.PlaceholderPl, WebFormRules.PlaceholderMaxLength);
            foreach (var (name, text) in new[] { ("LabelEn", field.LabelEn), ("LabelPl", field.LabelPl), ("PlaceholderEn", field.PlaceholderEn), ("PlaceholderPl", field.PlaceholderPl), ("HiddenValue", field.HiddenValue) })
            {
                if (text is not null && WebFormRules.LooksLikeMarkup(text))
                {
                    v.Add($"{prefix}.{name}", "WebForm.NoMarkup");
                }
            }
            if (field.Hidden)
            {
                v.Required($"{prefix}.HiddenValue", field.HiddenValue)
                    .MaxLength($"{prefix}.HiddenValue", field.HiddenValue, Math.Min(WebFormRules.HiddenValueMaxLength,
                        field.Kind == WebFormFieldKind.Custom && field.CustomFieldId is { } id && customFields.GetValueOrDefault(id) is { } custom
                            ? WebFormRules.MaxLength(custom.Type) : WebFormRules.MaxLength(field.Kind)));
            }
        }

        var users = input.ResponsibleUserIds.Where(u => !string.IsNullOrEmpty(u)).ToList();
        if (users.Count == 0)
        {
            v.Add(nameof(WebFormInput.ResponsibleUserIds), "WebForm.NeedsResponsible");
        }
        else if (users.Count > WebFormRules.MaxResponsibles)
        {
            v.Add(nameof(WebFormInput.ResponsibleUserIds), "Validation.TooMany", WebFormRules.MaxResponsibles);
        }
        else if (users.Distinct().Count() != users.Count || await db.Users.CountAsync(u => users.Contains(u.Id), ct) != users.Count)
        {
            v.Add(nameof(WebFormInput.ResponsibleUserIds), "Validation.NoLongerExists");
        }
        return [.. v.Errors];
    }

    private static void Apply(WebForm form, WebFormInput input)
    {
        form.Name = input.Name.Trim();
        form.Slug = input.Slug.Trim();
        form.IsActive = input.IsActive;
        form.ConsentTextEn = Validator.Clean(input.ConsentTextEn);
        form.ConsentTextPl = Validator.Clean(input.ConsentTextPl);
        form.PrivacyPolicyUrl = Validator.Clean(input.PrivacyPolicyUrl);
        form.ThankYouEn = Validator.Clean(input.ThankYouEn);
        form.ThankYouPl = Validator.Clean(input.ThankYouPl);
        form.RedirectUrl = Validator.Clean(input.RedirectUrl);
        form.DuplicateMode = input.DuplicateMode;
        form.DealPipelineId = input.DealPipelineId;
        form.DealStageId = input.DealPipelineId is null ? null : input.DealStageId;
        form.AllowedOrigins = string.Join('\n', (input.AllowedOrigins ?? "").Split(['\n', '\r', ' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => WebFormRules.Origin(o)!).Distinct());
        form.WidgetColor = input.WidgetColor;
        form.WidgetPosition = input.WidgetPosition;
        form.Fields.Clear();
        form.Fields.AddRange(input.Fields.Select((f, i) => new WebFormField
        {
            Sort = i,
            Kind = f.Kind,
            LabelEn = f.LabelEn.Trim(),
            LabelPl = f.LabelPl.Trim(),
            PlaceholderEn = Validator.Clean(f.PlaceholderEn),
            PlaceholderPl = Validator.Clean(f.PlaceholderPl),
            Required = f.Required && !f.Hidden,
            Hidden = f.Hidden,
            HiddenValue = f.Hidden ? Validator.Clean(f.HiddenValue) : null,
            CustomFieldId = f.Kind == WebFormFieldKind.Custom ? f.CustomFieldId : null,
        }));
        form.Responsibles.Clear();
        form.Responsibles.AddRange(input.ResponsibleUserIds.Where(u => !string.IsNullOrEmpty(u)).Select((u, i) => new WebFormResponsible { UserId = u, Sort = i }));
    }

    private static WebFormDetails ToDetails(WebForm form) => new(form.Id, form.Version, new WebFormInput
    {
        Name = form.Name,
        Slug = form.Slug,
        IsActive = form.IsActive,
        Fields = form.Fields.OrderBy(f => f.Sort).Select(f => new WebFormFieldInput(f.Kind, f.LabelEn, f.LabelPl, f.PlaceholderEn, f.PlaceholderPl, f.Required, f.Hidden, f.HiddenValue, f.CustomFieldId)).ToList(),
        ConsentTextEn = form.ConsentTextEn,
        ConsentTextPl = form.ConsentTextPl,
        PrivacyPolicyUrl = form.PrivacyPolicyUrl,
        ThankYouEn = form.ThankYouEn,
        ThankYouPl = form.ThankYouPl,
        RedirectUrl = form.RedirectUrl,
        ResponsibleUserIds = form.Responsibles.OrderBy(r => r.Sort).Select(r => r.UserId).ToList(),
        DuplicateMode = form.DuplicateMode,
        DealPipelineId = form.DealPipelineId,
        DealStageId = form.DealStageId,
        AllowedOrigins = form.AllowedOrigins,
        WidgetColor = form.WidgetColor,
        WidgetPosition = form.WidgetPosition,
    });
}
