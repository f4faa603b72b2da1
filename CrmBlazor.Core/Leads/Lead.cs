using CrmBlazor.Core.Common;

namespace CrmBlazor.Core.Leads;

/// <summary>Someone who may become a client. The leads section and "Complete lead" build on this record.</summary>
public class Lead : IVersioned
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public string? PersonName { get; set; }
    public string? CompanyName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Website { get; set; }
    public LeadSource Source { get; set; }
    public LeadStatus Status { get; set; }
    public string? ResponsibleUserId { get; set; }
    public decimal? ExpectedAmount { get; set; }
    public string? Currency { get; set; }
    public string? Comment { get; set; }
    public DateTime CreatedAt { get; set; }
    public int Version { get; set; }
}

public enum LeadSource
{
    Manual,
    Import,
    WebForm,
    Widget,
    Email,
    Call,
    Other,
}

public enum LeadStatus
{
    New,
    InProgress,
    Processed,
    Converted,
    Junk,
}
