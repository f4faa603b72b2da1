using CrmBlazor.Core.Common;
using CrmBlazor.Core.Companies;

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

public class ContactPhone : PhoneEntry
{
    public int ContactId { get; set; }
}

public class ContactEmail : EmailEntry
{
    public int ContactId { get; set; }
}

public class ContactAddress : PostalAddress
{
    public int ContactId { get; set; }
}
