using System.IO.Compression;
using System.Text;
using System.Xml;
using CrmBlazor.Core.Reports;
using Cell = CrmBlazor.Core.Reports.CsvExport.Cell;

namespace CrmBlazor.Core.Export;

public enum ExportFormat
{
    Csv,
    Xlsx,
}

/// <summary>
/// Writes a table row by row straight to a stream (an HTTP response body): nothing but the current row is held, so an
/// export of 100,000 rows does not sit in memory. Text is defused by <see cref="SpreadsheetText"/> in both formats.
/// </summary>
public abstract class TableWriter : IAsyncDisposable
{
    public static async Task<TableWriter> CreateAsync(ExportFormat format, Stream output, CancellationToken ct = default) =>
        format == ExportFormat.Xlsx ? await XlsxTableWriter.OpenAsync(output, ct) : new CsvTableWriter(output);

    public static string ContentType(ExportFormat format) => format == ExportFormat.Xlsx
        ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        : "text/csv; charset=utf-8";

    public static string Extension(ExportFormat format) => format == ExportFormat.Xlsx ? "xlsx" : "csv";

    public abstract Task WriteRowAsync(IReadOnlyList<Cell> row, CancellationToken ct = default);

    /// <summary>Writes every row of <paramref name="rows"/> (read as it goes) after <paramref name="header"/>, then finishes the file.</summary>
    public static async Task WriteAsync<T>(ExportFormat format, Stream output, IReadOnlyList<Cell> header, IAsyncEnumerable<T> rows,
        Func<T, IReadOnlyList<Cell>> toCells, CancellationToken ct = default)
    {
        await using var writer = await CreateAsync(format, output, ct);
        await writer.WriteRowAsync(header, ct);
        await foreach (var row in rows.WithCancellation(ct))
        {
            await writer.WriteRowAsync(toCells(row), ct);
        }
    }

    public abstract ValueTask DisposeAsync();
}

/// <summary>CSV as <see cref="CsvExport"/> writes it (UTF-8 with a BOM so Excel reads Polish letters, comma, CRLF).</summary>
public sealed class CsvTableWriter : TableWriter
{
    private readonly StreamWriter _writer;
    private readonly StringBuilder _line = new();

    public CsvTableWriter(Stream output) =>
        _writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 1 << 16, leaveOpen: true);

    public override async Task WriteRowAsync(IReadOnlyList<Cell> row, CancellationToken ct = default)
    {
        _line.Clear();
        for (var i = 0; i < row.Count; i++)
        {
            if (i > 0)
            {
                _line.Append(',');
            }
            _line.Append(CsvExport.Escape(row[i]));
        }
        _line.Append("\r\n");
        await _writer.WriteAsync(_line, ct);
    }

    public override async ValueTask DisposeAsync()
    {
        await _writer.FlushAsync();
        await _writer.DisposeAsync();
    }
}

/// <summary>
/// A one-sheet XLSX written as it goes: a zip (<see cref="ZipArchive"/> in create mode works on a forward-only stream)
/// whose sheet is streamed by an <see cref="XmlWriter"/>; text as inline strings (no shared-string table to hold),
/// numbers as numbers. The zip closes its entries with synchronous writes, which a response body refuses, so it writes
/// into a small buffer (<see cref="DrainStream"/>) that goes out asynchronously every 64 KB; the XML is written
/// synchronously into that buffer (an awaited call per element made it twice as slow as MiniExcel, decision 015).
/// </summary>
public sealed class XlsxTableWriter : TableWriter
{
    private readonly ZipArchive _zip;
    private readonly DrainStream _buffer;
    private readonly Stream _sheetStream;
    private readonly XmlWriter _sheet;
    private int _row;

    private XlsxTableWriter(ZipArchive zip, DrainStream buffer, Stream sheetStream)
    {
        _zip = zip;
        _buffer = buffer;
        _sheetStream = sheetStream;
        _sheet = XmlWriter.Create(sheetStream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), CheckCharacters = false });
    }

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    public static async Task<XlsxTableWriter> OpenAsync(Stream output, CancellationToken ct = default)
    {
        var buffer = new DrainStream(output);
        var zip = await ZipArchive.CreateAsync(buffer, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct);
        await PartAsync(zip, "[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
            """, ct);
        await PartAsync(zip, "_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """, ct);
        await PartAsync(zip, "xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Export" sheetId="1" r:id="rId1"/></sheets></workbook>
            """, ct);
        await PartAsync(zip, "xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
            """, ct);
        var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest);
        var writer = new XlsxTableWriter(zip, buffer, await entry.OpenAsync(ct));
        writer._sheet.WriteStartDocument(true);
        writer._sheet.WriteStartElement(null, "worksheet", Main);
        writer._sheet.WriteStartElement(null, "sheetData", Main);
        return writer;
    }

    private static async Task PartAsync(ZipArchive zip, string name, string xml, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        await using var stream = await entry.OpenAsync(ct);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(xml.Trim()), ct);
    }

    public override async Task WriteRowAsync(IReadOnlyList<Cell> row, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        _row++;
        _sheet.WriteStartElement(null, "row", Main);
        for (var i = 0; i < row.Count; i++)
        {
            var cell = row[i];
            if (string.IsNullOrEmpty(cell.Text))
            {
                continue;
            }
            _sheet.WriteStartElement(null, "c", Main);
            _sheet.WriteAttributeString(null, "r", null, ColumnName(i) + _row.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (cell.IsNumber)
            {
                _sheet.WriteElementString(null, "v", Main, cell.Text!);
            }
            else
            {
                _sheet.WriteAttributeString(null, "t", null, "inlineStr");
                _sheet.WriteStartElement(null, "is", Main);
                _sheet.WriteStartElement(null, "t", Main);
                _sheet.WriteAttributeString("xml", "space", null, "preserve");
                _sheet.WriteString(XmlSafe(SpreadsheetText.Defuse(cell.Text)));
                _sheet.WriteEndElement();
                _sheet.WriteEndElement();
            }
            _sheet.WriteEndElement();
        }
        _sheet.WriteEndElement();
        if (_buffer.Buffered >= 1 << 16)
        {
            await _buffer.DrainAsync(ct);
        }
    }

    /// <summary>A, B, ... Z, AA, AB ...</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }
        return name;
    }

    /// <summary>Characters XML 1.0 cannot hold (control characters other than tab, CR and LF) are dropped.</summary>
    private static string XmlSafe(string text)
    {
        foreach (var c in text)
        {
            if (c < ' ' && c is not ('\t' or '\r' or '\n'))
            {
                return string.Concat(text.Where(ch => ch >= ' ' || ch is '\t' or '\r' or '\n'));
            }
        }
        return text;
    }

    public override async ValueTask DisposeAsync()
    {
        _sheet.WriteEndElement();
        _sheet.WriteEndElement();
        _sheet.WriteEndDocument();
        _sheet.Flush();
        _sheet.Dispose();
        await _sheetStream.DisposeAsync();
        await _zip.DisposeAsync();
        await _buffer.DrainAsync(default);
        await _buffer.Output.FlushAsync();
    }

    /// <summary>Keeps what is written (synchronously or not) until <see cref="DrainAsync"/> sends it on asynchronously.</summary>
    private sealed class DrainStream(Stream output) : Stream
    {
        private readonly MemoryStream _pending = new();
        private long _position;

        public Stream Output => output;
        public long Buffered => _pending.Length;

        public async Task DrainAsync(CancellationToken ct)
        {
            if (_pending.Length > 0)
            {
                await output.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), ct);
                _pending.SetLength(0);
            }
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _pending.Write(buffer);
            _position += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}
