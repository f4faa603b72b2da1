namespace CrmBlazor.Core.Deals;

/// <summary>Moving deals between pipelines, and the bulk moves the pipeline settings make (a stage or pipeline deleted).</summary>
public sealed partial class DealService
{
    /// <summary>
    /// Moves a deal into another pipeline, at the top of <paramref name="stageId"/>. An open deal goes to an open
    /// stage, a won or lost deal to a stage of the same kind (its result stays). The deal's timeline records the
    /// pipeline and the stage; both pipelines' boards follow (the event's before and after cards are in each).
    /// </summary>
    public async Task<Result<DealCard>> MoveToPipelineAsync(int dealId, int expectedVersion, int stageId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var (deal, before, refused) = await LoadForChangeAsync(db, dealId, expectedVersion, actor, ct);
        if (refused is not null)
        {
            return refused;
        }
        var stages = await db.Stages.Include(s => s.Pipeline).Where(s => s.Id == stageId || s.Id == deal.StageId).ToListAsync(ct);
        var from = stages.First(s => s.Id == deal.StageId);
        var target = stages.FirstOrDefault(s => s.Id == stageId);
        if (target is null)
        {
            return Result<DealCard>.Invalid([new FieldError("StageId", "Validation.Required")]);
        }
        if (target.PipelineId == deal.PipelineId)
        {
            return Result<DealCard>.Invalid([new FieldError("StageId", "Deal.SamePipeline")]);
        }
        if (target.Kind != from.Kind)
        {
            return Result<DealCard>.Invalid([new FieldError("StageId", "Deal.PipelineMoveKind")]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        TimelineLog.Changes(db, ElementRef.Deal(deal.Id), actor.UserId, now, new FieldChange("Pipeline", from.Pipeline!.Name, target.Pipeline!.Name));
        var topRank = await db.Deals.Where(d => d.StageId == target.Id).OrderBy(d => d.Rank).Select(d => d.Rank).FirstOrDefaultAsync(ct);
        Relocate(db, deal, from, target, await RankInAsync(db, target.Id, null, topRank, deal.Id, ct), actor, now);

        DealCard? after = null;
        var saved = await live.SaveAndPublishAsync(db, async () =>
        {
            after = await CardAsync(db, dealId, ct);
            return Changed(DealChangeKind.Moved, before, after, actor, now);
        }, ct);
        return saved
            ? Result<DealCard>.Ok(after!)
            : Result<DealCard>.Conflict(await CurrentCardAsync(dealId, ct), "Deal.EditConflict");
    }

    /// <summary>
    /// Moves tracked <paramref name="deal"/> from <paramref name="from"/> into <paramref name="to"/> at <paramref name="rank"/>,
    /// with its stage history row and its timeline entry, without saving: for use cases that move deals in their own
    /// transaction (a stage or a pipeline deleted, a deal sent to another pipeline). A move between two closed stages of
    /// one kind is a stage change, not a reopening.
    /// </summary>
    internal static void Relocate(CrmDbContext db, Deal deal, Stage from, Stage to, string rank, Actor actor, DateTime now)
    {
        db.DealStageChanges.Add(new DealStageChange { DealId = deal.Id, FromStageId = from.Id, ToStageId = to.Id, ChangedById = actor.UserId, ChangedAt = now });
        if (from.Kind == to.Kind)
        {
            TimelineLog.StageChanged(db, ElementRef.Deal(deal.Id), actor.UserId, now, from.Name, to.Name);
        }
        else
        {
            StageChangeEntry(db, ElementRef.Deal(deal.Id), actor, now, from.Name, from.Kind, to.Name);
        }
        deal.EnterStage(to, now);
        deal.Rank = rank;
    }

    /// <summary>
    /// <paramref name="count"/> ranks below every card of <paramref name="stageId"/> now, in order, all of one short
    /// length: deals moved there in bulk keep their order at the bottom of the column.
    /// </summary>
    internal static async Task<IReadOnlyList<string>> RanksAtBottomAsync(CrmDbContext db, int stageId, int count, CancellationToken ct)
    {
        var bottom = await db.Deals.Where(d => d.StageId == stageId).OrderByDescending(d => d.Rank).Select(d => d.Rank).FirstOrDefaultAsync(ct);
        var prefix = Rank.Between(bottom, null);
        return [.. Rank.Spread(count).Select(key => prefix + key)];
    }

    /// <summary>The cards of <paramref name="dealIds"/> as the database (or this transaction) has them.</summary>
    internal static async Task<Dictionary<int, DealCard>> CardsAsync(CrmDbContext db, IReadOnlyCollection<int> dealIds, CancellationToken ct) =>
        await db.Deals.AsNoTracking().Where(d => dealIds.Contains(d.Id)).Select(DealProjections.Card).ToDictionaryAsync(c => c.Id, ct);
}
