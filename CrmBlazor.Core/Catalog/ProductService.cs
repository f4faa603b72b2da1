using Microsoft.Extensions.Options;

namespace CrmBlazor.Core.Catalog;

/// <summary>
/// The product catalog: a searchable, paged list and sections for everyone; creating, editing and deactivating
/// products and sections for admins and managers (<see cref="AccessPolicy.MayManageCatalog"/>). A saved product is
/// published as a <see cref="ProductChanged"/>.
/// </summary>
public sealed class ProductService(IDbContextFactory<CrmDbContext> contextFactory, TimeProvider clock, IOptions<CrmOptions> options, ILiveUpdates live)
{
    public async Task<Page<ProductRow>> ListAsync(ProductQuery q, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var query = Filter(db.Products.AsNoTracking(), q.Search);
        if (!q.IncludeInactive)
        {
            query = query.Where(p => p.IsActive);
        }
        if (q.SectionId is { } sectionId)
        {
            query = query.Where(p => p.SectionId == sectionId || (p.Section != null && p.Section.ParentId == sectionId));
        }
        var total = await query.CountAsync(ct);
        var items = await Sorted(query, q.SortBy, q.Descending).Skip(Math.Max(0, q.Skip)).Take(Math.Clamp(q.Take, 1, 200))
            .Select(Row).ToListAsync(ct);
        return new Page<ProductRow>(items, total);
    }

    /// <summary>
    /// The products in <paramref name="sort"/> order, blanks (no SKU, no section) last either way as on both providers
    /// alike, then the name, then the id, so pages never overlap.
    /// </summary>
    private static IOrderedQueryable<Product> Sorted(IQueryable<Product> products, ProductSort sort, bool descending)
    {
        IOrderedQueryable<Product> By<TKey>(System.Linq.Expressions.Expression<Func<Product, TKey>> key) =>
            descending ? products.OrderByDescending(key) : products.OrderBy(key);
        IOrderedQueryable<Product> Then<TKey>(IOrderedQueryable<Product> ordered, System.Linq.Expressions.Expression<Func<Product, TKey>> key) =>
            descending ? ordered.ThenByDescending(key) : ordered.ThenBy(key);
        var ordered = sort switch
        {
            ProductSort.Sku => Then(products.OrderBy(p => p.Sku == null), p => p.Sku!.ToLower()),
            ProductSort.Section => Then(products.OrderBy(p => p.Section == null), p => p.Section!.Name.ToLower()),
            // Money and rates are TEXT on SQLite: numbers to order by (a price is capped far below where a double loses a unit).
            ProductSort.Price => By(p => (double)p.Price),
            ProductSort.Unit => By(p => p.Unit.ToLower()),
            ProductSort.TaxRate => By(p => (double)p.TaxRate),
            ProductSort.Active => By(p => p.IsActive),
            _ => By(p => p.Name.ToLower()),
        };
        if (sort != ProductSort.Name)
        {
            ordered = ordered.ThenBy(p => p.Name.ToLower());
        }
        return descending ? ordered.ThenByDescending(p => p.Id) : ordered.ThenBy(p => p.Id);
    }

    /// <summary>Active products whose name or SKU contains <paramref name="text"/>, for search as you type.</summary>
    public async Task<IReadOnlyList<ProductRow>> SearchAsync(string? text, int take = 20, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await Filter(db.Products.AsNoTracking().Where(p => p.IsActive), text)
            .OrderBy(p => p.Name).ThenBy(p => p.Id).Take(Math.Clamp(take, 1, 50)).Select(Row).ToListAsync(ct);
    }

    public async Task<ProductForEdit?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await db.Products.AsNoTracking().Where(p => p.Id == id)
            .Select(p => new ProductForEdit(p.Id, p.Version, p.IsActive, new ProductInput
            {
                Name = p.Name, Sku = p.Sku, Description = p.Description, Unit = p.Unit, Price = p.Price, Currency = p.Currency, TaxRate = p.TaxRate, SectionId = p.SectionId,
            }))
            .FirstOrDefaultAsync(ct);
    }

    public async Task<Result<ProductRow>> SaveAsync(int? id, int expectedVersion, ProductInput input, Actor actor, CancellationToken ct = default)
    {
        if (id is null ? !AccessPolicy.MayAddToCatalog(actor) : !AccessPolicy.MayManageCatalog(actor))
        {
            return Result<ProductRow>.Forbidden("Product.Forbidden");
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var errors = await ValidateAsync(db, input, id, ct);
        if (errors.Count > 0)
        {
            return Result<ProductRow>.Invalid(errors);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        Product? product;
        if (id is null)
        {
            product = new Product { Name = "", Unit = "", Currency = "" };
            db.Products.Add(product);
        }
        else
        {
            product = await db.Products.FirstOrDefaultAsync(p => p.Id == id, ct);
            if (product is null)
            {
                return Result<ProductRow>.NotFound();
            }
            if (product.Version != expectedVersion)
            {
                return Result<ProductRow>.Conflict(null, "Error.EditConflict");
            }
        }
        Apply(product, input, now);
        try
        {
            if (!await CommitAsync(db, product, id is null, actor, now, ct))
            {
                return Result<ProductRow>.Conflict(null, "Error.EditConflict");
            }
        }
        catch (DbUpdateException) when (product.Sku is not null)
        {
            // Two users saved one SKU at the same moment: the unique index kept the second one out.
            if (await SkuTakenAsync(product.Sku, product.Id, ct))
            {
                return Result<ProductRow>.Invalid([new FieldError(nameof(ProductInput.Sku), "Product.SkuTaken")]);
            }
            throw;
        }
        return Result<ProductRow>.Ok(await RowAsync(product.Id, ct));
    }

    /// <summary>Deactivates (or activates again) a product. Deals that have it keep their lines.</summary>
    public async Task<Result<ProductRow>> SetActiveAsync(int id, int expectedVersion, bool active, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageCatalog(actor))
        {
            return Result<ProductRow>.Forbidden("Product.Forbidden");
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (product is null)
        {
            return Result<ProductRow>.NotFound();
        }
        if (product.Version != expectedVersion)
        {
            return Result<ProductRow>.Conflict(null, "Error.EditConflict");
        }
        product.IsActive = active;
        if (!await CommitAsync(db, product, created: false, actor, clock.GetUtcNow().UtcDateTime, ct))
        {
            return Result<ProductRow>.Conflict(null, "Error.EditConflict");
        }
        return Result<ProductRow>.Ok(await RowAsync(id, ct));
    }

    public async Task<IReadOnlyList<SectionView>> GetSectionsAsync(CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await db.ProductSections.AsNoTracking().OrderBy(s => s.Sort).ThenBy(s => s.Name)
            .Select(s => new SectionView(s.Id, s.Name, s.ParentId, db.Products.Count(p => p.SectionId == s.Id && p.IsActive)))
            .ToListAsync(ct);
    }

    public async Task<Result<SectionView>> AddSectionAsync(string name, int? parentId, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageCatalog(actor))
        {
            return Result<SectionView>.Forbidden("Product.Forbidden");
        }
        var v = new Validator().Required("Name", name).MaxLength("Name", name, CatalogRules.SectionNameMaxLength);
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        if (parentId is { } parent && !await db.ProductSections.AnyAsync(s => s.Id == parent, ct))
        {
            v.Add("ParentId", "Validation.NoLongerExists");
        }
        if (v.IsValid && await db.ProductSections.AnyAsync(s => s.Name == name.Trim() && s.ParentId == parentId, ct))
        {
            v.Add("Name", "Product.SectionExists");
        }
        if (!v.IsValid)
        {
            return Result<SectionView>.Invalid(v.Errors);
        }
        var section = new ProductSection { Name = name.Trim(), ParentId = parentId, Sort = await db.ProductSections.CountAsync(ct) };
        db.ProductSections.Add(section);
        await db.SaveChangesAsync(ct);
        return Result<SectionView>.Ok(new SectionView(section.Id, section.Name, section.ParentId, 0));
    }

    /// <summary>The field errors of a product; also used for a line typed on a deal that is to be saved to the catalog.</summary>
    internal async Task<List<FieldError>> ValidateAsync(CrmDbContext db, ProductInput input, int? id, CancellationToken ct, string prefix = "")
    {
        var currencies = await CurrencyService.CodesAsync(db, options.Value.Currencies, isNew: id is null, ct);
        var v = new Validator()
            .Required(prefix + nameof(ProductInput.Name), input.Name).MaxLength(prefix + nameof(ProductInput.Name), input.Name, CatalogRules.NameMaxLength)
            .MaxLength(prefix + nameof(ProductInput.Sku), input.Sku, CatalogRules.SkuMaxLength)
            .MaxLength(prefix + nameof(ProductInput.Description), input.Description, CatalogRules.DescriptionMaxLength)
            .Required(prefix + nameof(ProductInput.Unit), input.Unit).MaxLength(prefix + nameof(ProductInput.Unit), input.Unit, CatalogRules.UnitMaxLength);
        if (input.Price < 0)
        {
            v.Add(prefix + nameof(ProductInput.Price), "Validation.NotNegative");
        }
        else if (input.Price > CatalogRules.MaxPrice)
        {
            v.Add(prefix + nameof(ProductInput.Price), "Validation.TooLarge");
        }
        else if (decimal.Round(input.Price, 4) != input.Price)
        {
            v.Add(prefix + nameof(ProductInput.Price), "Validation.MaxDecimals", 4);
        }
        if (!currencies.Contains(input.Currency, StringComparer.Ordinal))
        {
            v.Add(prefix + nameof(ProductInput.Currency), "Validation.Currency", string.Join(", ", currencies));
        }
        if (input.TaxRate is < 0 or > 100 || decimal.Round(input.TaxRate, 2) != input.TaxRate)
        {
            v.Add(prefix + nameof(ProductInput.TaxRate), "Validation.Percent");
        }
        if (input.SectionId is { } sectionId && !await db.ProductSections.AnyAsync(s => s.Id == sectionId, ct))
        {
            v.Add(prefix + nameof(ProductInput.SectionId), "Validation.NoLongerExists");
        }
        if (Validator.Clean(input.Sku) is { } sku && await db.Products.AnyAsync(p => p.Sku == sku && p.Id != (id ?? 0), ct))
        {
            v.Add(prefix + nameof(ProductInput.Sku), "Product.SkuTaken");
        }
        return [.. v.Errors];
    }

    internal static void Apply(Product product, ProductInput input, DateTime now)
    {
        product.Name = input.Name.Trim();
        product.Sku = Validator.Clean(input.Sku);
        product.Description = Validator.Clean(input.Description);
        product.Unit = input.Unit.Trim();
        product.Price = input.Price;
        product.Currency = input.Currency;
        product.TaxRate = input.TaxRate;
        product.SectionId = input.SectionId;
    }

    /// <summary>Commits, then publishes the change. False, with nothing saved or published, when another user saved it first.</summary>
    private Task<bool> CommitAsync(CrmDbContext db, Product product, bool created, Actor actor, DateTime now, CancellationToken ct) =>
        live.SaveAndPublishAsync(db, () => new ProductChanged
        {
            ProductId = product.Id,
            Created = created,
            Version = product.Version,
            ActorId = actor.UserId,
            ActorName = actor.DisplayName,
            OccurredAt = now,
        }, ct);

    private async Task<bool> SkuTakenAsync(string sku, int id, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await db.Products.AnyAsync(p => p.Sku == sku.Trim() && p.Id != id, ct);
    }

    private async Task<ProductRow> RowAsync(int id, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await db.Products.AsNoTracking().Where(p => p.Id == id).Select(Row).FirstAsync(ct);
    }

    private static IQueryable<Product> Filter(IQueryable<Product> query, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return query;
        }
        var pattern = TextSearch.Contains(text);
        return query.Where(p => EF.Functions.Like(p.Name.ToLower(), pattern, TextSearch.Escape)
            || (p.Sku != null && EF.Functions.Like(p.Sku.ToLower(), pattern, TextSearch.Escape)));
    }

    private static readonly System.Linq.Expressions.Expression<Func<Product, ProductRow>> Row = p =>
        new ProductRow(p.Id, p.Name, p.Sku, p.Unit, p.Price, p.Currency, p.TaxRate, p.IsActive, p.SectionId, p.Section != null ? p.Section.Name : null, p.Version);
}
