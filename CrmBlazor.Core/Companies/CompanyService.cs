using CrmBlazor.Core.Common;
using CrmBlazor.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

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
public sealed class CompanyService(IDbContextFactory<CrmDbContext> contextFactory, TimeProvider clock, IOptions<CrmOptions> options)
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
        var errors = Validate(input, options.Value.DefaultPhoneRegion);
        if (errors.Count > 0)
        {
            return Result<CompanyRow>.Invalid(errors);
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
        Apply(company, input, options.Value.DefaultPhoneRegion);
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

    /// <summary>The field errors of <paramref name="input"/>, each named <paramref name="prefix"/> + the input's property.</summary>
    internal static List<FieldError> Validate(CompanyInput input, string phoneRegion, string prefix = "")
    {
        var v = new Validator()
            .Required(prefix + nameof(CompanyInput.Name), input.Name).MaxLength(prefix + nameof(CompanyInput.Name), input.Name, 200)
            .Email(prefix + nameof(CompanyInput.Email), input.Email).MaxLength(prefix + nameof(CompanyInput.Email), input.Email, 254)
            .Phone(prefix + nameof(CompanyInput.Phone), input.Phone, phoneRegion)
            .Website(prefix + nameof(CompanyInput.Website), input.Website)
            .MaxLength(prefix + nameof(CompanyInput.City), input.City, 100);
        return [.. v.Errors];
    }

    internal static void Apply(Company company, CompanyInput input, string phoneRegion)
    {
        company.Name = input.Name.Trim();
        company.Email = Validator.Clean(input.Email)?.ToLowerInvariant();
        company.Phone = PhoneNumberFormat.Normalize(input.Phone, phoneRegion);
        company.Website = Validator.NormalizeWebsite(input.Website);
        company.City = Validator.Clean(input.City);
    }

}
