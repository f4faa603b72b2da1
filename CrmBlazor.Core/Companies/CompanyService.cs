using CrmBlazor.Core.Common;
using CrmBlazor.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Core.Companies;

public sealed record CompanyRow(int Id, string Name, string? Email, string? Phone, string? Website, string? City, int Version);

public sealed record CompanyInput
{
    public string Name { get; init; } = "";
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Website { get; init; }
    public string? City { get; init; }
}

public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

public sealed record Lookup(int Id, string Name);

/// <summary>Companies as deals need them: a searchable, paged list and a validated form.</summary>
public sealed class CompanyService(IDbContextFactory<CrmDbContext> contextFactory, TimeProvider clock)
{
    public async Task<Page<CompanyRow>> ListAsync(string? search, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var query = db.Companies.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = $"%{search.Trim()}%";
            query = query.Where(c => EF.Functions.Like(c.Name, pattern) || EF.Functions.Like(c.Email!, pattern) || EF.Functions.Like(c.City!, pattern));
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(c => c.Name).ThenBy(c => c.Id).Skip(skip).Take(Math.Clamp(take, 1, 200))
            .Select(c => new CompanyRow(c.Id, c.Name, c.Email, c.Phone, c.Website, c.City, c.Version))
            .ToListAsync(ct);
        return new Page<CompanyRow>(items, total);
    }

    public async Task<IReadOnlyList<Lookup>> SearchAsync(string? text, int take = 20, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var query = db.Companies.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(text))
        {
            query = query.Where(c => EF.Functions.Like(c.Name, $"%{text.Trim()}%"));
        }
        return await query.OrderBy(c => c.Name).Take(take).Select(c => new Lookup(c.Id, c.Name)).ToListAsync(ct);
    }

    public async Task<Result<CompanyRow>> SaveAsync(int? id, int expectedVersion, CompanyInput input, Actor actor, CancellationToken ct = default)
    {
        var v = new Validator()
            .Required(nameof(CompanyInput.Name), input.Name).MaxLength(nameof(CompanyInput.Name), input.Name, 200)
            .Email(nameof(CompanyInput.Email), input.Email).MaxLength(nameof(CompanyInput.Email), input.Email, 254)
            .MaxLength(nameof(CompanyInput.Phone), input.Phone, 40)
            .MaxLength(nameof(CompanyInput.Website), input.Website, 300)
            .MaxLength(nameof(CompanyInput.City), input.City, 100);
        if (!string.IsNullOrWhiteSpace(input.Website) && !Uri.TryCreate(WithScheme(input.Website.Trim()), UriKind.Absolute, out _))
        {
            v.Add(nameof(CompanyInput.Website), "Validation.Website");
        }
        if (!v.IsValid)
        {
            return Result<CompanyRow>.Invalid(v.Errors);
        }

        await using var db = await contextFactory.CreateDbContextAsync(ct);
        Company? company;
        if (id is null)
        {
            company = new Company { Name = "", CreatedAt = clock.GetUtcNow().UtcDateTime, ResponsibleUserId = actor.UserId };
            db.Companies.Add(company);
        }
        else
        {
            company = await db.Companies.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (company is null)
            {
                return Result<CompanyRow>.NotFound();
            }
            if (!actor.MayChange(company.ResponsibleUserId))
            {
                return Result<CompanyRow>.Forbidden();
            }
            if (company.Version != expectedVersion)
            {
                return Result<CompanyRow>.Conflict(null, "Error.EditConflict");
            }
        }
        company.Name = input.Name.Trim();
        company.Email = Clean(input.Email);
        company.Phone = Clean(input.Phone);
        company.Website = Clean(input.Website) is { } site ? WithScheme(site) : null;
        company.City = Clean(input.City);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result<CompanyRow>.Conflict(null, "Error.EditConflict");
        }
        return Result<CompanyRow>.Ok(new CompanyRow(company.Id, company.Name, company.Email, company.Phone, company.Website, company.City, company.Version));
    }

    internal static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string WithScheme(string site) =>
        site.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || site.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? site
            : "https://" + site;
}
