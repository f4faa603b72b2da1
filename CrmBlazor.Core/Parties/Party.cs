namespace CrmBlazor.Core.Parties;

/// <summary>Someone the team deals with, a contact or a company: what both keep and the party services rely on.</summary>
public abstract class Party : AuditedEntity, IResponsibleRecord, RecycleBin.IDeletable
{
    public int Id { get; set; }
    /// <summary>The first of the party's e-mails, kept in step by its service for lists and sorting.</summary>
    public string? Email { get; set; }
    /// <summary>The first of the party's phones, kept in step by its service for lists and sorting.</summary>
    public string? Phone { get; set; }
    public string? ResponsibleUserId { get; set; }
    /// <summary>When it went to the recycle bin, and by whom (null while it is not deleted; decision 020).</summary>
    public DateTime? DeletedAt { get; set; }
    public string? DeletedById { get; set; }
}

/// <summary>
/// A contact or company as typed. <see cref="Email"/> and <see cref="Phone"/> are a shortcut for callers with one of
/// each (the lead conversion): they come first, before <see cref="Emails"/> and <see cref="Phones"/>.
/// </summary>
public abstract record PartyInput
{
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public IReadOnlyList<PhoneInput> Phones { get; init; } = [];
    public IReadOnlyList<EmailInput> Emails { get; init; } = [];
    public IReadOnlyList<AddressInput> Addresses { get; init; } = [];
    /// <summary>Null keeps the current one (the creating user for a new one).</summary>
    public string? ResponsibleUserId { get; init; }
    /// <summary>Custom field values by code (decision 017); a code left out of an update keeps its value.</summary>
    public IReadOnlyDictionary<string, CustomValue> Custom { get; init; } = new Dictionary<string, CustomValue>();
}

/// <summary>The filters both party lists have.</summary>
public abstract record PartyQuery
{
    public string? Search { get; init; }
    public string? ResponsibleUserId { get; init; }
    public string? City { get; init; }
    /// <summary>Filters on custom fields, all of which must match (in SQL).</summary>
    public IReadOnlyList<CustomFieldFilter> Custom { get; init; } = [];
    /// <summary>The custom fields whose values the rows carry, by code (the user's columns); null: those flagged "shown in the list".</summary>
    public IReadOnlyList<string>? Columns { get; init; }
    /// <summary>The column to sort by (<c>name</c>, <c>email</c>, <c>phone</c>, <c>responsible</c>, and each kind's own: <c>company</c>, <c>position</c>, <c>city</c>, <c>website</c>); null or unknown: the list's own order.</summary>
    public string? SortBy { get; init; }
    public bool Descending { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 25;
}

/// <summary>The orders the API's contact and company lists offer; each is keyset-paged on (the key, the id).</summary>
public enum PartySort
{
    Id,
    Name,
    CreatedAt,
    UpdatedAt,
}

/// <summary>A party's phones, e-mails and addresses, normalized and without repeats, ready to become its rows.</summary>
public sealed record PartyContactPoints(IReadOnlyList<PhoneInput> Phones, IReadOnlyList<EmailInput> Emails, IReadOnlyList<AddressInput> Addresses)
{
    public static PartyContactPoints Of(IEnumerable<PhoneEntry> phones, IEnumerable<EmailEntry> emails, IEnumerable<PostalAddress> addresses) => new(
        phones.OrderBy(p => p.Id).Select(p => new PhoneInput(p.Number, p.Type)).ToList(),
        emails.OrderBy(e => e.Id).Select(e => new EmailInput(e.Address, e.Type)).ToList(),
        addresses.OrderBy(a => a.Id).Select(a => new AddressInput { Type = a.Type, Street = a.Street, PostalCode = a.PostalCode, City = a.City, Country = a.Country }).ToList());
}
