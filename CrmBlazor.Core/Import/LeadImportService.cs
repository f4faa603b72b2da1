using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Core.Import;

/// <summary>Everything a lead import run needs besides the file: how to read it, the mapping, the duplicate rule, the responsible user.</summary>
public sealed record LeadImportSettings
{
    /// <summary>What the file's rows become: leads, contacts, companies or deals.</summary>
    public ElementKind Kind { get; init; } = ElementKind.Lead;
    public ImportReadOptions Read { get; init; } = new();
    public IReadOnlyList<LeadImportField?> Columns { get; init; } = [];
    /// <summary>Per column, the code of the custom field of <see cref="Kind"/> it fills (a column maps to a field of <see cref="Columns"/> or to one of these); empty for none.</summary>
    public IReadOnlyList<string?> CustomColumns { get; init; } = [];
    public DuplicateRule Rule { get; init; } = DuplicateRule.Skip;
    public DuplicateKey MatchOn { get; init; } = DuplicateKey.Email;
    /// <summary>The responsible user of rows whose responsible column is empty or not mapped; null: the importing user.</summary>
    public string? ResponsibleUserId { get; init; }
    /// <summary>Deals: the open stage new deals go into (at the top of its column, in the file's order).</summary>
    public int? StageId { get; init; }
    /// <summary>Deals: the pipeline of <see cref="StageId"/>, set when the run starts, so its boards hear each batch.</summary>
    public int? PipelineId { get; init; }

    public LeadImportMapping Mapping => new(Columns);
}

/// <summary>A run as its page and the history show it.</summary>
public sealed record ImportRunView(
    int Id, string FileName, ImportRunState State, int TotalRows, int RowsRead, int Created, int Updated, int Skipped, int Failed,
    int Batches, string? Error, DateTime CreatedAt, DateTime? FinishedAt, string CreatedById, string? CreatedByName)
{
    public bool IsActive => State is ImportRunState.Queued or ImportRunState.Running;
}

/// <summary>What undo did, or the records it refused to touch because someone changed them since (nothing is undone then).</summary>
public sealed record ImportUndoOutcome(int Removed, int Restored, IReadOnlyList<Lookup> ChangedSince);

/// <summary>
/// The runs waiting for the background worker, and a way to cancel a running one. In process: a run is picked up by the
/// server that accepted its file (the file is on that server's disk).
/// </summary>
public sealed class ImportQueue
{
    private readonly Channel<int> _runs = Channel.CreateUnbounded<int>();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, CancellationTokenSource> _cancels = new();

    public void Enqueue(int runId) => _runs.Writer.TryWrite(runId);

    public IAsyncEnumerable<int> ReadAllAsync(CancellationToken ct) => _runs.Reader.ReadAllAsync(ct);

    internal CancellationToken Register(int runId, CancellationToken stopping)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _cancels[runId] = source;
        return source.Token;
    }

    internal void Unregister(int runId)
    {
        if (_cancels.TryRemove(runId, out var source))
        {
            source.Dispose();
        }
    }

    /// <summary>Asks a running run to stop after its current batch; false when it is not running here.</summary>
    internal bool Cancel(int runId)
    {
        if (_cancels.TryGetValue(runId, out var source))
        {
            source.Cancel();
            return true;
        }
        return false;
    }
}

/// <summary>
/// Lead import: read and check a file, guess and validate the mapping, preview rows as they will be saved, run in the
/// background in batches (each batch one transaction through <see cref="LiveCommit"/>, one event), keep the failed
/// rows, and undo a run. Rows go through <see cref="LeadService"/>'s own rules. Decision 015.
/// </summary>
public sealed partial class LeadImportService(
    IDbContextFactory<CrmDbContext> contextFactory,
    ILiveUpdates live,
    TimeProvider clock,
    IOptions<CrmOptions> options,
    LeadService leads,
    ContactService contacts,
    CompanyService companies,
    DealService deals,
    ImportQueue queue,
    PlannerStatistics statistics,
    Team.AccessProfiles access)
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private ImportOptions Settings => options.Value.Import;
    private string Region => options.Value.DefaultPhoneRegion;

    public long MaxFileBytes => Settings.MaxFileBytes;

    /// <summary>Keeps an uploaded file where its run will find it; the caller copies the upload into the stream it gets.</summary>
    public string NewUploadPath(string fileName)
    {
        var directory = string.IsNullOrWhiteSpace(Settings.Directory) ? Path.Combine(Path.GetTempPath(), "crmblazor-imports") : Settings.Directory;
        Directory.CreateDirectory(directory);
        var extension = Path.GetExtension(fileName).ToLowerInvariant() is ".xlsx" ? ".xlsx" : ".csv";
        return Path.Combine(directory, Guid.NewGuid().ToString("N") + extension);
    }

    /// <summary>Opens and checks the file; throws <see cref="ImportFileException"/> with what is wrong with it.</summary>
    public ImportFile Open(string path, string fileName, ImportReadOptions? read = null) => ImportFile.Open(path, fileName, read, MaxFileBytes);

    /// <summary>The first <paramref name="take"/> rows as they would be saved, each with its problems (duplicates in the database not yet looked up).</summary>
    public async Task<IReadOnlyList<LeadImportRow>> PreviewAsync(ImportFile file, LeadImportSettings settings, Actor actor, int take = 20, CancellationToken ct = default)
    {
        var users = await UsersAsync(ct);
        var custom = await CustomFieldsAsync(ElementKind.Lead, ct);
        var currencies = await CurrencyCodesAsync(ct);
        var baseCurrency = await BaseCurrencyAsync(ct);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return file.ReadRows().Take(take).Select(row => ToRow(row, settings, users, actor, seen, custom, currencies, baseCurrency)).ToList();
    }

    /// <summary>Records the run and queues it; the mapping's own errors first.</summary>
    public async Task<Result<ImportRunView>> StartAsync(ImportFile file, string storedPath, LeadImportSettings settings, Actor actor, CancellationToken ct = default)
    {
        if (settings.Kind is not (ElementKind.Lead or ElementKind.Contact or ElementKind.Company or ElementKind.Deal))
        {
            return Result<ImportRunView>.Invalid([new FieldError(nameof(LeadImportSettings.Kind), "Import.Mapping.NotForKind", settings.Kind.ToString())]);
        }
        // The role's import scope of the kind must reach some record; each row is checked again (MayImportRow).
        if (!AccessPolicy.MayImport(actor, AccessPolicy.EntityOf(settings.Kind)))
        {
            return Result<ImportRunView>.Forbidden("Import.Forbidden");
        }
        var errors = settings.Mapping.Validate(file.Headers, settings.Kind).ToList();
        if (settings.Kind == ElementKind.Deal)
        {
            var (stageErrors, pipelineId) = await DealStageAsync(settings.StageId, ct);
            errors.AddRange(stageErrors);
            settings = settings with { PipelineId = pipelineId };
        }
        if (settings.Rule != DuplicateRule.CreateAnyway && !LeadImportMapping.KeysFor(settings.Kind).Contains(settings.MatchOn))
        {
            errors.Add(new FieldError(nameof(LeadImportSettings.MatchOn), "Import.Mapping.KeyNotForKind"));
        }
        if (settings.Columns.Count != file.Headers.Count || (settings.CustomColumns.Count > 0 && settings.CustomColumns.Count != file.Headers.Count))
        {
            errors.Add(new FieldError("Mapping", "Import.Mapping.Columns"));
        }
        if (settings.CustomColumns.Any(c => c is not null))
        {
            var fields = await CustomFieldsAsync(settings.Kind, ct);
            foreach (var code in settings.CustomColumns.OfType<string>().Distinct())
            {
                if (fields.Fields.FirstOrDefault(f => f.Code == code) is not { } field || !ImportCustomValues.CanImport(field))
                {
                    errors.Add(new FieldError(code, "Import.Mapping.CustomNotImportable", code));
                }
            }
            foreach (var twice in settings.CustomColumns.Select((c, i) => (c, i)).Where(p => p.c is not null).GroupBy(p => p.c).Where(g => g.Count() > 1))
            {
                errors.Add(new FieldError(twice.Key!, "Import.Mapping.Twice", string.Join(", ", twice.Select(p => file.Headers.ElementAtOrDefault(p.i) ?? $"#{p.i + 1}"))));
            }
            foreach (var both in settings.CustomColumns.Select((c, i) => (c, i)).Where(p => p.c is not null && settings.Columns.ElementAtOrDefault(p.i) is not null))
            {
                errors.Add(new FieldError(both.c!, "Import.Mapping.Twice", file.Headers.ElementAtOrDefault(both.i) ?? $"#{both.i + 1}"));
            }
        }
        if (settings.ResponsibleUserId is { } chosen && !(await UsersAsync(ct)).Any(u => u.Id == chosen))
        {
            errors.Add(new FieldError(nameof(LeadImportSettings.ResponsibleUserId), "Validation.NoLongerExists"));
        }
        if (errors.Count > 0)
        {
            return Result<ImportRunView>.Invalid(errors);
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var run = new ImportRun
        {
            Kind = settings.Kind,
            FileName = Path.GetFileName(file.FileName),
            StoredPath = storedPath,
            SettingsJson = JsonSerializer.Serialize(settings with { Read = new ImportReadOptions { Encoding = file.Encoding, Delimiter = file.Delimiter, Sheet = file.Sheet } }, Json),
            CreatedById = actor.UserId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            State = ImportRunState.Queued,
            TotalRows = file.RowCount,
        };
        db.ImportRuns.Add(run);
        await live.SaveAndPublishAsync(db, () => Progress(run, actor, 0), ct);
        queue.Enqueue(run.Id);
        return Result<ImportRunView>.Ok((await GetRunAsync(run.Id, ct))!);
    }

    /// <summary>Stops a running run after its current batch; the batches committed stay (and can be undone).</summary>
    public async Task<Result<ImportRunView>> CancelAsync(int runId, Actor actor, CancellationToken ct = default)
    {
        var run = await GetRunAsync(runId, ct);
        if (run is null)
        {
            return Result<ImportRunView>.NotFound("Import.NotFound");
        }
        if (!AccessPolicy.MayChangeImport(actor, run.CreatedById))
        {
            return Result<ImportRunView>.Forbidden();
        }
        if (!queue.Cancel(runId) && run.State == ImportRunState.Queued)
        {
            await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
            var entity = await db.ImportRuns.SingleAsync(r => r.Id == runId, ct);
            entity.State = ImportRunState.Cancelled;
            entity.FinishedAt = clock.GetUtcNow().UtcDateTime;
            await live.SaveAndPublishAsync(db, () => Progress(entity, actor, 0), ct);
        }
        return Result<ImportRunView>.Ok((await GetRunAsync(runId, ct))!);
    }

    public async Task<ImportRunView?> GetRunAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await Views(db, db.ImportRuns.Where(r => r.Id == runId)).FirstOrDefaultAsync(ct);
    }

    /// <summary>The latest runs of imports of <paramref name="kind"/>, newest first.</summary>
    public async Task<IReadOnlyList<ImportRunView>> ListRunsAsync(int take = 20, CancellationToken ct = default, ElementKind kind = ElementKind.Lead)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await Views(db, db.ImportRuns.Where(r => r.Kind == kind).OrderByDescending(r => r.Id).Take(take)).ToListAsync(ct);
    }

    private static IQueryable<ImportRunView> Views(CrmDbContext db, IQueryable<ImportRun> runs) =>
        runs.AsNoTracking().Select(r => new ImportRunView(r.Id, r.FileName, r.State, r.TotalRows, r.RowsRead, r.Created, r.Updated, r.Skipped, r.Failed,
            r.Batches, r.Error, r.CreatedAt, r.FinishedAt, r.CreatedById, db.Users.Where(u => u.Id == r.CreatedById).Select(u => u.DisplayName).FirstOrDefault()));

    /// <summary>The failed rows of a run: the header, then each row's original cells and its errors (as <paramref name="describe"/> words them).</summary>
    public async IAsyncEnumerable<IReadOnlyList<string>> FailedRowsAsync(int runId, Func<string, object[], string> describe,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var failures = db.ImportRunFailures.AsNoTracking().Where(f => f.RunId == runId).OrderBy(f => f.RowNumber);
        await foreach (var failure in failures.AsAsyncEnumerable().WithCancellation(ct))
        {
            var cells = JsonSerializer.Deserialize<List<string>>(failure.CellsJson) ?? [];
            var errors = JsonSerializer.Deserialize<List<StoredError>>(failure.ErrorsJson) ?? [];
            cells.Add(string.Join("; ", errors.Select(e => describe(e.Key, e.Args.Cast<object>().ToArray()))));
            yield return cells;
        }
    }

    /// <summary>The header of a run's file, for its failed-rows file (read from the settings and the first failure's width).</summary>
    public async Task<IReadOnlyList<string>?> FailedRowsHeaderAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var json = await db.ImportRuns.Where(r => r.Id == runId).Select(r => r.HeaderJson).FirstOrDefaultAsync(ct);
        return json is null ? null : JsonSerializer.Deserialize<List<string>>(json);
    }

    private sealed record StoredError(string Field, string Key, string[] Args);

    // ---- the run ------------------------------------------------------------------------------------------------

    /// <summary>
    /// Runs a queued run to its end in batches of <see cref="ImportOptions.BatchSize"/> rows. Each batch commits on its
    /// own (with its records, timeline entries, failures and the run's counts) and publishes one event: a large file
    /// neither holds one transaction open for minutes nor loses what it has done when it stops; the run lists every
    /// record it wrote, so undo can take the committed batches back.
    /// </summary>
    public async Task RunAsync(int runId, CancellationToken stopping)
    {
        var ct = queue.Register(runId, stopping);
        try
        {
            await RunBatchesAsync(runId, ct);
        }
        catch (Exception) when (!stopping.IsCancellationRequested)
        {
            // The batches committed stay (listed by the run, so undo can take them back); the run says it stopped.
            await FinishAsync(runId, Actor.Create("", "Import"), ImportRunState.Failed, "Import.Error.Unexpected");
            throw;
        }
        finally
        {
            queue.Unregister(runId);
        }
    }

    /// <summary>Runs a server stopped in the middle of (or before it started them) are marked failed: their committed batches stay, undoable.</summary>
    public async Task<int> FailInterruptedAsync(CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var runs = await db.ImportRuns.Where(r => r.State == ImportRunState.Queued || r.State == ImportRunState.Running).ToListAsync(ct);
        foreach (var run in runs)
        {
            run.State = ImportRunState.Failed;
            run.Error = "Import.Error.Interrupted";
            run.FinishedAt = clock.GetUtcNow().UtcDateTime;
        }
        await db.SaveChangesAsync(ct);
        return runs.Count;
    }

    private async Task RunBatchesAsync(int runId, CancellationToken ct)
    {
        Actor actor;
        LeadImportSettings settings;
        ImportFile file;
        string? path;
        await using (var db = await contextFactory.CreateDbContextAsync(CancellationToken.None))
        {
            var run = await db.ImportRuns.SingleAsync(r => r.Id == runId, CancellationToken.None);
            if (run.State != ImportRunState.Queued)
            {
                return;
            }
            var user = await db.Users.AsNoTracking().Where(u => u.Id == run.CreatedById).Select(u => new { u.Id, u.DisplayName }).SingleAsync(CancellationToken.None);
            var roles = await db.UserRoles.Where(ur => ur.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToListAsync(CancellationToken.None);
            // The rows are written with the starting user's role record as it is now (its scopes, decision 011); a
            // user deactivated meanwhile has no scope at all, so every row fails rather than being written.
            actor = await access.GetActorAsync(user.Id, CancellationToken.None)
                ?? Actor.Create(user.Id, user.DisplayName, [.. roles]) with { Access = new AccessProfile(0, "", new Dictionary<(AccessEntity, AccessAction), AccessScope>(), new HashSet<string>()) };
            settings = JsonSerializer.Deserialize<LeadImportSettings>(run.SettingsJson, Json)!;
            path = run.StoredPath;
            try
            {
                file = ImportFile.Open(path!, run.FileName, settings.Read, long.MaxValue);
            }
            catch (Exception e) when (e is ImportFileException or IOException)
            {
                await FinishAsync(runId, actor, ImportRunState.Failed, e is ImportFileException f ? f.Key : "Import.Error.FileGone");
                return;
            }
            run.State = ImportRunState.Running;
            run.TotalRows = file.RowCount;
            run.HeaderJson = JsonSerializer.Serialize(file.Headers);
            await live.SaveAndPublishAsync(db, () => Progress(run, actor, 0), CancellationToken.None);
        }

        var users = await UsersAsync(CancellationToken.None);
        var custom = await CustomFieldsAsync(settings.Kind, CancellationToken.None);
        var currencies = await CurrencyCodesAsync(CancellationToken.None);
        var baseCurrency = await BaseCurrencyAsync(CancellationToken.None);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var batchSize = Math.Max(1, Settings.BatchSize);
        try
        {
            foreach (var chunk in file.ReadRows().Chunk(batchSize))
            {
                if (ct.IsCancellationRequested)
                {
                    await FinishAsync(runId, actor, ImportRunState.Cancelled, null);
                    return;
                }
                if (settings.Kind == ElementKind.Lead)
                {
                    var rows = chunk.Select(row => ToRow(row, settings, users, actor, seen, custom, currencies, baseCurrency)).ToList();
                    await SaveBatchAsync(runId, file.FileName, rows, settings, actor, custom, currencies);
                }
                else if (settings.Kind == ElementKind.Deal)
                {
                    var links = await DealLinksAsync(settings, chunk, CancellationToken.None);
                    var rows = chunk.Select(row => ToDealRow(row, settings, users, actor, links, custom, baseCurrency)).ToList();
                    await SaveDealBatchAsync(runId, file.FileName, rows, settings, actor);
                }
                else
                {
                    var known = await CompaniesNamedAsync(settings, chunk, CancellationToken.None);
                    var rows = chunk.Select(row => ToPartyRow(row, settings, users, actor, seen, known, custom, baseCurrency)).ToList();
                    await SavePartyBatchAsync(runId, file.FileName, rows, settings, actor, custom, currencies);
                }
            }
        }
        catch (ImportFileException e)
        {
            await FinishAsync(runId, actor, ImportRunState.Failed, e.Key);
            return;
        }
        await FinishAsync(runId, actor, ct.IsCancellationRequested ? ImportRunState.Cancelled : ImportRunState.Done, null);
        TryDelete(path);
    }

    private static void TryDelete(string? path)
    {
        try
        {
            if (path is not null)
            {
                File.Delete(path);
            }
        }
        catch (IOException)
        {
        }
    }

    private async Task FinishAsync(int runId, Actor actor, ImportRunState state, string? error)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, CancellationToken.None);
        var run = await db.ImportRuns.SingleAsync(r => r.Id == runId);
        run.State = state;
        run.Error = error;
        run.FinishedAt = clock.GetUtcNow().UtcDateTime;
        await live.SaveAndPublishAsync(db, () => Progress(run, actor, 0), CancellationToken.None);
        // An import is the big change of a table's size: the query planner learns of it now, not within the hour (and
        // a busy database only postpones that to the hour's maintenance).
        try
        {
            await statistics.RefreshAsync(CancellationToken.None);
        }
        catch (System.Data.Common.DbException)
        {
        }
    }

    /// <summary>One batch: duplicates looked up in one query per key, then creates, updates, skips and failures in one transaction.</summary>
    private async Task SaveBatchAsync(int runId, string fileName, List<LeadImportRow> rows, LeadImportSettings settings, Actor actor, CustomFieldSet custom, IReadOnlyList<string> currencies)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, CancellationToken.None);
        var run = await db.ImportRuns.SingleAsync(r => r.Id == runId);
        var now = clock.GetUtcNow().UtcDateTime;
        var valid = rows.Where(r => r.IsValid).ToList();
        var existing = settings.Rule == DuplicateRule.CreateAnyway ? new Dictionary<LeadImportRow, int>() : await MatchesAsync(db, valid, settings.MatchOn);
        // Only a run that updates reads its matches whole (a skipping run needs no more than the match).
        var toUpdate = settings.Rule == DuplicateRule.Update ? existing.Values.Distinct().ToList() : [];
        var tracked = toUpdate.Count == 0 ? [] : await db.Leads.Include(l => l.Phones).Include(l => l.Emails).Include(l => l.CustomValues).AsSplitQuery().Where(l => toUpdate.Contains(l.Id)).ToDictionaryAsync(l => l.Id);
        var created = new List<Lead>();
        var updated = new List<(Lead Lead, string Before)>();
        var failures = new List<(LeadImportRow Row, IReadOnlyList<FieldError> Errors)>();
        run.RowsRead += rows.Count;
        foreach (var row in rows)
        {
            if (!row.IsValid)
            {
                failures.Add((row, row.Problems));
                continue;
            }
            var matched = existing.TryGetValue(row, out var id);
            if (matched && settings.Rule == DuplicateRule.Skip)
            {
                run.Skipped++;
                continue;
            }
            if (matched && tracked.TryGetValue(id, out var lead))
            {
                if (updated.Any(u => u.Lead.Id == id))
                {
                    run.Skipped++;
                    continue;
                }
                if (!AccessPolicy.MayImportRow(actor, AccessEntity.Lead, lead.ResponsibleUserId, creates: false))
                {
                    failures.Add((row, [new FieldError("Row", "Import.Row.Forbidden", lead.Title)]));
                    continue;
                }
                if (!lead.IsOpen)
                {
                    failures.Add((row, [new FieldError("Row", "Import.Row.Closed", lead.Title)]));
                    continue;
                }
                var held = custom.Read(lead.CustomValues);
                // The custom values the file fills, as they were (an empty one where there was none), for undo.
                var before = LeadProjections.ToInput(lead) with { Custom = row.Input!.Custom.Keys.ToDictionary(c => c, c => held.GetValueOrDefault(c) ?? CustomValue.Empty) };
                var merged = Merge(before, row.Input!, settings.Mapping);
                var errors = leads.ValidateFields(merged, currencies);
                if (custom.Fields.Count > 0 && row.Input!.Custom.Count > 0)
                {
                    errors.AddRange(await custom.ValidateAsync(db, row.Input.Custom, isNew: false, currencies, CancellationToken.None));
                }
                if (errors.Count > 0)
                {
                    failures.Add((row, errors));
                    continue;
                }
                leads.Apply(lead, merged, actor, now);
                custom.Apply(lead.CustomValues, row.Input!.Custom, isNew: false);
                updated.Add((lead, JsonSerializer.Serialize(before, Json)));
                continue;
            }
            if (row.ExistingId is not null && settings.MatchOn == DuplicateKey.Id && settings.Rule != DuplicateRule.CreateAnyway)
            {
                failures.Add((row, [new FieldError(nameof(LeadImportField.Id), "Import.Row.UnknownId", row.ExistingId)]));
                continue;
            }
            if (custom.Fields.Count > 0 && await custom.ValidateAsync(db, row.Input!.Custom, isNew: true, currencies, CancellationToken.None) is { Count: > 0 } invalid)
            {
                failures.Add((row, invalid));
                continue;
            }
            var created1 = new Lead { Title = "" };
            leads.Apply(created1, row.Input!, actor, now);
            if (!AccessPolicy.MayImportRow(actor, AccessEntity.Lead, created1.ResponsibleUserId, creates: true))
            {
                failures.Add((row, [new FieldError("Row", "Import.Row.AddForbidden")]));
                continue;
            }
            custom.Apply(created1.CustomValues, row.Input!.Custom, isNew: true);
            created.Add(created1); // not tracked: inserted in bulk in the batch's transaction (InsertCreatedAsync)
        }
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
        foreach (var (lead, before) in updated)
        {
            TimelineLog.Add(db, ElementRef.Lead(lead.Id), TimelineKind.Imported, actor.UserId, now, fileName, nameof(ImportRun), runId).Field = nameof(ImportRecordAction.Updated);
        }
        await live.SaveAndPublishAsync(db, () => Task.FromResult<IReadOnlyList<CrmEvent>>([Progress(run, actor, created.Count + updated.Count)]), CancellationToken.None,
            afterKeys: updated.Count == 0 ? null : () =>
            {
                // Every updated lead has its version after this save: the run's records.
                foreach (var (lead, before) in updated)
                {
                    db.ImportRunRecords.Add(new ImportRunRecord { RunId = runId, ElementKind = ElementKind.Lead, ElementId = lead.Id, Action = ImportRecordAction.Updated, VersionAfter = lead.Version, BeforeJson = before });
                }
            },
            statements: () => InsertCreatedAsync(db, created, runId, fileName, actor, now));
    }

    /// <summary>
    /// The batch's new leads with their phones, e-mails and custom values, each one's "imported" timeline entry, the
    /// run's records and the search index rows, in the batch's transaction: set-based inserts (<see cref="BulkInsert"/>)
    /// instead of EF's tracked save, which spent most of an import's time (decision 031). Stamped as the context's save
    /// would stamp them (<see cref="AuditInterceptor"/>, the search text).
    /// </summary>
    private static async Task InsertCreatedAsync(CrmDbContext db, List<Lead> created, int runId, string fileName, Actor actor, DateTime now)
    {
        if (created.Count == 0)
        {
            return;
        }
        var ct = CancellationToken.None; // a batch that began commits whole; the run stops between batches
        var options = await LeadOptionSet.LoadAsync(db, ct);
        foreach (var lead in created)
        {
            options.AssignNew(lead);
            lead.CreatedAt = lead.UpdatedAt = now;
            lead.CreatedById = lead.UpdatedById = db.ActingUserId;
            lead.RefreshSearchText();
        }
        await BulkInsert.InsertAsync(db, created, returnKeys: true, ct);
        foreach (var lead in created)
        {
            lead.Phones.ForEach(p => p.LeadId = lead.Id);
            lead.Emails.ForEach(e => e.LeadId = lead.Id);
            lead.CustomValues.ForEach(v => v.LeadId = lead.Id);
        }
        await BulkInsert.InsertAsync(db, [.. created.SelectMany(l => l.Phones)], returnKeys: false, ct);
        await BulkInsert.InsertAsync(db, [.. created.SelectMany(l => l.Emails)], returnKeys: false, ct);
        await BulkInsert.InsertAsync(db, [.. created.SelectMany(l => l.CustomValues)], returnKeys: false, ct);
        await BulkInsert.InsertAsync(db, [.. created.Select(lead =>
        {
            var entry = TimelineLog.Make(ElementRef.Lead(lead.Id), TimelineKind.Imported, actor.UserId, now, fileName, nameof(ImportRun), runId);
            entry.Field = nameof(ImportRecordAction.Created);
            return entry;
        })], returnKeys: false, ct);
        await BulkInsert.InsertAsync(db, [.. created.Select(lead => new ImportRunRecord
        {
            RunId = runId, ElementKind = ElementKind.Lead, ElementId = lead.Id, Action = ImportRecordAction.Created, VersionAfter = lead.Version,
        })], returnKeys: false, ct);
        await BulkInsert.InsertAsync(db, Search.SearchIndexer.NewLeadDocuments(created), returnKeys: false, ct);
    }

    /// <summary>The existing open or closed lead each row is the same as, by the run's key: one query for the whole batch.</summary>
    private static async Task<Dictionary<LeadImportRow, int>> MatchesAsync(CrmDbContext db, List<LeadImportRow> rows, DuplicateKey key)
    {
        var result = new Dictionary<LeadImportRow, int>(ReferenceEqualityComparer.Instance as IEqualityComparer<LeadImportRow>);
        switch (key)
        {
            case DuplicateKey.Email:
            {
                var emails = rows.SelectMany(r => r.Input!.Emails.Select(e => e.Address.Trim().ToLowerInvariant())).Distinct().ToList();
                var found = await db.Set<LeadEmail>().Where(e => emails.Contains(e.Address))
                    .Join(db.Leads, e => e.LeadId, l => l.Id, (e, l) => new { e.Address, e.LeadId }).ToListAsync();
                var byEmail = found.GroupBy(f => f.Address).ToDictionary(g => g.Key, g => g.Min(f => f.LeadId));
                foreach (var row in rows)
                {
                    if (row.Input!.Emails.Select(e => byEmail.GetValueOrDefault(e.Address.Trim().ToLowerInvariant())).FirstOrDefault(id => id != 0) is var id and not 0)
                    {
                        result[row] = id;
                    }
                }
                break;
            }
            case DuplicateKey.Phone:
            {
                var phones = rows.SelectMany(r => r.Input!.Phones.Select(p => p.Number)).Distinct().ToList();
                var found = await db.Set<LeadPhone>().Where(p => phones.Contains(p.Number))
                    .Join(db.Leads, p => p.LeadId, l => l.Id, (p, l) => new { p.Number, p.LeadId }).ToListAsync();
                var byPhone = found.GroupBy(f => f.Number).ToDictionary(g => g.Key, g => g.Min(f => f.LeadId));
                foreach (var row in rows)
                {
                    if (row.Input!.Phones.Select(p => byPhone.GetValueOrDefault(p.Number)).FirstOrDefault(id => id != 0) is var id and not 0)
                    {
                        result[row] = id;
                    }
                }
                break;
            }
            case DuplicateKey.CompanyName:
            {
                var names = rows.Select(r => r.Input!.CompanyName?.Trim().ToLowerInvariant()).OfType<string>().Where(n => n.Length > 0).Distinct().ToList();
                var found = await db.Leads.Where(l => l.CompanyName != null && names.Contains(l.CompanyName.ToLower())).Select(l => new { Name = l.CompanyName!.ToLower(), l.Id }).ToListAsync();
                var byName = found.GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.Min(f => f.Id));
                foreach (var row in rows)
                {
                    if (row.Input!.CompanyName?.Trim().ToLowerInvariant() is { } name && byName.TryGetValue(name, out var id))
                    {
                        result[row] = id;
                    }
                }
                break;
            }
            case DuplicateKey.Id:
            {
                var ids = rows.Select(r => r.ExistingId).OfType<int>().Distinct().ToList();
                var found = (await db.Leads.Where(l => ids.Contains(l.Id)).Select(l => l.Id).ToListAsync()).ToHashSet();
                foreach (var row in rows)
                {
                    if (row.ExistingId is { } id && found.Contains(id))
                    {
                        result[row] = id;
                    }
                }
                break;
            }
        }
        return result;
    }

    /// <summary>An existing lead with the file's values over it: each mapped field the row fills replaces, phones and e-mails add.</summary>
    private static LeadInput Merge(LeadInput existing, LeadInput imported, LeadImportMapping mapping)
    {
        bool Mapped(params LeadImportField[] fields) => fields.Any(f => mapping.ColumnOf(f) is not null);
        static string? Pick(string? value, string? current) => string.IsNullOrWhiteSpace(value) ? current : value;
        return existing with
        {
            Title = Mapped(LeadImportField.Title) ? Pick(imported.Title, existing.Title)! : existing.Title,
            FirstName = Mapped(LeadImportField.FirstName, LeadImportField.FullName) ? Pick(imported.FirstName, existing.FirstName) : existing.FirstName,
            LastName = Mapped(LeadImportField.LastName, LeadImportField.FullName) ? Pick(imported.LastName, existing.LastName) : existing.LastName,
            CompanyName = Pick(imported.CompanyName, existing.CompanyName),
            Website = Pick(imported.Website, existing.Website),
            Address = Pick(imported.Address, existing.Address),
            Comment = Pick(imported.Comment, existing.Comment),
            Phones = [.. existing.Phones, .. imported.Phones.Where(p => existing.Phones.All(e => e.Number != p.Number))],
            Emails = [.. existing.Emails, .. imported.Emails.Where(m => existing.Emails.All(e => !string.Equals(e.Address, m.Address, StringComparison.OrdinalIgnoreCase)))],
            ResponsibleUserId = Mapped(LeadImportField.Responsible) ? imported.ResponsibleUserId ?? existing.ResponsibleUserId : existing.ResponsibleUserId,
            ExpectedAmount = imported.ExpectedAmount ?? existing.ExpectedAmount,
            Currency = imported.ExpectedAmount is not null ? imported.Currency : existing.Currency,
        };
    }

    private static ImportProgressed Progress(ImportRun run, Actor actor, int changed) => new()
    {
        RunId = run.Id,
        Kind = run.Kind,
        PipelineId = run.Kind == ElementKind.Deal ? JsonSerializer.Deserialize<LeadImportSettings>(run.SettingsJson, Json)?.PipelineId : null,
        FileName = run.FileName,
        State = run.State,
        TotalRows = run.TotalRows,
        RowsRead = run.RowsRead,
        Created = run.Created,
        Updated = run.Updated,
        Skipped = run.Skipped,
        Failed = run.Failed,
        Changed = changed,
        ActorId = actor.UserId,
        ActorName = actor.DisplayName,
        OccurredAt = DateTime.UtcNow,
    };

    // ---- rows ---------------------------------------------------------------------------------------------------

    internal sealed record ImportUser(string Id, string DisplayName, string? Email);

    private async Task<List<ImportUser>> UsersAsync(CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().Select(u => new ImportUser(u.Id, u.DisplayName, u.Email)).ToListAsync(ct);
    }

    /// <summary>
    /// A file row as the lead it becomes, with every problem: the row's own (too many cells), a phone or e-mail
    /// <see cref="LeadService"/> refuses, a required field empty, an unknown user, an amount that is not a number, and
    /// an e-mail (or phone, when that is the key) an earlier row of the file already had (<paramref name="seen"/>).
    /// </summary>
    private LeadImportRow ToRow(ImportRow row, LeadImportSettings settings, List<ImportUser> users, Actor actor, Dictionary<string, int> seen, CustomFieldSet custom, IReadOnlyList<string> currencies, string baseCurrency)
    {
        if (row.ErrorKey is not null)
        {
            return new LeadImportRow(row.Number, row.Cells, null, null, [new FieldError("Row", row.ErrorKey, row.ErrorArgs ?? [])]);
        }
        var mapping = settings.Mapping;
        string? Cell(LeadImportField field) => mapping.ColumnOf(field) is { } i && i < row.Cells.Count && !string.IsNullOrWhiteSpace(row.Cells[i]) ? row.Cells[i].Trim() : null;
        var problems = new List<FieldError>();

        var first = Cell(LeadImportField.FirstName);
        var last = Cell(LeadImportField.LastName);
        if (Cell(LeadImportField.FullName) is { } full && first is null && last is null)
        {
            var space = full.LastIndexOf(' ');
            (first, last) = space > 0 ? (full[..space].Trim(), full[(space + 1)..]) : (full, null);
        }
        var company = Cell(LeadImportField.CompanyName);
        var phones = Split(Cell(LeadImportField.Phone)).Select(p => new PhoneInput(p, PhoneType.Work)).ToList();
        var emails = Split(Cell(LeadImportField.Email)).Select(e => new EmailInput(e)).ToList();
        var person = string.Join(' ', new[] { first, last }.OfType<string>());
        var title = Cell(LeadImportField.Title) ?? (person.Length > 0 ? person : null) ?? company ?? emails.FirstOrDefault()?.Address ?? "";

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
        int? id = null;
        if (Cell(LeadImportField.Id) is { } idText)
        {
            if (int.TryParse(idText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsedId))
            {
                id = parsedId;
            }
            else
            {
                problems.Add(new FieldError(nameof(LeadImportField.Id), "Import.Row.BadId", idText));
            }
        }
        var input = new LeadInput
        {
            Title = title.Length > LeadRules.TitleMaxLength ? title[..LeadRules.TitleMaxLength] : title,
            FirstName = first,
            LastName = last,
            CompanyName = company,
            Phones = phones,
            Emails = emails,
            Website = Cell(LeadImportField.Website),
            Address = Cell(LeadImportField.Address),
            Comment = Cell(LeadImportField.Comment),
            Source = LeadSource.Import,
            Status = LeadStatus.New,
            ResponsibleUserId = responsible,
            ExpectedAmount = amount,
            Currency = amount is null ? null : (Cell(LeadImportField.Currency)?.ToUpperInvariant() ?? baseCurrency),
            Custom = CustomCells(row, settings, custom, baseCurrency, problems),
        };
        foreach (var error in leads.ValidateFields(input, currencies))
        {
            // A field of the form (Phones[0], Emails[1], Title ...) as the column it came from.
            var field = error.Field.StartsWith("Phones", StringComparison.Ordinal) ? nameof(LeadImportField.Phone)
                : error.Field.StartsWith("Emails", StringComparison.Ordinal) ? nameof(LeadImportField.Email)
                : error.Field;
            var value = error.Field.StartsWith("Phones[", StringComparison.Ordinal) ? phones[Index(error.Field)].Number
                : error.Field.StartsWith("Emails[", StringComparison.Ordinal) ? emails[Index(error.Field)].Address : null;
            problems.Add(value is null ? error with { Field = field } : new FieldError(field, error.MessageKey switch
            {
                "Validation.Phone" => "Import.Row.BadPhone",
                "Validation.Email" => "Import.Row.BadEmail",
                _ => error.MessageKey,
            }, [value, .. error.Args]));
        }
        // The same person twice in one file: the second is refused, naming the first (whatever the duplicate rule).
        if (problems.Count == 0)
        {
            var keys = settings.MatchOn == DuplicateKey.Phone
                ? phones.Select(p => "p:" + PhoneNumberFormat.Normalize(p.Number, Region))
                : emails.Select(e => "e:" + e.Address.Trim().ToLowerInvariant());
            foreach (var key in keys)
            {
                if (seen.TryGetValue(key, out var earlier))
                {
                    problems.Add(new FieldError(settings.MatchOn == DuplicateKey.Phone ? nameof(LeadImportField.Phone) : nameof(LeadImportField.Email), "Import.Row.SameInFile", key[2..], earlier));
                    break;
                }
            }
            if (problems.Count == 0)
            {
                foreach (var key in keys)
                {
                    seen[key] = row.Number;
                }
            }
        }
        // The phones as they will be saved (E.164), so the duplicate lookup and the preview show them normalized.
        input = input with { Phones = phones.Select(p => p with { Number = PhoneNumberFormat.Normalize(p.Number, Region) ?? p.Number }).ToList() };
        return new LeadImportRow(row.Number, row.Cells, input, id, problems);
    }

    /// <summary>The row's cells of the columns mapped to custom fields, as values; a cell that does not read as its field's value is a problem.</summary>
    private Dictionary<string, CustomValue> CustomCells(ImportRow row, LeadImportSettings settings, CustomFieldSet custom, string baseCurrency, List<FieldError> problems)
    {
        var values = new Dictionary<string, CustomValue>();
        for (var i = 0; i < settings.CustomColumns.Count && i < row.Cells.Count; i++)
        {
            if (settings.CustomColumns[i] is not { } code || string.IsNullOrWhiteSpace(row.Cells[i]) || custom.Fields.FirstOrDefault(f => f.Code == code) is not { } field)
            {
                continue;
            }
            if (ImportCustomValues.Parse(field, row.Cells[i], baseCurrency, CrmTime.FindZone(options.Value.TimeZone)) is { } value)
            {
                values[code] = value;
            }
            else
            {
                problems.Add(new FieldError(code, "Import.Row.BadCustom", field.Name(), row.Cells[i].Trim()));
            }
        }
        return values;
    }

    /// <summary>The currencies a new lead may have (decision 029).</summary>
    /// <summary>What an amount without a currency is in: Settings' base currency (decision 029).</summary>
    private async Task<string> BaseCurrencyAsync(CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await CurrencyService.BaseCodeAsync(db, options.Value.Currencies, ct);
    }

    private async Task<IReadOnlyList<string>> CurrencyCodesAsync(CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await CurrencyService.CodesAsync(db, options.Value.Currencies, isNew: true, ct);
    }

    private async Task<CustomFieldSet> CustomFieldsAsync(ElementKind kind, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await CustomFieldSet.LoadAsync(db, kind, ct);
    }

    /// <summary>The custom fields of <paramref name="kind"/> (leads, contacts, companies, deals) a column can be mapped to, in the order the settings show them.</summary>
    public async Task<IReadOnlyList<CustomFieldView>> ImportableCustomFieldsAsync(CancellationToken ct = default, ElementKind kind = ElementKind.Lead) =>
        [.. (await CustomFieldsAsync(kind, ct)).Fields.Where(ImportCustomValues.CanImport)];

    private static int Index(string field) => int.Parse(field[(field.IndexOf('[') + 1)..field.IndexOf(']')], CultureInfo.InvariantCulture);

    private static IEnumerable<string> Split(string? cell) =>
        cell is null ? [] : cell.Split([';', ',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>An amount as people type it: 1234.5, 1 234,50, 1,234.50, with or without a currency sign around it.</summary>
    internal static decimal? ParseAmount(string text)
    {
        var digits = new string(text.Where(c => char.IsDigit(c) || c is '.' or ',' or '-').ToArray());
        if (digits.Length == 0)
        {
            return null;
        }
        var lastComma = digits.LastIndexOf(',');
        var lastDot = digits.LastIndexOf('.');
        if (lastComma > lastDot)
        {
            // 1.234,50 or 1234,5: the comma is the decimal point.
            digits = digits.Replace(".", "", StringComparison.Ordinal).Replace(',', '.');
        }
        else
        {
            digits = digits.Replace(",", "", StringComparison.Ordinal);
        }
        return decimal.TryParse(digits, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    // ---- undo ---------------------------------------------------------------------------------------------------

    /// <summary>
    /// Takes a run back: deletes the leads it created and restores the ones it updated, in one transaction. Refuses (and
    /// lists them, changing nothing) when any of them was changed since, converted, or given activities.
    /// </summary>
    public async Task<Result<ImportUndoOutcome>> UndoAsync(int runId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var run = await db.ImportRuns.SingleOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null)
        {
            return Result<ImportUndoOutcome>.NotFound("Import.NotFound");
        }
        if (!AccessPolicy.MayChangeImport(actor, run.CreatedById))
        {
            return Result<ImportUndoOutcome>.Forbidden();
        }
        if (run.State is ImportRunState.Queued or ImportRunState.Running)
        {
            return Result<ImportUndoOutcome>.Conflict(null, "Import.StillRunning");
        }
        if (run.State == ImportRunState.Undone)
        {
            return Result<ImportUndoOutcome>.Conflict(null, "Import.AlreadyUndone");
        }
        if (run.Kind == ElementKind.Deal)
        {
            return await UndoDealsAsync(db, run, actor, ct);
        }
        if (run.Kind != ElementKind.Lead)
        {
            return await UndoPartiesAsync(db, run, actor, ct);
        }
        var records = await db.ImportRunRecords.Where(r => r.RunId == runId && r.ElementKind == ElementKind.Lead).ToListAsync(ct);
        var ids = records.Select(r => r.ElementId).ToList();
        var found = new Dictionary<int, Lead>();
        foreach (var chunk in ids.Chunk(1000))
        {
            foreach (var lead in await db.Leads.Include(l => l.Phones).Include(l => l.Emails).Include(l => l.CustomValues).AsSplitQuery().Where(l => chunk.Contains(l.Id)).ToListAsync(ct))
            {
                found[lead.Id] = lead;
            }
        }
        var withActivities = new HashSet<int>();
        foreach (var chunk in ids.Chunk(1000))
        {
            withActivities.UnionWith(await db.Activities.Where(a => a.ElementKind == ElementKind.Lead && chunk.Contains(a.ElementId)).Select(a => a.ElementId).ToListAsync(ct));
        }
        var changed = records
            .Where(r => found.TryGetValue(r.ElementId, out var lead) && (lead.Version != r.VersionAfter || !lead.IsOpen || (r.Action == ImportRecordAction.Created && withActivities.Contains(lead.Id))))
            .Select(r => new Lookup(r.ElementId, found[r.ElementId].Title)).ToList();
        if (changed.Count > 0)
        {
            return Result<ImportUndoOutcome>.Conflict(new ImportUndoOutcome(0, 0, changed), "Import.ChangedSince", changed.Count);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        int removed = 0, restored = 0;
        CustomFieldSet? customFields = null;
        foreach (var record in records)
        {
            if (!found.TryGetValue(record.ElementId, out var lead))
            {
                continue; // deleted since: nothing to take back
            }
            if (record.Action == ImportRecordAction.Created)
            {
                db.Leads.Remove(lead);
                removed++;
            }
            else if (record.BeforeJson is { } json && JsonSerializer.Deserialize<LeadInput>(json, Json) is { } before)
            {
                leads.Apply(lead, before, actor, now);
                if (before.Custom.Count > 0)
                {
                    (customFields ??= await CustomFieldSet.LoadAsync(db, ElementKind.Lead, ct)).Apply(lead.CustomValues, before.Custom, isNew: false);
                }
                TimelineLog.Add(db, ElementRef.Lead(lead.Id), TimelineKind.Imported, actor.UserId, now, run.FileName, nameof(ImportRun), runId).Field = "Undone";
                restored++;
            }
        }
        // The removed leads' timelines go with them (as when a deal is deleted, its entries stay only as history rows).
        var createdIds = records.Where(r => r.Action == ImportRecordAction.Created).Select(r => r.ElementId).ToList();
        foreach (var chunk in createdIds.Chunk(1000))
        {
            db.TimelineEntries.RemoveRange(await db.TimelineEntries.Where(e => e.ElementKind == ElementKind.Lead && chunk.Contains(e.ElementId)).ToListAsync(ct));
        }
        run.State = ImportRunState.Undone;
        run.UndoneAt = now;
        if (!await live.SaveAndPublishAsync(db, () => Progress(run, actor, removed + restored), ct))
        {
            return Result<ImportUndoOutcome>.Conflict(null, "Import.ChangedSince", 0);
        }
        return Result<ImportUndoOutcome>.Ok(new ImportUndoOutcome(removed, restored, []));
    }

    // ---- presets ------------------------------------------------------------------------------------------------

    /// <summary>Saves (or replaces) a named mapping: each mapped column's header and its field.</summary>
    public async Task<Result<int>> SavePresetAsync(string name, IReadOnlyList<string> headers, IReadOnlyList<LeadImportField?> columns, Actor actor, CancellationToken ct = default, ElementKind kind = ElementKind.Lead)
    {
        name = name.Trim();
        var v = new Validator().Required("Name", name).MaxLength("Name", name, 100);
        if (!v.IsValid)
        {
            return Result<int>.Invalid(v.Errors);
        }
        var map = headers.Zip(columns).Where(p => p.Second is not null).GroupBy(p => LeadImportMapping.Key(p.First)).ToDictionary(g => g.Key, g => g.First().Second!.Value);
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var preset = await db.ImportPresets.FirstOrDefaultAsync(p => p.Kind == kind && p.Name == name, ct);
        if (preset is null)
        {
            preset = new ImportPreset { Kind = kind, Name = name, MappingJson = "", CreatedById = actor.UserId, CreatedAt = clock.GetUtcNow().UtcDateTime };
            db.ImportPresets.Add(preset);
        }
        preset.MappingJson = JsonSerializer.Serialize(map, Json);
        await db.SaveChangesAsync(ct);
        return Result<int>.Ok(preset.Id);
    }

    public async Task<IReadOnlyList<Lookup>> ListPresetsAsync(CancellationToken ct = default, ElementKind kind = ElementKind.Lead)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await db.ImportPresets.AsNoTracking().Where(p => p.Kind == kind).OrderBy(p => p.Name).Select(p => new Lookup(p.Id, p.Name)).ToListAsync(ct);
    }

    /// <summary>A preset applied to a file's headers: each header the preset knows gets its field (a field once).</summary>
    public async Task<IReadOnlyList<LeadImportField?>?> ApplyPresetAsync(int presetId, IReadOnlyList<string> headers, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var json = await db.ImportPresets.Where(p => p.Id == presetId).Select(p => p.MappingJson).FirstOrDefaultAsync(ct);
        if (json is null)
        {
            return null;
        }
        var map = JsonSerializer.Deserialize<Dictionary<string, LeadImportField>>(json, Json) ?? [];
        var used = new HashSet<LeadImportField>();
        return headers.Select(h => map.TryGetValue(LeadImportMapping.Key(h), out var f) && used.Add(f) ? f : (LeadImportField?)null).ToList();
    }
}
