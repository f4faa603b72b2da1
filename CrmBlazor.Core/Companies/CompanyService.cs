using CrmBlazor.Core.Access;
using CrmBlazor.Core.Common;
using CrmBlazor.Core.Contacts;
using CrmBlazor.Core.Data;
using CrmBlazor.Core.Live;
using CrmBlazor.Core.Timeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Core.Companies;

public sealed record CompanyRow(int Id, string Name, string? Email, string? Phone, string? Website, string? City, int Version,
    string? ResponsibleUserId = null, string? ResponsibleName = null);

/// <summary>
/// A company as typed. <see cref="Email"/> and <see cref="Phone"/> are a shortcut for callers with one of each (the
/// lead conversion): they come first, before <see cref="Emails"/> and <see cref="Phones"/>.
/// </summary>
public sealed record CompanyInput
{
    public string Name { get; init; } = "";
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public IReadOnlyList<PhoneInput> Phones { get; init; } = [];
    public IReadOnlyList<EmailInput> Emails { get; init; } = [];
    public IReadOnlyList<AddressInput> Addresses { get; init; } = [];
    public string? Website { get; init; }
    public string? City { get; init; }
    /// <summary>Null keeps the current one (the creating user for a new company).</summary>
    public string? ResponsibleUserId { get; init; }
}

public sealed record CompanyQuery
{
    public string? Search { get; init; }
    public string? ResponsibleUserId { get; init; }
    public string? City { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 25;
}

/// <summary>A company as its page shows it: every phone, e-mail and address in <see cref="Input"/>, and its contacts.</summary>
public sealed record CompanyDetails(int Id, int Version, CompanyInput Input, string? ResponsibleName, DateTime CreatedAt, IReadOnlyList<Lookup> Contacts);

/// <summary>Companies: a searchable, filtered, paged list, a page with all their data, and a validated form.</summary>
public sealed class CompanyService(IDbContextFactory<CrmDbContext> contextFactory, ILiveUpdates live, TimeProvider clock, IOptions<CrmOptions> options)
{
    private string Region => options.Value.DefaultPhoneRegion;

    public Task<Page<CompanyRow>> ListAsync(string? search, int skip, int take, CancellationToken ct = default) =>
        ListAsync(new CompanyQuery { Search = search, Skip = skip, Take = take }, ct);

    public async Task<Page<CompanyRow>> ListAsync(CompanyQuery q, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var query = db.Companies.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var text = q.Search.Trim();
            var pattern = $"%{text}%";
            var lower = text.ToLowerInvariant();
            var phone = text.Any(char.IsLetter) ? null : PhoneNumberFormat.Normalize(text, Region);
            query = query.Where(c => EF.Functions.Like(c.Name, pattern) || EF.Functions.Like(c.City!, pattern)
                || c.Emails.Any(e => e.Address.Contains(lower))
                || (phone != null && c.Phones.Any(p => p.Number == phone)));
        }
        if (!string.IsNullOrEmpty(q.ResponsibleUserId))
        {
            query = query.Where(c => c.ResponsibleUserId == q.ResponsibleUserId);
        }
        if (!string.IsNullOrWhiteSpace(q.City))
        {
            // Lower-cased on both sides: LIKE ignores case on SQLite but not on PostgreSQL.
            var city = q.City.Trim().ToLowerInvariant();
            query = query.Where(c => c.City!.ToLower().Contains(city) || c.Addresses.Any(a => a.City!.ToLower().Contains(city)));
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(c => c.Name).ThenBy(c => c.Id).Skip(Math.Max(0, q.Skip)).Take(Math.Clamp(q.Take, 1, 200))
            .Select(c => new CompanyRow(c.Id, c.Name, c.Email, c.Phone, c.Website, c.City, c.Version, c.ResponsibleUserId,
                db.Users.Where(u => u.Id == c.ResponsibleUserId).Select(u => u.DisplayName).FirstOrDefault()))
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

    public async Task<CompanyDetails?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var c = await db.Companies.AsNoTracking().AsSplitQuery()
            .Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Addresses)
            .FirstOrDefaultAsync(c => c.Id == id, ct);
        if (c is null)
        {
            return null;
        }
        var responsible = c.ResponsibleUserId is null ? null : await db.Users.Where(u => u.Id == c.ResponsibleUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        var contacts = await db.Contacts.AsNoTracking().Where(p => p.CompanyId == id).OrderBy(p => p.LastName).ThenBy(p => p.FirstName)
            .Select(p => new Lookup(p.Id, (p.FirstName + " " + (p.LastName ?? "")).Trim())).ToListAsync(ct);
        var input = new CompanyInput
        {
            Name = c.Name,
            Website = c.Website,
            City = c.City,
            ResponsibleUserId = c.ResponsibleUserId,
            Phones = c.Phones.OrderBy(p => p.Id).Select(p => new PhoneInput(p.Number, p.Type)).ToList(),
            Emails = c.Emails.OrderBy(e => e.Id).Select(e => new EmailInput(e.Address, e.Type)).ToList(),
            Addresses = c.Addresses.OrderBy(a => a.Id)
                .Select(a => new AddressInput { Type = a.Type, Street = a.Street, PostalCode = a.PostalCode, City = a.City, Country = a.Country }).ToList(),
        };
        return new CompanyDetails(c.Id, c.Version, input, responsible, c.CreatedAt, contacts);
    }

    public async Task<Result<CompanyRow>> SaveAsync(int? id, int expectedVersion, CompanyInput input, Actor actor, CancellationToken ct = default)
    {
        var errors = Validate(input, Region);
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        if (!string.IsNullOrEmpty(input.ResponsibleUserId) && !await db.Users.AnyAsync(u => u.Id == input.ResponsibleUserId, ct))
        {
            errors.Add(new FieldError(nameof(CompanyInput.ResponsibleUserId), "Validation.NoLongerExists"));
        }
        if (errors.Count > 0)
        {
            return Result<CompanyRow>.Invalid(errors);
        }

        Company? company;
        if (id is null)
        {
            company = new Company { Name = "", CreatedAt = clock.GetUtcNow().UtcDateTime, ResponsibleUserId = actor.UserId };
            db.Companies.Add(company);
        }
        else
        {
            company = await db.Companies.AsSplitQuery().Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Addresses).FirstOrDefaultAsync(c => c.Id == id, ct);
            if (company is null)
            {
                return Result<CompanyRow>.NotFound();
            }
            if (!AccessPolicy.MayChange(actor, company.ResponsibleUserId))
            {
                return Result<CompanyRow>.Forbidden();
            }
            if (company.Version != expectedVersion)
            {
                return Result<CompanyRow>.Conflict(null, "Error.EditConflict");
            }
        }
        var isNew = company.Id == 0;
        var before = await ShownAsync(db, company, ct);
        Apply(company, input, Region);
        if (!string.IsNullOrEmpty(input.ResponsibleUserId))
        {
            company.ResponsibleUserId = input.ResponsibleUserId;
        }
        // Only the child rows may have changed: the company's version must still move, so others' forms notice.
        db.Entry(company).State = isNew ? EntityState.Added : EntityState.Modified;
        var after = await ShownAsync(db, company, ct);
        var changes = before.Zip(after, (b, a) => b with { New = a.Old }).ToList();
        if (!await PartySave.CommitAsync(db, live, company, ElementKind.Company, isNew, changes, actor, clock.GetUtcNow().UtcDateTime, ct))
        {
            return Result<CompanyRow>.Conflict(null, "Error.EditConflict");
        }
        return Result<CompanyRow>.Ok(new CompanyRow(company.Id, company.Name, company.Email, company.Phone, company.Website, company.City, company.Version, company.ResponsibleUserId));
    }

    /// <summary>The fields the timeline follows, as people read them.</summary>
    private static async Task<FieldChange[]> ShownAsync(CrmDbContext db, Company company, CancellationToken ct) =>
    [
        new(nameof(Company.Name), company.Name, null),
        new(nameof(Company.Email), company.Email, null),
        new(nameof(Company.Phone), company.Phone is null ? null : PhoneNumberFormat.Display(company.Phone), null),
        new(nameof(Company.Website), company.Website, null),
        new(nameof(Company.City), company.City, null),
        new("Responsible", company.ResponsibleUserId is null ? null : await db.Users.Where(u => u.Id == company.ResponsibleUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct), null),
    ];

    /// <summary>The field errors of <paramref name="input"/>, each named <paramref name="prefix"/> + the input's property.</summary>
    internal static List<FieldError> Validate(CompanyInput input, string phoneRegion, string prefix = "")
    {
        var v = new Validator()
            .Required(prefix + nameof(CompanyInput.Name), input.Name).MaxLength(prefix + nameof(CompanyInput.Name), input.Name, 200)
            .Email(prefix + nameof(CompanyInput.Email), input.Email).MaxLength(prefix + nameof(CompanyInput.Email), input.Email, 254)
            .Phone(prefix + nameof(CompanyInput.Phone), input.Phone, phoneRegion)
            .Website(prefix + nameof(CompanyInput.Website), input.Website)
            .MaxLength(prefix + nameof(CompanyInput.City), input.City, 100);
        ContactPoints.Validate(v, prefix, input.Phones, input.Emails, input.Addresses, phoneRegion);
        return [.. v.Errors];
    }

    internal static void Apply(Company company, CompanyInput input, string phoneRegion)
    {
        company.Name = input.Name.Trim();
        company.Website = Validator.NormalizeWebsite(input.Website);
        var addresses = ContactPoints.NormalizeAddresses(input.Addresses);
        company.City = Validator.Clean(input.City) ?? addresses.Select(a => a.City).FirstOrDefault(c => c is not null);

        var phones = ContactPoints.NormalizePhones(ContactService.Prepend(input.Phone, input.Phones, p => new PhoneInput(p)), phoneRegion);
        var emails = ContactPoints.NormalizeEmails(ContactService.Prepend(input.Email, input.Emails, e => new EmailInput(e)));
        company.Phone = phones.FirstOrDefault()?.Number;
        company.Email = emails.FirstOrDefault()?.Address;
        company.Phones.Clear();
        company.Phones.AddRange(phones.Select(p => new CompanyPhone { Number = p.Number, Type = p.Type }));
        company.Emails.Clear();
        company.Emails.AddRange(emails.Select(e => new CompanyEmail { Address = e.Address, Type = e.Type }));
        company.Addresses.Clear();
        company.Addresses.AddRange(addresses.Select(a => new CompanyAddress { Type = a.Type, Street = a.Street, PostalCode = a.PostalCode, City = a.City, Country = a.Country }));
    }
}
