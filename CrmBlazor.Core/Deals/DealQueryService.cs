namespace CrmBlazor.Core.Deals;

/// <summary>Reads for element pages: a deal with everything its page shows, and the deals of a contact or company with their totals.</summary>
public sealed class DealQueryService(IDbContextFactory<CrmDbContext> contextFactory)
{
    public async Task<DealDetails?> GetDetailsAsync(int dealId, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var d = await db.Deals.AsNoTracking().Where(d => d.Id == dealId)
            .Select(d => new
            {
                Deal = d,
                CompanyName = d.Company != null ? d.Company.Name : null,
                ContactName = d.Contact != null ? (d.Contact.FirstName + " " + (d.Contact.LastName ?? "")).Trim() : null,
                ResponsibleName = d.ResponsibleUser != null ? d.ResponsibleUser.DisplayName : null,
                LostReasonName = d.LostReason != null ? d.LostReason.Name : null,
                PipelineName = db.Pipelines.Where(p => p.Id == d.PipelineId).Select(p => p.Name).First(),
            })
            .FirstOrDefaultAsync(ct);
        if (d is null)
        {
            return null;
        }
        var deal = d.Deal;
        var stages = await db.Stages.AsNoTracking().Where(s => s.PipelineId == deal.PipelineId).OrderBy(s => s.Sort)
            .Select(s => new StageView(s.Id, s.Name, s.Color, s.Kind, s.Sort)).ToListAsync(ct);
        var products = (await DealService.GetProductsAsync(db, dealId, ct))!;
        var input = new DealInput
        {
            Title = deal.Title,
            Amount = deal.Amount,
            Currency = deal.Currency,
            StageId = deal.StageId,
            // A company or contact in the recycle bin is no link to show or edit (decision 020).
            CompanyId = d.CompanyName is null ? null : deal.CompanyId,
            ContactId = d.ContactName is null ? null : deal.ContactId,
            ResponsibleUserId = deal.ResponsibleUserId,
            // Its custom values by code, as the form, the API and Complete lead name them (decision 017).
            Custom = (await CustomFieldSet.LoadAsync(db, ElementKind.Deal, ct))
                .Read(await db.Set<DealFieldValue>().AsNoTracking().Where(v => v.DealId == dealId).ToListAsync(ct)),
        };
        return new DealDetails(deal.Id, deal.Version, input, deal.PipelineId, d.PipelineName, stages, d.CompanyName, d.ContactName, d.ResponsibleName,
            deal.CreatedAt, deal.StageEnteredAt, deal.ClosedAt, deal.LostReasonId, d.LostReasonName, deal.CloseComment, products);
    }

    /// <summary>
    /// Deals for the API's list among those <paramref name="actor"/>'s role reads (null: all), filtered in SQL, ordered
    /// by <see cref="DealListQuery.SortBy"/> and then the id, one keyset page (<see cref="Keyset"/>): as fast on the
    /// last page as on the first, stable under ties and while deals are added.
    /// </summary>
    /// <exception cref="KeysetCursorException">The cursor is not one of this sort and direction.</exception>
    public async Task<KeysetPage<DealCard>> ListAsync(DealListQuery query, KeysetRequest page, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var deals = actor is null ? db.Deals.AsNoTracking() : AccessPolicy.Readable(db.Deals.AsNoTracking(), actor, AccessEntity.Deal);
        if (query.PipelineId is { } pipeline)
        {
            deals = deals.Where(d => d.PipelineId == pipeline);
        }
        if (query.StageId is { } stage)
        {
            deals = deals.Where(d => d.StageId == stage);
        }
        if (!string.IsNullOrEmpty(query.ResponsibleUserId))
        {
            deals = deals.Where(d => d.ResponsibleUserId == query.ResponsibleUserId);
        }
        if (query.CompanyId is { } company)
        {
            deals = deals.Where(d => d.CompanyId == company);
        }
        if (query.ContactId is { } contact)
        {
            deals = deals.Where(d => d.ContactId == contact);
        }
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = TextSearch.Contains(query.Search.Trim());
            deals = deals.Where(d => EF.Functions.Like(d.Title.ToLower(), pattern, TextSearch.Escape));
        }
        var (sort, descending) = (query.SortBy.ToString(), query.Descending);
        return query.SortBy switch
        {
            DealSort.CreatedAt => await Keyset.PageAsync(deals, sort, descending, d => d.CreatedAt, d => d.Id, DealProjections.Card, page, ct),
            DealSort.UpdatedAt => await Keyset.PageAsync(deals, sort, descending, d => d.UpdatedAt, d => d.Id, DealProjections.Card, page, ct),
            DealSort.Title => await Keyset.PageAsync(deals, sort, descending, d => d.Title, d => d.Id, DealProjections.Card, page, ct),
            DealSort.Amount => await Keyset.PageAsync(deals, sort, descending, d => d.Amount, d => d.Id, DealProjections.Card, page, ct),
            DealSort.StageEnteredAt => await Keyset.PageAsync(deals, sort, descending, d => d.StageEnteredAt, d => d.Id, DealProjections.Card, page, ct),
            _ => await Keyset.PageAsync(deals, sort, descending, d => d.Id, d => d.Id, DealProjections.Card, page, ct),
        };
    }

    /// <summary>
    /// Every deal of a pipeline (the board's filter: null is the default pipeline), by stage and then as the board
    /// orders cards, read as they are written out: the export.
    /// </summary>
    public async IAsyncEnumerable<DealExportRow> StreamAsync(int? pipelineId, Actor actor, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var pipeline = pipelineId ?? await db.Pipelines.Where(p => p.IsDefault).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct)
            ?? await db.Pipelines.OrderBy(p => p.Sort).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        // The deals the role both reads and may export (decision 011), in SQL.
        var rows = AccessPolicy.Exportable(db.Deals.AsNoTracking(), actor, AccessEntity.Deal).Where(d => d.PipelineId == pipeline)
            .OrderBy(d => d.Stage!.Sort).ThenBy(d => d.Rank).ThenBy(d => d.Id)
            .Select(d => new DealExportRow(d.Id, d.Title, d.Stage!.Name, d.Stage.Kind, d.Amount, d.Currency,
                d.Company != null ? d.Company.Name : null,
                d.Contact != null ? (d.Contact.FirstName + " " + (d.Contact.LastName ?? "")).Trim() : null,
                d.ResponsibleUser != null ? d.ResponsibleUser.DisplayName : null, d.CreatedAt, d.ClosedAt));
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return row;
        }
    }

    public Task<PartyDeals> ForContactAsync(int contactId, CancellationToken ct = default) => ForAsync(d => d.ContactId == contactId, null, ct);

    public Task<PartyDeals> ForCompanyAsync(int companyId, CancellationToken ct = default) => ForAsync(d => d.CompanyId == companyId, null, ct);

    /// <summary>A contact's deals (and their totals) among those <paramref name="actor"/>'s role reads.</summary>
    public Task<PartyDeals> ForContactAsync(int contactId, Actor actor, CancellationToken ct = default) => ForAsync(d => d.ContactId == contactId, actor, ct);

    /// <summary>A company's deals (and their totals) among those <paramref name="actor"/>'s role reads.</summary>
    public Task<PartyDeals> ForCompanyAsync(int companyId, Actor actor, CancellationToken ct = default) => ForAsync(d => d.CompanyId == companyId, actor, ct);

    private async Task<PartyDeals> ForAsync(System.Linq.Expressions.Expression<Func<Deal, bool>> filter, Actor? actor, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var deals = (actor is null ? db.Deals.AsNoTracking() : AccessPolicy.Readable(db.Deals.AsNoTracking(), actor, AccessEntity.Deal)).Where(filter);
        // Totals are summed by the database over all the deals, not over the rows the page lists.
        var sums = await deals.GroupBy(d => new { d.Currency, d.Stage!.Kind })
            .Select(g => new { g.Key.Currency, g.Key.Kind, Count = g.Count(), Sum = MoneySum.Combine(g.Sum(d => MoneySum.High(d.Amount)), g.Sum(d => MoneySum.Low(d.Amount))) })
            .ToListAsync(ct);
        var totals = sums.GroupBy(s => s.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                (int Count, decimal Sum) Of(StageKind kind) => g.Where(s => s.Kind == kind).Select(s => (s.Count, s.Sum)).FirstOrDefault();
                var (open, won, lost) = (Of(StageKind.Open), Of(StageKind.Won), Of(StageKind.Lost));
                return new PartyDealTotal(g.Key, open.Count, open.Sum, won.Count, won.Sum, lost.Count, lost.Sum);
            })
            .ToList();
        var rows = await deals
            .OrderBy(d => d.Stage!.Kind == StageKind.Open ? 0 : 1).ThenByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Take(200)
            .Select(d => new PartyDealRow(d.Id, d.Title, d.Stage!.Name, d.Stage.Color, d.Stage.Kind, d.Amount, d.Currency, d.CreatedAt, d.ClosedAt))
            .ToListAsync(ct);
        return new PartyDeals(rows, totals);
    }
}
