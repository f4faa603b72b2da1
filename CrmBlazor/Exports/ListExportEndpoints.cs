using System.Globalization;
using CrmBlazor.Core.Export;
using CrmBlazor.Core.Reports;
using Microsoft.AspNetCore.Http.Features;
using Cell = CrmBlazor.Core.Reports.CsvExport.Cell;

namespace CrmBlazor.Exports;

/// <summary>
/// <c>GET /api/export/{leads|contacts|companies|deals|activities}.{csv|xlsx}</c>: a list with the page's filters (in the
/// query string, the names <see cref="Url"/> writes), signed-in users only. The rows come from the same Core query the
/// list pages use (so the same rules decide what the user may read) and are written to the response as they are read.
/// </summary>
public static class ListExportEndpoints
{
    public static readonly string[] Lists = ["leads", "contacts", "companies", "deals", "activities"];

    public static void MapListExportEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/export/{list}.{format}", ExportAsync).RequireAuthorization();

    /// <summary>The export address of <paramref name="list"/> in <paramref name="format"/> with these filters (null and empty left out).</summary>
    public static string Url(string list, ExportFormat format, params (string Name, object? Value)[] filters)
    {
        var query = filters
            .Where(f => f.Value is not null && !(f.Value is string s && string.IsNullOrWhiteSpace(s)))
            .Select(f => $"{f.Name}={Uri.EscapeDataString(Convert.ToString(f.Value switch
            {
                DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
                bool b => b ? "true" : "false",
                _ => f.Value,
            }, CultureInfo.InvariantCulture)!)}");
        var text = string.Join('&', query);
        return $"api/export/{list}.{TableWriter.Extension(format)}" + (text.Length > 0 ? "?" + text : "");
    }

    private static async Task ExportAsync(string list, string format, HttpContext http, IServiceProvider services, CrmTime time, IStringLocalizer<SharedResource> L)
    {
        ExportFormat? kind = format.ToLowerInvariant() switch { "csv" => ExportFormat.Csv, "xlsx" => ExportFormat.Xlsx, _ => null };
        if (kind is not { } fmt || !Lists.Contains(list))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var q = http.Request.Query;
        var actor = await http.ActorAsync();
        var ct = http.RequestAborted;
        string? Text(string name) => string.IsNullOrWhiteSpace(q[name]) ? null : q[name].ToString();
        T? Enum<T>(string name) where T : struct, System.Enum => System.Enum.TryParse<T>(q[name], ignoreCase: true, out var v) ? v : null;
        DateTime? Date(string name) => DateTime.TryParse(q[name], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var d) ? d.ToUniversalTime() : null;
        int? Int(string name) => int.TryParse(q[name], CultureInfo.InvariantCulture, out var i) ? i : null;
        Cell When(DateTime? utc) => utc is { } u ? time.ToLocal(u).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : null;
        Cell Money(decimal? amount) => amount is { } a ? CsvExport.Number(a) : new Cell(null, true);
        var customFields = services.GetRequiredService<CustomFieldService>();

        // The list's own columns, then one per custom field of its kind (decision 017), their values read per batch of rows.
        async Task WriteWithCustomAsync<TRow>(ElementKind element, Cell[] header, IAsyncEnumerable<TRow> rows, Func<TRow, int> idOf, Func<TRow, Cell[]> cells)
        {
            var custom = await customFields.ExportAsync(element, ct);
            await TableWriter.WriteAsync(fmt, http.Response.Body, [.. header, .. custom.Fields.Select(f => (Cell)f.Name())],
                custom.WithValuesAsync(rows, idOf, ct),
                r => [.. cells(r.Row), .. custom.Fields.Select(f => CustomCell(f, r.Custom.GetValueOrDefault(f.Code), custom))], ct);
        }

        // A value as the reader reads it: options by their labels, a user by name, a date and time in local time, yes/no
        // in the reader's language; a number as a number, an amount of money with its currency ("1250.50 PLN").
        Cell CustomCell(CustomFieldView field, CustomValue? value, CustomFieldExport custom) => value is null || value.IsEmpty ? default : field.Type switch
        {
            CustomFieldType.Number => value.Number is { } n ? CsvExport.Number(n) : new Cell(null, true),
            CustomFieldType.DateTime => When(value.Date),
            CustomFieldType.YesNo => value.Flag is { } flag ? L[flag ? "Common.Yes" : "Common.No"].Value : default(Cell),
            CustomFieldType.User => custom.UserName(value.Text) ?? value.Text,
            _ => CustomValueText.Format(field, value),
        };

        http.Response.ContentType = TableWriter.ContentType(fmt);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{list}-{time.ToLocal(time.UtcNow):yyyy-MM-dd}.{TableWriter.Extension(fmt)}\"";
        // Written as read: no buffering of the body anywhere on the way out.
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var body = http.Response.Body;
        switch (list)
        {
            case "leads":
                var leadQuery = new LeadQuery
                {
                    Search = Text("search"),
                    Status = Enum<LeadStatus>("status"),
                    Source = Enum<LeadSource>("source"),
                    StatusId = Int("statusId"),
                    SourceId = Int("sourceId"),
                    ResponsibleUserId = Text("responsible"),
                    CreatedFrom = Date("createdFrom"),
                    CreatedTo = Date("createdTo"),
                    SortBy = Enum<LeadSort>("sort") ?? LeadSort.CreatedAt,
                    Descending = q["desc"] != "false",
                };
                // Names of Settings' statuses and sources in the reader's language (decision 030), read once.
                var leadOptions = await services.GetRequiredService<LeadOptionService>().ListAsync(ct);
                await WriteWithCustomAsync(ElementKind.Lead,
                    [L["Lead.Title"].Value, L["Lead.Person"].Value, L["Lead.CompanyName"].Value, L["Lead.Email"].Value, L["Lead.Phone"].Value,
                        L["Lead.Source"].Value, L["Lead.Status"].Value, L["Lead.Responsible"].Value, L["Lead.ExpectedAmount"].Value, L["Deal.Currency"].Value, L["Lead.Created"].Value],
                    services.GetRequiredService<LeadService>().StreamAsync(leadQuery, actor, ct), l => l.Id,
                    l => [l.Title, l.PersonName, l.CompanyName, l.Email, l.Phone, leadOptions.Label(l.SourceId), leadOptions.Label(l.StatusId),
                        l.ResponsibleName, Money(l.ExpectedAmount), l.Currency, When(l.CreatedAt)]);
                break;
            case "contacts":
                await WriteWithCustomAsync(ElementKind.Contact,
                    [L["Contact.FirstName"].Value, L["Contact.LastName"].Value, L["Contact.Company"].Value, L["Contact.Position"].Value,
                        L["Contact.Email"].Value, L["Contact.Phone"].Value, L["Company.City"].Value, L["Lead.Responsible"].Value],
                    services.GetRequiredService<ContactService>().StreamAsync(
                        new ContactQuery { Search = Text("search"), ResponsibleUserId = Text("responsible"), City = Text("city"), CompanyId = Int("company") }, actor, ct),
                    c => c.Id, c => [c.FirstName, c.LastName, c.CompanyName, c.Position, c.Email, c.Phone, c.City, c.ResponsibleName]);
                break;
            case "companies":
                await WriteWithCustomAsync(ElementKind.Company,
                    [L["Company.Name"].Value, L["Company.Email"].Value, L["Company.Phone"].Value, L["Company.City"].Value, L["Lead.Responsible"].Value],
                    services.GetRequiredService<CompanyService>().StreamAsync(
                        new CompanyQuery { Search = Text("search"), ResponsibleUserId = Text("responsible"), City = Text("city") }, actor, ct),
                    c => c.Id, c => [c.Name, c.Email, c.Phone, c.City, c.ResponsibleName]);
                break;
            case "deals":
                await WriteWithCustomAsync(ElementKind.Deal,
                    [L["Deal.Title"].Value, L["Deal.Stage"].Value, L["Deal.Amount"].Value, L["Deal.Currency"].Value, L["Deal.Company"].Value,
                        L["Deal.Contact"].Value, L["Deal.Responsible"].Value, L["Lead.Created"].Value, L["Export.Closed"].Value],
                    services.GetRequiredService<DealQueryService>().StreamAsync(Int("pipeline"), actor, ct), d => d.Id,
                    d => [d.Title, d.Stage, CsvExport.Number(d.Amount), d.Currency, d.CompanyName, d.ContactName, d.ResponsibleName, When(d.CreatedAt), When(d.ClosedAt)]);
                break;
            default:
                var activityQuery = new ActivityQuery
                {
                    MineOnly = q["mine"] != "false",
                    Period = Enum<ActivityPeriod>("period") ?? ActivityPeriod.Open,
                    Type = Enum<ActivityType>("type"),
                    ElementKind = Enum<ElementKind>("kind"),
                };
                await TableWriter.WriteAsync(fmt, body,
                    [L["Activity.Type"].Value, L["Activity.Subject"].Value, L["Activity.Deadline"].Value, L["Activity.Responsible"].Value,
                        L["Activity.Element"].Value, L["Export.ElementTitle"].Value, L["Export.Done"].Value, L["Activity.Description"].Value],
                    services.GetRequiredService<ActivityService>().StreamAsync(activityQuery, actor, ct),
                    a => [L["ActivityType." + a.Type].Value, a.Subject, When(a.Deadline), a.ResponsibleName, L["ElementKind." + a.ElementKind].Value,
                        a.ElementTitle, When(a.CompletedAt), a.Description], ct);
                break;
        }
    }
}
