using System.Text;

namespace CrmBlazor.Core.Reports;

/// <summary>
/// Writes tables as CSV (RFC 4180, comma-separated, CRLF) that a spreadsheet cannot execute: text is defused by
/// <see cref="SpreadsheetText"/> (the one escaper; formulas also after leading spaces, and a leading line feed), and
/// every text cell is quoted with inner quotes doubled. Numbers are passed as numbers (the Number cells), formatted
/// invariantly, so a negative amount stays a number. The reports and the list exports (<c>Export/</c>) both use it.
/// </summary>
public static class CsvExport
{
    /// <summary>A cell: either text (escaped) or an invariant number (written as is).</summary>
    public readonly record struct Cell(string? Text, bool IsNumber)
    {
        public static implicit operator Cell(string? text) => new(text, false);
    }

    public static Cell Number(decimal value) => new(value.ToString(System.Globalization.CultureInfo.InvariantCulture), true);

    public static Cell Number(int value) => new(value.ToString(System.Globalization.CultureInfo.InvariantCulture), true);

    public static Cell Number(double? value, int decimals) =>
        value is { } v ? new(Math.Round(v, decimals).ToString(System.Globalization.CultureInfo.InvariantCulture), true) : new(null, true);

    /// <summary>The text of a cell as it goes into the file.</summary>
    public static string Escape(Cell cell)
    {
        if (cell.IsNumber)
        {
            return cell.Text ?? "";
        }
        var text = SpreadsheetText.Defuse(cell.Text);
        return "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static async Task WriteAsync(TextWriter writer, IEnumerable<IReadOnlyList<Cell>> rows, CancellationToken ct = default)
    {
        var line = new StringBuilder();
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            line.Clear();
            for (var i = 0; i < row.Count; i++)
            {
                if (i > 0)
                {
                    line.Append(',');
                }
                line.Append(Escape(row[i]));
            }
            line.Append("\r\n");
            await writer.WriteAsync(line.ToString());
        }
        await writer.FlushAsync(ct);
    }

    public static async Task<string> ToStringAsync(IEnumerable<IReadOnlyList<Cell>> rows)
    {
        await using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        await WriteAsync(writer, rows);
        return writer.ToString();
    }
}
