using CrmBlazor.Core.Common;
using CrmBlazor.Core.Leads;

namespace CrmBlazor.Core.Companies;

public class Company : IVersioned
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The first of <see cref="Emails"/>, kept in step by the service for lists and sorting.</summary>
    public string? Email { get; set; }
    /// <summary>The first of <see cref="Phones"/>, kept in step by the service for lists and sorting.</summary>
    public string? Phone { get; set; }
    public string? Website { get; set; }
    /// <summary>The company's home town (shown in lists and filtered on); addresses may name other cities.</summary>
    public string? City { get; set; }
    public string? ResponsibleUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<CompanyPhone> Phones { get; set; } = [];
    public List<CompanyEmail> Emails { get; set; } = [];
    public List<CompanyAddress> Addresses { get; set; } = [];
    public int Version { get; set; }
}

public class CompanyPhone
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    /// <summary>E.164 (see <see cref="PhoneNumberFormat"/>).</summary>
    public required string Number { get; set; }
    public PhoneType Type { get; set; }
}

public class CompanyEmail
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    /// <summary>Lower-cased, so duplicates match whatever case was typed.</summary>
    public required string Address { get; set; }
    public EmailType Type { get; set; }
}

public class CompanyAddress
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    public AddressType Type { get; set; }
    public string? Street { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    public string? Country { get; set; }
}
