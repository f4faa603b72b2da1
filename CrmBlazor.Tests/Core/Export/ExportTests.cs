using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml.Linq;
using CrmBlazor.Core.Export;
using CrmBlazor.Core.Reports;
using Cell = CrmBlazor.Core.Reports.CsvExport.Cell;

namespace CrmBlazor.Tests.Core.Export;

/// <summary>The one spreadsheet escaper and the streaming table writers (CSV and XLSX).</summary>
public sealed class SpreadsheetTextTests
{
    [Theory]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("+48 600", "'+48 600")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tindent", "'\tindent")]
    [InlineData("\rcr", "'\rcr")]
    [InlineData("\nlf", "'\nlf")]
    [InlineData("   =1+1", "'   =1+1")]
    [InlineData("  @x", "'  @x")]
    [InlineData(" \n", "' \n")]
    [InlineData("a=b", "a=b")]
    [InlineData("  plain", "  plain")]
    [InlineData("   ", "   ")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Defuse_FormulaStartsAlsoAfterLeadingSpaces_GetAnApostrophe(string? text, string expected)
    {
        Assert.Equal(expected, SpreadsheetText.Defuse(text));
    }

    [Fact]
    public void CsvEscape_UsesTheSharedEscaper()
    {
        Assert.Equal("\"'  =cmd|' /C calc'!A0\"", CsvExport.Escape("  =cmd|' /C calc'!A0"));
        Assert.Equal("\"'\nx\"", CsvExport.Escape("\nx"));
    }
}

public sealed class TableWriterTests
{
    private static readonly IReadOnlyList<Cell> Header = ["Name", "Amount"];

    [Fact]
    public async Task Csv_WritesBomQuotedDefusedTextAndPlainNumbers()
    {
        using var output = new MemoryStream();

        await TableWriter.WriteAsync(ExportFormat.Csv, output, Header, Rows(("=HYPERLINK(\"x\")", -5m), ("Zażółć \"gęślą\"", 1.5m)), r => [r.Name, CsvExport.Number(r.Amount)]);

        var bytes = output.ToArray();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.Equal("\"Name\",\"Amount\"\r\n\"'=HYPERLINK(\"\"x\"\")\",-5\r\n\"Zażółć \"\"gęślą\"\"\",1.5\r\n", Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public async Task Xlsx_IsAZipWithOneSheetOfInlineTextAndNumbers()
    {
        using var output = new MemoryStream();

        await TableWriter.WriteAsync(ExportFormat.Xlsx, output, Header, Rows(("  -1+1", -5m), ("Łódź\u0001", 2m)), r => [r.Name, CsvExport.Number(r.Amount)]);

        using var zip = new ZipArchive(new MemoryStream(output.ToArray()), ZipArchiveMode.Read);
        Assert.NotNull(zip.GetEntry("[Content_Types].xml"));
        Assert.NotNull(zip.GetEntry("xl/workbook.xml"));
        XNamespace main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        await using var sheetStream = zip.GetEntry("xl/worksheets/sheet1.xml")!.Open();
        var sheet = XDocument.Load(sheetStream);
        var rows = sheet.Descendants(main + "row").ToList();
        Assert.Equal(3, rows.Count);
        var cells = rows[1].Elements(main + "c").ToList();
        Assert.Equal(("A2", "inlineStr", "'  -1+1"), ((string)cells[0].Attribute("r")!, (string)cells[0].Attribute("t")!, cells[0].Value));
        Assert.Equal(("B2", null, "-5"), ((string)cells[1].Attribute("r")!, (string?)cells[1].Attribute("t"), cells[1].Value));
        Assert.Equal("Łódź", rows[2].Elements(main + "c").First().Value); // a control character XML cannot hold is dropped
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    public void ColumnName_CountsLikeASpreadsheet(int index, string expected) => Assert.Equal(expected, XlsxTableWriter.ColumnName(index));

    [Theory]
    [InlineData(ExportFormat.Csv)]
    [InlineData(ExportFormat.Xlsx)]
    public async Task ManyRows_AreWrittenOutWhileTheyAreStillBeingRead(ExportFormat format)
    {
        // A forward-only output, as a response body is; the rows check that bytes left before the last row was read.
        var output = new ForwardOnlyStream();
        long writtenHalfway = -1;

        await TableWriter.WriteAsync(format, output, Header, Many(100_000, i => { if (i == 90_000) { writtenHalfway = output.Written; } }),
            i => [$"Lead {i}", CsvExport.Number(i)]);

        Assert.True(writtenHalfway > 1_000_000 / (format == ExportFormat.Xlsx ? 20 : 1), $"{writtenHalfway} bytes out after 90,000 rows");
        Assert.True(output.Written > writtenHalfway);
    }

    private static async IAsyncEnumerable<(string Name, decimal Amount)> Rows(params (string, decimal)[] rows)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }

    private static async IAsyncEnumerable<int> Many(int count, Action<int> reading, [EnumeratorCancellation] CancellationToken ct = default)
    {
        for (var i = 0; i < count; i++)
        {
            reading(i);
            if (i % 1000 == 0)
            {
                await Task.Yield();
            }
            yield return i;
        }
    }

    /// <summary>Counts what is written; cannot seek or be read, like an HTTP response body; refuses synchronous writes as Kestrel does.</summary>
    private sealed class ForwardOnlyStream : Stream
    {
        public long Written { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous write");

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}

/// <summary>The lists' exports read the same query as the lists, and only what the user may read.</summary>
public class ListExportTests : CoreTest
{
    public ListExportTests() : base(new TestDatabase()) { }

    protected ListExportTests(TestDatabase db) : base(db) { }

    [Fact]
    public async Task Leads_StreamTheListsFiltersAndOrderWithoutPaging()
    {
        var leads = Db.Get<LeadService>();
        for (var i = 0; i < 30; i++)
        {
            var result = await leads.CreateAsync(new LeadInput
            {
                Title = $"Lead {i:00}",
                FirstName = "Ann",
                Emails = [new EmailInput($"ann{i}@example.com")],
                Source = i % 3 == 0 ? LeadSource.Call : LeadSource.Manual,
                ResponsibleUserId = Anna.UserId,
            }, Anna);
            Assert.True(result.IsOk);
        }
        var query = new LeadQuery { Source = LeadSource.Call, SortBy = LeadSort.Title, Descending = false, Take = 3 };

        var exported = await leads.StreamAsync(query, Anna).ToListAsync();
        var listed = await leads.ListAsync(query with { Take = 200 });

        Assert.Equal(10, exported.Count); // no paging: Take is the page's, not the export's
        Assert.Equal(listed.Items.Select(l => l.Id), exported.Select(l => l.Id));
        Assert.Equal("Lead 00", exported[0].Title);
    }

    [Fact]
    public async Task Leads_EachRowAsTheListShowsIt_FirstEmailAndPhoneAndTheResponsiblesName()
    {
        var leads = Db.Get<LeadService>();
        for (var i = 0; i < 12; i++)
        {
            var result = await leads.CreateAsync(new LeadInput
            {
                Title = $"Lead {i:00}",
                FirstName = "Ann",
                LastName = i % 2 == 0 ? "Lee" : null,
                CompanyName = i % 3 == 0 ? null : "Acme",
                Emails = i % 4 == 0 ? [] : [new EmailInput($"first{i}@example.com"), new EmailInput($"second{i}@example.com")],
                // Every lead has a way to reach it: one without e-mails (i % 4 == 0) keeps its phones.
                Phones = i % 5 == 0 && i % 4 != 0 ? [] : [new PhoneInput($"+48 601 000 {i:000}"), new PhoneInput($"+48 602 000 {i:000}")],
                ExpectedAmount = i % 2 == 0 ? 100 + i : null,
                Currency = "PLN",
                ResponsibleUserId = i % 3 == 0 ? Piotr.UserId : Anna.UserId,
            }, Manager);
            Assert.True(result.IsOk, $"{result.Status}: {string.Join(", ", result.Errors.Select(e => $"{e.Field} {e.MessageKey}"))}");
        }
        var query = new LeadQuery { Take = 200 };

        var exported = await leads.StreamAsync(query, Manager).ToListAsync();
        var listed = await leads.ListAsync(query);

        Assert.Equal(12, exported.Count);
        static object Fields(LeadRow r) => (r.Id, r.Title, r.PersonName, r.CompanyName, r.Email, r.Phone, r.Source, r.Status, r.SourceId, r.StatusId,
            r.ResponsibleUserId, r.ResponsibleName, r.ExpectedAmount, r.Currency, r.CreatedAt, r.Version);
        Assert.Equal(listed.Items.Select(Fields), exported.Select(Fields)); // the same rows, field by field
        Assert.Contains(exported, r => r.Email == "first1@example.com" && r.Phone == "+48601000001");
        Assert.Contains(exported, r => r.ResponsibleName is not null && r.ResponsibleUserId == Piotr.UserId);
    }

    [Fact]
    public async Task Activities_OnlyThoseTheUserMaySee_InChunksPastFiveHundred()
    {
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            var deadline = Db.Clock.GetUtcNow().UtcDateTime.AddDays(2);
            db.Activities.AddRange(Enumerable.Range(0, 620).Select(i => new Activity
            {
                Subject = $"Call {i}", Type = ActivityType.Call, Deadline = deadline.AddMinutes(i), ElementKind = ElementKind.Lead, ElementId = 1,
                ResponsibleUserId = i % 2 == 0 ? Anna.UserId : Piotr.UserId, CreatedById = i % 2 == 0 ? Anna.UserId : Piotr.UserId,
            }));
            await db.SaveChangesAsync();
        }
        var activities = Db.Get<ActivityService>();
        var all = new ActivityQuery { MineOnly = false };

        var piotrs = await activities.StreamAsync(all, Piotr).ToListAsync();
        var managers = await activities.StreamAsync(all, Manager).ToListAsync();

        Assert.Equal(310, piotrs.Count);
        Assert.All(piotrs, a => Assert.Equal(Piotr.UserId, a.ResponsibleUserId));
        Assert.Equal("Piotr", piotrs[0].ResponsibleName);
        Assert.Equal(620, managers.Count);
        Assert.Equal(managers.OrderBy(a => a.Deadline).Select(a => a.Id), managers.Select(a => a.Id));
    }

    [Fact]
    public async Task Deals_OfThePipelineByStage()
    {
        await Db.AddDealAsync(Anna, Pipeline.ProposalStageId, "Second");
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "First");
        await Db.AddDealAsync(Anna, Pipeline.OtherPipelineStageId, "Elsewhere");

        var deals = await Db.Get<DealQueryService>().StreamAsync(null, Anna).ToListAsync();

        Assert.Equal(["First", "Second"], deals.Select(d => d.Title));
        Assert.Equal("New", deals[0].Stage);
    }

    [Fact]
    public async Task Contacts_TheListsFilters()
    {
        var contacts = Db.Get<ContactService>();
        Assert.True((await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Ewa", LastName = "Nowak", Emails = [new EmailInput("ewa@example.com")] }, Anna)).IsOk);
        Assert.True((await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Jan", LastName = "Kowal", Emails = [new EmailInput("jan@example.com")] }, Anna)).IsOk);

        var found = await contacts.StreamAsync(new ContactQuery { Search = "nowak" }, Anna).ToListAsync();

        Assert.Equal(["Ewa"], found.Select(c => c.FirstName));
    }

    [Fact]
    public async Task CustomFieldColumns_EveryRowsValues_ReadInOneQueryPerBatchOfRows()
    {
        var admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
        var fields = Db.Get<CustomFieldService>();
        var seats = await fields.SaveAsync(null, 0, new CustomFieldInput { EntityKind = ElementKind.Contact, Code = "UF_SEATS", Type = CustomFieldType.Number, NameEn = "Seats", NamePl = "Miejsca" }, admin);
        var tier = await fields.SaveAsync(null, 0, new CustomFieldInput
        {
            EntityKind = ElementKind.Contact, Code = "UF_TIER", Type = CustomFieldType.List, NameEn = "Tier", NamePl = "Poziom", IsMultiple = true,
            Options = [new(null, "Gold"), new(null, "Silver")],
        }, admin);
        Assert.True(seats.IsOk && tier.IsOk);
        var (gold, silver) = (tier.Value!.Options[0].Id, tier.Value.Options[1].Id);
        const int count = 2_050; // more than one batch
        await using (var db = await Db.Factory.CreateDbContextAsync(Anna))
        {
            db.Contacts.AddRange(Enumerable.Range(0, count).Select(i => new Contact
            {
                FirstName = $"C{i:0000}",
                ResponsibleUserId = Anna.UserId,
                CustomValues = i % 2 == 0
                    ? [new ContactFieldValue { FieldId = seats.Value!.Id, Number = i }, new ContactFieldValue { FieldId = tier.Value.Id, OptionId = gold }, new ContactFieldValue { FieldId = tier.Value.Id, OptionId = silver }]
                    : [],
            }));
            await db.SaveChangesAsync();
        }

        var export = await fields.ExportAsync(ElementKind.Contact);
        Db.Commands.Start();
        var rows = await export.WithValuesAsync(Db.Get<ContactService>().StreamAsync(new ContactQuery(), Anna), r => r.Id).ToListAsync();
        Db.Commands.Enabled = false;

        Assert.Equal(["UF_SEATS", "UF_TIER"], export.Fields.Select(f => f.Code));
        Assert.Equal(count, rows.Count);
        Assert.Equal(2, Db.Commands.Texts.Count(t => t.Contains("\"ContactFieldValue\"", StringComparison.Ordinal)));
        var even = rows.Single(r => r.Row.FirstName == "C2040");
        Assert.Equal(2040m, even.Custom["UF_SEATS"].Number);
        Assert.Equal([gold, silver], even.Custom["UF_TIER"].Options.Order());
        Assert.Empty(rows.Single(r => r.Row.FirstName == "C0011").Custom);
    }
}

public sealed class PostgresListExportTests(PostgresServer server) : ListExportTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
