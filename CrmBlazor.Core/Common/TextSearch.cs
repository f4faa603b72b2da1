namespace CrmBlazor.Core.Common;

/// <summary>
/// What a user types into a search box, as a <c>LIKE</c> pattern that means the same on SQLite and PostgreSQL: the text
/// anywhere in a lower-cased column (LIKE ignores case on SQLite but not on PostgreSQL), with <c>%</c>, <c>_</c> and the
/// escape character taken literally. Use it as
/// <c>EF.Functions.Like(column.ToLower(), TextSearch.Contains(text), TextSearch.Escape)</c>.
/// </summary>
public static class TextSearch
{
    public const string Escape = "\\";

    /// <summary>A pattern that finds <paramref name="text"/> (trimmed, lower-cased) anywhere in a lower-cased value.</summary>
    public static string Contains(string text) => "%" + Literal(text.Trim().ToLowerInvariant()) + "%";

    /// <summary><paramref name="text"/> with the LIKE wildcards and the escape character escaped.</summary>
    public static string Literal(string text) =>
        text.Replace(Escape, Escape + Escape, StringComparison.Ordinal)
            .Replace("%", Escape + "%", StringComparison.Ordinal)
            .Replace("_", Escape + "_", StringComparison.Ordinal);
}
