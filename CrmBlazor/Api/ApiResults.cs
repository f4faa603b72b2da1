using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CrmBlazor.Api;

/// <summary>
/// How the API answers: ETags from a resource's <c>Version</c>, <c>If-Match</c> read into the version a change expects,
/// and Core's <see cref="Result{T}"/> turned into RFC 9457 problem details (field errors as a validation problem, 422).
/// </summary>
public static class ApiResults
{
    /// <summary>The conflicts Core reports when the version a change expected is no longer the record's.</summary>
    private static readonly HashSet<string> VersionConflicts =
        ["Error.EditConflict", "Deal.EditConflict", "Deal.MoveConflict", "Activity.Conflict", "Comment.Conflict", "Pipeline.Conflict", "Stage.Conflict"];

    public static string ETagOf(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>200 (or 201 at <paramref name="location"/>) with the resource and its ETag.</summary>
    public static IResult Resource<T>(HttpContext http, T value, int version, string? location = null)
    {
        http.Response.Headers.ETag = ETagOf(version);
        return location is null ? TypedResults.Ok(value) : TypedResults.Created(location, value);
    }

    /// <summary>
    /// The version <c>If-Match</c> names: a single strong ETag this API gave. Null with the answer to send instead:
    /// 428 when the header is missing, 412 when it is not one of ours (a stale or foreign tag is 412 at the service).
    /// </summary>
    public static (int? Version, IResult? Refusal) ExpectedVersion(HttpContext http)
    {
        var header = http.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
        {
            return (null, Problem(StatusCodes.Status428PreconditionRequired, "If-Match required",
                "Send the resource's current ETag in If-Match: updates and deletes need it."));
        }
        if (header.Length > 2 && header[0] == '"' && header[^1] == '"'
            && int.TryParse(header.AsSpan(1, header.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return (version, null);
        }
        return (null, Stale());
    }

    public static IResult Stale() =>
        Problem(StatusCodes.Status412PreconditionFailed, "Precondition failed", "The resource changed since this ETag: read it again.");

    public static IResult Problem(int status, string title, string? detail = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    /// <summary>
    /// 403 when the signed-in user's role does not read <paramref name="element"/> (decision 011), null when it does
    /// (or when it does not exist: the caller answers 404).
    /// </summary>
    public static async Task<IResult?> UnreadableAsync(HttpContext http, ElementRef element, CancellationToken ct)
    {
        var access = http.RequestServices.GetRequiredService<RecordAccess>();
        if (await access.MayReadAsync(element, await http.ActorAsync(), ct))
        {
            return null;
        }
        var L = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        return Problem(StatusCodes.Status403Forbidden, "Forbidden", L["Access.NotReadable"].Value);
    }

    /// <summary>404 when <paramref name="element"/> does not exist, 403 when the user's role does not read it, null when it may be read.</summary>
    public static async Task<IResult?> MissingOrUnreadableAsync(HttpContext http, ElementRef element, CancellationToken ct)
    {
        var access = http.RequestServices.GetRequiredService<RecordAccess>();
        switch (await access.MayReadExistingAsync(element, await http.ActorAsync(), ct))
        {
            case null:
                return Problem(StatusCodes.Status404NotFound, "Not found");
            case true:
                return null;
            default:
                var L = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                return Problem(StatusCodes.Status403Forbidden, "Forbidden", L["Access.NotReadable"].Value);
        }
    }

    /// <summary>A failed Core result as a problem; <paramref name="ok"/> makes the answer of a successful one.</summary>
    public static IResult From<T>(HttpContext http, Result<T> result, Func<T, IResult> ok)
    {
        if (result.IsOk)
        {
            return ok(result.Value!);
        }
        var L = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var message = result.MessageKey is null ? null : L[result.MessageKey, result.MessageArgs].Value;
        return result.Status switch
        {
            ResultStatus.Invalid => Results.ValidationProblem(
                result.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => L[e.MessageKey, e.Args].Value).ToArray()),
                detail: message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Invalid fields"),
            ResultStatus.NotFound => Problem(StatusCodes.Status404NotFound, "Not found", message),
            ResultStatus.Forbidden => Problem(StatusCodes.Status403Forbidden, "Forbidden", message),
            // A version the service did not find is exactly "If-Match failed"; other conflicts (a closed lead) are 409.
            _ when result.MessageKey is { } key && VersionConflicts.Contains(key) => Stale(),
            _ => Problem(StatusCodes.Status409Conflict, "Conflict", message),
        };
    }

    public static int Limit(int? limit) => Math.Clamp(limit ?? 50, 1, 200);

    /// <summary>A keyset list's paging parameters (<c>cursor</c>, <c>limit</c> 1-200, default 50, <c>includeTotal</c>).</summary>
    public static KeysetRequest Keyset(string? cursor, int? limit, bool? includeTotal) => new(cursor, Limit(limit), includeTotal ?? false);

    /// <summary>400: a cursor this list did not give for the current sort and direction.</summary>
    public static ProblemHttpResult BadCursor() => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid cursor",
        detail: "The cursor is not one this list gave for the same sort and direction: start again without a cursor.");
}

/// <summary>
/// One page of a list and the cursor of the next (null on the last page). <see cref="Total"/>: the whole list's count,
/// only when asked (<c>includeTotal=true</c>), null otherwise: every list pages by keyset (decision 014).
/// </summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Items, int? Total, string? NextCursor)
{
    public static ApiPage<T> Of(KeysetPage<T> page) => new(page.Items, page.Total, page.NextCursor);
}
