using CrmBlazor.Core.Pipelines;

namespace CrmBlazor.Core.Deals;

/// <summary>A deal as a kanban card shows it. Immutable, with value equality, so a card re-renders only when it changed.</summary>
public sealed record DealCard(
    int Id,
    int PipelineId,
    int StageId,
    string Rank,
    string Title,
    decimal Amount,
    string Currency,
    int? CompanyId,
    string? CompanyName,
    int? ContactId,
    string? ContactName,
    string? ResponsibleUserId,
    string? ResponsibleName,
    DateTime StageEnteredAt,
    int Version);

public sealed record MoneyTotal(string Currency, decimal Amount);

/// <summary>A stage column: the count and per-currency sums of all its deals (from the database), and its first cards.</summary>
public sealed record BoardColumn(StageView Stage, int Count, IReadOnlyList<MoneyTotal> Totals, IReadOnlyList<DealCard> Cards);

/// <summary>A pipeline's board as of live event <paramref name="Sequence"/>: apply only later events to it.</summary>
public sealed record BoardView(PipelineSummary Pipeline, IReadOnlyList<PipelineSummary> Pipelines, IReadOnlyList<BoardColumn> Columns, long Sequence);

/// <summary>
/// Move a deal to <paramref name="ToStageId"/>, between the cards <paramref name="AfterDealId"/> (the one above, or null
/// for the top) and <paramref name="BeforeDealId"/> (the one below, or null for the bottom). <paramref name="ExpectedVersion"/>
/// is the version of the card the user dragged.
/// </summary>
public sealed record MoveDeal(int DealId, int ToStageId, int ExpectedVersion, int? AfterDealId = null, int? BeforeDealId = null);

public sealed record DealInput
{
    public string Title { get; init; } = "";
    public decimal Amount { get; init; }
    public string Currency { get; init; } = "";
    public int StageId { get; init; }
    public int? CompanyId { get; init; }
    public int? ContactId { get; init; }
    public string? ResponsibleUserId { get; init; }
}

/// <summary>A deal as its edit form needs it: the input plus the version the edit is based on.</summary>
public sealed record DealForEdit(int Id, int Version, DealInput Input, string? CompanyName, string? ContactName);

public static class DealRules
{
    public const int TitleMaxLength = 200;
    public const decimal MaxAmount = 1_000_000_000_000m;
    public const int CloseCommentMaxLength = 2000;
    public const int LostReasonMaxLength = 100;
}
