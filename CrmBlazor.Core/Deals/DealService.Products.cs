namespace CrmBlazor.Core.Deals;

/// <summary>A deal's product lines: the amount of a deal with lines is their grand total.</summary>
public sealed partial class DealService
{
    /// <summary>
    /// Replaces a deal's product lines in one transaction, with the deal's version as the concurrency token; the
    /// deal's amount becomes the lines' grand total (it stays as it was when the last line is removed). Typed-in lines
    /// marked <see cref="ProductLineInput.SaveToCatalog"/> become catalog products in the same transaction.
    /// Publishes the change, so boards update the card and the column sums.
    /// </summary>
    public async Task<Result<DealProducts>> SaveProductsAsync(SaveDealProducts save, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var deal = await db.Deals.Include(d => d.Stage).FirstOrDefaultAsync(d => d.Id == save.DealId, ct);
        if (deal is null)
        {
            return Result<DealProducts>.NotFound("Deal.NotFound");
        }
        if (!AccessPolicy.MayChange(actor, deal.ResponsibleUserId))
        {
            return Result<DealProducts>.Forbidden("Deal.Forbidden");
        }
        if (deal.Version != save.ExpectedVersion)
        {
            return Result<DealProducts>.Conflict(await GetProductsAsync(db, deal.Id, ct), "Deal.EditConflict");
        }
        if (deal.Stage?.Kind is StageKind.Won or StageKind.Lost)
        {
            return Result<DealProducts>.Invalid([new FieldError("Lines", "Deal.ClosedNoProducts")]);
        }

        var errors = DealTotals.Validate(save.Lines, deal.Currency).ToList();
        var productIds = save.Lines.Select(l => l.ProductId).OfType<int>().Distinct().ToList();
        var known = await db.Products.Where(p => productIds.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
        for (var i = 0; i < save.Lines.Count; i++)
        {
            var line = save.Lines[i];
            if (line.ProductId is { } productId && !known.Contains(productId))
            {
                errors.Add(new FieldError($"Lines[{i}].{nameof(ProductLineInput.Name)}", "Validation.NoLongerExists"));
            }
            if (line is { SaveToCatalog: true, ProductId: null } && !AccessPolicy.MayAddToCatalog(actor))
            {
                errors.Add(new FieldError($"Lines[{i}].{nameof(ProductLineInput.SaveToCatalog)}", "Product.Forbidden"));
            }
        }
        if (errors.Count > 0)
        {
            return Result<DealProducts>.Invalid(errors);
        }

        var before = await CardAsync(db, deal.Id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var newProducts = new List<Product>();
        await db.DealProductLines.Where(l => l.DealId == deal.Id).LoadAsync(ct);
        db.DealProductLines.RemoveRange(db.DealProductLines.Local.Where(l => l.DealId == deal.Id).ToList());
        for (var i = 0; i < save.Lines.Count; i++)
        {
            var input = save.Lines[i];
            var line = new DealProductLine
            {
                DealId = deal.Id,
                ProductId = input.ProductId,
                Name = input.Name.Trim(),
                Unit = input.Unit.Trim(),
                Quantity = input.Quantity,
                UnitPrice = input.UnitPrice,
                DiscountKind = input.DiscountKind,
                DiscountValue = input.DiscountValue,
                TaxRate = input.TaxRate,
                Sort = i,
            };
            if (input is { SaveToCatalog: true, ProductId: null })
            {
                var product = new Product { Name = "", Unit = "", Currency = "" };
                ProductService.Apply(product, new ProductInput { Name = input.Name, Unit = input.Unit, Price = input.UnitPrice, Currency = deal.Currency, TaxRate = input.TaxRate }, now);
                line.Product = product;
                db.Products.Add(product);
                newProducts.Add(product);
            }
            db.DealProductLines.Add(line);
        }
        if (save.Lines.Count > 0)
        {
            deal.Amount = DealTotals.Compute(save.Lines, deal.Currency).Total;
        }
        TimelineLog.Add(db, ElementRef.Deal(deal.Id), TimelineKind.ProductsChanged, actor.UserId, now,
            string.Join(", ", save.Lines.Select(l => l.Name.Trim())));
        TimelineLog.Changes(db, ElementRef.Deal(deal.Id), actor.UserId, now,
            new FieldChange(nameof(Deal.Amount), FieldChange.Money(before!.Amount, before.Currency), FieldChange.Money(deal.Amount, deal.Currency)));

        DealCard? after = null;
        var saved = await live.SaveAndPublishAsync(db, async () =>
        {
            after = await CardAsync(db, deal.Id, ct);
            // Lines saved to the catalog are new products every open catalog list shows.
            return [Changed(DealChangeKind.Updated, before, after, actor, now),
                .. newProducts.Select(p => new ProductChanged
                {
                    ProductId = p.Id, Created = true, Version = p.Version, ActorId = actor.UserId, ActorName = actor.DisplayName, OccurredAt = now,
                })];
        }, ct);
        if (!saved)
        {
            return Result<DealProducts>.Conflict(await GetProductsAsync(deal.Id, ct), "Deal.EditConflict");
        }
        return Result<DealProducts>.Ok((await GetProductsAsync(deal.Id, ct))!);
    }

    public async Task<DealProducts?> GetProductsAsync(int dealId, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await GetProductsAsync(db, dealId, ct);
    }

    internal static async Task<DealProducts?> GetProductsAsync(CrmDbContext db, int dealId, CancellationToken ct)
    {
        var deal = await db.Deals.AsNoTracking().Where(d => d.Id == dealId).Select(d => new { d.Version, d.Currency }).FirstOrDefaultAsync(ct);
        if (deal is null)
        {
            return null;
        }
        var lines = await LinesAsync(db, dealId, ct);
        return new DealProducts(dealId, deal.Version, deal.Currency, lines, DealTotals.Compute(lines, deal.Currency));
    }

    private static async Task<List<ProductLineInput>> LinesAsync(CrmDbContext db, int dealId, CancellationToken ct) =>
        await db.DealProductLines.AsNoTracking().Where(l => l.DealId == dealId).OrderBy(l => l.Sort).ThenBy(l => l.Id)
            .Select(l => new ProductLineInput
            {
                Id = l.Id,
                ProductId = l.ProductId,
                Name = l.Name,
                Unit = l.Unit,
                Quantity = l.Quantity,
                UnitPrice = l.UnitPrice,
                DiscountKind = l.DiscountKind,
                DiscountValue = l.DiscountValue,
                TaxRate = l.TaxRate,
            })
            .ToListAsync(ct);

    /// <summary>The amount of a deal being edited: its lines' total when it has lines (in its possibly new currency), else what was typed.</summary>
    private static async Task<decimal> AmountFollowingLinesAsync(CrmDbContext db, Deal deal, decimal typed, CancellationToken ct)
    {
        var lines = await LinesAsync(db, deal.Id, ct);
        return lines.Count == 0 ? typed : DealTotals.Compute(lines, deal.Currency).Total;
    }
}
