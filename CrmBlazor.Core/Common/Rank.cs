using System.Text;

namespace CrmBlazor.Core.Common;

/// <summary>
/// Sortable string ranks for ordering cards in a column (fractional indexing). A key between two others always exists,
/// so moving a card rewrites that card's rank only, never its neighbours'. Keys use 0-9a-z, never end in '0', and
/// compare ordinally (the database column uses a binary collation).
/// </summary>
public static class Rank
{
    private const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>A key strictly between <paramref name="before"/> and <paramref name="after"/>; null means open-ended.</summary>
    public static string Between(string? before, string? after)
    {
        before ??= "";
        if (after is not null && string.CompareOrdinal(before, after) >= 0)
        {
            // The neighbours crossed (another user reordered meanwhile): fall back to just after the upper one.
            after = null;
        }
        return Midpoint(before, after);
    }

    /// <summary><paramref name="count"/> evenly spread keys of equal length, in order; for seeding and bulk loads.</summary>
    public static IReadOnlyList<string> Spread(int count)
    {
        var width = 1;
        while (Math.Pow(Digits.Length, width) < (count + 1) * 4L)
        {
            width++;
        }
        var space = (long)Math.Pow(Digits.Length, width);
        var keys = new List<string>(count);
        for (var i = 1; i <= count; i++)
        {
            var value = space * i / (count + 1);
            var key = new char[width];
            for (var p = width - 1; p >= 0; p--)
            {
                key[p] = Digits[(int)(value % Digits.Length)];
                value /= Digits.Length;
            }
            keys.Add(new string(key).TrimEnd('0'));
        }
        return keys;
    }

    /// <summary>
    /// <paramref name="count"/> keys in order, all below <paramref name="upper"/> (a column's top card; null for an empty
    /// column), evenly spread over the room above it: a bulk load at the top of a column (an import) without the key
    /// growth of taking <see cref="Between"/> again and again.
    /// </summary>
    public static IReadOnlyList<string> Below(string? upper, int count)
    {
        if (upper is null || count <= 0)
        {
            return Spread(Math.Max(count, 0));
        }
        // The upper key read as a whole number of `width` digits (shorter keys end in zeros), wide enough that the room
        // under it holds `count` keys four apart.
        for (var width = 1; ; width++)
        {
            long value = 0;
            for (var p = 0; p < width; p++)
            {
                value = value * Digits.Length + (p < upper.Length ? Digits.IndexOf(upper[p], StringComparison.Ordinal) : 0);
            }
            if (value < (count + 1) * 4L)
            {
                if (width < 12)
                {
                    continue;
                }
                // A top key of a dozen leading zeros (never seen in practice): one key under the next, the slow way.
                var slow = new string[count];
                var next = upper;
                for (var i = count - 1; i >= 0; i--)
                {
                    next = slow[i] = Between(null, next);
                }
                return slow;
            }
            var keys = new List<string>(count);
            for (var i = 1; i <= count; i++)
            {
                var key = new char[width];
                var v = value * i / (count + 1);
                for (var p = width - 1; p >= 0; p--)
                {
                    key[p] = Digits[(int)(v % Digits.Length)];
                    v /= Digits.Length;
                }
                keys.Add(new string(key).TrimEnd('0'));
            }
            return keys;
        }
    }

    /// <summary>Keys longer than this make the service respread the column's keys (rare: it takes thousands of inserts at one end).</summary>
    public const int RespreadLength = 48;

    private static string Midpoint(string a, string? b)
    {
        // At an open end, step by one digit instead of halving the gap, so that cards added again and again at the top
        // (new deals) or at the bottom grow their keys by one character per ~17 inserts rather than per ~5.
        if (b is null)
        {
            var i = 0;
            while (i < a.Length && a[i] == 'z')
            {
                i++;
            }
            return i < a.Length ? string.Concat(a.AsSpan(0, i), Digits[Digits.IndexOf(a[i], StringComparison.Ordinal) + 1].ToString()) : a + "i";
        }
        if (a.Length == 0)
        {
            for (var i = 0; i < b.Length; i++)
            {
                var digit = Digits.IndexOf(b[i], StringComparison.Ordinal);
                if (digit >= 2)
                {
                    return string.Concat(b.AsSpan(0, i), Digits[digit - 1].ToString());
                }
            }
        }

        if (b is not null)
        {
            var n = 0;
            while (n < b.Length && (n < a.Length ? a[n] : '0') == b[n])
            {
                n++;
            }
            if (n > 0)
            {
                return string.Concat(b.AsSpan(0, n), Midpoint(n < a.Length ? a[n..] : "", b[n..]));
            }
        }
        var digitA = a.Length > 0 ? Digits.IndexOf(a[0], StringComparison.Ordinal) : 0;
        var digitB = b is not null ? Digits.IndexOf(b[0], StringComparison.Ordinal) : Digits.Length;
        if (digitB - digitA > 1)
        {
            return Digits[(digitA + digitB + 1) / 2].ToString();
        }
        if (b is not null && b.Length > 1)
        {
            return b[..1];
        }
        return new StringBuilder().Append(Digits[digitA]).Append(Midpoint(a.Length > 1 ? a[1..] : "", null)).ToString();
    }
}
