using Microsoft.Extensions.Options;

namespace CrmBlazor.Core.Deals;

/// <summary>
/// The deal use cases: create, edit, move, delete. Each validates, changes and records history in one transaction,
/// commits, and then publishes one <see cref="DealChanged"/>.
/// </summary>
public sealed partial class DealService(
    IDbContextFactory<CrmDbContext> contextFactory,
    ILiveUpdates live,
    TimeProvider clock,
    CrmTime time,
    IOptions<CrmOptions> options)
{
    public async Task<DealForEdit?> GetForEditAsync(int dealId, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var deal = await db.Deals.AsNoTracking()
            .Where(d => d.Id == dealId)
            .Select(d => new DealForEdit(
                d.Id,
                d.Version,
                new DealInput
                {
                    Title = d.Title,
                    Amount = d.Amount,
                    Currency = d.Currency,
                    StageId = d.StageId,
                    // A company or contact in the recycle bin is no link to edit (decision 020).
                    CompanyId = d.Company != null ? d.CompanyId : null,
                    ContactId = d.Contact != null ? d.ContactId : null,
                    ResponsibleUserId = d.ResponsibleUserId,
                },
                d.Company != null ? d.Company.Name : null,
                d.Contact != null ? (d.Contact.FirstName + " " + (d.Contact.LastName ?? "")).Trim() : null))
            .FirstOrDefaultAsync(ct);
        if (deal is null)
        {
            return null;
        }
        var fields = await CustomFieldSet.LoadAsync(db, ElementKind.Deal, ct);
        var values = await db.Set<DealFieldValue>().AsNoTracking().Where(v => v.DealId == dealId).ToListAsync(ct);
        return deal with { Input = deal.Input with { Custom = fields.Read(values) } };
    }

    public async Task<Result<DealCard>> CreateAsync(DealInput input, Actor actor, CancellationToken ct = default)
    {
        // The role's add scope must reach the user the new deal gets (the actor when none is chosen).
        if (AccessPolicy.WhyMayNotAdd(actor, AccessEntity.Deal, string.IsNullOrEmpty(input.ResponsibleUserId) ? actor.UserId : input.ResponsibleUserId) is { } refused)
        {
            return Result<DealCard>.Forbidden(refused);
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var (errors, stage) = await ValidateAsync(db, input, ct);
        if (stage is { Kind: not StageKind.Open })
        {
            errors.Add(new FieldError(nameof(DealInput.StageId), "Deal.UseClose"));
        }
        if (errors.Count > 0)
        {
            return Result<DealCard>.Invalid(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var deal = await AddNewAsync(db, input, stage!, actor, now, ct);

        DealCard? card = null;
        await live.SaveAndPublishAsync(db, async () =>
        {
            card = await CardAsync(db, deal.Id, ct);
            return Changed(DealChangeKind.Created, before: null, after: card, actor, now);
        }, ct);
        return Result<DealCard>.Ok(card!);
    }

    /// <summary>
    /// Adds a new deal, at the top of its stage, with its first history row, to <paramref name="db"/> without saving,
    /// so that other use cases (converting a lead) can create one in their own transaction.
    /// </summary>
    internal static async Task<Deal> AddNewAsync(CrmDbContext db, DealInput input, Stage stage, Actor actor, DateTime now, CancellationToken ct, ElementRef? fromLead = null)
    {
        var topRank = await db.Deals.Where(d => d.StageId == stage.Id).OrderBy(d => d.Rank).Select(d => d.Rank).FirstOrDefaultAsync(ct);
        var rank = await RankInAsync(db, stage.Id, null, topRank, movingDealId: 0, ct);
        var deal = AddNew(db, input, stage, rank, await CustomFieldSet.LoadAsync(db, ElementKind.Deal, ct), actor, now);
        TimelineLog.Created(db, deal, ElementKind.Deal, actor.UserId, now, stage.Name, fromLead);
        return deal;
    }

    /// <summary>
    /// Adds a new deal with the given <paramref name="rank"/> in <paramref name="stage"/> and its first history row to
    /// <paramref name="db"/> without saving or a timeline entry: for <see cref="AddNewAsync"/> and bulk loads (an import
    /// ranks a whole batch at once and writes its own entries).
    /// </summary>
    internal static Deal AddNew(CrmDbContext db, DealInput input, Stage stage, string rank, CustomFieldSet fields, Actor actor, DateTime now)
    {
        var deal = new Deal
        {
            Title = input.Title.Trim(),
            Amount = input.Amount,
            Currency = input.Currency,
            Rank = rank,
            CompanyId = input.CompanyId,
            ContactId = input.ContactId,
            ResponsibleUserId = string.IsNullOrEmpty(input.ResponsibleUserId) ? actor.UserId : input.ResponsibleUserId,
        };
        fields.Apply(deal.CustomValues, input.Custom, isNew: true);
        deal.EnterStage(stage, now);
        db.Deals.Add(deal);
        db.DealStageChanges.Add(new DealStageChange { Deal = deal, ToStageId = stage.Id, ChangedById = actor.UserId, ChangedAt = now });
        return deal;
    }

    public async Task<Result<DealCard>> UpdateAsync(int dealId, int expectedVersion, DealInput input, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var (deal, before, refused) = await LoadForChangeAsync(db, dealId, expectedVersion, actor, ct);
        if (refused is not null)
        {
            return refused;
        }
        var (errors, stage) = await ValidateAsync(db, input, ct, isNew: false);
        if (stage is { Kind: not StageKind.Open } && stage.Id != deal.StageId)
        {
            errors.Add(new FieldError(nameof(DealInput.StageId), "Deal.UseClose"));
        }
        if (errors.Count > 0)
        {
            return Result<DealCard>.Invalid(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var stageChanged = deal.StageId != stage!.Id;
        // A deal with product lines keeps their total whatever was typed: the timeline records what is saved.
        var amount = await AmountFollowingLinesAsync(db, deal, input.Amount, ct);
        await RecordChangesAsync(db, before!, input with { Amount = amount }, stage, actor, now, ct);
        deal.Title = input.Title.Trim();
        deal.Currency = input.Currency;
        deal.Amount = amount;
        deal.CompanyId = input.CompanyId;
        deal.ContactId = input.ContactId;
        deal.ResponsibleUserId = string.IsNullOrEmpty(input.ResponsibleUserId) ? null : input.ResponsibleUserId;
        await db.Entry(deal).Collection(d => d.CustomValues).LoadAsync(ct);
        var fields = await CustomFieldSet.LoadAsync(db, ElementKind.Deal, ct);
        TimelineLog.Changes(db, ElementRef.Deal(deal.Id), actor.UserId, now, fields.Apply(deal.CustomValues, input.Custom, isNew: false));
        if (db.Entry(deal).State == EntityState.Unchanged)
        {
            db.Entry(deal).State = EntityState.Modified;
        }
        if (stageChanged)
        {
            var topRank = await db.Deals.Where(d => d.StageId == stage.Id).OrderBy(d => d.Rank).Select(d => d.Rank).FirstOrDefaultAsync(ct);
            db.DealStageChanges.Add(new DealStageChange { DealId = deal.Id, FromStageId = deal.StageId, ToStageId = stage.Id, ChangedById = actor.UserId, ChangedAt = now });
            deal.EnterStage(stage, now);
            deal.Rank = await RankInAsync(db, stage.Id, null, topRank, deal.Id, ct);
        }

        DealCard? after = null;
        var saved = await live.SaveAndPublishAsync(db, async () =>
        {
            after = await CardAsync(db, dealId, ct);
            return Changed(stageChanged ? DealChangeKind.Moved : DealChangeKind.Updated, before, after, actor, now);
        }, ct);
        return saved
            ? Result<DealCard>.Ok(after!)
            : Result<DealCard>.Conflict(await CurrentCardAsync(dealId, ct), "Deal.EditConflict");
    }

    /// <summary>
    /// Moves a deal to a stage and a place in its column. Costs one read (the deal, its neighbours, the names its card
    /// shows and the target stage) and the writes of the deal and, across stages, its two history rows (the stage
    /// history for reports and the timeline entry): four commands; the other cards of the column are never rewritten.
    /// </summary>
    public async Task<Result<DealCard>> MoveAsync(MoveDeal move, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        int[] ids = [move.DealId, move.AfterDealId ?? move.DealId, move.BeforeDealId ?? move.DealId];
        // One read: the deal, its neighbours, the names its card shows, its stage's name (for the timeline) and the target stage.
        var rows = await (
            from d in db.Deals.Where(d => ids.Contains(d.Id))
            from target in db.Stages.Where(s => s.Id == move.ToStageId).DefaultIfEmpty()
            select new
            {
                Deal = d,
                Names = new DealNames(
                    d.Company != null ? d.Company.Name : null,
                    d.Contact != null ? (d.Contact.FirstName + " " + (d.Contact.LastName ?? "")).Trim() : null,
                    d.ResponsibleUser != null ? d.ResponsibleUser.DisplayName : null),
                StageName = d.Stage!.Name,
                StageKind = d.Stage.Kind,
                Target = target,
            })
            .ToListAsync(ct);
        var row = rows.FirstOrDefault(r => r.Deal.Id == move.DealId);
        if (row is null)
        {
            return Result<DealCard>.NotFound("Deal.NotFound");
        }
        var deal = row.Deal;
        var before = deal.ToCard(row.Names);
        if (!AccessPolicy.MayChange(actor, deal.ResponsibleUserId))
        {
            return Result<DealCard>.Forbidden("Deal.Forbidden");
        }
        if (deal.Version != move.ExpectedVersion)
        {
            return Result<DealCard>.Conflict(before, "Deal.MoveConflict");
        }

        var stage = row.Target;
        if (stage is null || stage.PipelineId != deal.PipelineId)
        {
            return Result<DealCard>.Invalid([new FieldError(nameof(MoveDeal.ToStageId), "Deal.StageNotInPipeline")]);
        }
        if (stage.Kind != StageKind.Open && stage.Id != deal.StageId)
        {
            // Winning or losing needs its result (amount, date, reason): that is CloseAsync.
            return Result<DealCard>.Invalid([new FieldError(nameof(MoveDeal.ToStageId), "Deal.UseClose")]);
        }

        // Neighbours that have left the target column meanwhile are ignored; the card then lands next to the other one.
        string? RankOf(int? id) => rows.FirstOrDefault(r => r.Deal.Id == id && r.Deal.StageId == stage.Id && id != deal.Id)?.Deal.Rank;
        var above = RankOf(move.AfterDealId);
        var below = RankOf(move.BeforeDealId);
        var now = clock.GetUtcNow().UtcDateTime;
        var stageChanged = deal.StageId != stage.Id;
        if (stageChanged)
        {
            db.DealStageChanges.Add(new DealStageChange { DealId = deal.Id, FromStageId = deal.StageId, ToStageId = stage.Id, ChangedById = actor.UserId, ChangedAt = now });
            StageChangeEntry(db, ElementRef.Deal(deal.Id), actor, now, row.StageName, row.StageKind, stage.Name);
            deal.EnterStage(stage, now);
        }
        deal.Rank = await RankInAsync(db, stage.Id, above, below, deal.Id, ct);

        var saved = await live.SaveAndPublishAsync(db, () => Changed(DealChangeKind.Moved, before, deal.ToCard(row.Names), actor, now), ct);
        return saved
            ? Result<DealCard>.Ok(deal.ToCard(row.Names))
            : Result<DealCard>.Conflict(await CurrentCardAsync(move.DealId, ct), "Deal.MoveConflict");
    }

    /// <summary>
    /// Loads a deal the actor means to edit or delete, with its card as it stands, or says why not: no such deal, not
    /// the actor's to change, or changed since the actor read it (version).
    /// </summary>
    private async Task<(Deal Deal, DealCard Before, Result<DealCard>? Refused)> LoadForChangeAsync(
        CrmDbContext db, int dealId, int expectedVersion, Actor actor, CancellationToken ct, AccessAction action = AccessAction.Edit)
    {
        var deal = await db.Deals.FirstOrDefaultAsync(d => d.Id == dealId, ct);
        if (deal is null)
        {
            return (null!, null!, Result<DealCard>.NotFound("Deal.NotFound"));
        }
        if (!AccessPolicy.May(actor, AccessEntity.Deal, action, deal.ResponsibleUserId))
        {
            return (deal, null!, Result<DealCard>.Forbidden("Deal.Forbidden"));
        }
        var before = await CardAsync(db, dealId, ct);
        if (deal.Version != expectedVersion)
        {
            return (deal, before!, Result<DealCard>.Conflict(before, "Deal.EditConflict"));
        }
        return (deal, before!, null);
    }

    public async Task<Result<DealCard>> DeleteAsync(int dealId, int expectedVersion, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var (deal, before, refused) = await LoadForChangeAsync(db, dealId, expectedVersion, actor, ct, AccessAction.Delete);
        if (refused is not null)
        {
            return refused;
        }
        db.Deals.Remove(deal);
        // Its activities go with it (they belong to no other element), and their users' counters change.
        var activities = await db.Activities.Where(a => a.ElementKind == ElementKind.Deal && a.ElementId == dealId).ToListAsync(ct);
        db.Activities.RemoveRange(activities);
        var now = clock.GetUtcNow().UtcDateTime;
        TimelineLog.Add(db, ElementRef.Deal(deal.Id), TimelineKind.Deleted, actor.UserId, now, deal.Title);
        // A deleted deal's event carries the next version, so it outranks every earlier event of that deal.
        var saved = await live.SaveAndPublishAsync(db, () => Changed(DealChangeKind.Deleted, before, after: null, actor, now) with
        {
            Version = deal.Version + 1,
            NotifiedUserIds = [.. activities.Where(a => a.State == Activities.ActivityState.Planned).Select(a => a.ResponsibleUserId).Distinct()],
        }, ct);
        return saved
            ? Result<DealCard>.Ok(before!)
            : Result<DealCard>.Conflict(await CurrentCardAsync(dealId, ct), "Deal.EditConflict");
    }

    internal static DealChanged Changed(DealChangeKind kind, DealCard? before, DealCard? after, Actor actor, DateTime now) =>
        new()
        {
            Kind = kind,
            DealId = (after ?? before)!.Id,
            Version = (after ?? before)!.Version,
            Before = before,
            After = after,
            ActorId = actor.UserId,
            ActorName = actor.DisplayName,
            OccurredAt = now,
        };

    /// <summary>Timeline entries for the fields of <paramref name="before"/> that <paramref name="input"/> changes, with the names people read.</summary>
    private static async Task RecordChangesAsync(CrmDbContext db, DealCard before, DealInput input, Stage stage, Actor actor, DateTime now, CancellationToken ct)
    {
        var element = ElementRef.Deal(before.Id);
        var responsible = string.IsNullOrEmpty(input.ResponsibleUserId) ? null : input.ResponsibleUserId;
        TimelineLog.Changes(db, element, actor.UserId, now,
            new FieldChange(nameof(Deal.Title), before.Title, input.Title.Trim()),
            new FieldChange(nameof(Deal.Amount), FieldChange.Money(before.Amount, before.Currency), FieldChange.Money(input.Amount, input.Currency)),
            new FieldChange(nameof(Deal.Company), before.CompanyName,
                input.CompanyId == before.CompanyId ? before.CompanyName : await db.Companies.Where(c => c.Id == input.CompanyId).Select(c => c.Name).FirstOrDefaultAsync(ct)),
            new FieldChange(nameof(Deal.Contact), before.ContactName,
                input.ContactId == before.ContactId ? before.ContactName
                    : await db.Contacts.Where(c => c.Id == input.ContactId).Select(c => (c.FirstName + " " + (c.LastName ?? "")).Trim()).FirstOrDefaultAsync(ct)),
            new FieldChange("Responsible", before.ResponsibleName,
                responsible == before.ResponsibleUserId ? before.ResponsibleName : await db.Users.Where(u => u.Id == responsible).Select(u => u.DisplayName).FirstOrDefaultAsync(ct)));
        if (before.StageId != stage.Id)
        {
            var from = await db.Stages.Where(s => s.Id == before.StageId).Select(s => new { s.Name, s.Kind }).FirstAsync(ct);
            StageChangeEntry(db, element, actor, now, from.Name, from.Kind, stage.Name);
        }
    }

    /// <summary>A move's timeline entry: out of a won or lost stage it reopens the deal, otherwise it changes its stage.</summary>
    private static void StageChangeEntry(CrmDbContext db, ElementRef element, Actor actor, DateTime now, string from, StageKind fromKind, string to)
    {
        if (fromKind == StageKind.Open)
        {
            TimelineLog.StageChanged(db, element, actor.UserId, now, from, to);
            return;
        }
        var reopened = TimelineLog.Add(db, element, TimelineKind.Reopened, actor.UserId, now);
        (reopened.OldValue, reopened.NewValue) = (from, to);
    }

    /// <summary>The field errors of a deal's input (each named <paramref name="prefix"/> + the property), and its stage.</summary>
    internal async Task<(List<FieldError> Errors, Stage? Stage)> ValidateAsync(CrmDbContext db, DealInput input, CancellationToken ct, string prefix = "", bool isNew = true)
    {
        var currencies = await CurrencyService.CodesAsync(db, options.Value.Currencies, isNew, ct);
        var custom = await (await CustomFieldSet.LoadAsync(db, ElementKind.Deal, ct)).ValidateAsync(db, input.Custom, isNew, currencies, ct, prefix);
        var v = new Validator()
            .Required(prefix + nameof(DealInput.Title), input.Title)
            .MaxLength(prefix + nameof(DealInput.Title), input.Title, DealRules.TitleMaxLength);
        if (input.Amount < 0)
        {
            v.Add(prefix + nameof(DealInput.Amount), "Validation.NotNegative");
        }
        else if (input.Amount > DealRules.MaxAmount)
        {
            v.Add(prefix + nameof(DealInput.Amount), "Validation.TooLarge");
        }
        else if (!CurrencyDecimals.Fits(input.Amount, input.Currency))
        {
            var decimals = CurrencyDecimals.Of(input.Currency);
            v.Add(prefix + nameof(DealInput.Amount), decimals == 2 ? "Validation.TwoDecimals" : "Validation.MaxDecimals", decimals);
        }
        if (!currencies.Contains(input.Currency, StringComparer.Ordinal))
        {
            v.Add(prefix + nameof(DealInput.Currency), "Validation.Currency", string.Join(", ", currencies));
        }
        var stage = await db.Stages.AsNoTracking().FirstOrDefaultAsync(s => s.Id == input.StageId, ct);
        if (stage is null)
        {
            v.Add(prefix + nameof(DealInput.StageId), "Validation.Required");
        }
        if (input.CompanyId is { } companyId && !await db.Companies.AnyAsync(c => c.Id == companyId, ct))
        {
            v.Add(prefix + nameof(DealInput.CompanyId), "Validation.NoLongerExists");
        }
        if (input.ContactId is { } contactId && !await db.Contacts.AnyAsync(c => c.Id == contactId, ct))
        {
            v.Add(prefix + nameof(DealInput.ContactId), "Validation.NoLongerExists");
        }
        if (!string.IsNullOrEmpty(input.ResponsibleUserId) && !await db.Users.AnyAsync(u => u.Id == input.ResponsibleUserId, ct))
        {
            v.Add(prefix + nameof(DealInput.ResponsibleUserId), "Validation.NoLongerExists");
        }
        return ([.. v.Errors, .. custom], stage);
    }

    /// <summary>
    /// A rank between two neighbours. In the rare case the key has grown too long (thousands of cards added at one
    /// end of a column), the column's other cards are first given evenly spread keys in the same order; their
    /// versions are kept, since nothing a user sees has changed.
    /// </summary>
    private static async Task<string> RankInAsync(CrmDbContext db, int stageId, string? above, string? below, int movingDealId, CancellationToken ct)
    {
        var rank = Rank.Between(above, below);
        if (rank.Length <= Rank.RespreadLength)
        {
            return rank;
        }
        var column = await db.Deals.AsNoTracking()
            .Where(d => d.StageId == stageId && d.Id != movingDealId)
            .OrderBy(d => d.Rank).ThenBy(d => d.Id)
            .Select(d => new { d.Id, d.Rank })
            .ToListAsync(ct);
        var index = above is null ? 0 : column.FindLastIndex(d => string.CompareOrdinal(d.Rank, above) <= 0) + 1;
        var keys = Rank.Spread(column.Count + 1);
        for (var i = 0; i < column.Count; i++)
        {
            var key = keys[i < index ? i : i + 1];
            var id = column[i].Id;
            await db.Deals.Where(d => d.Id == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Rank, key), ct);
        }
        return keys[index];
    }

    private static Task<DealCard?> CardAsync(CrmDbContext db, int dealId, CancellationToken ct) =>
        db.Deals.AsNoTracking().Where(d => d.Id == dealId).Select(DealProjections.Card).FirstOrDefaultAsync(ct);

    private async Task<DealCard?> CurrentCardAsync(int dealId, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await CardAsync(db, dealId, ct);
    }
}
