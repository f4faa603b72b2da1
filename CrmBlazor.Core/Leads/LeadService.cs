using Microsoft.Extensions.Options;

namespace CrmBlazor.Core.Leads;

/// <summary>
/// Lead editing: list, add and edit. Each change is one transaction, then one published event. Possible duplicates
/// are <see cref="DuplicateFinder"/>'s; "Complete lead" is <see cref="LeadConversionService"/>'s.
/// </summary>
public sealed class LeadService(
    IDbContextFactory<CrmDbContext> contextFactory,
    ILiveUpdates live,
    TimeProvider clock,
    IOptions<CrmOptions> options)
{
    private string Region => options.Value.DefaultPhoneRegion;

    public Task<Page<LeadRow>> ListAsync(LeadQuery query, CancellationToken ct = default) => ListAsync(query, actor: null, ct);

    /// <summary>The leads <paramref name="actor"/>'s role reads (filtered in SQL; null: all).</summary>
    public async Task<Page<LeadRow>> ListAsync(LeadQuery query, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var leads = Filtered(db, query, actor);
        var total = await leads.CountAsync(ct);
        var items = await LeadProjections.Rows(db, Sorted(db, leads, query).Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 200))).ToListAsync(ct);
        return new Page<LeadRow>(await WithListedFieldsAsync(db, items, query.Columns, ct), total);
    }

    /// <summary>
    /// The API's list: the leads of <paramref name="query"/>'s filters (<see cref="LeadQuery.Skip"/> and
    /// <see cref="LeadQuery.Take"/> aside) as <paramref name="actor"/>'s role reads them (in SQL), ordered by
    /// <see cref="LeadQuery.SortBy"/> and then the id, one keyset page (<see cref="Keyset"/>): stable under ties and
    /// while leads are added. A key a lead may lack (company, e-mail, phone, responsible) sorts as empty text. The page's
    /// ids are found first, then their rows (with the custom-field columns asked for) are read, as the party lists do.
    /// </summary>
    /// <exception cref="KeysetCursorException">The cursor is not one of this sort and direction.</exception>
    public async Task<KeysetPage<LeadRow>> ListAsync(LeadQuery query, KeysetRequest page, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var leads = Filtered(db, query, actor);
        var (name, descending) = (query.SortBy.ToString(), query.Descending);
        var ids = query.SortBy switch
        {
            LeadSort.Title => await Keyset.PageAsync(leads, name, descending, l => l.Title, l => l.Id, l => l.Id, page, ct),
            // Statuses and sources in Settings' order (decision 030), not their kinds'.
            LeadSort.Status => await Keyset.PageAsync(leads, name, descending,
                l => db.LeadOptions.Where(o => o.Id == l.StatusId).Select(o => o.Sort).FirstOrDefault(), l => l.Id, l => l.Id, page, ct),
            LeadSort.Source => await Keyset.PageAsync(leads, name, descending,
                l => db.LeadOptions.Where(o => o.Id == l.SourceId).Select(o => o.Sort).FirstOrDefault(), l => l.Id, l => l.Id, page, ct),
            LeadSort.Person => await Keyset.PageAsync(leads, name, descending, l => ((l.FirstName ?? "") + " " + (l.LastName ?? "")).Trim(), l => l.Id, l => l.Id, page, ct),
            LeadSort.Company => await Keyset.PageAsync(leads, name, descending, l => l.CompanyName ?? "", l => l.Id, l => l.Id, page, ct),
            LeadSort.Email => await Keyset.PageAsync(leads, name, descending, l => l.Emails.OrderBy(e => e.Id).Select(e => e.Address).FirstOrDefault() ?? "",
                l => l.Id, l => l.Id, page, ct),
            LeadSort.Phone => await Keyset.PageAsync(leads, name, descending, l => l.Phones.OrderBy(p => p.Id).Select(p => p.Number).FirstOrDefault() ?? "",
                l => l.Id, l => l.Id, page, ct),
            LeadSort.Responsible => await Keyset.PageAsync(leads, name, descending,
                l => db.Users.Where(u => u.Id == l.ResponsibleUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "", l => l.Id, l => l.Id, page, ct),
            _ => await Keyset.PageAsync(leads, name, descending, l => l.CreatedAt, l => l.Id, l => l.Id, page, ct),
        };
        var wanted = ids.Items.ToList();
        var rows = (await LeadProjections.Rows(db, db.Leads.AsNoTracking().Where(l => wanted.Contains(l.Id))).ToListAsync(ct)).ToDictionary(r => r.Id);
        var items = await WithListedFieldsAsync(db, [.. wanted.Where(rows.ContainsKey).Select(id => rows[id])], query.Columns, ct);
        return new KeysetPage<LeadRow>(items, ids.NextCursor, ids.Total);
    }

    /// <summary>
    /// The same page as <see cref="ListAsync(LeadQuery, Actor?, CancellationToken)"/>, read in one snapshot together with
    /// the live sequence it contains, so that the list applies later events to it (<see cref="LeadListWindow"/>).
    /// </summary>
    public async Task<LeadListWindow> ListLiveAsync(LeadQuery query, Actor actor, CancellationToken ct = default)
    {
        using var activity = CrmMetrics.Source.StartActivity("LeadList.Read");
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        // The snapshot and the last event it holds, without holding writers back.
        await using var snapshot = await LiveSnapshot.BeginAsync(db, ct);
        var sequence = snapshot.Sequence;
        var leads = Filtered(db, query, actor);
        var total = await leads.CountAsync(ct);
        var items = await LeadProjections.Rows(db, Sorted(db, leads, query).Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 200))).ToListAsync(ct);
        return new LeadListWindow(query, await WithListedFieldsAsync(db, items, query.Columns, ct), total, sequence);
    }

    /// <summary>
    /// The rows of <paramref name="leadIds"/> that the list of <paramref name="query"/> (its filters and
    /// <paramref name="actor"/>'s scope; its order and paging aside) shows, with its custom-field columns: one query by
    /// key, for a live list that applies changes instead of reading its page again. A lead the list does not show is missing.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, LeadRow>> RowsAsync(LeadQuery query, IReadOnlyCollection<int> leadIds, Actor actor, CancellationToken ct = default)
    {
        if (leadIds.Count == 0)
        {
            return new Dictionary<int, LeadRow>();
        }
        using var activity = CrmMetrics.Source.StartActivity("LeadList.Rows");
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var ids = leadIds.Distinct().ToList();
        var rows = await LeadProjections.Rows(db, Filtered(db, query, actor).Where(l => ids.Contains(l.Id))).ToListAsync(ct);
        return (await WithListedFieldsAsync(db, rows, query.Columns, ct)).ToDictionary(r => r.Id);
    }

    /// <summary>The rows with the values of the list's custom-field columns (<see cref="LeadQuery.Columns"/>; one query for the page).</summary>
    private async Task<IReadOnlyList<LeadRow>> WithListedFieldsAsync(CrmDbContext db, List<LeadRow> rows, IReadOnlyList<string>? columns, CancellationToken ct)
    {
        var values = await (await CustomFieldSet.LoadAsync(db, ElementKind.Lead, ct)).ColumnValuesAsync(db, [.. rows.Select(r => r.Id)], columns, ct, CrmTime.FindZone(options.Value.TimeZone));
        return values.Count == 0 ? rows : [.. rows.Select(r => values.TryGetValue(r.Id, out var custom) ? r with { Custom = custom } : r)];
    }

    /// <summary>
    /// Every lead of <paramref name="query"/> (its filters and order, no paging) in the list's rows, read as they are
    /// written out: the export. The same query as <see cref="ListAsync(LeadQuery, Actor?, CancellationToken)"/>, so whatever the list filters, the export does.
    /// </summary>
    /// <remarks>
    /// The leads are read in one pass without the list's per-row subqueries (first e-mail, first phone, responsible
    /// user's name); each batch of <see cref="ExportBatch"/> rows gets its e-mails and phones from one keyed query on a
    /// second context (Npgsql allows one open reader per connection), and the names come from the users read once.
    /// </remarks>
    public async IAsyncEnumerable<LeadRow> StreamAsync(LeadQuery query, Actor actor, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        await using var lookups = await contextFactory.CreateDbContextAsync(actor, ct);
        var names = await lookups.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => (string?)u.DisplayName, ct);
        // What the list shows, narrowed to what the role may export (decision 011).
        var exportable = AccessPolicy.Within(Filtered(db, query, actor), actor, AccessPolicy.ScopeOf(actor, AccessEntity.Lead, AccessAction.Export));
        var rows = Sorted(db, exportable, query).Select(l => new LeadRow(
            l.Id, l.Title, ((l.FirstName ?? "") + " " + (l.LastName ?? "")).Trim(), l.CompanyName, null, null,
            l.Source, l.Status, l.ResponsibleUserId, null, l.ExpectedAmount, l.Currency, l.CreatedAt, l.Version) { StatusId = l.StatusId, SourceId = l.SourceId });
        var batch = new List<LeadRow>(ExportBatch);
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            batch.Add(row);
            if (batch.Count == ExportBatch)
            {
                foreach (var complete in await CompleteAsync(lookups, batch, names, ct))
                {
                    yield return complete;
                }
                batch.Clear();
            }
        }
        foreach (var complete in await CompleteAsync(lookups, batch, names, ct))
        {
            yield return complete;
        }
    }

    /// <summary>Rows of an export read together: their e-mails and phones are one query each.</summary>
    internal const int ExportBatch = 2_000;

    /// <summary>The rows with their first e-mail and phone (the lowest key, as the list's projection) and their responsible user's name.</summary>
    private static async Task<List<LeadRow>> CompleteAsync(CrmDbContext db, List<LeadRow> rows, Dictionary<string, string?> names, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        // One JSON array parameter (json_each on SQLite, an array on PostgreSQL), not EF's default of a parameter per
        // id: with 2,000 ids that took SQLite longer to prepare than to run (0.9 s of a 100,000-lead export, not 0.2).
        var ids = rows.Select(r => r.Id).ToList();
        var emails = (await db.Set<LeadEmail>().AsNoTracking().Where(e => EF.Parameter(ids).Contains(e.LeadId)).Select(e => new { e.LeadId, e.Id, e.Address }).ToListAsync(ct))
            .GroupBy(e => e.LeadId).ToDictionary(g => g.Key, g => g.MinBy(e => e.Id)!.Address);
        var phones = (await db.Set<LeadPhone>().AsNoTracking().Where(p => EF.Parameter(ids).Contains(p.LeadId)).Select(p => new { p.LeadId, p.Id, p.Number }).ToListAsync(ct))
            .GroupBy(p => p.LeadId).ToDictionary(g => g.Key, g => g.MinBy(p => p.Id)!.Number);
        return [.. rows.Select(r => r with
        {
            Email = emails.GetValueOrDefault(r.Id),
            Phone = phones.GetValueOrDefault(r.Id),
            ResponsibleName = r.ResponsibleUserId is { } user ? names.GetValueOrDefault(user) : null,
        })];
    }

    /// <summary>The leads a list query finds (search and filters) among those <paramref name="actor"/>'s role reads (null: all), unordered.</summary>
    private IQueryable<Lead> Filtered(CrmDbContext db, LeadQuery query, Actor? actor)
    {
        var leads = actor is null ? db.Leads.AsNoTracking() : AccessPolicy.Readable(db.Leads.AsNoTracking(), actor, AccessEntity.Lead);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim();
            if (PhoneNumberFormat.Normalize(text, Region) is { } phone && !text.Any(char.IsLetter))
            {
                // A phone number: an index seek on the normalized numbers, not a scan of every lead.
                var byPhone = db.Set<LeadPhone>().Where(p => p.Number == phone).Select(p => p.LeadId);
                leads = leads.Where(l => byPhone.Contains(l.Id));
            }
            else if (SearchText.Terms(text) is { Count: > 0 } terms)
            {
                // Words through the search index (decision 019), as the top bar finds them: every word, folded
                // ("zajac" finds "Zając"), anywhere in the lead's title, names, company, website, comment or e-mails;
                // an FTS5 trigram match on SQLite, pg_trgm on PostgreSQL, not a LIKE over every lead.
                var found = SearchService.MatchingIds(db, terms, SearchKind.Lead);
                leads = leads.Where(l => found.Contains(l.Id));
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
        if (query.StatusId is { } statusId)
        {
            leads = leads.Where(l => l.StatusId == statusId);
        }
        if (query.SourceId is { } sourceId)
        {
            leads = leads.Where(l => l.SourceId == sourceId);
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
        foreach (var filter in query.Custom)
        {
            var matching = CustomFieldFilters.Matching(db.Set<LeadFieldValue>(), filter).Select(v => v.LeadId);
            leads = filter.Excludes ? leads.Where(l => !matching.Contains(l.Id)) : leads.Where(l => matching.Contains(l.Id));
        }
        return leads;
    }

    private static IQueryable<Lead> Sorted(CrmDbContext db, IQueryable<Lead> leads, LeadQuery query) =>
        (query.SortBy, query.Descending) switch
        {
            (LeadSort.Title, false) => leads.OrderBy(l => l.Title).ThenBy(l => l.Id),
            (LeadSort.Title, true) => leads.OrderByDescending(l => l.Title).ThenByDescending(l => l.Id),
            // Statuses and sources in Settings' order (decision 030), not their kinds'.
            (LeadSort.Status, false) => leads.OrderBy(l => db.LeadOptions.Where(o => o.Id == l.StatusId).Select(o => o.Sort).FirstOrDefault()).ThenByDescending(l => l.CreatedAt),
            (LeadSort.Status, true) => leads.OrderByDescending(l => db.LeadOptions.Where(o => o.Id == l.StatusId).Select(o => o.Sort).FirstOrDefault()).ThenByDescending(l => l.CreatedAt),
            (LeadSort.Source, false) => leads.OrderBy(l => db.LeadOptions.Where(o => o.Id == l.SourceId).Select(o => o.Sort).FirstOrDefault()).ThenByDescending(l => l.CreatedAt),
            (LeadSort.Source, true) => leads.OrderByDescending(l => db.LeadOptions.Where(o => o.Id == l.SourceId).Select(o => o.Sort).FirstOrDefault()).ThenByDescending(l => l.CreatedAt),
            (LeadSort.Person, var d) => ByText(leads, l => ((l.FirstName ?? "") + " " + (l.LastName ?? "")).Trim(), d),
            (LeadSort.Company, var d) => ByText(leads, l => l.CompanyName, d),
            (LeadSort.Email, var d) => ByText(leads, l => l.Emails.OrderBy(e => e.Id).Select(e => e.Address).FirstOrDefault(), d),
            (LeadSort.Phone, var d) => ByText(leads, l => l.Phones.OrderBy(p => p.Id).Select(p => p.Number).FirstOrDefault(), d),
            (LeadSort.Responsible, var d) => ByText(leads, l => db.Users.Where(u => u.Id == l.ResponsibleUserId).Select(u => u.DisplayName).FirstOrDefault(), d),
            (_, false) => leads.OrderBy(l => l.CreatedAt).ThenBy(l => l.Id),
            _ => leads.OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id),
        };

    /// <summary>Case-insensitive by a text column, blanks last either way (alike on both providers), then by id.</summary>
    private static IQueryable<Lead> ByText(IQueryable<Lead> leads, System.Linq.Expressions.Expression<Func<Lead, string?>> key, bool descending)
    {
        var blank = System.Linq.Expressions.Expression.Lambda<Func<Lead, bool>>(
            System.Linq.Expressions.Expression.Equal(key.Body, System.Linq.Expressions.Expression.Constant(null, typeof(string))), key.Parameters);
        var lower = System.Linq.Expressions.Expression.Lambda<Func<Lead, string?>>(
            System.Linq.Expressions.Expression.Call(key.Body, typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!), key.Parameters);
        var ordered = leads.OrderBy(blank);
        ordered = descending ? ordered.ThenByDescending(lower) : ordered.ThenBy(lower);
        return descending ? ordered.ThenByDescending(l => l.Id) : ordered.ThenBy(l => l.Id);
    }

    public async Task<LeadDetails?> GetAsync(int leadId, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var lead = await db.Leads.AsNoTracking().Include(l => l.Phones).Include(l => l.Emails).Include(l => l.CustomValues).AsSplitQuery()
            .FirstOrDefaultAsync(l => l.Id == leadId, ct);
        if (lead is null)
        {
            return null;
        }
        var fields = await CustomFieldSet.LoadAsync(db, ElementKind.Lead, ct);
        var closedBy = lead.ClosedById is null ? null : await db.Users.Where(u => u.Id == lead.ClosedById).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        return new LeadDetails(lead.Id, lead.Version, LeadProjections.ToInput(lead) with { Custom = fields.Read(lead.CustomValues) }, lead.CreatedAt, lead.UpdatedAt,
            lead.ConvertedContactId, lead.ConvertedCompanyId, lead.ConvertedDealId, lead.JunkReason, lead.JunkComment, lead.ClosedAt, closedBy)
        {
            JunkReasonId = lead.JunkReasonId,
            Origin = lead.WebFormName is null ? null
                : new LeadOrigin(lead.WebFormName, lead.PageUrl, lead.Referrer, lead.UtmSource, lead.UtmMedium, lead.UtmCampaign, lead.UtmTerm, lead.UtmContent),
        };
    }

    public async Task<Result<LeadDetails>> CreateAsync(LeadInput input, Actor actor, CancellationToken ct = default)
    {
        // The role's add scope must reach the user the new lead gets (the actor when none is chosen).
        if (AccessPolicy.WhyMayNotAdd(actor, AccessEntity.Lead, string.IsNullOrEmpty(input.ResponsibleUserId) ? actor.UserId : input.ResponsibleUserId) is { } refused)
        {
            return Result<LeadDetails>.Forbidden(refused);
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        CustomFieldSet fields;
        List<FieldError> errors;
        using (CrmMetrics.Source.StartActivity("LeadCreate.Validate"))
        {
            fields = await CustomFieldSet.LoadAsync(db, ElementKind.Lead, ct);
            var currencies = await CurrencyService.CodesAsync(db, options.Value.Currencies, isNew: true, ct);
            errors = await ValidateAsync(db, input, currencies, ct);
            db.LeadOptionsRead = await LeadOptionSet.LoadAsync(db, ct);
            errors.AddRange(ValidateOptions(db.LeadOptionsRead, input, current: null));
            errors.AddRange(await fields.ValidateAsync(db, input.Custom, isNew: true, currencies, ct));
        }
        if (errors.Count > 0)
        {
            return Result<LeadDetails>.Invalid(errors);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var lead = new Lead { Title = "" };
        Apply(lead, input, actor, now);
        fields.Apply(lead.CustomValues, input.Custom, isNew: true);
        db.Leads.Add(lead);
        TimelineLog.Created(db, lead, ElementKind.Lead, actor.UserId, now);
        await live.SaveAndPublishAsync(db, async () => [await LeadProjections.ChangedAsync(LeadChangeKind.Created, lead, db, actor, now, ct)], ct);
        using (CrmMetrics.Source.StartActivity("LeadCreate.Answer"))
        {
            return Result<LeadDetails>.Ok((await GetAsync(lead.Id, ct))!);
        }
    }

    /// <summary>
    /// Creates several leads in one transaction (the e-mail reader's new senders of a batch), each by the rules of
    /// <see cref="CreateAsync"/>, with the same "created" entries and events. Returns each input's new id, or its errors.
    /// </summary>
    internal async Task<IReadOnlyList<(int? Id, IReadOnlyList<FieldError> Errors)>> CreateManyAsync(IReadOnlyList<LeadInput> inputs, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var fields = await CustomFieldSet.LoadAsync(db, ElementKind.Lead, ct);
        var users = inputs.Select(i => i.ResponsibleUserId).OfType<string>().Distinct().ToList();
        var existing = (await db.Users.Where(u => users.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;
        var currencies = await CurrencyService.CodesAsync(db, options.Value.Currencies, isNew: true, ct);
        var results = new List<(Lead? Lead, IReadOnlyList<FieldError> Errors)>();
        foreach (var input in inputs)
        {
            var errors = ValidateFields(input, currencies);
            if (!string.IsNullOrEmpty(input.ResponsibleUserId) && !existing.Contains(input.ResponsibleUserId))
            {
                errors.Add(new FieldError(nameof(LeadInput.ResponsibleUserId), "Validation.NoLongerExists"));
            }
            errors.AddRange(await fields.ValidateAsync(db, input.Custom, isNew: true, currencies, ct));
            if (errors.Count > 0)
            {
                results.Add((null, errors));
                continue;
            }
            var lead = new Lead { Title = "" };
            Apply(lead, input, actor, now);
            fields.Apply(lead.CustomValues, input.Custom, isNew: true);
            db.Leads.Add(lead);
            TimelineLog.Created(db, lead, ElementKind.Lead, actor.UserId, now);
            results.Add((lead, []));
        }
        var made = results.Select(r => r.Lead).OfType<Lead>().ToList();
        if (made.Count > 0)
        {
            await live.SaveAndPublishAsync(db, async () =>
            {
                var ids = made.Select(l => l.Id).ToList();
                var rows = await LeadProjections.Rows(db, db.Leads.AsNoTracking().Where(l => ids.Contains(l.Id))).ToDictionaryAsync(r => r.Id, ct);
                IReadOnlyList<CrmEvent> events = [.. made.Select(lead => new LeadChanged
                {
                    Kind = LeadChangeKind.Created, LeadId = lead.Id, Version = lead.Version, Row = rows[lead.Id],
                    ActorId = actor.UserId, ActorName = actor.DisplayName, OccurredAt = now,
                })];
                return events;
            }, ct);
        }
        return [.. results.Select(r => (r.Lead?.Id, r.Errors))];
    }

    public async Task<Result<LeadDetails>> UpdateAsync(int leadId, int expectedVersion, LeadInput input, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var lead = await db.Leads.Include(l => l.Phones).Include(l => l.Emails).Include(l => l.CustomValues).AsSplitQuery()
            .FirstOrDefaultAsync(l => l.Id == leadId, ct);
        if (lead is null)
        {
            return Result<LeadDetails>.NotFound("Lead.NotFound");
        }
        if (!AccessPolicy.May(actor, AccessEntity.Lead, AccessAction.Edit, lead.ResponsibleUserId))
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
        input = KindChangedAlone(input, lead);
        var fields = await CustomFieldSet.LoadAsync(db, ElementKind.Lead, ct);
        var currencies = await CurrencyService.CodesAsync(db, options.Value.Currencies, isNew: false, ct);
        var errors = await ValidateAsync(db, input, currencies, ct);
        var leadOptions = db.LeadOptionsRead = await LeadOptionSet.LoadAsync(db, ct);
        errors.AddRange(ValidateOptions(leadOptions, input, lead));
        errors.AddRange(await fields.ValidateAsync(db, input.Custom, isNew: false, currencies, ct));
        if (errors.Count > 0)
        {
            return Result<LeadDetails>.Invalid(errors);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var before = new { lead.Title, lead.PersonName, lead.CompanyName, lead.Status, lead.Source, lead.StatusId, lead.SourceId, lead.ResponsibleUserId, Amount = FieldChange.Money(lead.ExpectedAmount, lead.Currency) };
        Apply(lead, input, actor, now);
        var names = await ElementDirectory.UserNamesAsync(db, [before.ResponsibleUserId, lead.ResponsibleUserId], ct);
        TimelineLog.Changes(db, ElementRef.Lead(lead.Id), actor.UserId, now,
            new FieldChange(nameof(Lead.Title), before.Title, lead.Title),
            new FieldChange("Name", before.PersonName, lead.PersonName),
            new FieldChange(nameof(Lead.CompanyName), before.CompanyName, lead.CompanyName),
            new FieldChange(nameof(Lead.Status), leadOptions.Find(before.StatusId)?.Name,
                leadOptions.Find(After(input.StatusId, before.StatusId, (int)before.Status, (int)LeadOptionRules.Normalize(lead.Status), LeadOptionList.Status))?.Name),
            new FieldChange(nameof(Lead.Source), leadOptions.Find(before.SourceId)?.Name,
                leadOptions.Find(After(input.SourceId, before.SourceId, (int)before.Source, (int)lead.Source, LeadOptionList.Source))?.Name),
            new FieldChange("Responsible", NameOf(before.ResponsibleUserId), NameOf(lead.ResponsibleUserId)),
            new FieldChange(nameof(Lead.ExpectedAmount), before.Amount, FieldChange.Money(lead.ExpectedAmount, lead.Currency)));
        TimelineLog.Changes(db, ElementRef.Lead(lead.Id), actor.UserId, now, fields.Apply(lead.CustomValues, input.Custom, isNew: false));
        if (db.Entry(lead).State == EntityState.Unchanged)
        {
            // Only custom values changed: the lead's version must still move, so others' forms notice.
            db.Entry(lead).State = EntityState.Modified;
        }
        string? NameOf(string? userId) => userId is null ? null : names.GetValueOrDefault(userId);
        // The option the lead has after the save: the chosen one, or for a kind set without one its default (as the context does; decision 030).
        int After(int? chosen, int beforeId, int beforeKind, int kindNow, LeadOptionList list) =>
            chosen ?? (kindNow == beforeKind ? beforeId : leadOptions.Default(list, kindNow)?.Id ?? beforeId);
        if (!await live.SaveAndPublishAsync(db, async () => [await LeadProjections.ChangedAsync(LeadChangeKind.Updated, lead, db, actor, now, ct, before.ResponsibleUserId)], ct))
        {
            return Result<LeadDetails>.Conflict(await GetAsync(leadId, ct), "Error.EditConflict");
        }
        return Result<LeadDetails>.Ok((await GetAsync(leadId, ct))!);
    }

    /// <summary>
    /// An input that kept the lead's status (source) option but changed its kind (a client that read the lead and set
    /// <c>status</c> only) means the kind: its option id is dropped, so the kind is checked as a kind and takes its
    /// default option. Otherwise a chosen option wins over the kind (decision 030).
    /// </summary>
    private static LeadInput KindChangedAlone(LeadInput input, Lead current) => input with
    {
        StatusId = input.StatusId == current.StatusId && input.Status != current.Status ? null : input.StatusId,
        SourceId = input.SourceId == current.SourceId && input.Source != current.Source ? null : input.SourceId,
    };

    /// <summary>
    /// A chosen status must be an open status of Settings that is active (or the lead's own), a chosen source an active
    /// source (or the lead's own): decision 030. Without an id the kind is used, checked by <see cref="ValidateFields"/>.
    /// </summary>
    private static List<FieldError> ValidateOptions(LeadOptionSet options, LeadInput input, Lead? current)
    {
        var errors = new List<FieldError>();
        if (input.StatusId is { } statusId)
        {
            if (options.Find(statusId) is not { List: LeadOptionList.Status } status || (!status.IsActive && status.Id != current?.StatusId))
            {
                errors.Add(new FieldError(nameof(LeadInput.Status), "Validation.NoLongerExists"));
            }
            else if (!LeadOptionRules.IsOpen(status.StatusKind))
            {
                errors.Add(new FieldError(nameof(LeadInput.Status), "Lead.UseComplete"));
            }
        }
        if (input.SourceId is { } sourceId
            && (options.Find(sourceId) is not { List: LeadOptionList.Source } source || (!source.IsActive && source.Id != current?.SourceId)))
        {
            errors.Add(new FieldError(nameof(LeadInput.Source), "Validation.NoLongerExists"));
        }
        return errors;
    }

    private async Task<List<FieldError>> ValidateAsync(CrmDbContext db, LeadInput input, IReadOnlyList<string> currencies, CancellationToken ct)
    {
        var errors = ValidateFields(input, currencies);
        if (!string.IsNullOrEmpty(input.ResponsibleUserId) && !await db.Users.AnyAsync(u => u.Id == input.ResponsibleUserId, ct))
        {
            errors.Add(new FieldError(nameof(LeadInput.ResponsibleUserId), "Validation.NoLongerExists"));
        }
        return errors;
    }

    /// <summary>A lead's rules that need no database (the import checks its responsible users by itself, once per file).</summary>
    internal List<FieldError> ValidateFields(LeadInput input, IReadOnlyList<string> currencies)
    {
        var v = new Validator()
            .Required(nameof(LeadInput.Title), input.Title).MaxLength(nameof(LeadInput.Title), input.Title, LeadRules.TitleMaxLength)
            .MaxLength(nameof(LeadInput.FirstName), input.FirstName, LeadRules.NameMaxLength)
            .MaxLength(nameof(LeadInput.LastName), input.LastName, LeadRules.NameMaxLength)
            .MaxLength(nameof(LeadInput.CompanyName), input.CompanyName, LeadRules.CompanyMaxLength)
            .Website(nameof(LeadInput.Website), input.Website, LeadRules.WebsiteMaxLength)
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
            if (!currencies.Contains(input.Currency ?? "", StringComparer.Ordinal))
            {
                v.Add(nameof(LeadInput.Currency), "Validation.Currency", string.Join(", ", currencies));
            }
        }
        if (input.SourceId is null && !Enum.IsDefined(input.Source))
        {
            v.Add(nameof(LeadInput.Source), "Validation.Required");
        }
        // A chosen status is checked against Settings' statuses (ValidateOptions).
        if (input.StatusId is null && !Enum.IsDefined(input.Status))
        {
            v.Add(nameof(LeadInput.Status), "Validation.Required");
        }
        else if (input.StatusId is null && input.Status is LeadStatus.Converted or LeadStatus.Junk)
        {
            v.Add(nameof(LeadInput.Status), "Lead.UseComplete");
        }
        return [.. v.Errors];
    }

    /// <summary>Writes <paramref name="input"/> into <paramref name="lead"/> (normalized), as a save does; the import uses it too.</summary>
    internal void Apply(Lead lead, LeadInput input, Actor actor, DateTime now)
    {
        lead.Title = input.Title.Trim();
        lead.FirstName = Validator.Clean(input.FirstName);
        lead.LastName = Validator.Clean(input.LastName);
        lead.CompanyName = Validator.Clean(input.CompanyName);
        lead.Website = Validator.NormalizeWebsite(input.Website);
        lead.Address = Validator.Clean(input.Address);
        // A chosen option sets its kind, a kind alone its default option: the context keeps them equal on save (decision 030).
        if (input.SourceId is { } sourceId)
        {
            lead.SourceId = sourceId;
        }
        else
        {
            lead.Source = input.Source;
        }
        if (input.StatusId is { } statusId)
        {
            lead.StatusId = statusId;
        }
        else
        {
            lead.Status = input.Status;
        }
        lead.ResponsibleUserId = string.IsNullOrEmpty(input.ResponsibleUserId) ? (lead.Id == 0 ? actor.UserId : null) : input.ResponsibleUserId;
        lead.ExpectedAmount = input.ExpectedAmount;
        lead.Currency = input.ExpectedAmount is null ? null : input.Currency;
        lead.Comment = Validator.Clean(input.Comment);
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
}
