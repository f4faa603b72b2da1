using System.Globalization;
using System.Text.Json;

namespace CrmBlazor.Core.Import;

/// <summary>
/// Deal import: the same run as a lead import (file, mapping, background batches, failures, events, undo, presets),
/// with rows that become a <see cref="DealInput"/> in the stage the user chose, checked by <see cref="DealService"/>'s
/// own rules. A row links its deal to a contact by the contact's id, e-mail or full name, and to a company by its id or
/// name; a link that finds nothing (or, by name, two contacts) fails the row. Rows with a deal id update that deal (its
/// stage stays). Each batch's deals go to the top of the stage in the file's order, ranked at once. Decision 015.
/// </summary>
public sealed partial class LeadImportService
{
    /// <summary>The contacts and companies the rows of one batch link to, looked up in one query per kind of link.</summary>
    internal sealed record DealLinks(
        Dictionary<string, int> CompaniesByName,
        HashSet<int> CompanyIds,
        Dictionary<string, List<int>> ContactsByName,
        Dictionary<string, int> ContactsByEmail,
        HashSet<int> ContactIds);

    /// <summary>The first <paramref name="take"/> deal rows as they would be saved, each with its problems (the deal's own rules included).</summary>
    public async Task<IReadOnlyList<DealImportRow>> PreviewDealsAsync(ImportFile file, LeadImportSettings settings, Actor actor, int take = 20, CancellationToken ct = default)
    {
        var users = await UsersAsync(ct);
        var custom = await CustomFieldsAsync(ElementKind.Deal, ct);
        var baseCurrency = await BaseCurrencyAsync(ct);
        var rows = file.ReadRows().Take(take).ToList();
        var links = await DealLinksAsync(settings, rows, ct);
        var parsed = rows.Select(row => ToDealRow(row, settings, users, actor, links, custom, baseCurrency)).ToList();
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var result = new List<DealImportRow>(parsed.Count);
        foreach (var row in parsed)
        {
            // A row that names an existing deal is checked against it at the run (its empty cells keep the deal's values).
            var checkedAsNew = row.IsValid && (row.ExistingId is null || settings.Rule == DuplicateRule.CreateAnyway);
            result.Add(checkedAsNew ? row with { Problems = DealProblems((await deals.ValidateAsync(db, row.Input!, ct)).Errors) } : row);
        }
        return result;
    }

    /// <summary>The stage a deal run puts its new deals in: it must exist and be open; its pipeline, for the run's events.</summary>
    private async Task<(List<FieldError> Errors, int? PipelineId)> DealStageAsync(int? stageId, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var stage = stageId is { } id ? await db.Stages.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) : null;
        return stage switch
        {
            null => ([new FieldError(nameof(LeadImportSettings.StageId), "Validation.Required")], null),
            { Kind: not StageKind.Open } => ([new FieldError(nameof(LeadImportSettings.StageId), "Import.Stage.NotOpen", stage.Name)], stage.PipelineId),
            _ => ([], stage.PipelineId),
        };
    }

    /// <summary>
    /// Text compared case-insensitively with a column lowered by the database: SQLite's <c>lower()</c> folds ASCII
    /// letters only, PostgreSQL's every letter.
    /// </summary>
    private static string Lowered(CrmDbContext db, string text) =>
        db.Database.IsSqlite() ? string.Create(text.Length, text, (span, t) => { for (var i = 0; i < t.Length; i++) { span[i] = t[i] is >= 'A' and <= 'Z' ? (char)(t[i] + 32) : t[i]; } }) : text.ToLowerInvariant();

    /// <summary>The contacts and companies a batch of rows names, by id, e-mail or name: one query per kind of link the mapping has.</summary>
    internal async Task<DealLinks> DealLinksAsync(LeadImportSettings settings, IReadOnlyList<ImportRow> rows, CancellationToken ct)
    {
        var mapping = settings.Mapping;
        List<string> Cells(LeadImportField field) => mapping.ColumnOf(field) is { } column
            ? rows.Select(r => r.Cells.ElementAtOrDefault(column)?.Trim()).Where(c => !string.IsNullOrEmpty(c)).Select(c => c!).Distinct().ToList()
            : [];
        static List<int> Ids(List<string> cells) => cells.Select(c => int.TryParse(c, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).Distinct().ToList();

        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var links = new DealLinks([], [], [], [], []);
        if (Cells(LeadImportField.CompanyName) is { Count: > 0 } companyNames)
        {
            var lowered = companyNames.Select(n => Lowered(db, n)).Distinct().ToList();
            foreach (var company in await db.Companies.AsNoTracking().Where(c => lowered.Contains(c.Name.ToLower())).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            {
                var key = company.Name.ToLowerInvariant();
                links.CompaniesByName[key] = links.CompaniesByName.TryGetValue(key, out var other) ? Math.Min(other, company.Id) : company.Id;
            }
        }
        if (Ids(Cells(LeadImportField.CompanyId)) is { Count: > 0 } companyIds)
        {
            links.CompanyIds.UnionWith(await db.Companies.AsNoTracking().Where(c => companyIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct));
        }
        if (Cells(LeadImportField.FullName) is { Count: > 0 } contactNames)
        {
            var lowered = contactNames.Select(n => Lowered(db, n)).Distinct().ToList();
            var found = await db.Contacts.AsNoTracking()
                .Where(c => lowered.Contains((c.FirstName + " " + (c.LastName ?? "")).Trim().ToLower()))
                .Select(c => new { c.Id, c.FirstName, c.LastName }).ToListAsync(ct);
            foreach (var contact in found)
            {
                var key = string.Join(' ', new[] { contact.FirstName, contact.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim())).ToLowerInvariant();
                (links.ContactsByName.TryGetValue(key, out var ids) ? ids : links.ContactsByName[key] = []).Add(contact.Id);
            }
        }
        if (Cells(LeadImportField.Email) is { Count: > 0 } emails)
        {
            var lowered = emails.Select(e => e.ToLowerInvariant()).ToList();
            foreach (var found in await db.Set<ContactEmail>().Where(e => lowered.Contains(e.Address)).Join(db.Contacts, e => e.ContactId, c => c.Id, (e, c) => new { e.Address, c.Id }).ToListAsync(ct))
            {
                links.ContactsByEmail[found.Address] = links.ContactsByEmail.TryGetValue(found.Address, out var other) ? Math.Min(other, found.Id) : found.Id;
            }
        }
        if (Ids(Cells(LeadImportField.ContactId)) is { Count: > 0 } contactIds)
        {
            links.ContactIds.UnionWith(await db.Contacts.AsNoTracking().Where(c => contactIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct));
        }
        return links;
    }

    /// <summary>
    /// A file row as the deal it becomes, with the row's own problems: an amount that is not a number, an unknown user,
    /// a contact or company the row names that does not exist (or, by name, is two contacts), a bad id. The deal's own
    /// rules (<see cref="DealService"/>) are checked at the run, where the batch has its database.
    /// </summary>
    private DealImportRow ToDealRow(ImportRow row, LeadImportSettings settings, List<ImportUser> users, Actor actor, DealLinks links, CustomFieldSet custom, string baseCurrency)
    {
        if (row.ErrorKey is not null)
        {
            return new DealImportRow(row.Number, row.Cells, null, null, [new FieldError("Row", row.ErrorKey, row.ErrorArgs ?? [])], null, null);
        }
        var mapping = settings.Mapping;
        string? Cell(LeadImportField field) => mapping.ColumnOf(field) is { } i && i < row.Cells.Count && !string.IsNullOrWhiteSpace(row.Cells[i]) ? row.Cells[i].Trim() : null;
        var problems = new List<FieldError>();
        int? IdCell(LeadImportField field)
        {
            if (Cell(field) is not { } text)
            {
                return null;
            }
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                return id;
            }
            problems.Add(new FieldError(field.ToString(), "Import.Row.NotAnId", text));
            return null;
        }

        var responsible = settings.ResponsibleUserId ?? actor.UserId;
        if (Cell(LeadImportField.Responsible) is { } who)
        {
            var user = users.FirstOrDefault(u => string.Equals(u.Email, who, StringComparison.OrdinalIgnoreCase))
                ?? users.FirstOrDefault(u => string.Equals(u.DisplayName, who, StringComparison.CurrentCultureIgnoreCase));
            if (user is null)
            {
                problems.Add(new FieldError(nameof(LeadImportField.Responsible), "Import.Row.UnknownUser", who));
            }
            else
            {
                responsible = user.Id;
            }
        }
        decimal? amount = null;
        if (Cell(LeadImportField.ExpectedAmount) is { } text)
        {
            if (ParseAmount(text) is { } parsed)
            {
                amount = parsed;
            }
            else
            {
                problems.Add(new FieldError(nameof(LeadImportField.ExpectedAmount), "Import.Row.BadAmount", text));
            }
        }

        // The company: by id, else by name.
        int? companyId = null;
        var companyName = Cell(LeadImportField.CompanyName);
        if (IdCell(LeadImportField.CompanyId) is { } byCompanyId)
        {
            if (links.CompanyIds.Contains(byCompanyId))
            {
                companyId = byCompanyId;
            }
            else
            {
                problems.Add(new FieldError(nameof(LeadImportField.CompanyId), "Import.Row.UnknownCompany", byCompanyId));
            }
        }
        else if (companyName is not null)
        {
            if (links.CompaniesByName.TryGetValue(companyName.ToLowerInvariant(), out var found))
            {
                companyId = found;
            }
            else
            {
                problems.Add(new FieldError(nameof(LeadImportField.CompanyName), "Import.Row.UnknownCompany", companyName));
            }
        }

        // The contact: by id, else by e-mail, else by full name (one contact of that name, not two).
        int? contactId = null;
        var contactName = Cell(LeadImportField.FullName);
        var email = Cell(LeadImportField.Email);
        if (IdCell(LeadImportField.ContactId) is { } byContactId)
        {
            if (links.ContactIds.Contains(byContactId))
            {
                contactId = byContactId;
            }
            else
            {
                problems.Add(new FieldError(nameof(LeadImportField.ContactId), "Import.Row.UnknownContact", byContactId));
            }
        }
        else if (email is not null)
        {
            if (links.ContactsByEmail.TryGetValue(email.ToLowerInvariant(), out var found))
            {
                contactId = found;
            }
            else
            {
                problems.Add(new FieldError(nameof(LeadImportField.Email), "Import.Row.UnknownContact", email));
            }
        }
        else if (contactName is not null)
        {
            var key = string.Join(' ', contactName.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
            switch (links.ContactsByName.GetValueOrDefault(key))
            {
                case [var only]:
                    contactId = only;
                    break;
                case { Count: > 1 } several:
                    problems.Add(new FieldError(nameof(LeadImportField.FullName), "Import.Row.AmbiguousContact", contactName, several.Count));
                    break;
                default:
                    problems.Add(new FieldError(nameof(LeadImportField.FullName), "Import.Row.UnknownContact", contactName));
                    break;
            }
        }
        var id = IdCell(LeadImportField.Id);
        var input = new DealInput
        {
            Title = Cell(LeadImportField.Title) ?? "",
            Amount = amount ?? 0,
            Currency = Cell(LeadImportField.Currency)?.ToUpperInvariant() ?? baseCurrency,
            StageId = settings.StageId ?? 0,
            CompanyId = companyId,
            ContactId = contactId,
            ResponsibleUserId = responsible,
            Custom = CustomCells(row, settings, custom, baseCurrency, problems),
        };
        return new DealImportRow(row.Number, row.Cells, input, id, problems, contactName ?? email, companyName);
    }

    /// <summary>The deal form's errors as the columns they came from.</summary>
    private static List<FieldError> DealProblems(IEnumerable<FieldError> errors) => [.. errors.Select(e => e with
    {
        Field = e.Field switch
        {
            nameof(DealInput.Amount) => nameof(LeadImportField.ExpectedAmount),
            nameof(DealInput.CompanyId) => nameof(LeadImportField.CompanyName),
            nameof(DealInput.ContactId) => nameof(LeadImportField.FullName),
            nameof(DealInput.ResponsibleUserId) => nameof(LeadImportField.Responsible),
            nameof(DealInput.StageId) => nameof(LeadImportSettings.StageId),
            _ => e.Field,
        },
    })];

    /// <summary>
    /// One batch of deals: existing ones (by id) loaded in one query, each row checked by the deal's rules, the new deals
    /// ranked at the top of the stage at once; creates, updates, skips and failures in one transaction.
    /// </summary>
    private async Task SaveDealBatchAsync(int runId, string fileName, List<DealImportRow> rows, LeadImportSettings settings, Actor actor)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, CancellationToken.None);
        var run = await db.ImportRuns.SingleAsync(r => r.Id == runId);
        var now = clock.GetUtcNow().UtcDateTime;
        var byId = settings.Rule != DuplicateRule.CreateAnyway && settings.MatchOn == DuplicateKey.Id;
        var ids = byId ? rows.Where(r => r.IsValid).Select(r => r.ExistingId).OfType<int>().Distinct().ToList() : [];
        var tracked = ids.Count == 0 ? [] : await db.Deals.Include(d => d.CustomValues).Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id);
        var withLines = ids.Count == 0 ? [] : (await db.DealProductLines.Where(l => ids.Contains(l.DealId)).Select(l => l.DealId).Distinct().ToListAsync()).ToHashSet();
        var stage = await db.Stages.AsNoTracking().SingleAsync(s => s.Id == settings.StageId);
        var fields = await CustomFieldSet.LoadAsync(db, ElementKind.Deal, CancellationToken.None);
        var toCreate = new List<DealImportRow>();
        var updated = new List<(Deal Deal, string Before)>();
        var failures = new List<(DealImportRow Row, IReadOnlyList<FieldError> Errors)>();
        run.RowsRead += rows.Count;
        foreach (var row in rows)
        {
            if (!row.IsValid)
            {
                failures.Add((row, row.Problems));
                continue;
            }
            if (byId && row.ExistingId is { } id)
            {
                if (!tracked.TryGetValue(id, out var deal))
                {
                    failures.Add((row, [new FieldError(nameof(LeadImportField.Id), "Import.Row.UnknownId", id)]));
                    continue;
                }
                if (settings.Rule == DuplicateRule.Skip || updated.Any(u => u.Deal.Id == id))
                {
                    run.Skipped++;
                    continue;
                }
                if (!AccessPolicy.MayImportRow(actor, AccessEntity.Deal, deal.ResponsibleUserId, creates: false))
                {
                    failures.Add((row, [new FieldError("Row", "Import.Row.Forbidden", deal.Title)]));
                    continue;
                }
                if (deal.ClosedAt is not null)
                {
                    failures.Add((row, [new FieldError("Row", "Import.Row.Closed", deal.Title)]));
                    continue;
                }
                var held = fields.Read(deal.CustomValues);
                var before = new DealInput
                {
                    Title = deal.Title,
                    Amount = deal.Amount,
                    Currency = deal.Currency,
                    StageId = deal.StageId,
                    CompanyId = deal.CompanyId,
                    ContactId = deal.ContactId,
                    ResponsibleUserId = deal.ResponsibleUserId,
                    // The custom values the file fills, as they were (an empty one where there was none), for undo.
                    Custom = row.Input!.Custom.Keys.ToDictionary(c => c, c => held.GetValueOrDefault(c) ?? CustomValue.Empty),
                };
                var merged = MergeDeal(before, row.Input!, settings.Mapping, amountFollowsLines: withLines.Contains(id));
                var errors = DealProblems((await deals.ValidateAsync(db, merged, CancellationToken.None, isNew: false)).Errors);
                if (errors.Count > 0)
                {
                    failures.Add((row, errors));
                    continue;
                }
                deal.Title = merged.Title.Trim();
                deal.Amount = merged.Amount;
                deal.Currency = merged.Currency;
                deal.CompanyId = merged.CompanyId;
                deal.ContactId = merged.ContactId;
                deal.ResponsibleUserId = merged.ResponsibleUserId;
                fields.Apply(deal.CustomValues, row.Input!.Custom, isNew: false);
                updated.Add((deal, JsonSerializer.Serialize(before, Json)));
                continue;
            }
            var invalid = DealProblems((await deals.ValidateAsync(db, row.Input!, CancellationToken.None)).Errors);
            if (invalid.Count > 0)
            {
                failures.Add((row, invalid));
                continue;
            }
            // The user the new deal gets, as DealService.AddNew gives it.
            if (!AccessPolicy.MayImportRow(actor, AccessEntity.Deal, string.IsNullOrEmpty(row.Input!.ResponsibleUserId) ? actor.UserId : row.Input.ResponsibleUserId, creates: true))
            {
                failures.Add((row, [new FieldError("Row", "Import.Row.AddForbidden")]));
                continue;
            }
            toCreate.Add(row);
        }
        // The batch at the top of the stage, in the file's order, above the column's top card.
        var top = toCreate.Count == 0 ? null : await db.Deals.Where(d => d.StageId == stage.Id).OrderBy(d => d.Rank).Select(d => d.Rank).FirstOrDefaultAsync();
        var ranks = Rank.Below(top, toCreate.Count);
        var created = toCreate.Select((row, i) => DealService.AddNew(db, row.Input!, stage, ranks[i], fields, actor, now)).ToList();
        run.Created += created.Count;
        run.Updated += updated.Count;
        run.Failed += failures.Count;
        run.Batches++;
        foreach (var (row, errors) in failures)
        {
            db.ImportRunFailures.Add(new ImportRunFailure
            {
                RunId = runId,
                RowNumber = row.Number,
                CellsJson = JsonSerializer.Serialize(row.Cells),
                ErrorsJson = JsonSerializer.Serialize(errors.Select(e => new StoredError(e.Field, e.MessageKey, e.Args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "").ToArray()))),
            });
        }
        foreach (var (deal, _) in updated)
        {
            TimelineLog.Add(db, ElementRef.Deal(deal.Id), TimelineKind.Imported, actor.UserId, now, fileName, nameof(ImportRun), runId).Field = nameof(ImportRecordAction.Updated);
        }
        await live.SaveAndPublishAsync(db, () => Task.FromResult<IReadOnlyList<CrmEvent>>([Progress(run, actor, created.Count + updated.Count)]), CancellationToken.None, afterKeys: () =>
        {
            foreach (var deal in created)
            {
                db.ImportRunRecords.Add(new ImportRunRecord { RunId = runId, ElementKind = ElementKind.Deal, ElementId = deal.Id, Action = ImportRecordAction.Created, VersionAfter = deal.Version });
                TimelineLog.Add(db, ElementRef.Deal(deal.Id), TimelineKind.Imported, actor.UserId, now, fileName, nameof(ImportRun), runId).Field = nameof(ImportRecordAction.Created);
            }
            foreach (var (deal, before) in updated)
            {
                db.ImportRunRecords.Add(new ImportRunRecord { RunId = runId, ElementKind = ElementKind.Deal, ElementId = deal.Id, Action = ImportRecordAction.Updated, VersionAfter = deal.Version, BeforeJson = before });
            }
        });
    }

    /// <summary>An existing deal with the file's values over it: each mapped field the row fills replaces; a deal with product lines keeps their total.</summary>
    private static DealInput MergeDeal(DealInput existing, DealInput imported, LeadImportMapping mapping, bool amountFollowsLines)
    {
        bool Mapped(params LeadImportField[] fields) => fields.Any(f => mapping.ColumnOf(f) is not null);
        var amountGiven = Mapped(LeadImportField.ExpectedAmount) && !amountFollowsLines;
        return existing with
        {
            Title = string.IsNullOrWhiteSpace(imported.Title) ? existing.Title : imported.Title,
            Amount = amountGiven && imported.Amount != 0 ? imported.Amount : existing.Amount,
            Currency = Mapped(LeadImportField.Currency) && !amountFollowsLines ? imported.Currency : existing.Currency,
            CompanyId = imported.CompanyId ?? existing.CompanyId,
            ContactId = imported.ContactId ?? existing.ContactId,
            ResponsibleUserId = Mapped(LeadImportField.Responsible) ? imported.ResponsibleUserId ?? existing.ResponsibleUserId : existing.ResponsibleUserId,
            Custom = imported.Custom,
        };
    }

    /// <summary>
    /// Takes a deal run back in one transaction: deletes the deals it created (their stage history goes by cascade, their
    /// timelines here),
    /// restores the ones it updated. Refuses (listing them, changing nothing) when any was changed, moved or closed
    /// since, or a created one got activities or product lines.
    /// </summary>
    private async Task<Result<ImportUndoOutcome>> UndoDealsAsync(CrmDbContext db, ImportRun run, Actor actor, CancellationToken ct)
    {
        var records = await db.ImportRunRecords.Where(r => r.RunId == run.Id && r.ElementKind == ElementKind.Deal).ToListAsync(ct);
        var found = new Dictionary<int, Deal>();
        var inUse = new HashSet<int>();
        foreach (var chunk in records.Select(r => r.ElementId).Chunk(1000))
        {
            foreach (var deal in await db.Deals.Include(d => d.CustomValues).Where(d => chunk.Contains(d.Id)).ToListAsync(ct))
            {
                found[deal.Id] = deal;
            }
            inUse.UnionWith(await db.Activities.Where(a => a.ElementKind == ElementKind.Deal && chunk.Contains(a.ElementId)).Select(a => a.ElementId).ToListAsync(ct));
            inUse.UnionWith(await db.DealProductLines.Where(l => chunk.Contains(l.DealId)).Select(l => l.DealId).ToListAsync(ct));
        }
        var changed = records
            .Where(r => found.TryGetValue(r.ElementId, out var deal) && (deal.Version != r.VersionAfter || (r.Action == ImportRecordAction.Created && inUse.Contains(deal.Id))))
            .Select(r => new Lookup(r.ElementId, found[r.ElementId].Title)).ToList();
        if (changed.Count > 0)
        {
            return Result<ImportUndoOutcome>.Conflict(new ImportUndoOutcome(0, 0, changed), "Import.ChangedSince", changed.Count);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        int removed = 0, restored = 0;
        CustomFieldSet? fields = null;
        foreach (var record in records)
        {
            if (!found.TryGetValue(record.ElementId, out var deal))
            {
                continue; // deleted since: nothing to take back
            }
            if (record.Action == ImportRecordAction.Created)
            {
                db.Deals.Remove(deal);
                removed++;
            }
            else if (record.BeforeJson is { } json && JsonSerializer.Deserialize<DealInput>(json, Json) is { } before)
            {
                deal.Title = before.Title;
                deal.Amount = before.Amount;
                deal.Currency = before.Currency;
                deal.CompanyId = before.CompanyId;
                deal.ContactId = before.ContactId;
                deal.ResponsibleUserId = before.ResponsibleUserId;
                if (before.Custom.Count > 0)
                {
                    (fields ??= await CustomFieldSet.LoadAsync(db, ElementKind.Deal, ct)).Apply(deal.CustomValues, before.Custom, isNew: false);
                }
                TimelineLog.Add(db, ElementRef.Deal(deal.Id), TimelineKind.Imported, actor.UserId, now, run.FileName, nameof(ImportRun), run.Id).Field = "Undone";
                restored++;
            }
        }
        var createdIds = records.Where(r => r.Action == ImportRecordAction.Created).Select(r => r.ElementId).ToList();
        foreach (var chunk in createdIds.Chunk(1000))
        {
            db.TimelineEntries.RemoveRange(await db.TimelineEntries.Where(e => e.ElementKind == ElementKind.Deal && chunk.Contains(e.ElementId)).ToListAsync(ct));
        }
        run.State = ImportRunState.Undone;
        run.UndoneAt = now;
        if (!await live.SaveAndPublishAsync(db, () => Progress(run, actor, removed + restored), ct))
        {
            return Result<ImportUndoOutcome>.Conflict(null, "Import.ChangedSince", 0);
        }
        return Result<ImportUndoOutcome>.Ok(new ImportUndoOutcome(removed, restored, []));
    }
}
