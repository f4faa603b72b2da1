using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace CrmBlazor.Components.Pages.Deals;

/// <summary>
/// The board's filters in its address, so a link shows the same board and a reload keeps them: <c>q</c>, <c>mine</c>,
/// <c>user</c>, <c>party</c>, <c>min</c>, <c>max</c>, <c>from</c>, <c>to</c>, <c>closedFrom</c>, <c>closedTo</c>,
/// <c>activity</c> (overdue, none), <c>stale</c> (days) and the custom fields' <c>cf{id}</c> (as the other lists write
/// them, <see cref="CustomFieldFilterText"/>). What cannot be read is left out, never an error.
/// </summary>
public static class DealFilterQuery
{
    /// <summary>
    /// The filter in <paramref name="uri"/>; its custom-field part read by the deals' <paramref name="fields"/>, a
    /// date-and-time field's days being the team's (<paramref name="zone"/>).
    /// </summary>
    public static DealFilter Parse(string uri, IReadOnlyList<CustomFieldView> fields, TimeZoneInfo zone)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        string? Get(string key) => query.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString() : null;
        decimal? Money(string key) => decimal.TryParse(Get(key), NumberStyles.Number, CultureInfo.InvariantCulture, out var m) ? m : null;
        DateOnly? Day(string key) => DateOnly.TryParseExact(Get(key), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        return new DealFilter
        {
            Search = Get("q"),
            Mine = Get("mine") is "1" or "true",
            ResponsibleUserId = Get("user"),
            Party = Get("party"),
            AmountFrom = Money("min"),
            AmountTo = Money("max"),
            CreatedFrom = Day("from"),
            CreatedTo = Day("to"),
            ClosedFrom = Day("closedFrom"),
            ClosedTo = Day("closedTo"),
            Activity = Get("activity") switch
            {
                "overdue" => DealActivityFilter.Overdue,
                "none" => DealActivityFilter.NonePlanned,
                _ => DealActivityFilter.Any,
            },
            StaleDays = int.TryParse(Get("stale"), NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days > 0 ? days : null,
            Custom = new CustomFilterSet(CustomFieldFilterText.Filters(fields, ListAddress.Of(uri).Custom(), zone)),
        };
    }

    /// <summary>The board's address for <paramref name="pipelineId"/> with <paramref name="filter"/>.</summary>
    public static string Path(int? pipelineId, DealFilter filter) => Path(BoardPath, pipelineId, filter);

    public const string BoardPath = "/deals";
    public const string ListPath = "/deals/list";

    /// <summary>
    /// The address of the board or the list (<paramref name="page"/>) for <paramref name="pipelineId"/> with
    /// <paramref name="filter"/>, and the list's own <paramref name="extra"/> parameters (its sort).
    /// </summary>
    public static string Path(string page, int? pipelineId, DealFilter filter, params (string Key, string? Value)[] extra)
    {
        var pairs = new List<(string Key, string? Value)>(); // the blank ones are left out by ListAddress.Path
        void Add(string key, string? value) => pairs.Add((key, value));
        Add("pipeline", pipelineId?.ToString(CultureInfo.InvariantCulture));
        Add("q", filter.Search);
        Add("mine", filter.Mine ? "1" : null);
        Add("user", filter.ResponsibleUserId);
        Add("party", filter.Party);
        Add("min", filter.AmountFrom?.ToString(CultureInfo.InvariantCulture));
        Add("max", filter.AmountTo?.ToString(CultureInfo.InvariantCulture));
        Add("from", filter.CreatedFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", filter.CreatedTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("closedFrom", filter.ClosedFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("closedTo", filter.ClosedTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("activity", filter.Activity switch { DealActivityFilter.Overdue => "overdue", DealActivityFilter.NonePlanned => "none", _ => null });
        Add("stale", filter.StaleDays?.ToString(CultureInfo.InvariantCulture));
        pairs.AddRange(extra);
        return "/" + ListAddress.Path(page.TrimStart('/'), CustomFieldFilterText.Texts(filter.Custom), [.. pairs]);
    }
}
