namespace CrmBlazor.Api;

/// <summary>
/// <c>DELETE /api/v1/{leads|contacts|companies}/{id}</c>: into the recycle bin through <see cref="RecycleBinService"/>,
/// with <c>If-Match</c> like every change (decision 020); undo is on the bin's page.
/// </summary>
internal static class RecycleBinApi
{
    public static void MapRecycleBinDeletes(this RouteGroupBuilder api)
    {
        api.MapDelete("/leads/{id:int}", (int id, RecycleBinService bin, HttpContext http, CancellationToken ct) => DeleteAsync(ElementRef.Lead(id), bin, http, ct))
            .WithTags("Leads").WithName("DeleteLead");
        api.MapDelete("/contacts/{id:int}", (int id, RecycleBinService bin, HttpContext http, CancellationToken ct) => DeleteAsync(ElementRef.Contact(id), bin, http, ct))
            .WithTags("Contacts").WithName("DeleteContact");
        api.MapDelete("/companies/{id:int}", (int id, RecycleBinService bin, HttpContext http, CancellationToken ct) => DeleteAsync(ElementRef.Company(id), bin, http, ct))
            .WithTags("Companies").WithName("DeleteCompany");
    }

    private static async Task<IResult> DeleteAsync(ElementRef element, RecycleBinService bin, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        return refusal ?? ApiResults.From(http, await bin.DeleteAsync(element, version!.Value, await http.ActorAsync(), ct), _ => TypedResults.NoContent());
    }
}
