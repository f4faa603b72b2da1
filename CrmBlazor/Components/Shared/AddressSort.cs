namespace CrmBlazor.Components.Shared;

/// <summary>
/// A list's sort that lives in its address (<c>sort</c>, <c>desc=1</c>; decision 028) and the key of the grid or table
/// that shows it. MudBlazor applies a column's initial direction only when the column is first rendered, so when the
/// address brings another sort (a saved view, back, a link) the page makes a new grid (<see cref="Key"/> moves) that
/// starts in it and loads itself, and a load an older grid asks for (<see cref="Loader{TState, TData}"/>) gives nothing and changes
/// nothing: it would otherwise read as a header click and write the stale sort back to the address. A header click
/// (<see cref="Clicked"/>) sets the sort before it goes to the address, so it never makes a new grid.
/// </summary>
/// <typeparam name="TSort">The list's sort options (its Core query's); <see cref="By"/> null is the query's own order.</typeparam>
public sealed class AddressSort<TSort>(TSort? byDefault = null) where TSort : struct, Enum
{
    private readonly TSort? _default = byDefault;
    private bool _read;

    /// <summary>The sort shown, or null for the list's own order.</summary>
    public TSort? By { get; private set; }

    public bool Descending { get; private set; }

    /// <summary>The grid's or table's <c>@key</c>.</summary>
    public int Key { get; private set; }

    /// <summary>
    /// Reads the sort from <paramref name="address"/>. True when it is not the one shown: the page's grid is stale,
    /// <see cref="Key"/> has moved and the page must take a new <see cref="Loader{TState, TData}"/> (the first read is always true).
    /// </summary>
    public bool Read(ListAddress address)
    {
        var (by, descending) = (By, Descending);
        By = address.Enum<TSort>("sort") ?? _default;
        Descending = address.Descending();
        if (_read && Nullable.Equals(By, by) && Descending == descending)
        {
            return false;
        }
        _read = true;
        Key++;
        return true;
    }

    /// <summary>
    /// What the grid asked for: true when that is a header click (another <paramref name="column"/> or direction than
    /// the one shown), which becomes the sort shown and goes to the address.
    /// </summary>
    public bool Clicked(TSort? column, bool descending)
    {
        if (column is null || (Nullable.Equals(column, By) && descending == Descending))
        {
            return false;
        }
        (By, Descending) = (column, descending);
        return true;
    }

    /// <summary>A column's name in a grid's sort definition or a table's sort label, as this sort (case-insensitive).</summary>
    public static TSort? Parse(string? column) =>
        Enum.TryParse<TSort>(column, ignoreCase: true, out var sort) && Enum.IsDefined(sort) ? sort : null;

    /// <summary>How a column starts: in the sort shown, or unsorted.</summary>
    public SortDirection Initial(TSort column) =>
        !Nullable.Equals(By, column) ? SortDirection.None : Descending ? SortDirection.Descending : SortDirection.Ascending;

    /// <summary>The address's <c>sort</c> and <c>desc</c> (nothing for the default sort, ascending).</summary>
    public (string Key, string? Value)[] Pairs() =>
    [
        ("sort", By is { } by && !Nullable.Equals(by, _default) ? by.ToString().ToLowerInvariant() : null),
        ("desc", Descending ? "1" : null),
    ];

    /// <summary>
    /// The data function for the grid of the current <see cref="Key"/>: a load asked for by an older grid gets
    /// <paramref name="nothing"/>.
    /// </summary>
    public Func<TState, CancellationToken, Task<TData>> Loader<TState, TData>(Func<TState, CancellationToken, Task<TData>> load, TData nothing)
    {
        var key = Key;
        return (state, ct) => key == Key ? load(state, ct) : Task.FromResult(nothing);
    }
}
