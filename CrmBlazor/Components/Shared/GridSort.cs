namespace CrmBlazor.Components.Shared;

/// <summary>
/// A data grid's sort as it was at its last load, to tell a header the user clicked from a sort the address changed.
/// A list keeps its sort in the address (a reload, a link or a saved view brings it back); when the address changes
/// it, the grid still holds its old sort, which must not be taken for a click and put back over the address's.
/// </summary>
public readonly record struct GridSort(string? By, bool Descending)
{
    /// <summary>
    /// The grid's sort <paramref name="now"/> when it differs from <paramref name="last"/> (a header was clicked, or
    /// this is the first load), else null; <paramref name="last"/> becomes it.
    /// </summary>
    public static SortDefinition<T>? Clicked<T>(ref GridSort last, SortDefinition<T>? now)
    {
        var seen = new GridSort(now?.SortBy, now?.Descending ?? false);
        if (seen == last)
        {
            return null;
        }
        last = seen;
        return now;
    }
}
