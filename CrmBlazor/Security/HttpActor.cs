namespace CrmBlazor.Security;

/// <summary>
/// The actor of a request to the API, the exports or the import: the signed-in user (cookie or API token) with their
/// role record's scopes and department team (<see cref="AccessProfiles"/>), as pages and the hub have it (decision 011).
/// </summary>
public static class HttpActor
{
    public static Task<Actor> ActorAsync(this HttpContext http) =>
        CurrentUser.ActorAsync(http.User, http.RequestServices.GetRequiredService<AccessProfiles>(), http.RequestAborted);
}
