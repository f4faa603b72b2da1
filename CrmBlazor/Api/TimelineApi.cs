namespace CrmBlazor.Api;

/// <summary>
/// An element's timeline (<c>/api/v1/timeline/{kind}/{id}</c>, newest first, keyset-paged; <c>.../comments</c> only its
/// comments) and its comments: add, edit and delete
/// (only their author) through <see cref="TimelineService"/>. Each item carries its version: the ETag to send in If-Match.
/// </summary>
internal static class TimelineApi
{
    public sealed record CommentText(string Text);

    public static void MapComments(this RouteGroupBuilder api)
    {
        var timeline = api.MapGroup("/timeline").WithTags("Timeline");
        timeline.MapGet("/{kind}/{id:int}", ListAsync).WithName("ListTimeline").Produces<ApiPage<TimelineItem>>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        timeline.MapGet("/{kind}/{id:int}/comments", ListCommentsAsync).WithName("ListComments").Produces<ApiPage<TimelineItem>>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        timeline.MapPost("/{kind}/{id:int}/comments", AddAsync).WithName("AddComment");
        var comments = api.MapGroup("/comments").WithTags("Timeline");
        comments.MapPut("/{id:long}", EditAsync).WithName("EditComment");
        comments.MapDelete("/{id:long}", DeleteAsync).WithName("DeleteComment");
    }

    /// <summary>
    /// A keyset page of an element's timeline (only <c>entryKind</c>'s entries when given): <c>sort</c> At (default) or
    /// Id, newest first unless <c>descending=false</c>, ties broken by the id; <c>total</c> only with <c>includeTotal=true</c>.
    /// </summary>
    private static Task<IResult> ListAsync(ElementKind kind, int id, TimelineService service, HttpContext http, TimelineKind? entryKind,
        TimelineSort? sort, bool? descending, string? cursor, int? limit, bool? includeTotal, CancellationToken ct) =>
        PageAsync(new ElementRef(kind, id), entryKind, service, http, sort, descending, cursor, limit, includeTotal, ct);

    /// <summary>The element's comments alone, as <see cref="ListAsync"/> pages them.</summary>
    private static Task<IResult> ListCommentsAsync(ElementKind kind, int id, TimelineService service, HttpContext http,
        TimelineSort? sort, bool? descending, string? cursor, int? limit, bool? includeTotal, CancellationToken ct) =>
        PageAsync(new ElementRef(kind, id), TimelineKind.Comment, service, http, sort, descending, cursor, limit, includeTotal, ct);

    private static async Task<IResult> PageAsync(ElementRef element, TimelineKind? entryKind, TimelineService service, HttpContext http,
        TimelineSort? sort, bool? descending, string? cursor, int? limit, bool? includeTotal, CancellationToken ct)
    {
        if (await ApiResults.MissingOrUnreadableAsync(http, element, ct) is { } refusal)
        {
            return refusal;
        }
        try
        {
            var page = await service.ForElementAsync(element, entryKind, sort ?? TimelineSort.At, descending ?? true,
                ApiResults.Keyset(cursor, limit, includeTotal), await http.ActorAsync(), ct);
            return TypedResults.Ok(ApiPage<TimelineItem>.Of(page));
        }
        catch (KeysetCursorException)
        {
            return ApiResults.BadCursor();
        }
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
