using CrmBlazor.Core.Common;
using CrmBlazor.Core.Companies;
using CrmBlazor.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Core.Contacts;

public sealed record ContactRow(int Id, string FirstName, string? LastName, string? Email, string? Phone, string? Position, int? CompanyId, string? CompanyName, int Version)
{
    public string FullName => string.IsNullOrWhiteSpace(LastName) ? FirstName : $"{FirstName} {LastName}";
}

public sealed record ContactInput
{
    public string FirstName { get; init; } = "";
    public string? LastName { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Position { get; init; }
    public int? CompanyId { get; init; }
}

/// <summary>Contacts as deals need them: a searchable, paged list and a validated form.</summary>
public sealed class ContactService(IDbContextFactory<CrmDbContext> contextFactory, TimeProvider clock, IOptions<CrmOptions> options)
{
    public async Task<Page<ContactRow>> ListAsync(string? search, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var query = db.Contacts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = $"%{search.Trim()}%";
            query = query.Where(c => EF.Functions.Like(c.FirstName, pattern) || EF.Functions.Like(c.LastName!, pattern)
                || EF.Functions.Like(c.Email!, pattern) || EF.Functions.Like(c.Company!.Name, pattern));
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ThenBy(c => c.Id).Skip(skip).Take(Math.Clamp(take, 1, 200))
            .Select(c => new ContactRow(c.Id, c.FirstName, c.LastName, c.Email, c.Phone, c.Position, c.CompanyId, c.Company != null ? c.Company.Name : null, c.Version))
            .ToListAsync(ct);
        return new Page<ContactRow>(items, total);
    }

    public async Task<IReadOnlyList<Lookup>> SearchAsync(string? text, int take = 20, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var query = db.Contacts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(text))
        {
            var pattern = $"%{text.Trim()}%";
            query = query.Where(c => EF.Functions.Like(c.FirstName, pattern) || EF.Functions.Like(c.LastName!, pattern));
        }
        return await query.OrderBy(c => c.LastName).ThenBy(c => c.FirstName).Take(take)
            .Select(c => new Lookup(c.Id, (c.FirstName + " " + (c.LastName ?? "")).Trim()))
            .ToListAsync(ct);
    }

    public async Task<Result<ContactRow>> SaveAsync(int? id, int expectedVersion, ContactInput input, Actor actor, CancellationToken ct = default)
    {
        var errors = Validate(input, options.Value.DefaultPhoneRegion);

        await using var db = await contextFactory.CreateDbContextAsync(ct);
        if (input.CompanyId is { } companyId && !await db.Companies.AnyAsync(c => c.Id == companyId, ct))
        {
            errors.Add(new FieldError(nameof(ContactInput.CompanyId), "Validation.NoLongerExists"));
        }
        if (errors.Count > 0)
        {
            return Result<ContactRow>.Invalid(errors);
        }

        Contact? contact;
        if (id is null)
        {
            contact = new Contact { FirstName = "", CreatedAt = clock.GetUtcNow().UtcDateTime, ResponsibleUserId = actor.UserId };
            db.Contacts.Add(contact);
        }
        else
        {
            contact = await db.Contacts.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (contact is null)
            {
                return Result<ContactRow>.NotFound();
            }
            if (!actor.MayChange(contact.ResponsibleUserId))
            {
                return Result<ContactRow>.Forbidden();
            }
            if (contact.Version != expectedVersion)
            {
                return Result<ContactRow>.Conflict(null, "Error.EditConflict");
            }
        }
        Apply(contact, input, options.Value.DefaultPhoneRegion);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result<ContactRow>.Conflict(null, "Error.EditConflict");
        }
        var companyName = contact.CompanyId is null ? null : await db.Companies.Where(c => c.Id == contact.CompanyId).Select(c => c.Name).FirstOrDefaultAsync(ct);
        return Result<ContactRow>.Ok(new ContactRow(contact.Id, contact.FirstName, contact.LastName, contact.Email, contact.Phone, contact.Position, contact.CompanyId, companyName, contact.Version));
    }

    /// <summary>The field errors of <paramref name="input"/>, each named <paramref name="prefix"/> + the input's property.</summary>
    internal static List<FieldError> Validate(ContactInput input, string phoneRegion, string prefix = "")
    {
        var v = new Validator()
            .Required(prefix + nameof(ContactInput.FirstName), input.FirstName).MaxLength(prefix + nameof(ContactInput.FirstName), input.FirstName, 100)
            .MaxLength(prefix + nameof(ContactInput.LastName), input.LastName, 100)
            .Email(prefix + nameof(ContactInput.Email), input.Email).MaxLength(prefix + nameof(ContactInput.Email), input.Email, 254)
            .Phone(prefix + nameof(ContactInput.Phone), input.Phone, phoneRegion)
            .MaxLength(prefix + nameof(ContactInput.Position), input.Position, 100);
        return [.. v.Errors];
    }

    internal static void Apply(Contact contact, ContactInput input, string phoneRegion)
    {
        contact.FirstName = input.FirstName.Trim();
        contact.LastName = Validator.Clean(input.LastName);
        contact.Email = Validator.Clean(input.Email)?.ToLowerInvariant();
        contact.Phone = PhoneNumberFormat.Normalize(input.Phone, phoneRegion);
        contact.Position = Validator.Clean(input.Position);
        contact.CompanyId = input.CompanyId;
    }
}
