using Microsoft.AspNetCore.Http.HttpResults;

namespace CrmBlazor.Api;

/// <summary><c>/api/v1/activities</c>: list (what the actor may see), read, plan, update, complete and delete through <see cref="ActivityService"/>.</summary>
internal static class ActivitiesApi
{
    public sealed record ActivityPlan(ElementKind ElementKind, int ElementId, ActivityInput Activity);

    public static void MapActivities(this RouteGroupBuilder api)
    {
        var activities = api.MapGroup("/activities").WithTags("Activities");
        activities.MapGet("/", ListAsync).WithName("ListActivities");
        activities.MapGet("/{id:int}", GetAsync).WithName("GetActivity");
        activities.MapPost("/", PlanAsync).WithName("PlanActivity");
        activities.MapPut("/{id:int}", UpdateAsync).WithName("UpdateActivity");
        activities.MapPost("/{id:int}/complete", CompleteAsync).WithName("CompleteActivity");
        activities.MapDelete("/{id:int}", DeleteAsync).WithName("DeleteActivity");
    }

    private static async Task<Ok<ApiPage<ActivityRow>>> ListAsync(
        ActivityService service, HttpContext http, bool? mineOnly, ActivityPeriod? period, ActivityType? type, ElementKind? elementKind,
        string? cursor, int? limit, CancellationToken ct)
    {
        var (skip, take) = (ApiResults.Offset(cursor), ApiResults.Limit(limit));
        var page = await service.ListAsync(new ActivityQuery
        {
            MineOnly = mineOnly ?? false, Period = period ?? ActivityPeriod.Open, Type = type, ElementKind = elementKind, Skip = skip, Take = take,
        }, await http.ActorAsync(), ct);
        return TypedResults.Ok(new ApiPage<ActivityRow>(page.Items, page.Total, ApiResults.NextCursor(skip, page.Items.Count, page.Total)));
    }

    private static async Task<IResult> GetAsync(int id, ActivityService service, HttpContext http, CancellationToken ct) =>
        await service.GetVisibleAsync(id, await http.ActorAsync(), ct) is { } activity
            ? ApiResults.Resource(http, activity, activity.Version)
            : ApiResults.Problem(404, "Not found");

    private static async Task<IResult> PlanAsync(ActivityPlan plan, ActivityService service, HttpContext http, CancellationToken ct) =>
        ApiResults.From(http, await service.PlanAsync(new ElementRef(plan.ElementKind, plan.ElementId), plan.Activity, await http.ActorAsync(), ct),
            activity => ApiResults.Resource(http, activity, activity.Version, $"{ApiSetup.Prefix}/activities/{activity.Id}"));

    private static async Task<IResult> UpdateAsync(int id, ActivityInput input, ActivityService service, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        return refusal ?? ApiResults.From(http, await service.UpdateAsync(id, version!.Value, input, await http.ActorAsync(), ct),
            activity => ApiResults.Resource(http, activity, activity.Version));
    }

    private static async Task<IResult> CompleteAsync(int id, ActivityService service, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        return refusal ?? ApiResults.From(http, await service.CompleteAsync(id, version!.Value, await http.ActorAsync(), ct),
            activity => ApiResults.Resource(http, activity, activity.Version));
    }

    private static async Task<IResult> DeleteAsync(int id, ActivityService service, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        return refusal ?? ApiResults.From(http, await service.DeleteAsync(id, version!.Value, await http.ActorAsync(), ct), _ => TypedResults.NoContent());
    }
}
