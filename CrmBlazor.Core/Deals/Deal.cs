using CrmBlazor.Core.Common;
using CrmBlazor.Core.Companies;
using CrmBlazor.Core.Contacts;
using CrmBlazor.Core.Identity;
using CrmBlazor.Core.Pipelines;

namespace CrmBlazor.Core.Deals;

public class Deal : IVersioned
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public decimal Amount { get; set; }
    public required string Currency { get; set; }
    public int PipelineId { get; set; }
    public int StageId { get; set; }
    public Stage? Stage { get; set; }
    /// <summary>Position inside the stage's column; see <see cref="Rank"/>.</summary>
    public required string Rank { get; set; }
    public int? CompanyId { get; set; }
    public Company? Company { get; set; }
    public int? ContactId { get; set; }
    public Contact? Contact { get; set; }
    public string? ResponsibleUserId { get; set; }
    public CrmUser? ResponsibleUser { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime StageEnteredAt { get; set; }
    public int Version { get; set; }
}

/// <summary>One move of a deal between stages (or its first stage, when <see cref="FromStageId"/> is null).</summary>
public class DealStageChange
{
    public long Id { get; set; }
    public int DealId { get; set; }
    public Deal? Deal { get; set; }
    public int? FromStageId { get; set; }
    public int ToStageId { get; set; }
    public required string ChangedById { get; set; }
    public DateTime ChangedAt { get; set; }
}
