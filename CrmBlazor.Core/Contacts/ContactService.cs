using CrmBlazor.Core.Access;
using CrmBlazor.Core.Common;
using CrmBlazor.Core.Data;
using CrmBlazor.Core.Live;
using CrmBlazor.Core.Timeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Core.Contacts;

public sealed record ContactRow(
    int Id, string FirstName, string? LastName, string? Email, string? Phone, string? Position, int? CompanyId, string? CompanyName, int Version,
    string? City = null, string? ResponsibleUserId = null, string? ResponsibleName = null)
{
    public string FullName => string.IsNullOrWhiteSpace(LastName) ? FirstName : $"{FirstName} {LastName}";
}

/// <summary>
/// A contact as typed. <see cref="Email"/> and <see cref="Phone"/> are a shortcut for callers with one of each (the
/// lead conversion): they come first, before <see cref="Emails"/> and <see cref="Phones"/>.
/// </summary>
public sealed record ContactInput
{
    public string FirstName { get; init; } = "";
    public string? LastName { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public IReadOnlyList<PhoneInput> Phones { get; init; } = [];
    public IReadOnlyList<EmailInput> Emails { get; init; } = [];
    public IReadOnlyList<AddressInput> Addresses { get; init; } = [];
    public string? Position { get; init; }
    public int? CompanyId { get; init; }
    /// <summary>Null keeps the current one (the creating user for a new contact).</summary>
    public string? ResponsibleUserId { get; init; }
}

public sealed record ContactQuery
{
    public string? Search { get; init; }
    public string? ResponsibleUserId { get; init; }
    public int? CompanyId { get; init; }
    public string? City { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 25;
}

/// <summary>A contact as its page shows it: every phone, e-mail and address in <see cref="Input"/>.</summary>
public sealed record ContactDetails(int Id, int Version, ContactInput Input, string? CompanyName, string? ResponsibleName, DateTime CreatedAt)
{
    public string FullName => string.IsNullOrWhiteSpace(Input.LastName) ? Input.FirstName : $"{Input.FirstName} {Input.LastName}";
}

/// <summary>Contacts: a searchable, filtered, paged list, a page with all their data, and a validated form.</summary>
public sealed class ContactService(IDbContextFactory<CrmDbContext> contextFactory, ILiveUpdates live, TimeProvider clock, IOptions<CrmOptions> options)
{
    private string Region => options.Value.DefaultPhoneRegion;

    public Task<Page<ContactRow>> ListAsync(string? search, int skip, int take, CancellationToken ct = default) =>
        ListAsync(new ContactQuery { Search = search, Skip = skip, Take = take }, ct);

    public async Task<Page<ContactRow>> ListAsync(ContactQuery q, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var query = db.Contacts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var text = q.Search.Trim();
            var pattern = $"%{text}%";
            var lower = text.ToLowerInvariant();
            var phone = text.Any(char.IsLetter) ? null : PhoneNumberFormat.Normalize(text, Region);
            query = query.Where(c => EF.Functions.Like(c.FirstName, pattern) || EF.Functions.Like(c.LastName!, pattern)
                || EF.Functions.Like(c.Company!.Name, pattern)
                || c.Emails.Any(e => e.Address.Contains(lower))
                || (phone != null && c.Phones.Any(p => p.Number == phone)));
        }
        if (!string.IsNullOrEmpty(q.ResponsibleUserId))
        {
            query = query.Where(c => c.ResponsibleUserId == q.ResponsibleUserId);
        }
        if (q.CompanyId is { } companyId)
        {
            query = query.Where(c => c.CompanyId == companyId);
        }
        if (!string.IsNullOrWhiteSpace(q.City))
        {
            // Lower-cased on both sides: LIKE ignores case on SQLite but not on PostgreSQL.
            var city = q.City.Trim().ToLowerInvariant();
            query = query.Where(c => c.Addresses.Any(a => a.City!.ToLower().Contains(city)));
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ThenBy(c => c.Id).Skip(Math.Max(0, q.Skip)).Take(Math.Clamp(q.Take, 1, 200))
            .Select(c => new ContactRow(c.Id, c.FirstName, c.LastName, c.Email, c.Phone, c.Position, c.CompanyId, c.Company != null ? c.Company.Name : null, c.Version,
                c.Addresses.OrderBy(a => a.Id).Select(a => a.City).FirstOrDefault(),
                c.ResponsibleUserId,
                db.Users.Where(u => u.Id == c.ResponsibleUserId).Select(u => u.DisplayName).FirstOrDefault()))
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

    public async Task<ContactDetails?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var c = await db.Contacts.AsNoTracking().AsSplitQuery()
            .Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Addresses).Include(c => c.Company)
            .FirstOrDefaultAsync(c => c.Id == id, ct);
        if (c is null)
        {
            return null;
        }
        var responsible = c.ResponsibleUserId is null ? null : await db.Users.Where(u => u.Id == c.ResponsibleUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        var input = new ContactInput
        {
            FirstName = c.FirstName,
            LastName = c.LastName,
            Position = c.Position,
            CompanyId = c.CompanyId,
            ResponsibleUserId = c.ResponsibleUserId,
            Phones = c.Phones.OrderBy(p => p.Id).Select(p => new PhoneInput(p.Number, p.Type)).ToList(),
            Emails = c.Emails.OrderBy(e => e.Id).Select(e => new EmailInput(e.Address, e.Type)).ToList(),
            Addresses = c.Addresses.OrderBy(a => a.Id)
                .Select(a => new AddressInput { Type = a.Type, Street = a.Street, PostalCode = a.PostalCode, City = a.City, Country = a.Country }).ToList(),
        };
        return new ContactDetails(c.Id, c.Version, input, c.Company?.Name, responsible, c.CreatedAt);
    }

    public async Task<Result<ContactRow>> SaveAsync(int? id, int expectedVersion, ContactInput input, Actor actor, CancellationToken ct = default)
    {
        var errors = Validate(input, Region);

        await using var db = await contextFactory.CreateDbContextAsync(ct);
        if (input.CompanyId is { } companyId && !await db.Companies.AnyAsync(c => c.Id == companyId, ct))
        {
            errors.Add(new FieldError(nameof(ContactInput.CompanyId), "Validation.NoLongerExists"));
        }
        if (!string.IsNullOrEmpty(input.ResponsibleUserId) && !await db.Users.AnyAsync(u => u.Id == input.ResponsibleUserId, ct))
        {
            errors.Add(new FieldError(nameof(ContactInput.ResponsibleUserId), "Validation.NoLongerExists"));
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
            contact = await db.Contacts.AsSplitQuery().Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Addresses).FirstOrDefaultAsync(c => c.Id == id, ct);
            if (contact is null)
            {
                return Result<ContactRow>.NotFound();
            }
            if (!AccessPolicy.MayChange(actor, contact.ResponsibleUserId))
            {
                return Result<ContactRow>.Forbidden();
            }
            if (contact.Version != expectedVersion)
            {
                return Result<ContactRow>.Conflict(null, "Error.EditConflict");
            }
        }
        var isNew = contact.Id == 0;
        var before = await ShownAsync(db, contact, ct);
        Apply(contact, input, Region);
        if (!string.IsNullOrEmpty(input.ResponsibleUserId))
        {
            contact.ResponsibleUserId = input.ResponsibleUserId;
        }
        // Only the child rows may have changed: the contact's version must still move, so others' forms notice.
        db.Entry(contact).State = isNew ? EntityState.Added : EntityState.Modified;
        var after = await ShownAsync(db, contact, ct);
        var changes = before.Zip(after, (b, a) => b with { New = a.Old }).ToList();
        if (!await PartySave.CommitAsync(db, live, contact, ElementKind.Contact, isNew, changes, actor, clock.GetUtcNow().UtcDateTime, ct))
        {
            return Result<ContactRow>.Conflict(null, "Error.EditConflict");
        }
        var companyName = contact.CompanyId is null ? null : await db.Companies.Where(c => c.Id == contact.CompanyId).Select(c => c.Name).FirstOrDefaultAsync(ct);
        return Result<ContactRow>.Ok(new ContactRow(contact.Id, contact.FirstName, contact.LastName, contact.Email, contact.Phone, contact.Position, contact.CompanyId, companyName, contact.Version,
            contact.Addresses.FirstOrDefault()?.City, contact.ResponsibleUserId));
    }

    /// <summary>The fields the timeline follows, as people read them.</summary>
    private static async Task<FieldChange[]> ShownAsync(CrmDbContext db, Contact contact, CancellationToken ct) =>
    [
        new("Name", contact.FullName, null),
        new(nameof(Contact.Position), contact.Position, null),
        new(nameof(Contact.Company), contact.CompanyId is null ? null : await db.Companies.Where(c => c.Id == contact.CompanyId).Select(c => c.Name).FirstOrDefaultAsync(ct), null),
        new(nameof(Contact.Email), contact.Email, null),
        new(nameof(Contact.Phone), contact.Phone is null ? null : PhoneNumberFormat.Display(contact.Phone), null),
        new("Responsible", contact.ResponsibleUserId is null ? null : await db.Users.Where(u => u.Id == contact.ResponsibleUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct), null),
    ];

    /// <summary>The field errors of <paramref name="input"/>, each named <paramref name="prefix"/> + the input's property.</summary>
    internal static List<FieldError> Validate(ContactInput input, string phoneRegion, string prefix = "")
    {
        var v = new Validator()
            .Required(prefix + nameof(ContactInput.FirstName), input.FirstName).MaxLength(prefix + nameof(ContactInput.FirstName), input.FirstName, 100)
            .MaxLength(prefix + nameof(ContactInput.LastName), input.LastName, 100)
            .Email(prefix + nameof(ContactInput.Email), input.Email).MaxLength(prefix + nameof(ContactInput.Email), input.Email, 254)
            .Phone(prefix + nameof(ContactInput.Phone), input.Phone, phoneRegion)
            .MaxLength(prefix + nameof(ContactInput.Position), input.Position, 100);
        ContactPoints.Validate(v, prefix, input.Phones, input.Emails, input.Addresses, phoneRegion);
        return [.. v.Errors];
    }

    internal static void Apply(Contact contact, ContactInput input, string phoneRegion)
    {
        contact.FirstName = input.FirstName.Trim();
        contact.LastName = Validator.Clean(input.LastName);
        contact.Position = Validator.Clean(input.Position);
        contact.CompanyId = input.CompanyId;

        var phones = ContactPoints.NormalizePhones(Prepend(input.Phone, input.Phones, p => new PhoneInput(p, PhoneType.Work)), phoneRegion);
        var emails = ContactPoints.NormalizeEmails(Prepend(input.Email, input.Emails, e => new EmailInput(e)));
        contact.Phone = phones.FirstOrDefault()?.Number;
        contact.Email = emails.FirstOrDefault()?.Address;
        contact.Phones.Clear();
        contact.Phones.AddRange(phones.Select(p => new ContactPhone { Number = p.Number, Type = p.Type }));
        contact.Emails.Clear();
        contact.Emails.AddRange(emails.Select(e => new ContactEmail { Address = e.Address, Type = e.Type }));
        contact.Addresses.Clear();
        contact.Addresses.AddRange(ContactPoints.NormalizeAddresses(input.Addresses)
            .Select(a => new ContactAddress { Type = a.Type, Street = a.Street, PostalCode = a.PostalCode, City = a.City, Country = a.Country }));
    }

    internal static IEnumerable<T> Prepend<T>(string? first, IEnumerable<T> rest, Func<string, T> make) =>
        string.IsNullOrWhiteSpace(first) ? rest : rest.Prepend(make(first));
}
