namespace CrmBlazor.Core.Deals;

/// <summary>
/// Closing a deal as won or lost, and reopening it. Who may: whoever may change the deal
/// (<see cref="AccessPolicy.MayChange"/>: its responsible user, anyone for an unassigned deal, admins and managers), the same
/// rule as a move on the board, so the two paths cannot disagree (see docs/decisions/006-products-closing-and-contact-points.md).
/// </summary>
public sealed partial class DealService
{
    public async Task<Result<DealCard>> CloseAsync(CloseDeal close, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var (deal, before, refused) = await LoadForChangeAsync(db, close.DealId, close.ExpectedVersion, actor, ct);
        if (refused is not null)
        {
            return refused;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(time.ToLocal(now));   // the team's day, not UTC's
        var v = new Validator().MaxLength(nameof(CloseDeal.Comment), close.Comment, DealRules.CloseCommentMaxLength);
        var stage = await db.Stages.AsNoTracking().FirstOrDefaultAsync(s => s.Id == close.StageId, ct);
        if (stage is null || stage.PipelineId != deal.PipelineId || stage.Kind == StageKind.Open)
        {
            v.Add(nameof(CloseDeal.StageId), "Deal.NotAClosingStage");
        }
        var lines = await LinesAsync(db, deal.Id, ct);
        if (stage?.Kind == StageKind.Won)
        {
            if (lines.Count == 0)
            {
                if (close.FinalAmount is not { } amount)
                {
                    v.Add(nameof(CloseDeal.FinalAmount), "Validation.Required");
                }
                else if (amount < 0)
                {
                    v.Add(nameof(CloseDeal.FinalAmount), "Validation.NotNegative");
                }
                else if (amount > DealRules.MaxAmount)
                {
                    v.Add(nameof(CloseDeal.FinalAmount), "Validation.TooLarge");
                }
                else if (!CurrencyDecimals.Fits(amount, deal.Currency))
                {
                    v.Add(nameof(CloseDeal.FinalAmount), "Validation.MaxDecimals", CurrencyDecimals.Of(deal.Currency));
                }
            }
            if (close.ClosedOn is { } closedOn && closedOn > today)
            {
                v.Add(nameof(CloseDeal.ClosedOn), "Deal.CloseDateInFuture");
            }
            else if (close.ClosedOn is { } early && early < DateBounds.MinDay)
            {
                v.Add(nameof(CloseDeal.ClosedOn), "Validation.DateRange", DateBounds.MinDay, today);
            }
        }
        if (stage?.Kind == StageKind.Lost)
        {
            if (close.LostReasonId is not { } reasonId)
            {
                v.Add(nameof(CloseDeal.LostReasonId), "Validation.Required");
            }
            else if (!await db.LostReasons.AnyAsync(r => r.Id == reasonId && r.IsActive, ct))
            {
                v.Add(nameof(CloseDeal.LostReasonId), "Validation.NoLongerExists");
            }
        }
        if (!v.IsValid)
        {
            return Result<DealCard>.Invalid(v.Errors);
        }

        var stageChanged = deal.StageId != stage!.Id;
        if (stageChanged)
        {
            var topRank = await db.Deals.Where(d => d.StageId == stage.Id).OrderBy(d => d.Rank).Select(d => d.Rank).FirstOrDefaultAsync(ct);
            db.DealStageChanges.Add(new DealStageChange { DealId = deal.Id, FromStageId = deal.StageId, ToStageId = stage.Id, ChangedById = actor.UserId, ChangedAt = now });
            var from = await db.Stages.Where(s => s.Id == deal.StageId).Select(s => s.Name).FirstAsync(ct);
            TimelineLog.StageChanged(db, ElementRef.Deal(deal.Id), actor.UserId, now, from, stage.Name);
            deal.EnterStage(stage, now);
            deal.Rank = await RankInAsync(db, stage.Id, null, topRank, deal.Id, ct);
        }
        if (stage.Kind == StageKind.Won)
        {
            deal.Amount = lines.Count > 0 ? DealTotals.Compute(lines, deal.Currency).Total : close.FinalAmount!.Value;
            // A back-dated close counts from the start of that day in the team's time zone (reports bucket by it).
            deal.ClosedAt = close.ClosedOn is { } on && on < today ? time.ToUtc(on.ToDateTime(TimeOnly.MinValue)) : now;
            deal.LostReasonId = null;
        }
        else
        {
            deal.ClosedAt = now;
            deal.LostReasonId = close.LostReasonId;
        }
        deal.CloseComment = Validator.Clean(close.Comment);
        // The result: won with its amount, or lost with its reason; the comment as said.
        var result = TimelineLog.Add(db, ElementRef.Deal(deal.Id), TimelineKind.Closed, actor.UserId, now, deal.CloseComment);
        result.Field = stage.Kind.ToString();
        result.NewValue = stage.Kind == StageKind.Won
            ? FieldChange.Money(deal.Amount, deal.Currency)
            : await db.LostReasons.Where(r => r.Id == deal.LostReasonId).Select(r => r.Name).FirstOrDefaultAsync(ct);

        DealCard? after = null;
        var saved = await live.SaveAndPublishAsync(db, async () =>
        {
            after = await CardAsync(db, deal.Id, ct);
            return Changed(stageChanged ? DealChangeKind.Moved : DealChangeKind.Updated, before, after, actor, now);
        }, ct);
        return saved
            ? Result<DealCard>.Ok(after!)
            : Result<DealCard>.Conflict(await CurrentCardAsync(deal.Id, ct), "Deal.EditConflict");
    }

    public async Task<Result<DealCard>> ReopenAsync(ReopenDeal reopen, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var (deal, before, refused) = await LoadForChangeAsync(db, reopen.DealId, reopen.ExpectedVersion, actor, ct);
        if (refused is not null)
        {
            return refused;
        }
        var currentKind = await db.Stages.Where(s => s.Id == deal.StageId).Select(s => s.Kind).FirstAsync(ct);
        if (currentKind == StageKind.Open)
        {
            return Result<DealCard>.Invalid([new FieldError(nameof(ReopenDeal.StageId), "Deal.NotClosed")]);
        }
        var stage = await db.Stages.AsNoTracking().FirstOrDefaultAsync(s => s.Id == reopen.StageId, ct);
        if (stage is null || stage.PipelineId != deal.PipelineId || stage.Kind != StageKind.Open)
        {
            return Result<DealCard>.Invalid([new FieldError(nameof(ReopenDeal.StageId), "Deal.NotAnOpenStage")]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var topRank = await db.Deals.Where(d => d.StageId == stage.Id).OrderBy(d => d.Rank).Select(d => d.Rank).FirstOrDefaultAsync(ct);
        db.DealStageChanges.Add(new DealStageChange { DealId = deal.Id, FromStageId = deal.StageId, ToStageId = stage.Id, ChangedById = actor.UserId, ChangedAt = now });
        var closedIn = await db.Stages.Where(s => s.Id == deal.StageId).Select(s => s.Name).FirstAsync(ct);
        var reopened = TimelineLog.Add(db, ElementRef.Deal(deal.Id), TimelineKind.Reopened, actor.UserId, now);
        (reopened.OldValue, reopened.NewValue) = (closedIn, stage.Name);
        deal.EnterStage(stage, now);
        deal.Rank = await RankInAsync(db, stage.Id, null, topRank, deal.Id, ct);

        DealCard? after = null;
        var saved = await live.SaveAndPublishAsync(db, async () =>
        {
            after = await CardAsync(db, deal.Id, ct);
            return Changed(DealChangeKind.Moved, before, after, actor, now);
        }, ct);
        return saved
            ? Result<DealCard>.Ok(after!)
            : Result<DealCard>.Conflict(await CurrentCardAsync(deal.Id, ct), "Deal.EditConflict");
    }
}
