namespace CrmBlazor.Core.Common;

/// <summary>
/// The one escaper of text that goes into a spreadsheet (CSV and XLSX exports, report CSVs, failed-rows files).
/// Following the OWASP CSV-injection guidance, text a spreadsheet could read as a formula gets a leading apostrophe:
/// text whose first character, or first character after leading spaces, is <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>,
/// a tab, a carriage return or a line feed. Numbers are never passed through here: they are written as numbers.
/// </summary>
public static class SpreadsheetText
{
    /// <summary>Whether <paramref name="text"/> would start a formula (or a DDE payload) in a spreadsheet.</summary>
    public static bool LooksLikeFormula(ReadOnlySpan<char> text)
    {
        var start = text.TrimStart(' ');
        return !start.IsEmpty && start[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n';
    }

    /// <summary><paramref name="text"/> safe to put in a cell: as is, or with a leading apostrophe. Null becomes empty.</summary>
    public static string Defuse(string? text) =>
        text is null ? "" : LooksLikeFormula(text) ? "'" + text : text;
}
