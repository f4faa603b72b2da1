using System.IO.Compression;
using System.Text;
using CrmBlazor.Core.Import;

namespace CrmBlazor.Tests.Core.Import;

/// <summary>Reading CSV and XLSX files: detection, quoting, encodings, sheets, and each bad input with its message.</summary>
public sealed class ImportFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("crm-import-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + "-" + name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private ImportFile Csv(string text, Encoding? encoding = null, ImportReadOptions? options = null, bool bom = false)
    {
        encoding ??= new UTF8Encoding(false);
        var bytes = (bom ? encoding.GetPreamble() : []).Concat(encoding.GetBytes(text)).ToArray();
        return ImportFile.Open(Write("leads.csv", bytes), "leads.csv", options);
    }

    private static string Fails(Action open) => Assert.Throws<ImportFileException>(open).Key;

    static ImportFileTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    [InlineData('\t')]
    [InlineData('|')]
    public void Csv_TheDelimiterIsDetectedFromTheHeader(char delimiter)
    {
        var file = Csv($"Name{delimiter}E-mail{delimiter}Phone\r\nAnna{delimiter}anna@example.com{delimiter}601 234 567\r\n");

        Assert.Equal(delimiter, file.Delimiter);
        Assert.Equal(["Name", "E-mail", "Phone"], file.Headers);
        Assert.Equal(["Anna", "anna@example.com", "601 234 567"], file.ReadRows().Single().Cells);
    }

    [Fact]
    public void Csv_QuotedFieldsKeepDelimitersLineBreaksAndDoubledQuotes()
    {
        var file = Csv("Title,Comment,Company\n\"Fair, day 1\",\"Said \"\"call me\"\"\nnext week\",  Acme  \n\n\"x\",,\"\"\n");

        var rows = file.ReadRows().ToList();

        Assert.Equal(2, rows.Count);
        Assert.Equal(["Fair, day 1", "Said \"call me\"\nnext week", "Acme"], rows[0].Cells);
        Assert.Equal(2, rows[0].Number);
        Assert.Equal(["x", "", ""], rows[1].Cells);
        Assert.Equal(2, file.RowCount);
    }

    [Fact]
    public void Csv_Utf8WithAndWithoutBom()
    {
        var withBom = Csv("Imię;Firma\nŁucja;Zażółć\n", bom: true);
        var without = Csv("Imię;Firma\nŁucja;Zażółć\n");

        Assert.Equal(("utf-8", "Imię"), (withBom.Encoding, withBom.Headers[0]));
        Assert.Equal(("utf-8", "Imię"), (without.Encoding, without.Headers[0]));
        Assert.Equal("Zażółć", withBom.ReadRows().Single().Cells[1]);
    }

    [Theory]
    [InlineData("windows-1250")]
    [InlineData("iso-8859-2")]
    public void Csv_PolishSingleByteEncodings_AreDetected(string encoding)
    {
        var file = Csv("Imię;Firma;Miasto\nŚwiętosław Źdźbło;Ąkacja Śląsk;Łódź\nŻaneta;Ćma ąę śź;Sopot\n", Encoding.GetEncoding(encoding));

        Assert.Equal(encoding, file.Encoding);
        Assert.Equal(["Świętosław Źdźbło", "Ąkacja Śląsk", "Łódź"], file.ReadRows().First().Cells);
    }

    [Fact]
    public void Csv_TheEncodingCanBeOverridden()
    {
        var bytes = Encoding.GetEncoding("iso-8859-2").GetBytes("Name\nĄą\n");

        var file = ImportFile.Open(Write("x.csv", bytes), "x.csv", new ImportReadOptions { Encoding = "windows-1250" });

        Assert.Equal("windows-1250", file.Encoding);
        Assert.NotEqual("Ąą", file.ReadRows().Single().Cells[0]); // read as chosen, even if wrongly
    }

    [Fact]
    public void Csv_ARowWithMoreCellsThanTheHeader_FailsAlone()
    {
        var rows = Csv("Name,Email\nAnna,a@example.com\nPiotr,p@example.com,extra,more\nEwa,e@example.com,\n").ReadRows().ToList();

        Assert.Null(rows[0].ErrorKey);
        Assert.Equal("Import.Row.TooManyCells", rows[1].ErrorKey);
        Assert.Equal([4, 2], rows[1].ErrorArgs!.Cast<int>());
        Assert.Null(rows[2].ErrorKey); // a trailing empty cell is not one too many
    }

    [Fact]
    public void Bad_EmptyFile() => Assert.Equal("Import.Error.Empty", Fails(() => Csv("")));

    [Fact]
    public void Bad_OnlyBlankLines() => Assert.Equal("Import.Error.Empty", Fails(() => Csv("\r\n\r\n  \n")));

    [Fact]
    public void Bad_HeaderOnly() => Assert.Equal("Import.Error.HeaderOnly", Fails(() => Csv("Name;Email\r\n")));

    [Fact]
    public void Bad_BinaryNamedCsv() =>
        Assert.Equal("Import.Error.Binary", Fails(() => ImportFile.Open(Write("photo.csv", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46, 0x49, 0x46, 0]), "photo.csv")));

    [Fact]
    public void Bad_XlsxNamedCsv() =>
        Assert.Equal("Import.Error.Binary", Fails(() => ImportFile.Open(Write("leads.csv", Xlsx(Sheet(Row(1, Str("A1", "Name")), Row(2, Str("A2", "x"))))), "leads.csv")));

    [Fact]
    public void Bad_UnbalancedQuotes_NameTheLineTheQuoteOpened()
    {
        var error = Assert.Throws<ImportFileException>(() => Csv("Name,Comment\nAnna,ok\nPiotr,\"never closed\nEwa,x\n"));

        Assert.Equal(("Import.Error.UnclosedQuote", 3), (error.Key, (int)error.Args[0]));
    }

    [Fact]
    public void Bad_TooManyColumns() =>
        Assert.Equal("Import.Error.TooManyColumns", Fails(() => Csv(string.Join(',', Enumerable.Range(0, 201).Select(i => $"c{i}")) + "\n1\n")));

    [Fact]
    public void Bad_PastTheUploadLimit()
    {
        var path = Write("big.csv", Encoding.UTF8.GetBytes("Name\n" + new string('x', 2048)));

        var error = Assert.Throws<ImportFileException>(() => ImportFile.Open(path, "big.csv", null, maxBytes: 1024));

        Assert.Equal("Import.Error.TooLarge", error.Key);
    }

    [Fact]
    public void Bad_NotAnXlsx() => Assert.Equal("Import.Error.NotXlsx", Fails(() => ImportFile.Open(Write("x.xlsx", Encoding.UTF8.GetBytes("Name\nAnna\n")), "x.xlsx")));

    [Fact]
    public void Xlsx_SharedAndInlineStringsNumbersAndTheSheetChosen()
    {
        var bytes = Xlsx(
            Sheet(Row(1, Str("A1", "Other")), Row(2, Str("A2", "y"))),
            Sheet(Row(1, Shared("A1", 0), Shared("B1", 1), Str("C1", "Amount")), Row(3, Str("A3", "Anna"), Shared("B3", 2), Num("C3", "1250.5"))),
            shared: ["Name", "E-mail", "anna@example.com"]);
        var path = Write("leads.xlsx", bytes);

        var first = ImportFile.Open(path, "leads.xlsx");
        var second = ImportFile.Open(path, "leads.xlsx", new ImportReadOptions { Sheet = "Sheet2" });

        Assert.Equal(["Sheet1", "Sheet2"], first.Sheets);
        Assert.Equal(["Other"], first.Headers);
        Assert.Equal("Sheet2", second.Sheet);
        Assert.Equal(["Name", "E-mail", "Amount"], second.Headers);
        var row = second.ReadRows().Single();
        Assert.Equal(3, row.Number);
        Assert.Equal(["Anna", "anna@example.com", "1250.5"], row.Cells);
        Assert.Empty(second.Notices);
    }

    [Fact]
    public void Xlsx_FormulasMergedCellsAndDatesAsNumbers_AreReadAndNoticed()
    {
        var bytes = Xlsx(Sheet(
            Row(1, Str("A1", "Name"), Str("B1", "Total"), Str("C1", "Met on")),
            Row(2, Str("A2", "Anna"), "<c r=\"B2\"><f>SUM(1,2)</f><v>3</v></c>", "<c r=\"C2\" s=\"1\"><v>45992</v></c>"),
            Row(3, Str("A3", "Piotr"))) .Replace("</sheetData>", "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A3:C3\"/></mergeCells>"),
            styles: true);

        var file = ImportFile.Open(Write("leads.xlsx", bytes), "leads.xlsx");

        Assert.Equal(["Anna", "3", "2025-12-01"], file.ReadRows().First().Cells);
        Assert.Equal(["Import.Notice.Formulas", "Import.Notice.Merged", "Import.Notice.Dates"], file.Notices.Select(n => n.Key));
        Assert.Equal("B2", file.Notices[0].Args[1]);
        Assert.Equal("A3:C3", file.Notices[1].Args[0]);
    }

    [Fact]
    public void Xlsx_HeaderOnly() => Assert.Equal("Import.Error.HeaderOnly", Fails(() => ImportFile.Open(Write("x.xlsx", Xlsx(Sheet(Row(1, Str("A1", "Name"))))), "x.xlsx")));

    [Theory]
    [InlineData("A1", 0)]
    [InlineData("Z9", 25)]
    [InlineData("AA10", 26)]
    public void ColumnIndex(string reference, int expected) => Assert.Equal(expected, ImportFile.ColumnIndex(reference));

    // ---- a minimal XLSX writer for the tests (what Excel writes, trimmed) ----

    internal static string Str(string r, string text) => $"<c r=\"{r}\" t=\"inlineStr\"><is><t>{System.Security.SecurityElement.Escape(text)}</t></is></c>";
    internal static string Shared(string r, int index) => $"<c r=\"{r}\" t=\"s\"><v>{index}</v></c>";
    internal static string Num(string r, string value) => $"<c r=\"{r}\"><v>{value}</v></c>";
    internal static string Row(int number, params string[] cells) => $"<row r=\"{number}\">{string.Concat(cells)}</row>";
    internal static string Sheet(params string[] rows) =>
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{string.Concat(rows)}</sheetData></worksheet>";

    internal static byte[] Xlsx(string sheet1, string? sheet2 = null, string[]? shared = null, bool styles = false)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string name, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }
            var sheets = sheet2 is null ? new[] { sheet1 } : [sheet1, sheet2];
            Part("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            Part("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
                + string.Concat(sheets.Select((_, i) => $"<sheet name=\"Sheet{i + 1}\" sheetId=\"{i + 1}\" r:id=\"rId{i + 1}\"/>")) + "</sheets></workbook>");
            Part("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + string.Concat(sheets.Select((_, i) => $"<Relationship Id=\"rId{i + 1}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{i + 1}.xml\"/>")) + "</Relationships>");
            for (var i = 0; i < sheets.Length; i++)
            {
                Part($"xl/worksheets/sheet{i + 1}.xml", sheets[i]);
            }
            if (shared is not null)
            {
                Part("xl/sharedStrings.xml", "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                    + string.Concat(shared.Select(s => $"<si><t>{System.Security.SecurityElement.Escape(s)}</t></si>")) + "</sst>");
            }
            if (styles)
            {
                Part("xl/styles.xml", "<?xml version=\"1.0\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>");
            }
        }
        return output.ToArray();
    }
}

/// <summary>Guessing and checking the mapping of columns to lead fields.</summary>
public sealed class LeadImportMappingTests
{
    [Fact]
    public void Guess_EnglishAndPolishHeaders()
    {
        var mapping = LeadImportMapping.Guess(["Imię", "Nazwisko", "Firma", "Adres e-mail", "Nr telefonu", "Opiekun", "Kwota", "Something else", "E-mail"]);

        Assert.Equal(
            [LeadImportField.FirstName, LeadImportField.LastName, LeadImportField.CompanyName, LeadImportField.Email, LeadImportField.Phone,
                LeadImportField.Responsible, LeadImportField.ExpectedAmount, null, null], // a field is guessed once
            mapping.Columns);
        Assert.Equal([LeadImportField.Title, LeadImportField.FullName, LeadImportField.CompanyName, LeadImportField.Email, LeadImportField.Phone],
            LeadImportMapping.Guess(["Title", "Full name", "Company name", "E-mail address", "Phone number"]).Columns);
    }

    [Fact]
    public void Validate_AColumnMappedTwice()
    {
        var errors = new LeadImportMapping([LeadImportField.Email, LeadImportField.Email, LeadImportField.FullName]).Validate(["Mail", "Mail 2", "Name"]);

        var error = Assert.Single(errors);
        Assert.Equal(("Email", "Import.Mapping.Twice", "Mail, Mail 2"), (error.Field, error.MessageKey, (string)error.Args[0]));
    }

    [Fact]
    public void Validate_NothingToReachOrName()
    {
        Assert.Equal(["Import.Mapping.NeedsReach", "Import.Mapping.NeedsName"], new LeadImportMapping([LeadImportField.Comment, null]).Validate(["c", "d"]).Select(e => e.MessageKey));
    }

    [Theory]
    [InlineData("1234.5", 1234.5)]
    [InlineData("1 234,50 zł", 1234.5)]
    [InlineData("1,234.50", 1234.5)]
    [InlineData("1.234,5", 1234.5)]
    [InlineData("€ 99", 99)]
    public void ParseAmount_AsPeopleTypeIt(string text, double expected) => Assert.Equal((decimal)expected, LeadImportService.ParseAmount(text));

    [Fact]
    public void ParseAmount_NotANumber() => Assert.Null(LeadImportService.ParseAmount("soon"));
}
