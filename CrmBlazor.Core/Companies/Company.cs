using CrmBlazor.Core.Common;

namespace CrmBlazor.Core.Companies;

public class Company : IVersioned
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Website { get; set; }
    public string? City { get; set; }
    public string? ResponsibleUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public int Version { get; set; }
}
