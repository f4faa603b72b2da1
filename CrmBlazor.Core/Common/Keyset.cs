using System.Globalization;
using System.Linq.Expressions;
using System.Text;

namespace CrmBlazor.Core.Common;

/// <summary>
/// One page of a list read by keyset: its rows, the cursor of the next page (null on the last) and, only when asked
/// for, how many rows the whole list has (counting a large list costs more than reading a page).
/// </summary>
public sealed record KeysetPage<T>(IReadOnlyList<T> Items, string? NextCursor, int? Total);

/// <summary>Where a keyset page asks to start: after the row with this sort key and id, in the list's order.</summary>
public sealed record KeysetRequest(string? Cursor, int Take, bool IncludeTotal = false);

/// <summary>
/// Keyset ("seek") paging on a sort key and the id (decision 014): the list is ordered by (key, id), both ascending or
/// both descending, and the next page starts after the last row's (key, id), so rows never repeat or go missing while
/// others are added, ties on the key are broken by the id, and the last page costs what the first does. The cursor is
/// opaque to clients: base64url of the sort's name, the direction, the key and the id; a cursor of another sort or
/// direction is refused (<see cref="KeysetCursorException"/>).
/// </summary>
public static class Keyset
{
    public const int MaxTake = 200;

    /// <summary>
    /// Reads one page of <paramref name="rows"/> (already filtered) ordered by <paramref name="key"/> and then
    /// <paramref name="id"/>, projected by <paramref name="select"/>. Keys must be non-null columns.
    /// </summary>
    public static async Task<KeysetPage<TRow>> PageAsync<T, TKey, TId, TRow>(
        IQueryable<T> rows, string sortName, bool descending, Expression<Func<T, TKey>> key, Expression<Func<T, TId>> id,
        Expression<Func<T, TRow>> select, KeysetRequest request, CancellationToken ct)
        where TKey : notnull
        where TId : notnull
    {
        var total = request.IncludeTotal ? await rows.CountAsync(ct) : (int?)null;
        if (Decode<TKey, TId>(request.Cursor, sortName, descending) is { } after)
        {
            rows = rows.Where(After(key, id, after.Key, after.Id, descending));
        }
        var ordered = descending ? rows.OrderByDescending(key).ThenByDescending(id) : rows.OrderBy(key).ThenBy(id);
        var take = Math.Clamp(request.Take, 1, MaxTake);
        // One row more than the page tells whether there is a next page without counting.
        var read = await ordered.Select(Positioned(key, id, select)).Take(take + 1).ToListAsync(ct);
        string? next = null;
        if (read.Count > take)
        {
            read.RemoveAt(take);
            next = Encode(sortName, descending, read[^1].Key, read[^1].Id);
        }
        return new KeysetPage<TRow>([.. read.Select(r => r.Row)], next, total);
    }

    /// <summary>A row read with its position (its key and id), which the next page's cursor is made of.</summary>
    private sealed class Position<TKey, TId, TRow>
    {
        public TKey Key { get; init; } = default!;
        public TId Id { get; init; } = default!;
        public TRow Row { get; init; } = default!;
    }

    private static Expression<Func<T, Position<TKey, TId, TRow>>> Positioned<T, TKey, TId, TRow>(
        Expression<Func<T, TKey>> key, Expression<Func<T, TId>> id, Expression<Func<T, TRow>> select)
    {
        var row = key.Parameters[0];
        var type = typeof(Position<TKey, TId, TRow>);
        return Expression.Lambda<Func<T, Position<TKey, TId, TRow>>>(Expression.MemberInit(Expression.New(type),
            Expression.Bind(type.GetProperty(nameof(Position<TKey, TId, TRow>.Key))!, key.Body),
            Expression.Bind(type.GetProperty(nameof(Position<TKey, TId, TRow>.Id))!, new ParameterSwap(id.Parameters[0], row).Visit(id.Body)),
            Expression.Bind(type.GetProperty(nameof(Position<TKey, TId, TRow>.Row))!, new ParameterSwap(select.Parameters[0], row).Visit(select.Body))), row);
    }

    /// <summary>key &gt; k OR (key = k AND id &gt; i) (or &lt; when descending), as SQL the database can seek an index with.</summary>
    private static Expression<Func<T, bool>> After<T, TKey, TId>(Expression<Func<T, TKey>> key, Expression<Func<T, TId>> id, TKey afterKey, TId afterId, bool descending)
    {
        var row = key.Parameters[0];
        var keyBody = key.Body;
        var idBody = new ParameterSwap(id.Parameters[0], row).Visit(id.Body);
        // Constants as captured values, so EF sends them as parameters (and converts them as the column, e.g. money).
        var keyValue = Captured(afterKey);
        var idValue = Captured(afterId);
        var beyondKey = Beyond(keyBody, keyValue, descending);
        var sameKey = Expression.Equal(keyBody, keyValue);
        var beyondId = Beyond(idBody, idValue, descending);
        return Expression.Lambda<Func<T, bool>>(Expression.OrElse(beyondKey, Expression.AndAlso(sameKey, beyondId)), row);
    }

    /// <summary>value &gt; bound (&lt; when descending); text compares with <see cref="string.Compare(string, string)"/>, which EF writes as SQL's comparison.</summary>
    private static BinaryExpression Beyond(Expression value, Expression bound, bool descending)
    {
        if (value.Type == typeof(string))
        {
            var compare = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, value, bound);
            return descending ? Expression.LessThan(compare, Expression.Constant(0)) : Expression.GreaterThan(compare, Expression.Constant(0));
        }
        return descending ? Expression.LessThan(value, bound) : Expression.GreaterThan(value, bound);
    }

    private static MemberExpression Captured<TValue>(TValue value)
    {
        var holder = new Holder<TValue>(value);
        return Expression.Field(Expression.Constant(holder), nameof(Holder<TValue>.Value));
    }

    private sealed class Holder<TValue>(TValue value)
    {
        // A field, so the expression reads it as EF reads a closure's captured variable: a parameter.
        public readonly TValue Value = value;
    }

    private sealed class ParameterSwap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    public static string Encode<TKey, TId>(string sortName, bool descending, TKey key, TId id) where TKey : notnull where TId : notnull
    {
        var text = string.Join('\n', sortName, descending ? "d" : "a", KeyText(key), KeyText(id));
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The position a cursor names; null for no cursor (the first page).</summary>
    /// <exception cref="KeysetCursorException">Not a cursor of this list's sort and direction.</exception>
    public static (TKey Key, TId Id)? Decode<TKey, TId>(string? cursor, string sortName, bool descending) where TId : notnull
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            // The sort and direction first, the id last: the key between them is whatever text it is (a name may hold a line break).
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('\n', 3);
            var idAt = parts.Length == 3 ? parts[2].LastIndexOf('\n') : -1;
            if (idAt >= 0 && parts[0] == sortName && parts[1] == (descending ? "d" : "a"))
            {
                return ((TKey)ParseKey(parts[2][..idAt], typeof(TKey)), (TId)ParseKey(parts[2][(idAt + 1)..], typeof(TId)));
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or InvalidCastException)
        {
            throw new KeysetCursorException(e);
        }
        throw new KeysetCursorException(null);
    }

    private static string KeyText<TKey>(TKey key) where TKey : notnull => key switch
    {
        DateTime at => at.Ticks.ToString(CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => key.ToString() ?? "",
    };

    private static object ParseKey(string text, Type type) =>
        type == typeof(string) ? text
        : type == typeof(int) ? int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
        : type == typeof(long) ? long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
        : type == typeof(decimal) ? decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture)
        : type == typeof(DateTime) ? new DateTime(long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture), DateTimeKind.Utc)
        : throw new ArgumentException($"No keyset cursor for keys of type {type.Name}.", nameof(type));
}

/// <summary>A cursor that is not one this list gave for its current sort and direction (the API answers 400).</summary>
public sealed class KeysetCursorException(Exception? inner) : Exception("The cursor is not one of this list's sort and direction.", inner);
