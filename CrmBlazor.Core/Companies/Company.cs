using CrmBlazor.Core.Common;

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

public class CompanyPhone : PhoneEntry
{
    public int CompanyId { get; set; }
}

public class CompanyEmail : EmailEntry
{
    public int CompanyId { get; set; }
}

public class CompanyAddress : PostalAddress
{
    public int CompanyId { get; set; }
}
