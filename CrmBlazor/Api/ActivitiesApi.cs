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

    /// <summary>
    /// A keyset page of the activities the caller sees: <c>sort</c> (default Deadline; CompletedAt, newest first, for
    /// <c>period=Done</c>) and <c>descending</c> order them, ties broken by the id; <c>total</c> only with <c>includeTotal=true</c>.
    /// </summary>
    private static async Task<Results<Ok<ApiPage<ActivityRow>>, ProblemHttpResult>> ListAsync(
        ActivityService service, HttpContext http, bool? mineOnly, ActivityPeriod? period, ActivityType? type, ElementKind? elementKind,
        ActivitySort? sort, bool? descending, string? cursor, int? limit, bool? includeTotal, CancellationToken ct)
    {
        var done = period == ActivityPeriod.Done;
        try
        {
            var page = await service.ListAsync(new ActivityQuery
            {
                MineOnly = mineOnly ?? false, Period = period ?? ActivityPeriod.Open, Type = type, ElementKind = elementKind,
            }, sort ?? (done ? ActivitySort.CompletedAt : ActivitySort.Deadline), descending ?? (done && sort is null),
                ApiResults.Keyset(cursor, limit, includeTotal), await http.ActorAsync(), ct);
            return TypedResults.Ok(ApiPage<ActivityRow>.Of(page));
        }
        catch (KeysetCursorException)
        {
            return ApiResults.BadCursor();
        }
    }

    private static async Task<IResult> GetAsync(int id, ActivityService service, HttpContext http, CancellationToken ct) =>
        await service.GetVisibleAsync(id, await http.ActorAsync(), ct) is { } activity
            ? ApiResults.Resource(http, activity, activity.Version)
            : ApiResults.Problem(404, "Not found");

    private static async Task<IResult> PlanAsync(ActivityPlan plan, ActivityService service, HttpContext http, CancellationToken ct) =>
        plan.Activity is null // a body without "activity" binds it as null (found by MalformedInputTests: it answered 500)
            ? Results.ValidationProblem(new Dictionary<string, string[]> { ["activity"] = ["The activity is required."] })
            : ApiResults.From(http, await service.PlanAsync(new ElementRef(plan.ElementKind, plan.ElementId), plan.Activity, await http.ActorAsync(), ct),
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
