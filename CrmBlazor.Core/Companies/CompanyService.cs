using System.Linq.Expressions;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Core.Companies;

public sealed record CompanyRow(int Id, string Name, string? Email, string? Phone, string? Website, string? City, int Version,
    string? ResponsibleUserId = null, string? ResponsibleName = null)
{
    /// <summary>The values of the list's custom-field columns, as text by code (filled by the list).</summary>
    public IReadOnlyDictionary<string, string> Custom { get; init; } = new Dictionary<string, string>();
}

/// <summary>A company as typed (see <see cref="PartyInput"/> for what every party has).</summary>
public sealed record CompanyInput : PartyInput
{
    public string Name { get; init; } = "";
    public string? Website { get; init; }
    public string? City { get; init; }
}

public sealed record CompanyQuery : PartyQuery;

/// <summary>A company as its page shows it: every phone, e-mail and address in <see cref="Input"/>, and its contacts.</summary>
public sealed record CompanyDetails(int Id, int Version, CompanyInput Input, string? ResponsibleName, DateTime CreatedAt, IReadOnlyList<Lookup> Contacts);

/// <summary>Companies, with a home town and their contacts. What every party does is <see cref="PartyService{TParty, TInput, TQuery, TRow, TDetails}"/>'s.</summary>
public sealed class CompanyService(IDbContextFactory<CrmDbContext> contextFactory, ILiveUpdates live, TimeProvider clock, IOptions<CrmOptions> options)
    : PartyService<Company, CompanyInput, CompanyQuery, CompanyRow, CompanyDetails>(contextFactory, live, clock, options)
{
    protected override ElementKind Kind => ElementKind.Company;
    protected override AccessEntity Entity => AccessEntity.Company;

    protected override Company NewParty() => new() { Name = "" };

    protected override IQueryable<Company> WithDetails(IQueryable<Company> companies) =>
        companies.Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Addresses).Include(c => c.CustomValues);

    protected override Expression<Func<Company, bool>> NameMatches(string pattern) =>
        c => EF.Functions.Like(c.Name.ToLower(), pattern, TextSearch.Escape);

    protected override IQueryable<Company> Matching(IQueryable<Company> companies, string pattern, string? phone) =>
        companies.Where(c => EF.Functions.Like(c.Name.ToLower(), pattern, TextSearch.Escape)
            || EF.Functions.Like(c.City!.ToLower(), pattern, TextSearch.Escape)
            || c.Emails.Any(e => EF.Functions.Like(e.Address, pattern, TextSearch.Escape))
            || (phone != null && c.Phones.Any(p => p.Number == phone)));

    protected override IQueryable<Company> InCity(IQueryable<Company> companies, string pattern) =>
        companies.Where(c => EF.Functions.Like(c.City!.ToLower(), pattern, TextSearch.Escape)
            || c.Addresses.Any(a => EF.Functions.Like(a.City!.ToLower(), pattern, TextSearch.Escape)));

    protected override IOrderedQueryable<Company> Ordered(IQueryable<Company> companies) => companies.OrderBy(c => c.Name).ThenBy(c => c.Id);

    protected override Expression<Func<Company, string>> NameKey => c => c.Name;
    protected override Expression<Func<Company, string?>>? SortKey(CrmDbContext db, string column) => column switch
    {
        "name" => c => c.Name,
        "city" => c => c.City,
        "website" => c => c.Website,
        _ => base.SortKey(db, column),
    };

    protected override Expression<Func<Company, Lookup>> ToLookup => c => new Lookup(c.Id, c.Name);

    protected override IQueryable<CompanyRow> Rows(CrmDbContext db, IQueryable<Company> companies) =>
        companies.Select(c => new CompanyRow(c.Id, c.Name, c.Email, c.Phone, c.Website, c.City, c.Version, c.ResponsibleUserId,
            db.Users.Where(u => u.Id == c.ResponsibleUserId).Select(u => u.DisplayName).FirstOrDefault()));

    protected override async Task<CompanyDetails> DetailsAsync(CrmDbContext db, Company c, string? responsibleName, IReadOnlyDictionary<string, CustomValue> custom, CancellationToken ct)
    {
        var contacts = await db.Contacts.AsNoTracking().Where(p => p.CompanyId == c.Id).OrderBy(p => p.LastName).ThenBy(p => p.FirstName)
            .Select(p => new Lookup(p.Id, (p.FirstName + " " + (p.LastName ?? "")).Trim())).ToListAsync(ct);
        var points = PartyContactPoints.Of(c.Phones, c.Emails, c.Addresses);
        var input = new CompanyInput
        {
            Name = c.Name,
            Website = c.Website,
            City = c.City,
            ResponsibleUserId = c.ResponsibleUserId,
            Phones = points.Phones,
            Emails = points.Emails,
            Addresses = points.Addresses,
            Custom = custom,
        };
        return new CompanyDetails(c.Id, c.Version, input, responsibleName, c.CreatedAt, contacts);
    }

    private protected override int IdOf(CompanyRow row) => row.Id;

    private protected override CompanyRow WithCustom(CompanyRow row, IReadOnlyDictionary<string, string> custom) => row with { Custom = custom };

    private protected override IEnumerable<CustomFieldValue> CustomValuesOf(Company party) => party.CustomValues;

    private protected override FieldChange[] ApplyCustom(CustomFieldSet fields, Company party, IReadOnlyDictionary<string, CustomValue>? values, bool isNew) =>
        fields.Apply(party.CustomValues, values, isNew);

    private protected override async Task<FieldChange[]> ShownAsync(CrmDbContext db, Company company, CancellationToken ct) =>
    [
        new(nameof(Company.Name), company.Name, null),
        new(nameof(Company.Email), company.Email, null),
        new(nameof(Company.Phone), company.Phone is null ? null : PhoneNumberFormat.Display(company.Phone), null),
        new(nameof(Company.Website), company.Website, null),
        new(nameof(Company.City), company.City, null),
        new("Responsible", await UserNameAsync(db, company.ResponsibleUserId, ct), null),
    ];

    private protected override void ValidateFields(Validator v, CompanyInput input, string prefix) =>
        v.Required(prefix + nameof(CompanyInput.Name), input.Name).MaxLength(prefix + nameof(CompanyInput.Name), input.Name, 200)
            .Website(prefix + nameof(CompanyInput.Website), input.Website)
            .MaxLength(prefix + nameof(CompanyInput.City), input.City, 100);

    protected override void ApplyFields(Company company, CompanyInput input, PartyContactPoints points)
    {
        company.Name = input.Name.Trim();
        company.Website = Validator.NormalizeWebsite(input.Website);
        company.City = Validator.Clean(input.City) ?? points.Addresses.Select(a => a.City).FirstOrDefault(c => c is not null);
        company.Phones.Clear();
        company.Phones.AddRange(points.Phones.Select(p => new CompanyPhone { Number = p.Number, Type = p.Type }));
        company.Emails.Clear();
        company.Emails.AddRange(points.Emails.Select(e => new CompanyEmail { Address = e.Address, Type = e.Type }));
        company.Addresses.Clear();
        company.Addresses.AddRange(points.Addresses.Select(a => new CompanyAddress { Type = a.Type, Street = a.Street, PostalCode = a.PostalCode, City = a.City, Country = a.Country }));
    }
}
