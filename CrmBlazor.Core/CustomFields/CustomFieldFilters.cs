namespace CrmBlazor.Core.CustomFields;

/// <summary>
/// A list's filters on custom fields, as SQL: the ids of the elements whose value rows match, read through the index
/// on (field, value), which the list then keeps with <c>Id IN (...)</c> (decision 017).
/// </summary>
public static class CustomFieldFilters
{
    /// <summary>
    /// The value rows that match <paramref name="filter"/>; for a filter that <see cref="CustomFieldFilter.Excludes"/>
    /// (a yes/no field's "no"), the rows whose elements it leaves out (the "yes" ones), which its list keeps out.
    /// </summary>
    public static IQueryable<TValue> Matching<TValue>(IQueryable<TValue> values, CustomFieldFilter filter) where TValue : CustomFieldValue
    {
        values = values.Where(v => v.FieldId == filter.FieldId);
        if (filter.OptionId is { } option)
        {
            values = values.Where(v => v.OptionId == option);
        }
        if (filter.Flag is not null)
        {
            values = values.Where(v => v.Number == 1m);
        }
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var pattern = TextSearch.Contains(filter.Text);
            values = values.Where(v => EF.Functions.Like(v.Text!.ToLower(), pattern, TextSearch.Escape));
        }
        if (filter.NumberFrom is { } from)
        {
            values = values.Where(v => v.Number >= from);
        }
        if (filter.NumberTo is { } to)
        {
            values = values.Where(v => v.Number <= to);
        }
        if (filter.DateFrom is { } dateFrom)
        {
            values = values.Where(v => v.Date >= dateFrom);
        }
        if (filter.DateTo is { } dateTo)
        {
            values = values.Where(v => v.Date < dateTo);
        }
        return values;
    }
}
