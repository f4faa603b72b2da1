using Microsoft.AspNetCore.Http.HttpResults;

namespace CrmBlazor.Api;

/// <summary>Read-only lists: pipelines with their stages, the team's users, and the custom fields of each kind of element.</summary>
internal static class DirectoryApi
{
    public sealed record PipelineWithStages(int Id, string Name, bool IsDefault, IReadOnlyList<StageView> Stages);

    public static void MapDirectory(this RouteGroupBuilder api)
    {
        api.MapGet("/pipelines", async Task<Ok<List<PipelineWithStages>>> (PipelineService service, CancellationToken ct) =>
        {
            var result = new List<PipelineWithStages>();
            foreach (var pipeline in await service.GetPipelinesAsync(ct))
            {
                result.Add(new PipelineWithStages(pipeline.Id, pipeline.Name, pipeline.IsDefault, await service.GetStagesAsync(pipeline.Id, ct)));
            }
            return TypedResults.Ok(result);
        }).WithTags("Pipelines").WithName("ListPipelines");
        api.MapGet("/pipelines/{id:int}/stages", async Task<IResult> (int id, PipelineService service, CancellationToken ct) =>
            (await service.GetPipelinesAsync(ct)).Any(p => p.Id == id)
                ? TypedResults.Ok(await service.GetStagesAsync(id, ct))
                : ApiResults.Problem(404, "Not found")).WithTags("Pipelines").WithName("ListStages");
        // Settings' lead statuses, sources and junk reasons, inactive ones too (decision 030): what statusId, sourceId and reasonId mean.
        api.MapGet("/lead-options", async Task<Ok<IReadOnlyList<LeadOptionView>>> (LeadOptionService options, CancellationToken ct) =>
            TypedResults.Ok((await options.ListAsync(ct)).All)).WithTags("Leads").WithName("ListLeadOptions");
        api.MapGet("/users", async Task<Ok<IReadOnlyList<UserSummary>>> (UserDirectory users, CancellationToken ct) =>
            TypedResults.Ok(await users.GetUsersAsync(ct))).WithTags("Users").WithName("ListUsers");
        // The definitions (code, type, names, list options) that lead and deal inputs' "custom" values refer to by code (decision 017).
        api.MapGet("/custom-fields/{kind}", async Task<Ok<IReadOnlyList<CustomFieldView>>> (ElementKind kind, CustomFieldService fields, CancellationToken ct) =>
            TypedResults.Ok(await fields.ListAsync(kind, ct))).WithTags("Custom fields").WithName("ListCustomFields");
    }
}
