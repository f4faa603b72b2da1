using Microsoft.AspNetCore.Http.HttpResults;

namespace CrmBlazor.Api;

/// <summary>
/// <c>/api/v1/deals</c>: list (keyset paging), read (with product lines), create, update, delete, product lines, and the
/// domain actions move, close won/lost and reopen, through <see cref="DealService"/>: every open board hears each change.
/// </summary>
internal static class DealsApi
{
    public sealed record DealMove(int StageId, int? AfterDealId = null, int? BeforeDealId = null);

    public sealed record DealClose(int StageId, decimal? FinalAmount = null, DateOnly? ClosedOn = null, int? LostReasonId = null, string? Comment = null);

    public sealed record DealReopen(int StageId);

    public sealed record DealProductLines(IReadOnlyList<ProductLineInput> Lines);

    public static void MapDeals(this RouteGroupBuilder api)
    {
        var deals = api.MapGroup("/deals").WithTags("Deals");
        deals.MapGet("/", ListAsync).WithName("ListDeals");
        deals.MapGet("/{id:int}", GetAsync).WithName("GetDeal");
        deals.MapPost("/", CreateAsync).WithName("CreateDeal");
        deals.MapPut("/{id:int}", UpdateAsync).WithName("UpdateDeal");
        deals.MapDelete("/{id:int}", DeleteAsync).WithName("DeleteDeal");
        deals.MapPut("/{id:int}/products", SaveProductsAsync).WithName("SaveDealProducts");
        deals.MapPost("/{id:int}/move", MoveAsync).WithName("MoveDeal");
        deals.MapPost("/{id:int}/close", CloseAsync).WithName("CloseDeal");
        deals.MapPost("/{id:int}/reopen", ReopenAsync).WithName("ReopenDeal");
    }

    /// <summary>
    /// A keyset page of deals: <c>sort</c> (default Id) and <c>descending</c> order them, ties broken by the id; the
    /// cursor names the last row's key and id. <c>total</c> is counted only with <c>includeTotal=true</c>.
    /// </summary>
    private static async Task<Results<Ok<ApiPage<DealCard>>, ProblemHttpResult>> ListAsync(
        DealQueryService service, HttpContext http, int? pipelineId, int? stageId, string? responsibleUserId, int? companyId, int? contactId, string? search,
        DealSort? sort, bool? descending, string? cursor, int? limit, bool? includeTotal, CancellationToken ct)
    {
        try
        {
            var page = await service.ListAsync(new DealListQuery
            {
                PipelineId = pipelineId, StageId = stageId, ResponsibleUserId = responsibleUserId, CompanyId = companyId, ContactId = contactId, Search = search,
                SortBy = sort ?? DealSort.Id, Descending = descending ?? false,
            }, ApiResults.Keyset(cursor, limit, includeTotal), await http.ActorAsync(), ct);
            return TypedResults.Ok(ApiPage<DealCard>.Of(page));
        }
        catch (KeysetCursorException)
        {
            return ApiResults.BadCursor();
        }
    }

    private static async Task<IResult> GetAsync(int id, DealQueryService service, HttpContext http, CancellationToken ct) =>
        await ApiResults.UnreadableAsync(http, ElementRef.Deal(id), ct)
            ?? (await service.GetDetailsAsync(id, ct) is { } deal ? ApiResults.Resource(http, deal, deal.Version) : ApiResults.Problem(404, "Not found"));

    private static async Task<IResult> CreateAsync(DealInput input, DealService service, HttpContext http, CancellationToken ct) =>
        ApiResults.From(http, await service.CreateAsync(input, await http.ActorAsync(), ct),
            deal => ApiResults.Resource(http, deal, deal.Version, $"{ApiSetup.Prefix}/deals/{deal.Id}"));

    private static async Task<IResult> UpdateAsync(int id, DealInput input, DealService service, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        return refusal ?? ApiResults.From(http, await service.UpdateAsync(id, version!.Value, input, await http.ActorAsync(), ct),
            deal => ApiResults.Resource(http, deal, deal.Version));
    }

    private static async Task<IResult> DeleteAsync(int id, DealService service, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        return refusal ?? ApiResults.From(http, await service.DeleteAsync(id, version!.Value, await http.ActorAsync(), ct), _ => TypedResults.NoContent());
    }

    private static async Task<IResult> SaveProductsAsync(int id, DealProductLines lines, DealService service, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        return refusal ?? ApiResults.From(http,
            await service.SaveProductsAsync(new SaveDealProducts(id, version!.Value, lines.Lines), await http.ActorAsync(), ct),
            products => ApiResults.Resource(http, products, products.Version));
    }

    private static async Task<IResult> MoveAsync(int id, DealMove move, DealService service, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        return refusal ?? ApiResults.From(http,
            await service.MoveAsync(new MoveDeal(id, move.StageId, version!.Value, move.AfterDealId, move.BeforeDealId), await http.ActorAsync(), ct),
            deal => ApiResults.Resource(http, deal, deal.Version));
    }

    private static async Task<IResult> CloseAsync(int id, DealClose close, DealService service, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        return refusal ?? ApiResults.From(http,
            await service.CloseAsync(new CloseDeal(id, version!.Value, close.StageId, close.FinalAmount, close.ClosedOn, close.LostReasonId, close.Comment),
                await http.ActorAsync(), ct),
            deal => ApiResults.Resource(http, deal, deal.Version));
    }

    private static async Task<IResult> ReopenAsync(int id, DealReopen reopen, DealService service, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        return refusal ?? ApiResults.From(http,
            await service.ReopenAsync(new ReopenDeal(id, version!.Value, reopen.StageId), await http.ActorAsync(), ct),
            deal => ApiResults.Resource(http, deal, deal.Version));
    }
}
