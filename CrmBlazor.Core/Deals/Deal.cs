namespace CrmBlazor.Core.Deals;

public class Deal : AuditedEntity, IResponsibleRecord
{
    /// <summary>The values of its custom fields (decision 017).</summary>
    public List<DealFieldValue> CustomValues { get; set; } = [];
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
    public DateTime StageEnteredAt { get; set; }
    /// <summary>When the deal entered a won or lost stage; null while it is open.</summary>
    public DateTime? ClosedAt { get; set; }
    /// <summary>Why a lost deal was lost (from the configurable <see cref="LostReason"/> list).</summary>
    public int? LostReasonId { get; set; }
    public LostReason? LostReason { get; set; }
    /// <summary>The closing comment of a won or lost deal.</summary>
    public string? CloseComment { get; set; }
    /// <summary>
    /// The highest <see cref="Stage.Sort"/> among the open stages of its pipeline the deal has ever entered (null when it
    /// entered none, for example created straight into Lost). The funnel reads it instead of the stage history, so the
    /// funnel is one index scan; it is kept in step by <see cref="EnterStage"/>, which also writes the history.
    /// </summary>
    public int? FurthestOpenStageSort { get; set; }

    /// <summary>
    /// When the deal was moved into its current pipeline from another one (null: it has been in it since it was
    /// created). Its stage history before then belongs to the other pipeline, so recomputing
    /// <see cref="FurthestOpenStageSort"/> after a reorder of stages reads only the history since then.
    /// </summary>
    public DateTime? PipelineEnteredAt { get; set; }

    /// <summary>Keeps the closing fields in step with the kind of the stage the deal is entering.</summary>
    public void EnterStage(Stage stage, DateTime now)
    {
        if (stage.PipelineId != PipelineId)
        {
            FurthestOpenStageSort = null; // a new deal, or one moved to another pipeline: its progress starts again
            PipelineEnteredAt = PipelineId == 0 ? null : now;
        }
        if (stage.Kind == StageKind.Open && (FurthestOpenStageSort is null || stage.Sort > FurthestOpenStageSort))
        {
            FurthestOpenStageSort = stage.Sort;
        }
        StageId = stage.Id;
        PipelineId = stage.PipelineId;
        StageEnteredAt = now;
        if (stage.Kind == StageKind.Open)
        {
            ClosedAt = null;
            LostReasonId = null;
            CloseComment = null;
        }
        else
        {
            ClosedAt ??= now;
            if (stage.Kind == StageKind.Won)
            {
                LostReasonId = null;
            }
        }
    }
}

/// <summary>One entry of the configurable list of reasons a deal is lost.</summary>
public class LostReason
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int Sort { get; set; }
    public bool IsActive { get; set; } = true;
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
