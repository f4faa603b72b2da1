namespace CrmBlazor.Core.CustomFields;

/// <summary>
/// A filter's custom-field part, compared by value: one <see cref="CustomFieldFilter"/> per field, in field order, so
/// two filters that mean the same compare equal (a board or list reads again only when its filter really changed).
/// </summary>
public sealed class CustomFilterSet : IReadOnlyList<CustomFieldFilter>, IEquatable<CustomFilterSet>
{
    private readonly CustomFieldFilter[] _filters;

    /// <summary>One filter per field (the last given wins), in field order.</summary>
    public CustomFilterSet(IEnumerable<CustomFieldFilter> filters) =>
        _filters = [.. filters.GroupBy(f => f.FieldId).Select(g => g.Last()).OrderBy(f => f.FieldId)];

    public static readonly CustomFilterSet Empty = new([]);

    public int Count => _filters.Length;

    public CustomFieldFilter this[int index] => _filters[index];

    public IEnumerator<CustomFieldFilter> GetEnumerator() => ((IEnumerable<CustomFieldFilter>)_filters).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(CustomFilterSet? other) => other is not null && _filters.SequenceEqual(other._filters);

    public override bool Equals(object? obj) => Equals(obj as CustomFilterSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var filter in _filters)
        {
            hash.Add(filter);
        }
        return hash.ToHashCode();
    }
}
