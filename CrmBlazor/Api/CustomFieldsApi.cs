using Microsoft.AspNetCore.Http.HttpResults;

namespace CrmBlazor.Api;

/// <summary>
/// <c>/api/v1/custom-fields</c>: everyone reads the definitions (lead, contact, company and deal inputs carry
/// <c>custom</c> values by their codes); admins add, change, reorder and delete them through
/// <see cref="CustomFieldService"/>, the custom fields settings page's own use cases (decision 017).
/// </summary>
internal static class CustomFieldsApi
{
    public sealed record FieldMove(int Delta);

    public static void MapCustomFields(this RouteGroupBuilder api)
    {
        var fields = api.MapGroup("/custom-fields").WithTags("Custom fields");
        fields.MapGet("/{kind}", ListAsync).WithName("ListCustomFields");
        fields.MapGet("/{id:int}", GetAsync).WithName("GetCustomField");
        fields.MapPost("/", CreateAsync).WithName("CreateCustomField");
        fields.MapPut("/{id:int}", UpdateAsync).WithName("UpdateCustomField");
        fields.MapPost("/{id:int}/move", MoveAsync).WithName("MoveCustomField");
        fields.MapDelete("/{id:int}", DeleteAsync).WithName("DeleteCustomField");
    }

    /// <summary>The fields of one kind of element in their order, with how many elements hold a value of each (a short list, answered whole).</summary>
    private static async Task<Ok<IReadOnlyList<CustomFieldView>>> ListAsync(ElementKind kind, CustomFieldService fields, CancellationToken ct) =>
        TypedResults.Ok(await fields.ListAsync(kind, ct));

    private static async Task<IResult> GetAsync(int id, CustomFieldService fields, HttpContext http, CancellationToken ct) =>
        await fields.GetAsync(id, ct) is { } field ? ApiResults.Resource(http, field, field.Version) : ApiResults.Problem(404, "Not found");

    /// <summary>A new field at the end of its kind's list; its code gets the <c>UF_</c> prefix and is fixed from then on.</summary>
    private static async Task<IResult> CreateAsync(CustomFieldInput input, CustomFieldService fields, HttpContext http, CancellationToken ct) =>
        ApiResults.From(http, await fields.SaveAsync(null, 0, Clean(input), await http.ActorAsync(), ct),
            field => ApiResults.Resource(http, field, field.Version, $"{ApiSetup.Prefix}/custom-fields/{field.Id}"));

    /// <summary>Changes a field (not its code or kind); list options keep their ids, and one in use is not removed.</summary>
    private static async Task<IResult> UpdateAsync(int id, CustomFieldInput input, CustomFieldService fields, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        return refusal ?? ApiResults.From(http, await fields.SaveAsync(id, version!.Value, Clean(input), await http.ActorAsync(), ct),
            field => ApiResults.Resource(http, field, field.Version));
    }

    /// <summary>Moves a field one place up (<c>delta</c> -1) or down (+1) among its kind's fields.</summary>
    private static async Task<IResult> MoveAsync(int id, FieldMove move, CustomFieldService fields, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        if (refusal is not null)
        {
            return refusal;
        }
        var result = await fields.MoveAsync(id, move.Delta, await http.ActorAsync(), ct, expectedVersion: version);
        return result.IsOk && await fields.GetAsync(id, ct) is { } moved ? ApiResults.Resource(http, moved, moved.Version) : ApiResults.From(http, result, _ => Results.Empty);
    }

    /// <summary>Deletes a field; one that elements hold values of answers 409 until <c>confirm=true</c>, then its values go with it.</summary>
    private static async Task<IResult> DeleteAsync(int id, bool? confirm, CustomFieldService fields, HttpContext http, CancellationToken ct)
    {
        var (version, refusal) = ApiResults.ExpectedVersion(http);
        return refusal ?? ApiResults.From(http, await fields.DeleteAsync(id, version!.Value, confirm ?? false, await http.ActorAsync(), ct), _ => TypedResults.NoContent());
    }

    /// <summary>JSON may leave out what the form always sends (null texts and lists).</summary>
    private static CustomFieldInput Clean(CustomFieldInput input) => input with
    {
        Code = input.Code ?? "", NameEn = input.NameEn ?? "", NamePl = input.NamePl ?? "", Options = input.Options ?? [],
    };
}
