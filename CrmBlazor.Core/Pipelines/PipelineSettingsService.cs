namespace CrmBlazor.Core.Pipelines;

/// <summary>
/// The pipeline editor's use cases (admins, <see cref="AccessPolicy.MayManageSettings"/>): pipelines created, renamed and
/// deleted; stages added, edited, reordered and deleted. Each ends in one <see cref="LiveCommit.SaveAndPublishAsync(ILiveUpdates, CrmDbContext, Func{Task{IReadOnlyList{CrmEvent}}}, CancellationToken, Action?)"/>
/// with a <see cref="PipelineChanged"/> on <c>pipeline:{id}</c>, which every open board and funnel of the pipeline hears;
/// deals a change moves get their stage history, their timeline entries and their <see cref="DealChanged"/> in the same
/// transaction.
/// </summary>
/// <remarks>
/// Every change of a pipeline's structure (stages added, deleted, reordered, a kind changed) raises
/// <see cref="Pipeline.Version"/> by hand, so of two admins changing one pipeline's stages at once the second is refused
/// and the rule "an open, a won and a lost stage" cannot be broken between them. A stage's name and colour are guarded by
/// <see cref="Stage.Version"/> alone. After any structural change the deals' <see cref="Deal.FurthestOpenStageSort"/> is
/// recomputed from their stage history, in the same transaction (decision 004).
/// </remarks>
public sealed class PipelineSettingsService(IDbContextFactory<CrmDbContext> contextFactory, ILiveUpdates live, TimeProvider clock)
{
    public async Task<IReadOnlyList<PipelineSettingsView>> GetAsync(CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var pipelines = await db.Pipelines.AsNoTracking().OrderByDescending(p => p.IsDefault).ThenBy(p => p.Sort).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.Name, p.IsDefault, p.Version }).ToListAsync(ct);
        var stages = await db.Stages.AsNoTracking().OrderBy(s => s.Sort).ThenBy(s => s.Id)
            .Select(s => new { s.Id, s.PipelineId, s.Name, s.Color, s.Kind, s.Sort, s.Version }).ToListAsync(ct);
        var counts = await db.Deals.AsNoTracking().GroupBy(d => d.StageId).Select(g => new { StageId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.StageId, g => g.Count, ct);
        return [.. pipelines.Select(p => new PipelineSettingsView(p.Id, p.Name, p.IsDefault, p.Version,
            [.. stages.Where(s => s.PipelineId == p.Id)
                .Select(s => new StageSettingsView(s.Id, s.Name, s.Color, s.Kind, s.Sort, s.Version, counts.GetValueOrDefault(s.Id)))]))];
    }

    public async Task<Result<int>> CreatePipelineAsync(NewPipeline input, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<int>.Forbidden("Pipeline.Forbidden");
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var names = await db.Pipelines.Select(p => p.Name).ToListAsync(ct);
        var v = new Validator();
        ValidateName(v, "Name", input.Name, names, "Pipeline.Exists");
        ValidateName(v, nameof(NewPipeline.OpenStageName), input.OpenStageName, [], "");
        ValidateName(v, nameof(NewPipeline.WonStageName), input.WonStageName, [input.OpenStageName], "Stage.Exists");
        ValidateName(v, nameof(NewPipeline.LostStageName), input.LostStageName, [input.OpenStageName, input.WonStageName], "Stage.Exists");
        if (!v.IsValid)
        {
            return Result<int>.Invalid(v.Errors);
        }
        var sort = await db.Pipelines.Select(p => (int?)p.Sort).MaxAsync(ct) ?? -1;
        var pipeline = new Pipeline
        {
            Name = input.Name.Trim(),
            Sort = sort + 1,
            IsDefault = names.Count == 0,
            Stages =
            [
                new() { Name = input.OpenStageName.Trim(), Color = "#42a5f5", Kind = StageKind.Open, Sort = 0 },
                new() { Name = input.WonStageName.Trim(), Color = "#43a047", Kind = StageKind.Won, Sort = 1 },
                new() { Name = input.LostStageName.Trim(), Color = "#e53935", Kind = StageKind.Lost, Sort = 2 },
            ],
        };
        db.Pipelines.Add(pipeline);
        var now = clock.GetUtcNow().UtcDateTime;
        await live.SaveAndPublishAsync(db, () => Changed(PipelineChangeKind.Created, pipeline, actor, now), ct);
        return Result<int>.Ok(pipeline.Id);
    }

    public async Task<Result<int>> RenamePipelineAsync(int pipelineId, int expectedVersion, string name, Actor actor, CancellationToken ct = default)
    {
        var (db, pipeline, refused) = await LoadAsync(pipelineId, expectedVersion, actor, ct);
        await using var _ = db;
        if (refused is not null)
        {
            return refused;
        }
        var v = new Validator();
        ValidateName(v, "Name", name, await db.Pipelines.Where(p => p.Id != pipelineId).Select(p => p.Name).ToListAsync(ct), "Pipeline.Exists");
        if (!v.IsValid)
        {
            return Result<int>.Invalid(v.Errors);
        }
        pipeline!.Name = name.Trim();
        return await SaveAsync(db, pipeline, PipelineChangeKind.Renamed, actor, ct);
    }

    /// <summary>
    /// Deletes a pipeline. One that has deals is deleted only with <paramref name="moveToStageId"/>, an open stage of
    /// another pipeline: its open deals go there, its won and lost deals to that pipeline's first won and lost stage
    /// (keeping their result), each with its timeline entry. The last pipeline is never deleted; when the default one
    /// is, the pipeline its deals went to (or the first other) becomes the default.
    /// </summary>
    public async Task<Result<int>> DeletePipelineAsync(int pipelineId, int expectedVersion, int? moveToStageId, Actor actor, CancellationToken ct = default)
    {
        var (db, pipeline, refused) = await LoadAsync(pipelineId, expectedVersion, actor, ct);
        await using var _ = db;
        if (refused is not null)
        {
            return refused;
        }
        var others = await db.Pipelines.Include(p => p.Stages).Where(p => p.Id != pipelineId)
            .OrderByDescending(p => p.IsDefault).ThenBy(p => p.Sort).ThenBy(p => p.Id).ToListAsync(ct);
        if (others.Count == 0)
        {
            return Result<int>.Invalid([new FieldError("Name", "Pipeline.Last")]);
        }
        var deals = await db.Deals.Where(d => d.PipelineId == pipelineId).OrderBy(d => d.StageId).ThenBy(d => d.Rank).ThenBy(d => d.Id).ToListAsync(ct);
        var target = others.SelectMany(p => p.Stages).FirstOrDefault(s => s.Id == moveToStageId);
        if (deals.Count > 0 && target is null)
        {
            return Result<int>.Invalid([new FieldError("MoveTo", "Pipeline.HasDeals", deals.Count)]);
        }
        if (deals.Count > 0 && target!.Kind != StageKind.Open)
        {
            return Result<int>.Invalid([new FieldError("MoveTo", "Pipeline.MoveToOpen")]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        IReadOnlyList<DealCard> moved = [];
        if (deals.Count > 0)
        {
            var targetPipeline = others.First(p => p.Id == target!.PipelineId);
            Stage TargetFor(StageKind kind) => kind == StageKind.Open
                ? target!
                : targetPipeline.Stages.Where(s => s.Kind == kind).OrderBy(s => s.Sort).First();
            var toStages = deals.Select(d => TargetFor(pipeline!.Stages.First(s => s.Id == d.StageId).Kind)).ToList();
            var byTarget = deals.Zip(toStages).GroupBy(pair => pair.Second.Id);
            var befores = await DealService.CardsAsync(db, [.. deals.Select(d => d.Id)], ct);
            foreach (var group in byTarget)
            {
                var ranks = await DealService.RanksAtBottomAsync(db, group.Key, group.Count(), ct);
                var i = 0;
                foreach (var (deal, to) in group)
                {
                    TimelineLog.Changes(db, ElementRef.Deal(deal.Id), actor.UserId, now, new FieldChange("Pipeline", pipeline!.Name, targetPipeline.Name));
                    DealService.Relocate(db, deal, pipeline.Stages.First(s => s.Id == deal.StageId), to, ranks[i++], actor, now);
                }
            }
            moved = [.. befores.Values];
        }
        if (pipeline!.IsDefault)
        {
            (target is null ? others[0] : others.First(p => p.Id == target.PipelineId)).IsDefault = true;
        }
        db.Pipelines.Remove(pipeline);
        return await SaveAsync(db, pipeline, PipelineChangeKind.Deleted, actor, ct, movedBefore: moved, now: now);
    }

    public async Task<Result<StageSettingsView>> AddStageAsync(int pipelineId, StageInput input, Actor actor, CancellationToken ct = default)
    {
        var (db, pipeline, refused) = await LoadAsync(pipelineId, expectedVersion: null, actor, ct);
        await using var _ = db;
        if (refused is not null)
        {
            return Refused<StageSettingsView>(refused);
        }
        var v = ValidateStage(input, pipeline!.Stages, stageId: null);
        if (!v.IsValid)
        {
            return Result<StageSettingsView>.Invalid(v.Errors);
        }
        var ordered = Ordered(pipeline);
        var stage = new Stage { Name = input.Name.Trim(), Color = input.Color, Kind = input.Kind, PipelineId = pipeline.Id };
        // A new open stage goes after the last open one (before the closing stages); a closing stage at the end.
        var at = input.Kind == StageKind.Open ? ordered.FindLastIndex(s => s.Kind == StageKind.Open) + 1 : ordered.Count;
        ordered.Insert(at, stage);
        pipeline.Stages.Add(stage);
        Renumber(ordered);
        var result = await SaveAsync(db, pipeline, PipelineChangeKind.StagesChanged, actor, ct, recompute: true);
        return result.IsOk ? Result<StageSettingsView>.Ok(View(stage, 0)) : Refused<StageSettingsView>(result);
    }

    /// <summary>
    /// Renames, recolours or changes the kind of a stage the admin read at <paramref name="expectedVersion"/>. The kind
    /// of a stage that holds deals does not change (they would be won or lost without a result), and the pipeline keeps
    /// an open, a won and a lost stage.
    /// </summary>
    public async Task<Result<StageSettingsView>> UpdateStageAsync(int stageId, int expectedVersion, StageInput input, Actor actor, CancellationToken ct = default)
    {
        var (db, pipeline, stage, refused) = await LoadStageAsync(stageId, expectedVersion, actor, ct);
        await using var _ = db;
        if (refused is not null)
        {
            return refused;
        }
        var v = ValidateStage(input, pipeline!.Stages, stageId);
        var dealCount = await db.Deals.CountAsync(d => d.StageId == stageId, ct);
        var kindChanged = input.Kind != stage!.Kind;
        if (kindChanged && dealCount > 0)
        {
            v.Add(nameof(StageInput.Kind), "Stage.KindInUse", dealCount);
        }
        if (kindChanged)
        {
            RequireEveryKind(v, pipeline.Stages.Select(s => s.Id == stageId ? input.Kind : s.Kind));
        }
        if (!v.IsValid)
        {
            return Result<StageSettingsView>.Invalid(v.Errors);
        }
        stage.Name = input.Name.Trim();
        stage.Color = input.Color;
        stage.Kind = input.Kind;
        stage.Version++;
        var result = await SaveAsync(db, pipeline, PipelineChangeKind.StagesChanged, actor, ct, recompute: kindChanged, structural: kindChanged);
        return result.IsOk ? Result<StageSettingsView>.Ok(View(stage, dealCount))
            : Refused<StageSettingsView>(result, await CurrentStageAsync(stageId, ct));
    }

    /// <summary>
    /// Moves a stage to position <paramref name="toIndex"/> (0-based) among its pipeline's stages, as they are now: by
    /// drag and drop, or one place up or down from the keyboard. With <paramref name="expectedPipelineVersion"/> (the
    /// API's If-Match) a pipeline whose stages changed since is a conflict.
    /// </summary>
    public async Task<Result<StageSettingsView>> MoveStageAsync(int stageId, int toIndex, Actor actor, CancellationToken ct = default, int? expectedPipelineVersion = null)
    {
        var (db, pipeline, stage, refused) = await LoadStageAsync(stageId, expectedVersion: null, actor, ct);
        await using var _ = db;
        if (refused is not null)
        {
            return refused;
        }
        if (expectedPipelineVersion is { } expected && pipeline!.Version != expected)
        {
            return Result<StageSettingsView>.Conflict(null, "Pipeline.Conflict");
        }
        var ordered = Ordered(pipeline!);
        ordered.Remove(stage!);
        ordered.Insert(Math.Clamp(toIndex, 0, ordered.Count), stage!);
        if (!Renumber(ordered))
        {
            return Result<StageSettingsView>.Ok(View(stage!, 0)); // dropped where it was
        }
        var result = await SaveAsync(db, pipeline!, PipelineChangeKind.StagesChanged, actor, ct, recompute: true);
        return result.IsOk ? Result<StageSettingsView>.Ok(View(stage!, 0)) : Refused<StageSettingsView>(result);
    }

    /// <summary>
    /// Deletes a stage. Its deals, if any, go to <paramref name="moveToStageId"/>: another stage of the same pipeline and
    /// of the same kind (an open deal stays open, a won one won), at the bottom of its column, each with its stage history
    /// and timeline entry. The pipeline keeps an open, a won and a lost stage.
    /// </summary>
    public async Task<Result<int>> DeleteStageAsync(int stageId, int expectedVersion, int? moveToStageId, Actor actor, CancellationToken ct = default)
    {
        var (db, pipeline, stage, refused) = await LoadStageAsync(stageId, expectedVersion, actor, ct);
        await using var _ = db;
        if (refused is not null)
        {
            return AsInt(refused);
        }
        var v = new Validator();
        RequireEveryKind(v, pipeline!.Stages.Where(s => s.Id != stageId).Select(s => s.Kind));
        var deals = await db.Deals.Where(d => d.StageId == stageId).OrderBy(d => d.Rank).ThenBy(d => d.Id).ToListAsync(ct);
        var target = pipeline.Stages.FirstOrDefault(s => s.Id == moveToStageId && s.Id != stageId);
        if (deals.Count > 0 && target is null)
        {
            v.Add("MoveTo", "Stage.HasDeals", deals.Count);
        }
        else if (deals.Count > 0 && target!.Kind != stage!.Kind)
        {
            v.Add("MoveTo", "Stage.MoveToSameKind");
        }
        if (!v.IsValid)
        {
            return Result<int>.Invalid(v.Errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        IReadOnlyList<DealCard> befores = [];
        if (deals.Count > 0)
        {
            befores = [.. (await DealService.CardsAsync(db, [.. deals.Select(d => d.Id)], ct)).Values];
            var ranks = await DealService.RanksAtBottomAsync(db, target!.Id, deals.Count, ct);
            for (var i = 0; i < deals.Count; i++)
            {
                DealService.Relocate(db, deals[i], stage!, target, ranks[i], actor, now);
            }
        }
        var ordered = Ordered(pipeline);
        ordered.Remove(stage!);
        Renumber(ordered);
        db.Stages.Remove(stage!);
        return await SaveAsync(db, pipeline, PipelineChangeKind.StagesChanged, actor, ct, recompute: true, movedBefore: befores, now: now);
    }

    // ---- the common steps ----

    /// <summary>
    /// Saves a change of <paramref name="pipeline"/> with its event (and the events of the deals it moved), raising the
    /// pipeline's version for a structural change, and recomputing the funnel's furthest stages inside the transaction.
    /// </summary>
    private async Task<Result<int>> SaveAsync(CrmDbContext db, Pipeline pipeline, PipelineChangeKind kind, Actor actor, CancellationToken ct,
        bool recompute = false, bool structural = true, IReadOnlyList<DealCard>? movedBefore = null, DateTime? now = null)
    {
        if (structural)
        {
            pipeline.Version++;
        }
        var at = now ?? clock.GetUtcNow().UtcDateTime;
        var saved = await live.SaveAndPublishAsync(db, async () =>
        {
            if (recompute || movedBefore is { Count: > 0 })
            {
                // Inside the transaction, after the stages' new order and the moves are written (decision 004).
                await RecomputeFurthestStagesAsync(db, pipeline.Id, ct);
            }
            List<CrmEvent> events = [];
            if (movedBefore is { Count: > 0 })
            {
                var afters = await DealService.CardsAsync(db, [.. movedBefore.Select(c => c.Id)], ct);
                events.AddRange(movedBefore.Select(before => DealService.Changed(DealChangeKind.Moved, before, afters[before.Id], actor, at)));
            }
            events.Add(Changed(kind, pipeline, actor, at));
            return events;
        }, ct);
        return saved ? Result<int>.Ok(pipeline.Id) : Result<int>.Conflict(pipeline.Id, "Pipeline.Conflict");
    }

    /// <summary>
    /// Sets every deal's <see cref="Deal.FurthestOpenStageSort"/> of the pipeline again from its stage history: the highest
    /// <em>current</em> sort of the open stages of the pipeline it entered since it came into the pipeline, or of the
    /// stage it is in. Two set-based statements, so the stored numbers never point at an old order (decision 004).
    /// </summary>
    internal static async Task RecomputeFurthestStagesAsync(CrmDbContext db, int pipelineId, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"""
            UPDATE "Deals" SET "FurthestOpenStageSort" = (
                SELECT MAX(s."Sort") FROM "DealStageChanges" c JOIN "Stages" s ON s."Id" = c."ToStageId"
                WHERE c."DealId" = "Deals"."Id" AND s."Kind" = 0 AND s."PipelineId" = "Deals"."PipelineId"
                  AND ("Deals"."PipelineEnteredAt" IS NULL OR c."ChangedAt" >= "Deals"."PipelineEnteredAt"))
            WHERE "PipelineId" = {pipelineId}
            """, ct);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE "Deals" SET "FurthestOpenStageSort" = (SELECT s."Sort" FROM "Stages" s WHERE s."Id" = "Deals"."StageId")
            WHERE "PipelineId" = {pipelineId} AND EXISTS (SELECT 1 FROM "Stages" s WHERE s."Id" = "Deals"."StageId" AND s."Kind" = 0
                AND ("Deals"."FurthestOpenStageSort" IS NULL OR s."Sort" > "Deals"."FurthestOpenStageSort"))
            """, ct);
    }

    private async Task<(CrmDbContext Db, Pipeline? Pipeline, Result<int>? Refused)> LoadAsync(int pipelineId, int? expectedVersion, Actor actor, CancellationToken ct)
    {
        var db = await contextFactory.CreateDbContextAsync(actor, ct);
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return (db, null, Result<int>.Forbidden("Pipeline.Forbidden"));
        }
        var pipeline = await db.Pipelines.Include(p => p.Stages).FirstOrDefaultAsync(p => p.Id == pipelineId, ct);
        if (pipeline is null)
        {
            return (db, null, Result<int>.NotFound("Pipeline.NotFound"));
        }
        if (expectedVersion is { } expected && pipeline.Version != expected)
        {
            return (db, pipeline, Result<int>.Conflict(pipelineId, "Pipeline.Conflict"));
        }
        return (db, pipeline, null);
    }

    private async Task<(CrmDbContext Db, Pipeline? Pipeline, Stage? Stage, Result<StageSettingsView>? Refused)> LoadStageAsync(
        int stageId, int? expectedVersion, Actor actor, CancellationToken ct)
    {
        var db = await contextFactory.CreateDbContextAsync(actor, ct);
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return (db, null, null, Result<StageSettingsView>.Forbidden("Pipeline.Forbidden"));
        }
        var pipelineId = await db.Stages.Where(s => s.Id == stageId).Select(s => (int?)s.PipelineId).FirstOrDefaultAsync(ct);
        var pipeline = pipelineId is null ? null : await db.Pipelines.Include(p => p.Stages).FirstOrDefaultAsync(p => p.Id == pipelineId, ct);
        var stage = pipeline?.Stages.FirstOrDefault(s => s.Id == stageId);
        if (stage is null)
        {
            return (db, null, null, Result<StageSettingsView>.NotFound("Stage.NotFound"));
        }
        if (expectedVersion is { } expected && stage.Version != expected)
        {
            var count = await db.Deals.CountAsync(d => d.StageId == stageId, ct);
            return (db, pipeline, stage, Result<StageSettingsView>.Conflict(View(stage, count), "Stage.Conflict", stage.Name));
        }
        return (db, pipeline, stage, null);
    }

    private async Task<StageSettingsView?> CurrentStageAsync(int stageId, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var stage = await db.Stages.AsNoTracking().FirstOrDefaultAsync(s => s.Id == stageId, ct);
        return stage is null ? null : View(stage, await db.Deals.CountAsync(d => d.StageId == stageId, ct));
    }

    private static Validator ValidateStage(StageInput input, IEnumerable<Stage> stages, int? stageId)
    {
        var v = new Validator();
        ValidateName(v, nameof(StageInput.Name), input.Name, stages.Where(s => s.Id != stageId).Select(s => s.Name), "Stage.Exists");
        if (!PipelineRules.IsColor(input.Color))
        {
            v.Add(nameof(StageInput.Color), "Validation.Color");
        }
        if (!Enum.IsDefined(input.Kind))
        {
            v.Add(nameof(StageInput.Kind), "Validation.Required");
        }
        return v;
    }

    /// <summary>Required, not too long, and unlike the other names (ignoring case and surrounding spaces).</summary>
    private static void ValidateName(Validator v, string field, string? name, IEnumerable<string> others, string existsKey)
    {
        var before = v.Errors.Count;
        v.Required(field, name).MaxLength(field, name, PipelineRules.NameMaxLength);
        if (v.Errors.Count == before && others.Any(o => string.Equals(o.Trim(), name!.Trim(), StringComparison.CurrentCultureIgnoreCase)))
        {
            v.Add(field, existsKey);
        }
    }

    /// <summary>A pipeline needs an open stage (deals start there), a won and a lost one (deals end there).</summary>
    private static void RequireEveryKind(Validator v, IEnumerable<StageKind> kinds)
    {
        var left = kinds.ToHashSet();
        foreach (var (kind, key) in new[] { (StageKind.Open, "Pipeline.NeedsOpen"), (StageKind.Won, "Pipeline.NeedsWon"), (StageKind.Lost, "Pipeline.NeedsLost") })
        {
            if (!left.Contains(kind))
            {
                v.Add(nameof(StageInput.Kind), key);
            }
        }
    }

    private static List<Stage> Ordered(Pipeline pipeline) => [.. pipeline.Stages.OrderBy(s => s.Sort).ThenBy(s => s.Id)];

    /// <summary>Numbers the stages 0, 1, 2 ... in the given order; true when any number changed.</summary>
    private static bool Renumber(List<Stage> ordered)
    {
        var changed = false;
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Sort != i || ordered[i].Id == 0)
            {
                ordered[i].Sort = i;
                changed = true;
            }
        }
        return changed;
    }

    private static StageSettingsView View(Stage s, int dealCount) => new(s.Id, s.Name, s.Color, s.Kind, s.Sort, s.Version, dealCount);

    private static Result<T> Refused<T>(Result<int> result, T? current = default) => result.Status switch
    {
        ResultStatus.Forbidden => Result<T>.Forbidden(result.MessageKey!),
        ResultStatus.NotFound => Result<T>.NotFound(result.MessageKey!),
        ResultStatus.Invalid => Result<T>.Invalid(result.Errors),
        _ => Result<T>.Conflict(current, result.MessageKey!, result.MessageArgs),
    };

    private static Result<int> AsInt<T>(Result<T> result) => result.Status switch
    {
        ResultStatus.Forbidden => Result<int>.Forbidden(result.MessageKey!),
        ResultStatus.NotFound => Result<int>.NotFound(result.MessageKey!),
        ResultStatus.Invalid => Result<int>.Invalid(result.Errors),
        _ => Result<int>.Conflict(0, result.MessageKey!, result.MessageArgs),
    };

    private static PipelineChanged Changed(PipelineChangeKind kind, Pipeline pipeline, Actor actor, DateTime at) => new()
    {
        Kind = kind,
        PipelineId = pipeline.Id,
        Version = pipeline.Version,
        ActorId = actor.UserId,
        ActorName = actor.DisplayName,
        OccurredAt = at,
    };
}
