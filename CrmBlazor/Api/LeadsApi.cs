using Microsoft.AspNetCore.Http.HttpResults;

namespace CrmBlazor.Api;

/// <summary><c>/api/v1/leads</c>: list, read, create, update, and "Complete lead" (convert or junk) through Core's lead services; DELETE is <see cref="RecycleBinApi"/>.</summary>
internal static class LeadsApi
{
    public sealed record LeadCompletion(ContactChoice? Contact, CompanyChoice? Company, DealInput? Deal);

    /// <summary>A junk reason by its kind, or by its id in Settings' list (<c>reasonId</c>, which wins; decision 030).</summary>
    public sealed record LeadJunk(JunkReason Reason, string? Comment, int? ReasonId = null);

    public static void MapLeads(this RouteGroupBuilder api)
    {
        var leads = api.MapGroup("/leads").WithTags("Leads");
        leads.MapGet("/", ListAsync).WithName("ListLeads");
        leads.MapGet("/{id:int}", GetAsync).WithName("GetLead");
        leads.MapPost("/", CreateAsync).WithName("CreateLead");
        leads.MapPut("/{id:int}", UpdateAsync).WithName("UpdateLead");
        leads.MapPost("/{id:int}/complete", CompleteAsync).WithName("CompleteLead");
        leads.MapPost("/{id:int}/junk", JunkAsync).WithName("MarkLeadJunk");
    }

    /// <summary>
    /// A keyset page of the leads the caller's role reads: <c>sort</c> (default CreatedAt) and <c>descending</c> (default
    /// true: newest first) order them, ties broken by the id; <c>total</c> only with <c>includeTotal=true</c>.
    /// </summary>
    private static async Task<Results<Ok<ApiPage<LeadRow>>, ProblemHttpResult>> ListAsync(
        LeadService service, HttpContext http, string? search, LeadStatus? status, LeadSource? source, string? responsibleUserId,
        DateTime? createdFrom, DateTime? createdTo, LeadSort? sort, bool? descending, string? cursor, int? limit, bool? includeTotal, CancellationToken ct)
    {
        try
        {
            var page = await service.ListAsync(new LeadQuery
            {
                Search = search, Status = status, Source = source, ResponsibleUserId = responsibleUserId, CreatedFrom = createdFrom, CreatedTo = createdTo,
                SortBy = sort ?? LeadSort.CreatedAt, Descending = descending ?? true,
            }, ApiResults.Keyset(cursor, limit, includeTotal), await http.ActorAsync(), ct);
            return TypedResults.Ok(ApiPage<LeadRow>.Of(page));
        }
        catch (KeysetCursorException)
        {
            return ApiResults.BadCursor();
        }
    }

    private static async Task<IResult> GetAsync(int id, LeadService service, HttpContext http, CancellationToken ct) =>
        await ApiResults.UnreadableAsync(http, ElementRef.Lead(id), ct)
            ?? (await service.GetAsync(id, ct) is { } lead ? ApiResults.Resource(http, lead, lead.Version) : ApiResults.Problem(404, "Not found"));

    private static async Task<IResult> CreateAsync(LeadInput input, LeadService service, HttpContext http, CancellationToken ct) =>
        ApiResults.From(http, await service.CreateAsync(input, await http.ActorAsync(), ct),
            lead => ApiResults.Resource(http, lead, lead.Version, $"{ApiSetup.Prefix}/leads/{lead.Id}"));

    private static async Task<IResult> UpdateAsync(int id, LeadInput input, LeadService service, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        return refusal ?? ApiResults.From(http, await service.UpdateAsync(id, version!.Value, input, await http.ActorAsync(), ct),
            lead => ApiResults.Resource(http, lead, lead.Version));
    }

    private static async Task<IResult> CompleteAsync(int id, LeadCompletion completion, LeadConversionService service, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        return refusal ?? ApiResults.From(http,
            await service.CompleteAsync(new CompleteLead(id, version!.Value, completion.Contact, completion.Company, completion.Deal), await http.ActorAsync(), ct),
            outcome => TypedResults.Ok(outcome));
    }

    private static async Task<IResult> JunkAsync(int id, LeadJunk junk, LeadConversionService service, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        return refusal ?? ApiResults.From(http,
            await service.MarkJunkAsync(new MarkLeadJunk(id, version!.Value, junk.Reason, junk.Comment) { ReasonId = junk.ReasonId }, await http.ActorAsync(), ct),
            outcome => TypedResults.Ok(outcome));
    }
}
