using CrmBlazor.Core.Common;
using CrmBlazor.Core.Companies;
using CrmBlazor.Core.Leads;

namespace CrmBlazor.Core.Contacts;

public class Contact : IVersioned
{
    public int Id { get; set; }
    public required string FirstName { get; set; }
    public string? LastName { get; set; }
    /// <summary>The first of <see cref="Emails"/>, kept in step by the service for lists and sorting.</summary>
    public string? Email { get; set; }
    /// <summary>The first of <see cref="Phones"/>, kept in step by the service for lists and sorting.</summary>
    public string? Phone { get; set; }
    public string? Position { get; set; }
    public int? CompanyId { get; set; }
    public Company? Company { get; set; }
    public string? ResponsibleUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<ContactPhone> Phones { get; set; } = [];
    public List<ContactEmail> Emails { get; set; } = [];
    public List<ContactAddress> Addresses { get; set; } = [];
    public int Version { get; set; }

    public string FullName => string.IsNullOrWhiteSpace(LastName) ? FirstName : $"{FirstName} {LastName}";
}

public class ContactPhone
{
    public int Id { get; set; }
    public int ContactId { get; set; }
    /// <summary>E.164 (see <see cref="PhoneNumberFormat"/>).</summary>
    public required string Number { get; set; }
    public PhoneType Type { get; set; }
}

public class ContactEmail
{
    public int Id { get; set; }
    public int ContactId { get; set; }
    /// <summary>Lower-cased, so duplicates match whatever case was typed.</summary>
    public required string Address { get; set; }
    public EmailType Type { get; set; }
}

public class ContactAddress
{
    public int Id { get; set; }
    public int ContactId { get; set; }
    public AddressType Type { get; set; }
    public string? Street { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    public string? Country { get; set; }
}
