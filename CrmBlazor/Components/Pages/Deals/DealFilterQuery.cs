using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace CrmBlazor.Components.Pages.Deals;

/// <summary>
/// The board's filters in its address, so a link shows the same board and a reload keeps them: <c>q</c>, <c>mine</c>,
/// <c>user</c>, <c>party</c>, <c>min</c>, <c>max</c>, <c>from</c>, <c>to</c>, <c>closedFrom</c>, <c>closedTo</c>,
/// <c>activity</c> (overdue, none) and <c>stale</c> (days). What cannot be read is left out, never an error.
/// </summary>
public static class DealFilterQuery
{
    public static DealFilter Parse(string uri)
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
        var pairs = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                pairs.Add(new(key, value.Trim()));
            }
        }
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
        foreach (var (key, value) in extra)
        {
            Add(key, value);
        }
        return QueryHelpers.AddQueryString(page, pairs);
    }
}
