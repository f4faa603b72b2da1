namespace CrmBlazor.Api;

/// <summary>
/// An element's timeline (<c>/api/v1/timeline/{kind}/{id}</c>, newest first) and its comments: add, edit and delete
/// (only their author) through <see cref="TimelineService"/>. Each item carries its version: the ETag to send in If-Match.
/// </summary>
internal static class TimelineApi
{
    public sealed record CommentText(string Text);

    public static void MapComments(this RouteGroupBuilder api)
    {
        var timeline = api.MapGroup("/timeline").WithTags("Timeline");
        timeline.MapGet("/{kind}/{id:int}", ListAsync).WithName("ListTimeline").Produces<ApiPage<TimelineItem>>();
        timeline.MapPost("/{kind}/{id:int}/comments", AddAsync).WithName("AddComment");
        var comments = api.MapGroup("/comments").WithTags("Timeline");
        comments.MapPut("/{id:long}", EditAsync).WithName("EditComment");
        comments.MapDelete("/{id:long}", DeleteAsync).WithName("DeleteComment");
    }

    private static async Task<IResult> ListAsync(ElementKind kind, int id, TimelineService service, HttpContext http, string? cursor, int? limit, CancellationToken ct)
    {
        if (await ApiResults.UnreadableAsync(http, new ElementRef(kind, id), ct) is { } refusal)
        {
            return refusal;
        }
        var (skip, take) = (ApiResults.Offset(cursor), ApiResults.Limit(limit));
        var page = await service.ForElementAsync(new ElementRef(kind, id), await http.ActorAsync(), skip, take, ct);
        return TypedResults.Ok(new ApiPage<TimelineItem>(page.Items, page.Total, ApiResults.NextCursor(skip, page.Items.Count, page.Total)));
    }

    private static async Task<IResult> AddAsync(ElementKind kind, int id, CommentText comment, TimelineService service, HttpContext http, CancellationToken ct) =>
        ApiResults.From(http, await service.AddCommentAsync(new ElementRef(kind, id), comment.Text ?? "", await http.ActorAsync(), ct),
            item => ApiResults.Resource(http, item, item.Version, $"{ApiSetup.Prefix}/timeline/{kind}/{id}"));

    private static async Task<IResult> EditAsync(long id, CommentText comment, TimelineService service, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        return refusal ?? ApiResults.From(http, await service.EditCommentAsync(id, version!.Value, comment.Text ?? "", await http.ActorAsync(), ct),
            item => ApiResults.Resource(http, item, item.Version));
    }

    private static async Task<IResult> DeleteAsync(long id, TimelineService service, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        return refusal ?? ApiResults.From(http, await service.DeleteCommentAsync(id, version!.Value, await http.ActorAsync(), ct), _ => TypedResults.NoContent());
    }
}
