using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace CrmBlazor.Components.Shared;

/// <summary>
/// A list's filters and sort in its address, so a reload or a link (or a saved view, decision 028) shows the same list:
/// plain keys (<c>q</c>, <c>user</c>, <c>sort</c>, <c>desc</c> ...) and one <c>cf{fieldId}={optionId}</c> per custom
/// list filter. What cannot be read is left out, never an error.
/// </summary>
public sealed class ListAddress
{
    private readonly Dictionary<string, StringValues> _query;

    private ListAddress(Dictionary<string, StringValues> query) => _query = query;

    public static ListAddress Of(string uri) => new(QueryHelpers.ParseQuery(new Uri(uri).Query));

    public string? Get(string key) => _query.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString() : null;

    public int? Int(string key) => int.TryParse(Get(key), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;

    public T? Enum<T>(string key) where T : struct, System.Enum =>
        System.Enum.TryParse<T>(Get(key), ignoreCase: true, out var e) && System.Enum.IsDefined(e) ? e : null;

    public DateTime? Day(string key) =>
        DateTime.TryParseExact(Get(key), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary><c>desc=1</c> (or, with <paramref name="byDefault"/>, anything but <c>desc=0</c>).</summary>
    public bool Descending(bool byDefault = false) => Get("desc") is { } d ? d is "1" or "true" : byDefault;

    /// <summary>The custom-field filters (<c>cf{id}=...</c>) as written in the address, by field id (<see cref="CustomListFilters"/> reads them).</summary>
    public Dictionary<int, string?> Custom() => _query.Keys
        .Where(k => k.StartsWith("cf", StringComparison.Ordinal) && int.TryParse(k.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out _))
        .Select(k => (Field: int.Parse(k.AsSpan(2), CultureInfo.InvariantCulture), Value: Get(k)))
        .Where(p => p.Value is not null)
        .ToDictionary(p => p.Field, p => p.Value);

    public static string? DayText(DateTime? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary><paramref name="page"/> (no leading slash) with the non-blank <paramref name="pairs"/> and <paramref name="custom"/> filters.</summary>
    public static string Path(string page, IReadOnlyDictionary<int, string?> custom, params (string Key, string? Value)[] pairs)
    {
        var kept = pairs.Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => new KeyValuePair<string, string?>(p.Key, p.Value!.Trim()))
            .Concat(custom.Where(c => !string.IsNullOrWhiteSpace(c.Value)).OrderBy(c => c.Key)
                .Select(c => new KeyValuePair<string, string?>($"cf{c.Key.ToString(CultureInfo.InvariantCulture)}", c.Value!.Trim())));
        return QueryHelpers.AddQueryString(page, kept);
    }
}
