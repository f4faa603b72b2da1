namespace CrmBlazor.Core.CustomFields;

/// <summary>
/// A list's filters on custom fields, as SQL: the ids of the elements whose value rows match, read through the index
/// on (field, value), which the list then keeps with <c>Id IN (...)</c> (decision 017).
/// </summary>
public static class CustomFieldFilters
{
    public static IQueryable<TValue> Matching<TValue>(IQueryable<TValue> values, CustomFieldFilter filter) where TValue : CustomFieldValue
    {
        values = values.Where(v => v.FieldId == filter.FieldId);
        if (filter.OptionId is { } option)
        {
            values = values.Where(v => v.OptionId == option);
        }
        if (filter.Flag is { } flag)
        {
            var n = flag ? 1m : 0m;
            values = values.Where(v => v.Number == n);
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
