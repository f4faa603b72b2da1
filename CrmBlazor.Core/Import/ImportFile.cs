using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace CrmBlazor.Core.Import;

public enum ImportFileKind
{
    Csv,
    Xlsx,
}

/// <summary>How to read a file; null means "detect".</summary>
public sealed record ImportReadOptions
{
    /// <summary><c>utf-8</c>, <c>windows-1250</c> or <c>iso-8859-2</c> (CSV only).</summary>
    public string? Encoding { get; init; }
    public char? Delimiter { get; init; }
    /// <summary>The XLSX sheet by name (the first when null).</summary>
    public string? Sheet { get; init; }
}

/// <summary>Something about a whole file the user should know (a message key and its arguments); not an error.</summary>
public sealed record ImportNotice(string Key, params object[] Args);

/// <summary>A file that cannot be imported at all: a message key and its arguments.</summary>
public sealed class ImportFileException(string key, params object[] args) : Exception(key)
{
    public string Key { get; } = key;
    public object[] Args { get; } = args;
}

/// <summary>One data row: its number in the file (the header is row 1), its cells, and an error that fails it whatever the mapping.</summary>
public sealed record ImportRow(int Number, IReadOnlyList<string> Cells, string? ErrorKey = null, object[]? ErrorArgs = null);

/// <summary>
/// A CSV or XLSX file as the import reads it: the header, what was detected (encoding, delimiter, sheet), notices, and
/// the data rows, read again from the file each time (never all held in memory). <see cref="Open"/> checks the whole
/// file once, so a file that cannot be read is refused before anything is imported.
/// </summary>
public sealed class ImportFile
{
    public static readonly string[] Encodings = ["utf-8", "windows-1250", "iso-8859-2"];
    public const int MaxColumns = 200;

    private readonly string _path;

    private ImportFile(string path, string fileName, ImportFileKind kind)
    {
        _path = path;
        FileName = fileName;
        Kind = kind;
    }

    public string FileName { get; }
    public ImportFileKind Kind { get; }
    public IReadOnlyList<string> Headers { get; private set; } = [];
    public int RowCount { get; private set; }
    public string? Encoding { get; private set; }
    public char? Delimiter { get; private set; }
    public IReadOnlyList<string> Sheets { get; private set; } = [];
    public string? Sheet { get; private set; }
    public IReadOnlyList<ImportNotice> Notices { get; private set; } = [];

    static ImportFile() => System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Reads and checks the file at <paramref name="path"/> (uploaded as <paramref name="fileName"/>); throws <see cref="ImportFileException"/> with what is wrong.</summary>
    public static ImportFile Open(string path, string fileName, ImportReadOptions? options = null, long maxBytes = long.MaxValue)
    {
        options ??= new ImportReadOptions();
        var length = new FileInfo(path).Length;
        if (length > maxBytes)
        {
            throw new ImportFileException("Import.Error.TooLarge", Math.Round(maxBytes / 1048576.0, 1));
        }
        if (length == 0)
        {
            throw new ImportFileException("Import.Error.Empty");
        }
        var head = new byte[Math.Min(length, 64 * 1024)];
        using (var stream = File.OpenRead(path))
        {
            stream.ReadExactly(head);
        }
        var isZip = head.Length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        ImportFile file;
        if (extension is ".xlsx" || isZip)
        {
            if (!isZip)
            {
                throw new ImportFileException("Import.Error.NotXlsx");
            }
            if (extension is not ".xlsx")
            {
                throw new ImportFileException("Import.Error.Binary");
            }
            file = new ImportFile(path, fileName, ImportFileKind.Xlsx);
            file.OpenXlsx(options.Sheet);
        }
        else
        {
            if (LooksBinary(head))
            {
                throw new ImportFileException("Import.Error.Binary");
            }
            file = new ImportFile(path, fileName, ImportFileKind.Csv);
            file.OpenCsv(head, options);
        }
        return file;
    }

    /// <summary>The data rows, read from the file as they are enumerated.</summary>
    public IEnumerable<ImportRow> ReadRows() => Kind == ImportFileKind.Xlsx ? XlsxRows(Sheet!, out _).Skip(1) : CsvRows().Skip(1);

    private void Check(IEnumerable<ImportRow> all)
    {
        var first = true;
        foreach (var row in all)
        {
            if (first)
            {
                first = false;
                if (row.Cells.All(string.IsNullOrWhiteSpace))
                {
                    throw new ImportFileException("Import.Error.Empty");
                }
                if (row.Cells.Count > MaxColumns)
                {
                    throw new ImportFileException("Import.Error.TooManyColumns", row.Cells.Count, MaxColumns);
                }
                Headers = row.Cells.Select((h, i) => string.IsNullOrWhiteSpace(h) ? $"#{i + 1}" : h.Trim()).ToList();
                continue;
            }
            RowCount++;
        }
        if (first)
        {
            throw new ImportFileException("Import.Error.Empty");
        }
        if (RowCount == 0)
        {
            throw new ImportFileException("Import.Error.HeaderOnly");
        }
    }

    // ---- CSV ----------------------------------------------------------------------------------------------------

    private static bool LooksBinary(byte[] head)
    {
        var controls = 0;
        foreach (var b in head)
        {
            if (b == 0)
            {
                return true;
            }
            if (b < 32 && b is not (9 or 10 or 13 or 12))
            {
                controls++;
            }
        }
        return controls > head.Length / 100 + 2;
    }

    /// <summary>
    /// UTF-8 (with or without a BOM) when the bytes are valid UTF-8; otherwise Windows-1250 or ISO-8859-2, told apart by
    /// the bytes where they differ (Polish ą, ś, ź, Ą, Ś, Ź, and C1 codes ISO-8859-2 text never has).
    /// </summary>
    public static string DetectEncoding(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return "utf-8";
        }
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        try
        {
            // A cut in the middle of a character at the end of the sample is not invalid.
            var end = head.Length;
            for (var back = 0; back < 3 && end > 0 && (head[end - 1] & 0xC0) == 0x80; back++)
            {
                end--;
            }
            if (end > 0 && head[end - 1] >= 0xC0)
            {
                end--;
            }
            utf8.GetCharCount(head[..end]);
            return "utf-8";
        }
        catch (DecoderFallbackException)
        {
        }
        int windows = 0, iso = 0;
        foreach (var b in head)
        {
            switch (b)
            {
                case >= 0x80 and <= 0x9F:
                case 0xA5 or 0xB9: // Ą ą in 1250
                    windows++;
                    break;
                case 0xA1 or 0xB1 or 0xA6 or 0xB6 or 0xAC or 0xBC: // Ą ą Ś ś Ź ź in 8859-2
                    iso++;
                    break;
            }
        }
        return iso > windows ? "iso-8859-2" : "windows-1250";
    }

    private void OpenCsv(byte[] head, ImportReadOptions options)
    {
        Encoding = options.Encoding is { } chosen && Encodings.Contains(chosen) ? chosen : DetectEncoding(head);
        Delimiter = options.Delimiter ?? DetectDelimiter(FirstLine(head));
        Check(CsvRows());
    }

    private string FirstLine(byte[] head)
    {
        var text = System.Text.Encoding.GetEncoding(Encoding!).GetString(head).TrimStart('\uFEFF');
        var inQuotes = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes && text[i] is '\r' or '\n')
            {
                return text[..i];
            }
        }
        return text;
    }

    /// <summary>The one of <c>, ; tab |</c> the header has most of outside quotes (a comma when none).</summary>
    public static char DetectDelimiter(string headerLine)
    {
        var counts = new Dictionary<char, int> { [','] = 0, [';'] = 0, ['\t'] = 0, ['|'] = 0 };
        var inQuotes = false;
        foreach (var c in headerLine)
        {
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes && counts.ContainsKey(c))
            {
                counts[c]++;
            }
        }
        var best = counts.MaxBy(kv => kv.Value);
        return best.Value > 0 ? best.Key : ',';
    }

    /// <summary>RFC 4180 rows (quoted fields with doubled quotes, CR, LF or CRLF), the header first; an unclosed quote is an error naming its line.</summary>
    private IEnumerable<ImportRow> CsvRows()
    {
        using var reader = new StreamReader(_path, System.Text.Encoding.GetEncoding(Encoding!), detectEncodingFromByteOrderMarks: Encoding == "utf-8", 1 << 16);
        var delimiter = Delimiter ?? ',';
        var cells = new List<string>();
        var cell = new StringBuilder();
        int line = 1, rowNumber = 0, quoteLine = 0;
        bool inQuotes = false, quoted = false, any = false;
        int columns = -1;
        while (true)
        {
            var next = reader.Read();
            if (inQuotes)
            {
                if (next == -1)
                {
                    throw new ImportFileException("Import.Error.UnclosedQuote", quoteLine);
                }
                if (next == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        cell.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (next == '\n' || next == '\r' && reader.Peek() != '\n')
                    {
                        line++;
                    }
                    cell.Append((char)next);
                }
                continue;
            }
            if (next == -1 || next == '\n' || next == '\r')
            {
                if (next == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }
                if (any || cells.Count > 0 || cell.Length > 0 || quoted)
                {
                    cells.Add(quoted ? cell.ToString() : cell.ToString().Trim());
                    rowNumber++;
                    if (!cells.All(string.IsNullOrWhiteSpace) || rowNumber == 1)
                    {
                        if (columns < 0)
                        {
                            columns = cells.Count;
                            yield return new ImportRow(rowNumber, cells.ToArray());
                        }
                        else if (cells.Count > columns && cells.Skip(columns).Any(c => c.Length > 0))
                        {
                            yield return new ImportRow(rowNumber, cells.ToArray(), "Import.Row.TooManyCells", [cells.Count, columns]);
                        }
                        else
                        {
                            yield return new ImportRow(rowNumber, cells.Take(columns).Concat(Enumerable.Repeat("", Math.Max(0, columns - cells.Count))).ToArray());
                        }
                    }
                    else
                    {
                        rowNumber--; // a blank line is not a row
                    }
                }
                cells.Clear();
                cell.Clear();
                quoted = false;
                any = false;
                if (next == -1)
                {
                    yield break;
                }
                line++;
                continue;
            }
            if (next == delimiter)
            {
                cells.Add(quoted ? cell.ToString() : cell.ToString().Trim());
                cell.Clear();
                quoted = false;
                any = true;
            }
            else if (next == '"' && cell.ToString().Trim().Length == 0 && !quoted)
            {
                cell.Clear();
                inQuotes = true;
                quoted = true;
                quoteLine = line;
            }
            else
            {
                cell.Append((char)next);
            }
        }
    }

    // ---- XLSX ---------------------------------------------------------------------------------------------------

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private void OpenXlsx(string? sheet)
    {
        try
        {
            using var zip = ZipFile.OpenRead(_path);
            var sheets = SheetPaths(zip);
            Sheets = sheets.Keys.ToList();
            if (Sheets.Count == 0)
            {
                throw new ImportFileException("Import.Error.NotXlsx");
            }
            Sheet = sheet is not null && sheets.ContainsKey(sheet) ? sheet : Sheets[0];
        }
        catch (InvalidDataException)
        {
            throw new ImportFileException("Import.Error.NotXlsx");
        }
        catch (XmlException)
        {
            throw new ImportFileException("Import.Error.NotXlsx");
        }
        var stats = new XlsxStats();
        Check(XlsxRows(Sheet, out var s).Select(r => { stats = s; return r; }));
        stats = s;
        var notices = new List<ImportNotice>();
        if (stats.Formulas > 0)
        {
            notices.Add(new ImportNotice("Import.Notice.Formulas", stats.Formulas, stats.FirstFormula!));
        }
        if (stats.Merged.Count > 0)
        {
            notices.Add(new ImportNotice("Import.Notice.Merged", string.Join(", ", stats.Merged.Take(5))));
        }
        if (stats.Dates > 0)
        {
            notices.Add(new ImportNotice("Import.Notice.Dates", stats.Dates));
        }
        Notices = notices;
    }

    private static Dictionary<string, string> SheetPaths(ZipArchive zip)
    {
        var rels = new Dictionary<string, string>();
        using (var stream = zip.GetEntry("xl/_rels/workbook.xml.rels")?.Open() ?? throw new ImportFileException("Import.Error.NotXlsx"))
        using (var xml = XmlReader.Create(stream))
        {
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "Relationship")
                {
                    var target = xml.GetAttribute("Target")!;
                    rels[xml.GetAttribute("Id")!] = target.StartsWith('/') ? target[1..] : "xl/" + target;
                }
            }
        }
        var sheets = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var stream = zip.GetEntry("xl/workbook.xml")?.Open() ?? throw new ImportFileException("Import.Error.NotXlsx"))
        using (var xml = XmlReader.Create(stream))
        {
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "sheet" && xml.GetAttribute("id", RelNs) is { } id && rels.TryGetValue(id, out var path))
                {
                    sheets[xml.GetAttribute("name") ?? path] = path;
                }
            }
        }
        return sheets;
    }

    private sealed class XlsxStats
    {
        public int Formulas;
        public string? FirstFormula;
        public int Dates;
        public List<string> Merged { get; } = [];
    }

    /// <summary>The sheet's rows (the header first), with shared strings and dates resolved; <paramref name="stats"/> fills as it goes.</summary>
    private IEnumerable<ImportRow> XlsxRows(string sheet, out XlsxStats stats)
    {
        stats = new XlsxStats();
        return Read(stats);

        IEnumerable<ImportRow> Read(XlsxStats stats)
        {
            using var zip = ZipFile.OpenRead(_path);
            var path = SheetPaths(zip)[sheet];
            var strings = SharedStrings(zip);
            var dateStyles = DateStyles(zip);
            using var stream = zip.GetEntry(path)?.Open() ?? throw new ImportFileException("Import.Error.NotXlsx");
            using var xml = XmlReader.Create(stream, new XmlReaderSettings { IgnoreWhitespace = false });
            var columns = -1;
            var header = true;
            var cells = new SortedDictionary<int, string>();
            var rowNumber = 0;
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element)
                {
                    continue;
                }
                if (xml.LocalName == "row")
                {
                    rowNumber = int.TryParse(xml.GetAttribute("r"), CultureInfo.InvariantCulture, out var r) ? r : rowNumber + 1;
                    cells.Clear();
                    if (!xml.IsEmptyElement)
                    {
                        using var row = xml.ReadSubtree();
                        while (row.Read())
                        {
                            if (row.NodeType == XmlNodeType.Element && row.LocalName == "c")
                            {
                                var (index, value) = Cell(row, strings, dateStyles, stats, cells.Count);
                                cells[index] = value;
                            }
                        }
                    }
                    if (cells.Count == 0 || cells.Values.All(string.IsNullOrWhiteSpace))
                    {
                        continue;
                    }
                    var width = cells.Keys.Max() + 1;
                    if (header)
                    {
                        header = false;
                        columns = width;
                        yield return new ImportRow(rowNumber, Enumerable.Range(0, width).Select(i => cells.GetValueOrDefault(i, "")).ToArray());
                    }
                    else if (width > columns)
                    {
                        yield return new ImportRow(rowNumber, Enumerable.Range(0, width).Select(i => cells.GetValueOrDefault(i, "")).ToArray(), "Import.Row.TooManyCells", [width, columns]);
                    }
                    else
                    {
                        yield return new ImportRow(rowNumber, Enumerable.Range(0, columns).Select(i => cells.GetValueOrDefault(i, "")).ToArray());
                    }
                }
                else if (xml.LocalName == "mergeCell" && xml.GetAttribute("ref") is { } merged)
                {
                    stats.Merged.Add(merged);
                }
            }
        }
    }

    private static (int Index, string Value) Cell(XmlReader c, List<string> strings, HashSet<int> dateStyles, XlsxStats stats, int fallbackIndex)
    {
        var reference = c.GetAttribute("r");
        var type = c.GetAttribute("t");
        var style = int.TryParse(c.GetAttribute("s"), CultureInfo.InvariantCulture, out var s) ? s : 0;
        var index = reference is null ? fallbackIndex : ColumnIndex(reference);
        string? value = null;
        if (!c.IsEmptyElement)
        {
            using var inner = c.ReadSubtree();
            inner.Read();
            while (inner.Read())
            {
                if (inner.NodeType != XmlNodeType.Element)
                {
                    continue;
                }
                switch (inner.LocalName)
                {
                    case "f":
                        if (stats.Formulas++ == 0)
                        {
                            stats.FirstFormula = reference ?? "?";
                        }
                        break;
                    case "v":
                        value = inner.ReadElementContentAsString();
                        break;
                    case "t" when type == "inlineStr":
                        value = (value ?? "") + inner.ReadElementContentAsString();
                        break;
                }
            }
        }
        value ??= "";
        switch (type)
        {
            case "s":
                value = int.TryParse(value, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < strings.Count ? strings[i] : "";
                break;
            case "b":
                value = value == "1" ? "TRUE" : "FALSE";
                break;
            case null or "n" when value.Length > 0 && dateStyles.Contains(style)
                && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 0 and < 2958466:
                // A date stored as a number with a date format: written as the date it shows.
                stats.Dates++;
                var date = DateTime.FromOADate(serial);
                value = date.TimeOfDay == TimeSpan.Zero ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                break;
        }
        return (index, value);
    }

    /// <summary>0 for A1, 1 for B7, 26 for AA3.</summary>
    public static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var ch in reference)
        {
            if (!char.IsAsciiLetter(ch))
            {
                break;
            }
            index = index * 26 + (char.ToUpperInvariant(ch) - 'A' + 1);
        }
        return Math.Max(0, index - 1);
    }

    private static List<string> SharedStrings(ZipArchive zip)
    {
        var list = new List<string>();
        using var stream = zip.GetEntry("xl/sharedStrings.xml")?.Open();
        if (stream is null)
        {
            return list;
        }
        using var xml = XmlReader.Create(stream);
        StringBuilder? current = null;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si")
            {
                current = new StringBuilder();
                if (xml.IsEmptyElement)
                {
                    list.Add("");
                    current = null;
                }
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "t" && current is not null)
            {
                current.Append(xml.ReadElementContentAsString());
                if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "si")
                {
                    list.Add(current.ToString());
                    current = null;
                }
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName is "rPh")
            {
                xml.Skip(); // phonetic hints are not the text
            }
            else if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "si" && current is not null)
            {
                list.Add(current.ToString());
                current = null;
            }
        }
        return list;
    }

    /// <summary>The cell styles (indexes of cellXfs) whose number format shows a date.</summary>
    private static HashSet<int> DateStyles(ZipArchive zip)
    {
        var result = new HashSet<int>();
        using var stream = zip.GetEntry("xl/styles.xml")?.Open();
        if (stream is null)
        {
            return result;
        }
        using var xml = XmlReader.Create(stream);
        var customDates = new HashSet<int>();
        var inCellXfs = false;
        var xf = 0;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "numFmt"
                && int.TryParse(xml.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var id) && IsDateFormat(xml.GetAttribute("formatCode") ?? ""))
            {
                customDates.Add(id);
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "cellXfs")
            {
                inCellXfs = !xml.IsEmptyElement;
            }
            else if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "cellXfs")
            {
                inCellXfs = false;
            }
            else if (inCellXfs && xml.NodeType == XmlNodeType.Element && xml.LocalName == "xf")
            {
                if (int.TryParse(xml.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var format)
                    && (format is >= 14 and <= 22 or >= 45 and <= 47 || customDates.Contains(format)))
                {
                    result.Add(xf);
                }
                xf++;
            }
        }
        return result;
    }

    private static bool IsDateFormat(string code)
    {
        var inQuotes = false;
        foreach (var ch in code)
        {
            if (ch == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes && ch is 'd' or 'D' or 'y' or 'Y' or 'm' or 'M' or 'h' or 'H')
            {
                return true;
            }
            else if (ch == '[')
            {
                return false; // a colour or a condition first: not worth guessing
            }
        }
        return false;
    }
}
