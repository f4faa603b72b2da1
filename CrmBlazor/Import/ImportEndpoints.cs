using CrmBlazor.Core.Export;
using CrmBlazor.Core.Import;
using Microsoft.AspNetCore.Http.Features;

namespace CrmBlazor.Import;

/// <summary><c>GET /api/import/runs/{id}/failed.csv</c>: a run's failed rows as the original rows plus an error column, to fix and import again.</summary>
public static class ImportEndpoints
{
    public static void MapImportEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/import/runs/{runId:int}/failed.csv", FailedRowsAsync).RequireAuthorization();

    public static string FailedRowsUrl(int runId) => $"api/import/runs/{runId}/failed.csv";

    private static async Task FailedRowsAsync(int runId, HttpContext http, LeadImportService imports, IStringLocalizer<SharedResource> L)
    {
        var run = await imports.GetRunAsync(runId, http.RequestAborted);
        var actor = await http.ActorAsync();
        if (run is null || !AccessPolicy.MayChangeImport(actor, run.CreatedById))
        {
            http.Response.StatusCode = run is null ? StatusCodes.Status404NotFound : StatusCodes.Status403Forbidden;
            return;
        }
        var header = await imports.FailedRowsHeaderAsync(runId, http.RequestAborted) ?? [];
        http.Response.ContentType = TableWriter.ContentType(ExportFormat.Csv);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{Path.GetFileNameWithoutExtension(run.FileName)}-failed.csv\"";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await TableWriter.WriteAsync(ExportFormat.Csv, http.Response.Body,
            [.. header.Select(h => (CrmBlazor.Core.Reports.CsvExport.Cell)h), L["Import.ErrorColumn"].Value],
            imports.FailedRowsAsync(runId, (key, args) => L[key, args].Value, http.RequestAborted),
            cells => cells.Select(c => (CrmBlazor.Core.Reports.CsvExport.Cell)c).ToList(), http.RequestAborted);
    }
}
