using CrmBlazor.Core.Common;
using CrmBlazor.Core.Companies;

namespace CrmBlazor.Core.Contacts;

public class Contact : IVersioned
{
    public int Id { get; set; }
    public required string FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Position { get; set; }
    public int? CompanyId { get; set; }
    public Company? Company { get; set; }
    public string? ResponsibleUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public int Version { get; set; }

    public string FullName => string.IsNullOrWhiteSpace(LastName) ? FirstName : $"{FirstName} {LastName}";
}
