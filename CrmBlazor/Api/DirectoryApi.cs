using Microsoft.AspNetCore.Http.HttpResults;

namespace CrmBlazor.Api;

/// <summary>
/// <c>/api/v1/users</c>: the team, read only, keyset-paged (the users admin is the Team settings page's); and
/// <c>/api/v1/lead-options</c>: what a lead's statusId, sourceId and junk reasonId mean.
/// </summary>
internal static class DirectoryApi
{
    public static void MapDirectory(this RouteGroupBuilder api)
    {
        api.MapGet("/users", ListUsersAsync).WithTags("Users").WithName("ListUsers");
        // Settings' lead statuses, sources and junk reasons, inactive ones too (decision 030).
        api.MapGet("/lead-options", async Task<Ok<IReadOnlyList<LeadOptionView>>> (LeadOptionService options, CancellationToken ct) =>
            TypedResults.Ok((await options.ListAsync(ct)).All)).WithTags("Leads").WithName("ListLeadOptions");
    }

    /// <summary>
    /// A keyset page of the team: <c>search</c> in names and e-mails, <c>sort</c> Name (default) or Email and
    /// <c>descending</c>, ties broken by the id; <c>total</c> only with <c>includeTotal=true</c>.
    /// </summary>
    private static async Task<Results<Ok<ApiPage<UserSummary>>, ProblemHttpResult>> ListUsersAsync(UserDirectory users, string? search, UserSort? sort,
        bool? descending, string? cursor, int? limit, bool? includeTotal, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(ApiPage<UserSummary>.Of(await users.ListAsync(search, sort ?? UserSort.Name, descending ?? false,
                ApiResults.Keyset(cursor, limit, includeTotal), ct)));
        }
        catch (KeysetCursorException)
        {
            return ApiResults.BadCursor();
        }
    }
}
