using Microsoft.AspNetCore.Http.HttpResults;

namespace CrmBlazor.Api;

/// <summary>
/// <c>/api/v1/pipelines</c> and <c>/api/v1/stages</c>: everyone reads them (the board's columns); admins create, rename
/// and delete pipelines and add, edit, reorder and delete stages through <see cref="PipelineSettingsService"/>, the
/// pipeline settings page's own use cases, so every open board hears the change. A pipeline's ETag is its version
/// (raised by a rename and by every change of its stages' structure), a stage's is its own version.
/// </summary>
internal static class PipelinesApi
{
    public sealed record PipelineRename(string Name);

    public sealed record StageCreate(string Name, StageKind Kind, string? Color = null);

    public sealed record StageMove(int ToIndex);

    public static void MapPipelines(this RouteGroupBuilder api)
    {
        var pipelines = api.MapGroup("/pipelines").WithTags("Pipelines");
        pipelines.MapGet("/", ListAsync).WithName("ListPipelines");
        pipelines.MapGet("/{id:int}", GetAsync).WithName("GetPipeline");
        pipelines.MapPost("/", CreateAsync).WithName("CreatePipeline");
        pipelines.MapPut("/{id:int}", RenameAsync).WithName("RenamePipeline");
        pipelines.MapDelete("/{id:int}", DeleteAsync).WithName("DeletePipeline");
        pipelines.MapGet("/{id:int}/stages", ListStagesAsync).WithName("ListStages");
        pipelines.MapPost("/{id:int}/stages", AddStageAsync).WithName("AddStage");
        pipelines.MapPost("/{id:int}/stages/{stageId:int}/move", MoveStageAsync).WithName("MoveStage");

        var stages = api.MapGroup("/stages").WithTags("Pipelines");
        stages.MapGet("/{id:int}", GetStageAsync).WithName("GetStage");
        stages.MapPut("/{id:int}", UpdateStageAsync).WithName("UpdateStage");
        stages.MapDelete("/{id:int}", DeleteStageAsync).WithName("DeleteStage");
    }

    /// <summary>Every pipeline, the default first, with its stages in board order (a short list, answered whole).</summary>
    private static async Task<Ok<IReadOnlyList<PipelineDefinition>>> ListAsync(PipelineService service, CancellationToken ct) =>
        TypedResults.Ok(await service.GetDefinitionsAsync(null, ct));

    private static async Task<IResult> GetAsync(int id, PipelineService service, HttpContext http, CancellationToken ct) =>
        await PipelineAsync(http, service, id, null, ct);

    private static async Task<IResult> ListStagesAsync(int id, PipelineService service, CancellationToken ct) =>
        (await service.GetDefinitionsAsync(id, ct)) is [var pipeline] ? TypedResults.Ok(pipeline.Stages) : ApiResults.Problem(404, "Not found");

    private static async Task<IResult> CreateAsync(NewPipeline input, PipelineSettingsService settings, PipelineService service, HttpContext http, CancellationToken ct)
    {
        var result = await settings.CreatePipelineAsync(input with
        {
            Name = input.Name ?? "", OpenStageName = input.OpenStageName ?? "", WonStageName = input.WonStageName ?? "", LostStageName = input.LostStageName ?? "",
        }, await http.ActorAsync(), ct);
        return result.IsOk ? await PipelineAsync(http, service, result.Value, $"{ApiSetup.Prefix}/pipelines/{result.Value}", ct) : ApiResults.From(http, result, _ => Results.Empty);
    }

    private static async Task<IResult> RenameAsync(int id, PipelineRename rename, PipelineSettingsService settings, PipelineService service, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        if (refusal is not null)
        {
            return refusal;
        }
        var result = await settings.RenamePipelineAsync(id, version!.Value, rename.Name ?? "", await http.ActorAsync(), ct);
        return result.IsOk ? await PipelineAsync(http, service, id, null, ct) : ApiResults.From(http, result, _ => Results.Empty);
    }

    /// <summary>Deletes a pipeline; one with deals needs <c>moveToStageId</c>, an open stage of another pipeline (422 otherwise).</summary>
    private static async Task<IResult> DeleteAsync(int id, int? moveToStageId, PipelineSettingsService settings, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        return refusal ?? ApiResults.From(http, await settings.DeletePipelineAsync(id, version!.Value, moveToStageId, await http.ActorAsync(), ct), _ => TypedResults.NoContent());
    }

    /// <summary>Adds a stage: an open one after the last open stage, a won or lost one at the end (the colour defaults to grey).</summary>
    private static async Task<IResult> AddStageAsync(int id, StageCreate input, PipelineSettingsService settings, PipelineService service, HttpContext http, CancellationToken ct)
    {
        var result = await settings.AddStageAsync(id, new StageInput(input.Name ?? "", input.Color ?? PipelineRules.DefaultColor, input.Kind), await http.ActorAsync(), ct);
        return result.IsOk ? await StageAsync(http, service, result.Value!.Id, $"{ApiSetup.Prefix}/stages/{result.Value.Id}", ct) : ApiResults.From(http, result, _ => Results.Empty);
    }

    /// <summary>Moves a stage to <c>toIndex</c> (0-based) among its pipeline's stages; If-Match is the pipeline's ETag, the answer the pipeline.</summary>
    private static async Task<IResult> MoveStageAsync(int id, int stageId, StageMove move, PipelineSettingsService settings, PipelineService service,
        HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        if (refusal is not null)
        {
            return refusal;
        }
        if (await service.GetStageAsync(stageId, ct) is not { } stage || stage.PipelineId != id)
        {
            return ApiResults.Problem(404, "Not found");
        }
        var result = await settings.MoveStageAsync(stageId, move.ToIndex, await http.ActorAsync(), ct, expectedPipelineVersion: version);
        return result.IsOk ? await PipelineAsync(http, service, id, null, ct) : ApiResults.From(http, result, _ => Results.Empty);
    }

    private static Task<IResult> GetStageAsync(int id, PipelineService service, HttpContext http, CancellationToken ct) => StageAsync(http, service, id, null, ct);

    /// <summary>Renames, recolours or changes the kind of a stage (not of one that holds deals; a pipeline keeps an open, a won and a lost stage).</summary>
    private static async Task<IResult> UpdateStageAsync(int id, StageCreate input, PipelineSettingsService settings, PipelineService service, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        if (refusal is not null)
        {
            return refusal;
        }
        var result = await settings.UpdateStageAsync(id, version!.Value, new StageInput(input.Name ?? "", input.Color ?? PipelineRules.DefaultColor, input.Kind),
            await http.ActorAsync(), ct);
        return result.IsOk ? await StageAsync(http, service, id, null, ct) : ApiResults.From(http, result, _ => Results.Empty);
    }

    /// <summary>Deletes a stage; one with deals needs <c>moveToStageId</c>, another stage of the same pipeline and kind (422 otherwise).</summary>
    private static async Task<IResult> DeleteStageAsync(int id, int? moveToStageId, PipelineSettingsService settings, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        return refusal ?? ApiResults.From(http, await settings.DeleteStageAsync(id, version!.Value, moveToStageId, await http.ActorAsync(), ct), _ => TypedResults.NoContent());
    }

    private static async Task<IResult> PipelineAsync(HttpContext http, PipelineService service, int id, string? location, CancellationToken ct) =>
        (await service.GetDefinitionsAsync(id, ct)) is [var pipeline]
            ? ApiResults.Resource(http, pipeline, pipeline.Version, location)
            : ApiResults.Problem(404, "Not found");

    private static async Task<IResult> StageAsync(HttpContext http, PipelineService service, int id, string? location, CancellationToken ct) =>
        await service.GetStageAsync(id, ct) is { } stage ? ApiResults.Resource(http, stage, stage.Version, location) : ApiResults.Problem(404, "Not found");
}
