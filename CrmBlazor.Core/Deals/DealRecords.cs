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
public sealed record BoardView(PipelineSummary Pipeline, IReadOnlyList<PipelineSummary> Pipelines, IReadOnlyList<BoardColumn> Columns, long Sequence)
{
    /// <summary>Today's rates, which turn each column's per-currency sums into one total in the base currency (decision 029).</summary>
    public CurrencyRates? Rates { get; init; }
}

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
    /// <summary>Custom field values by code (decision 017); a code left out of an update keeps its value.</summary>
    public IReadOnlyDictionary<string, CustomValue> Custom { get; init; } = new Dictionary<string, CustomValue>();
}

/// <summary>A deal as its edit form needs it: the input plus the version the edit is based on.</summary>
public sealed record DealForEdit(int Id, int Version, DealInput Input, string? CompanyName, string? ContactName);

public static class DealRules
{
    public const int TitleMaxLength = 200;
    public const decimal MaxAmount = 1_000_000_000_000m;
    public const int CloseCommentMaxLength = 2000;
    public const int LostReasonMaxLength = 100;
    public const int MaxProductLines = 200;
}

/// <summary>
/// Close a deal: move it to <paramref name="StageId"/>, a won or lost stage of its pipeline. Won takes
/// <paramref name="FinalAmount"/> (ignored when the deal has product lines: their total is the amount) and
/// <paramref name="ClosedOn"/> (today when null); lost takes <paramref name="LostReasonId"/>. Both take a comment.
/// </summary>
public sealed record CloseDeal(
    int DealId, int ExpectedVersion, int StageId, decimal? FinalAmount = null, DateOnly? ClosedOn = null, int? LostReasonId = null, string? Comment = null);

/// <summary>Reopen a won or lost deal into the open stage <paramref name="StageId"/> of its pipeline.</summary>
public sealed record ReopenDeal(int DealId, int ExpectedVersion, int StageId);

/// <summary>Replace a deal's product lines with <paramref name="Lines"/> (in the deal's currency).</summary>
public sealed record SaveDealProducts(int DealId, int ExpectedVersion, IReadOnlyList<ProductLineInput> Lines);

/// <summary>A deal's product lines as saved, with their totals, and the deal version they belong to.</summary>
public sealed record DealProducts(int DealId, int Version, string Currency, IReadOnlyList<ProductLineInput> Lines, DealTotalsView Totals);

/// <summary>Everything the deal page shows.</summary>
public sealed record DealDetails(
    int Id, int Version, DealInput Input, int PipelineId, string PipelineName, IReadOnlyList<Pipelines.StageView> Stages,
    string? CompanyName, string? ContactName, string? ResponsibleName, DateTime CreatedAt, DateTime StageEnteredAt,
    DateTime? ClosedAt, int? LostReasonId, string? LostReasonName, string? CloseComment, DealProducts Products)
{
    public Pipelines.StageKind StageKind => Stages.FirstOrDefault(s => s.Id == Input.StageId)?.Kind ?? Pipelines.StageKind.Open;
    public bool IsClosed => StageKind != Pipelines.StageKind.Open;
}

/// <summary>A deal in a contact's or company's list.</summary>
public sealed record PartyDealRow(int Id, string Title, string StageName, string StageColor, Pipelines.StageKind StageKind, decimal Amount, string Currency, DateTime CreatedAt, DateTime? ClosedAt);

/// <summary>A contact's or company's deals in one currency: open, won and lost sums and counts.</summary>
public sealed record PartyDealTotal(string Currency, int OpenCount, decimal Open, int WonCount, decimal Won, int LostCount, decimal Lost);

public sealed record PartyDeals(IReadOnlyList<PartyDealRow> Deals, IReadOnlyList<PartyDealTotal> Totals);

public sealed record LostReasonView(int Id, string Name, int Sort, bool IsActive);

public sealed record LostReasonInput(string Name, bool IsActive = true);

/// <summary>The API's deal list: filters and the order (<see cref="SortBy"/>, <see cref="Descending"/>); paging is <see cref="KeysetRequest"/>'s.</summary>
public sealed record DealListQuery
{
    public int? PipelineId { get; init; }
    public int? StageId { get; init; }
    public string? ResponsibleUserId { get; init; }
    public int? CompanyId { get; init; }
    public int? ContactId { get; init; }
    public string? Search { get; init; }
    public DealSort SortBy { get; init; } = DealSort.Id;
    public bool Descending { get; init; }
}

/// <summary>The orders the API's deal list offers; each is keyset-paged on (the key, the id).</summary>
public enum DealSort
{
    Id,
    CreatedAt,
    UpdatedAt,
    Title,
    Amount,
    StageEnteredAt,
}

/// <summary>A deal as the export writes it.</summary>
public sealed record DealExportRow(
    int Id, string Title, string Stage, StageKind StageKind, decimal Amount, string Currency, string? CompanyName, string? ContactName,
    string? ResponsibleName, DateTime CreatedAt, DateTime? ClosedAt);
