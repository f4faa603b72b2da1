using CrmBlazor.Core.Parties;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CrmBlazor.Api;

/// <summary><c>/api/v1/contacts</c> and <c>/api/v1/companies</c>: list, read, create and update through the party services; DELETE is <see cref="RecycleBinApi"/>.</summary>
internal static class PartiesApi
{
    public static void MapParties(this RouteGroupBuilder api)
    {
        var contacts = api.MapGroup("/contacts").WithTags("Contacts");
        contacts.MapGet("/", ListContactsAsync).WithName("ListContacts");
        contacts.MapGet("/{id:int}", async Task<IResult> (int id, ContactService service, HttpContext http, CancellationToken ct) =>
            await ApiResults.UnreadableAsync(http, ElementRef.Contact(id), ct)
                ?? (await service.GetAsync(id, ct) is { } contact ? ApiResults.Resource(http, contact, contact.Version) : ApiResults.Problem(404, "Not found"))).WithName("GetContact");
        contacts.MapPost("/", async Task<IResult> (ContactInput input, ContactService service, HttpContext http, CancellationToken ct) =>
            await SaveAsync(http, service.SaveAsync(null, 0, input, await http.ActorAsync(), ct), row => row.Id, row => row.Version, "contacts",
                id => service.GetAsync(id, ct))).WithName("CreateContact");
        contacts.MapPut("/{id:int}", async Task<IResult> (int id, ContactInput input, ContactService service, HttpContext http, CancellationToken ct) =>
            ApiResults.ExpectedVersion(http) is (_, { } refusal) ? refusal
                : await SaveAsync(http, service.SaveAsync(id, ApiResults.ExpectedVersion(http).Version!.Value, input, await http.ActorAsync(), ct),
                    row => row.Id, row => row.Version, null, i => service.GetAsync(i, ct))).WithName("UpdateContact");

        var companies = api.MapGroup("/companies").WithTags("Companies");
        companies.MapGet("/", ListCompaniesAsync).WithName("ListCompanies");
        companies.MapGet("/{id:int}", async Task<IResult> (int id, CompanyService service, HttpContext http, CancellationToken ct) =>
            await ApiResults.UnreadableAsync(http, ElementRef.Company(id), ct)
                ?? (await service.GetAsync(id, ct) is { } company ? ApiResults.Resource(http, company, company.Version) : ApiResults.Problem(404, "Not found"))).WithName("GetCompany");
        companies.MapPost("/", async Task<IResult> (CompanyInput input, CompanyService service, HttpContext http, CancellationToken ct) =>
            await SaveAsync(http, service.SaveAsync(null, 0, input, await http.ActorAsync(), ct), row => row.Id, row => row.Version, "companies",
                id => service.GetAsync(id, ct))).WithName("CreateCompany");
        companies.MapPut("/{id:int}", async Task<IResult> (int id, CompanyInput input, CompanyService service, HttpContext http, CancellationToken ct) =>
            ApiResults.ExpectedVersion(http) is (_, { } refusal) ? refusal
                : await SaveAsync(http, service.SaveAsync(id, ApiResults.ExpectedVersion(http).Version!.Value, input, await http.ActorAsync(), ct),
                    row => row.Id, row => row.Version, null, i => service.GetAsync(i, ct))).WithName("UpdateCompany");
    }

    /// <summary>A keyset page of contacts (see <see cref="DealsApi"/>'s list: sort, descending, cursor, limit, includeTotal).</summary>
    private static async Task<Results<Ok<ApiPage<ContactRow>>, ProblemHttpResult>> ListContactsAsync(
        ContactService service, HttpContext http, string? search, string? responsibleUserId, string? city, int? companyId,
        PartySort? sort, bool? descending, string? cursor, int? limit, bool? includeTotal, CancellationToken ct)
    {
        try
        {
            var page = await service.ListAsync(new ContactQuery { Search = search, ResponsibleUserId = responsibleUserId, City = city, CompanyId = companyId },
                sort ?? PartySort.Name, descending ?? false, ApiResults.Keyset(cursor, limit, includeTotal), await http.ActorAsync(), ct);
            return TypedResults.Ok(ApiPage<ContactRow>.Of(page));
        }
        catch (KeysetCursorException)
        {
            return ApiResults.BadCursor();
        }
    }

    /// <summary>A keyset page of companies (see <see cref="DealsApi"/>'s list: sort, descending, cursor, limit, includeTotal).</summary>
    private static async Task<Results<Ok<ApiPage<CompanyRow>>, ProblemHttpResult>> ListCompaniesAsync(
        CompanyService service, HttpContext http, string? search, string? responsibleUserId, string? city,
        PartySort? sort, bool? descending, string? cursor, int? limit, bool? includeTotal, CancellationToken ct)
    {
        try
        {
            var page = await service.ListAsync(new CompanyQuery { Search = search, ResponsibleUserId = responsibleUserId, City = city },
                sort ?? PartySort.Name, descending ?? false, ApiResults.Keyset(cursor, limit, includeTotal), await http.ActorAsync(), ct);
            return TypedResults.Ok(ApiPage<CompanyRow>.Of(page));
        }
        catch (KeysetCursorException)
        {
            return ApiResults.BadCursor();
        }
    }

    /// <summary>A saved party answered with its full details (what GET returns) and their ETag.</summary>
    private static async Task<IResult> SaveAsync<TRow, TDetails>(HttpContext http, Task<Result<TRow>> save, Func<TRow, int> idOf, Func<TRow, int> versionOf,
        string? createdUnder, Func<int, Task<TDetails?>> details)
    {
        var result = await save;
        if (!result.IsOk)
        {
            return ApiResults.From(http, result, _ => Results.Empty);
        }
        var saved = await details(idOf(result.Value!));
        return ApiResults.Resource(http, saved, versionOf(result.Value!), createdUnder is null ? null : $"{ApiSetup.Prefix}/{createdUnder}/{idOf(result.Value!)}");
    }
}
