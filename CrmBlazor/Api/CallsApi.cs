using CrmBlazor.Core.Calls;

namespace CrmBlazor.Api;

/// <summary>
/// Telephony for a PBX, shaped like Bitrix24's <c>telephony.externalcall.register</c> and <c>.finish</c>:
/// <c>POST /api/v1/calls/register</c> and <c>POST /api/v1/calls/finish</c> (decision 014 maps the fields).
/// </summary>
internal static class CallsApi
{
    public static void MapCalls(this RouteGroupBuilder api)
    {
        var calls = api.MapGroup("/calls").WithTags("Calls");
        calls.MapPost("/register", async Task<IResult> (RegisterCall call, CallService service, HttpContext http, CancellationToken ct) =>
            ApiResults.From(http, await service.RegisterAsync(call, await http.ActorAsync(), ct), registered => TypedResults.Ok(registered)))
            .WithName("RegisterCall");
        calls.MapPost("/finish", async Task<IResult> (FinishCall finish, CallService service, HttpContext http, CancellationToken ct) =>
            ApiResults.From(http, await service.FinishAsync(finish, await http.ActorAsync(), ct), finished => TypedResults.Ok(finished)))
            .WithName("FinishCall");
    }
}
