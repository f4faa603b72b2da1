using System.Linq.Expressions;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Core.Contacts;

public sealed record ContactRow(
    int Id, string FirstName, string? LastName, string? Email, string? Phone, string? Position, int? CompanyId, string? CompanyName, int Version,
    string? City = null, string? ResponsibleUserId = null, string? ResponsibleName = null)
{
    public string FullName => string.IsNullOrWhiteSpace(LastName) ? FirstName : $"{FirstName} {LastName}";

    /// <summary>The values of the list's custom-field columns, as text by code (filled by the list).</summary>
    public IReadOnlyDictionary<string, string> Custom { get; init; } = new Dictionary<string, string>();
}

/// <summary>A contact as typed (see <see cref="PartyInput"/> for what every party has).</summary>
public sealed record ContactInput : PartyInput
{
    public string FirstName { get; init; } = "";
    public string? LastName { get; init; }
    public string? Position { get; init; }
    public int? CompanyId { get; init; }
}

public sealed record ContactQuery : PartyQuery
{
    public int? CompanyId { get; init; }
}

/// <summary>A contact as its page shows it: every phone, e-mail and address in <see cref="Input"/>.</summary>
public sealed record ContactDetails(int Id, int Version, ContactInput Input, string? CompanyName, string? ResponsibleName, DateTime CreatedAt)
{
    public string FullName => string.IsNullOrWhiteSpace(Input.LastName) ? Input.FirstName : $"{Input.FirstName} {Input.LastName}";
}

/// <summary>Contacts: people, each maybe working at a company. What every party does is <see cref="PartyService{TParty, TInput, TQuery, TRow, TDetails}"/>'s.</summary>
public sealed class ContactService(IDbContextFactory<CrmDbContext> contextFactory, ILiveUpdates live, TimeProvider clock, IOptions<CrmOptions> options)
    : PartyService<Contact, ContactInput, ContactQuery, ContactRow, ContactDetails>(contextFactory, live, clock, options)
{
    protected override ElementKind Kind => ElementKind.Contact;
    protected override AccessEntity Entity => AccessEntity.Contact;

    protected override Contact NewParty() => new() { FirstName = "" };

    protected override IQueryable<Contact> WithDetails(IQueryable<Contact> contacts) =>
        contacts.Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Addresses).Include(c => c.CustomValues).Include(c => c.Company);

    protected override Expression<Func<Contact, bool>> NameMatches(string pattern) =>
        c => EF.Functions.Like(c.FirstName.ToLower(), pattern, TextSearch.Escape) || EF.Functions.Like(c.LastName!.ToLower(), pattern, TextSearch.Escape);

    protected override IQueryable<Contact> Matching(IQueryable<Contact> contacts, string pattern, string? phone) =>
        contacts.Where(c => EF.Functions.Like(c.FirstName.ToLower(), pattern, TextSearch.Escape)
            || EF.Functions.Like(c.LastName!.ToLower(), pattern, TextSearch.Escape)
            || EF.Functions.Like(c.Company!.Name.ToLower(), pattern, TextSearch.Escape)
            || c.Emails.Any(e => EF.Functions.Like(e.Address, pattern, TextSearch.Escape))
            || (phone != null && c.Phones.Any(p => p.Number == phone)));

    protected override IQueryable<Contact> InCity(IQueryable<Contact> contacts, string pattern) =>
        contacts.Where(c => c.Addresses.Any(a => EF.Functions.Like(a.City!.ToLower(), pattern, TextSearch.Escape)));

    protected override IQueryable<Contact> Filtered(IQueryable<Contact> contacts, ContactQuery query) =>
        query.CompanyId is { } companyId ? contacts.Where(c => c.CompanyId == companyId) : contacts;

    protected override IOrderedQueryable<Contact> Ordered(IQueryable<Contact> contacts) =>
        contacts.OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ThenBy(c => c.Id);

    /// <summary>The last name, then the first name (as the pages order contacts), as one text.</summary>
    protected override Expression<Func<Contact, string>> NameKey => c => (c.LastName ?? "") + " " + c.FirstName;
    protected override Expression<Func<Contact, string?>>? SortKey(CrmDbContext db, string column) => column switch
    {
        "name" => c => (c.LastName ?? "") + " " + c.FirstName,
        "company" => c => c.Company != null ? c.Company.Name : null,
        "position" => c => c.Position,
        "city" => c => c.Addresses.OrderBy(a => a.Id).Select(a => a.City).FirstOrDefault(),
        _ => base.SortKey(db, column),
    };

    protected override Expression<Func<Contact, Lookup>> ToLookup => c => new Lookup(c.Id, (c.FirstName + " " + (c.LastName ?? "")).Trim());

    protected override IQueryable<ContactRow> Rows(CrmDbContext db, IQueryable<Contact> contacts) =>
        contacts.Select(c => new ContactRow(c.Id, c.FirstName, c.LastName, c.Email, c.Phone, c.Position, c.Company != null ? c.CompanyId : null, c.Company != null ? c.Company.Name : null, c.Version,
            c.Addresses.OrderBy(a => a.Id).Select(a => a.City).FirstOrDefault(),
            c.ResponsibleUserId,
            db.Users.Where(u => u.Id == c.ResponsibleUserId).Select(u => u.DisplayName).FirstOrDefault()));

    protected override Task<ContactDetails> DetailsAsync(CrmDbContext db, Contact c, string? responsibleName, IReadOnlyDictionary<string, CustomValue> custom, CancellationToken ct)
    {
        var points = PartyContactPoints.Of(c.Phones, c.Emails, c.Addresses);
        var input = new ContactInput
        {
            FirstName = c.FirstName,
            LastName = c.LastName,
            Position = c.Position,
            // A company in the recycle bin is no link to show or edit (decision 020).
            CompanyId = c.Company is null ? null : c.CompanyId,
            ResponsibleUserId = c.ResponsibleUserId,
            Phones = points.Phones,
            Emails = points.Emails,
            Addresses = points.Addresses,
            Custom = custom,
        };
        return Task.FromResult(new ContactDetails(c.Id, c.Version, input, c.Company?.Name, responsibleName, c.CreatedAt));
    }

    private protected override int IdOf(ContactRow row) => row.Id;

    private protected override ContactRow WithCustom(ContactRow row, IReadOnlyDictionary<string, string> custom) => row with { Custom = custom };

    private protected override IEnumerable<CustomFieldValue> CustomValuesOf(Contact party) => party.CustomValues;

    private protected override FieldChange[] ApplyCustom(CustomFieldSet fields, Contact party, IReadOnlyDictionary<string, CustomValue>? values, bool isNew) =>
        fields.Apply(party.CustomValues, values, isNew);

    private protected override async Task<FieldChange[]> ShownAsync(CrmDbContext db, Contact contact, CancellationToken ct) =>
    [
        new("Name", contact.FullName, null),
        new(nameof(Contact.Position), contact.Position, null),
        new(nameof(Contact.Company), contact.CompanyId is null ? null : await db.Companies.Where(c => c.Id == contact.CompanyId).Select(c => c.Name).FirstOrDefaultAsync(ct), null),
        new(nameof(Contact.Email), contact.Email, null),
        new(nameof(Contact.Phone), contact.Phone is null ? null : PhoneNumberFormat.Display(contact.Phone), null),
        new("Responsible", await UserNameAsync(db, contact.ResponsibleUserId, ct), null),
    ];

    private protected override void ValidateFields(Validator v, ContactInput input, string prefix) =>
        v.Required(prefix + nameof(ContactInput.FirstName), input.FirstName).MaxLength(prefix + nameof(ContactInput.FirstName), input.FirstName, 100)
            .MaxLength(prefix + nameof(ContactInput.LastName), input.LastName, 100)
            .MaxLength(prefix + nameof(ContactInput.Position), input.Position, 100);

    protected override async Task ValidateReferencesAsync(CrmDbContext db, ContactInput input, List<FieldError> errors, CancellationToken ct)
    {
        if (input.CompanyId is { } companyId && !await db.Companies.AnyAsync(c => c.Id == companyId, ct))
        {
            errors.Add(new FieldError(nameof(ContactInput.CompanyId), "Validation.NoLongerExists"));
        }
    }

    protected override void ApplyFields(Contact contact, ContactInput input, PartyContactPoints points)
    {
        contact.FirstName = input.FirstName.Trim();
        contact.LastName = Validator.Clean(input.LastName);
        contact.Position = Validator.Clean(input.Position);
        contact.CompanyId = input.CompanyId;
        contact.Phones.Clear();
        contact.Phones.AddRange(points.Phones.Select(p => new ContactPhone { Number = p.Number, Type = p.Type }));
        contact.Emails.Clear();
        contact.Emails.AddRange(points.Emails.Select(e => new ContactEmail { Address = e.Address, Type = e.Type }));
        contact.Addresses.Clear();
        contact.Addresses.AddRange(points.Addresses
            .Select(a => new ContactAddress { Type = a.Type, Street = a.Street, PostalCode = a.PostalCode, City = a.City, Country = a.Country }));
    }
}
