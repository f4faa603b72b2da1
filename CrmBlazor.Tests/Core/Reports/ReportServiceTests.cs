using CrmBlazor.Core.Reports;

namespace CrmBlazor.Tests.Core.Reports;

/// <summary>
/// The funnel and the reports on one prepared data set (November 2026 in Europe/Warsaw, UTC+1), checked against
/// numbers worked out by hand in the comments. All deals are in the test pipeline New → Proposal → Won | Lost.
/// </summary>
public class ReportServiceTests(TestDatabase? db = null) : CoreTest(db)
{
    private static readonly DateTime T0 = new(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);
    private static readonly PeriodFilter November = new(PeriodKind.Custom, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));

    private readonly Dictionary<string, DealCard> _deals = [];

    private FunnelService Funnel => Db.Get<FunnelService>();
    private ReportService Reports => Db.Get<ReportService>();

    /// <summary>
    /// Created at T0 (2 Nov) unless said otherwise; moves at T0 + days.
    /// A1 Anna New, 100 PLN. A2 Anna New→Proposal(+2d), 200 PLN. A3 Anna New→Proposal(+1d)→Won(+4d), 300 EUR.
    /// A4 Anna New→Proposal(+3d)→Lost(+5d), 400 PLN, "Price". P1 Piotr New→Won(+6d), 500 PLN.
    /// P2 Piotr New→Lost(+1d), 600 PLN, no reason. P3 Piotr created in Proposal, back to New(+2d), 700 PLN.
    /// O1 Anna created 31 Oct 22:30 UTC (23:30 local, October): outside. O2 Anna created 31 Oct 23:30 UTC (00:30 local
    /// on 1 Nov): inside, New, 50 PLN. X Anna in the other pipeline: outside.
    /// </summary>
    private async Task SeedAsync()
    {
        await AddAsync("O1", Anna, Pipeline.NewStageId, 10m, "PLN", new DateTime(2026, 10, 31, 22, 30, 0, DateTimeKind.Utc));
        await AddAsync("O2", Anna, Pipeline.NewStageId, 50m, "PLN", new DateTime(2026, 10, 31, 23, 30, 0, DateTimeKind.Utc));
        await AddAsync("X", Anna, Pipeline.OtherPipelineStageId, 999m, "PLN", T0);
        await AddAsync("A1", Anna, Pipeline.NewStageId, 100m, "PLN", T0);
        await AddAsync("A2", Anna, Pipeline.NewStageId, 200m, "PLN", T0);
        await AddAsync("A3", Anna, Pipeline.NewStageId, 300m, "EUR", T0);
        await AddAsync("A4", Anna, Pipeline.NewStageId, 400m, "PLN", T0);
        await AddAsync("P1", Piotr, Pipeline.NewStageId, 500m, "PLN", T0);
        await AddAsync("P2", Piotr, Pipeline.NewStageId, 600m, "PLN", T0);
        await AddAsync("P3", Piotr, Pipeline.ProposalStageId, 700m, "PLN", T0);

        await MoveAsync("A3", Pipeline.ProposalStageId, 1);
        await MoveAsync("P2", Pipeline.LostStageId, 1);
        await MoveAsync("A2", Pipeline.ProposalStageId, 2);
        await MoveAsync("P3", Pipeline.NewStageId, 2);
        await MoveAsync("A4", Pipeline.ProposalStageId, 3);
        await MoveAsync("A3", Pipeline.WonStageId, 4);
        await MoveAsync("A4", Pipeline.LostStageId, 5);
        await MoveAsync("P1", Pipeline.WonStageId, 6);

        await using var db = await Db.Factory.CreateDbContextAsync();
        var price = new LostReason { Name = "Price", Sort = 0 };
        db.LostReasons.AddRange(price, new LostReason { Name = "Unused", Sort = 1 });
        await db.SaveChangesAsync();
        var a4 = await db.Deals.SingleAsync(d => d.Id == _deals["A4"].Id);
        a4.LostReasonId = price.Id;
        var p2 = await db.Deals.SingleAsync(d => d.Id == _deals["P2"].Id);
        p2.LostReasonId = null;   // lost before reasons were asked for
        await db.SaveChangesAsync();
        db.LostReasons.RemoveRange(db.LostReasons.Where(r => r.Name == "Set by the test"));
        await db.SaveChangesAsync();
    }

    private async Task AddAsync(string key, Actor owner, int stageId, decimal amount, string currency, DateTime at)
    {
        Db.Clock.Now = at;
        _deals[key] = await Db.AddDealAsync(owner, stageId, key, amount, currency);
    }

    private async Task MoveAsync(string key, int stageId, double days)
    {
        Db.Clock.Now = T0.AddDays(days);
        var card = _deals[key];
        // Won and lost stages take the closing result; the lost reasons are set by each test's data afterwards.
        var result = stageId == Pipeline.WonStageId ? await Db.Deals.CloseAsync(new CloseDeal(card.Id, card.Version, stageId, FinalAmount: card.Amount), Manager)
            : stageId == Pipeline.LostStageId ? await Db.Deals.CloseAsync(new CloseDeal(card.Id, card.Version, stageId, LostReasonId: await Db.AnyLostReasonAsync()), Manager)
            : await Db.Deals.MoveAsync(new MoveDeal(card.Id, stageId, card.Version), Manager);
        Assert.True(result.IsOk, $"{key}: {result.Status}");
        _deals[key] = result.Value!;
    }

    [Fact]
    public async Task GetFunnelAsync_Team_CountsEveryStageReachedWithPerCurrencyAmounts()
    {
        await SeedAsync();
        Db.Clock.Now = T0.AddDays(10);

        var funnel = await Funnel.GetFunnelAsync(new ReportFilter(Pipeline.PipelineId, November), Manager);

        // New: all 8 (O2, A1-A4, P1-P3). Proposal: A2, A4, P3 (got there), A3 and P1 (won) = 5. Won: A3, P1.
        Assert.NotNull(funnel);
        Assert.Equal(8, funnel.Total);
        Assert.Equal(["New", "Proposal", "Won"], funnel.Steps.Select(s => s.Stage.Name));
        Assert.Equal([8, 5, 2], funnel.Steps.Select(s => s.Count));
        Assert.Equal([new MoneyTotal("EUR", 300m), new MoneyTotal("PLN", 2550m)], funnel.Steps[0].Amounts);
        Assert.Equal([new MoneyTotal("EUR", 300m), new MoneyTotal("PLN", 1800m)], funnel.Steps[1].Amounts);
        Assert.Equal([new MoneyTotal("EUR", 300m), new MoneyTotal("PLN", 500m)], funnel.Steps[2].Amounts);
        Assert.Null(funnel.Steps[0].Conversion);
        Assert.Equal(5 / 8.0, funnel.Steps[1].Conversion);
        Assert.Equal(2 / 5.0, funnel.Steps[2].Conversion);
        Assert.Equal(2, funnel.Won);
        Assert.Equal(2, funnel.Lost);
        Assert.Equal([new MoneyTotal("PLN", 1000m)], funnel.LostAmounts);
        Assert.Equal(0.25, funnel.WinRate);
        Assert.Equal(0.5, funnel.WinRateOfClosed);
    }

    [Fact]
    public async Task GetFunnelAsync_SalesUserAskingForTheTeam_GetsOnlyOwnDeals()
    {
        await SeedAsync();

        var funnel = await Funnel.GetFunnelAsync(new ReportFilter(Pipeline.PipelineId, November, UserId: null), Anna);
        var asksForPiotr = await Funnel.GetFunnelAsync(new ReportFilter(Pipeline.PipelineId, November, Piotr.UserId), Anna);

        // Anna: O2, A1-A4. Proposal: A2, A3, A4. Won: A3. Lost: A4.
        Assert.Equal(Anna.UserId, funnel!.UserId);
        Assert.Equal([5, 3, 1], funnel.Steps.Select(s => s.Count));
        Assert.Equal(1, funnel.Lost);
        Assert.Equal([5, 3, 1], asksForPiotr!.Steps.Select(s => s.Count));
    }

    [Fact]
    public async Task GetFunnelAsync_ManagerPicksOneUser_GetsThatUsersDeals()
    {
        await SeedAsync();

        var funnel = await Funnel.GetFunnelAsync(new ReportFilter(Pipeline.PipelineId, November, Piotr.UserId), Manager);

        // Piotr: P1 (won, skipped Proposal), P2 (lost from New), P3 (back from Proposal to New).
        Assert.Equal([3, 2, 1], funnel!.Steps.Select(s => s.Count));
        Assert.Equal([new MoneyTotal("PLN", 1800m)], funnel.Steps[0].Amounts);
        Assert.Equal([new MoneyTotal("PLN", 1200m)], funnel.Steps[1].Amounts);
        Assert.Equal(1.0 / 3, funnel.WinRate);
    }

    [Fact]
    public async Task GetFunnelAsync_PeriodStartsAtLocalMidnight_NotUtcMidnight()
    {
        await SeedAsync();

        var october = await Funnel.GetFunnelAsync(new ReportFilter(Pipeline.PipelineId, new PeriodFilter(PeriodKind.Custom, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31))), Manager);

        // Only O1 (23:30 local on 31 Oct); O2 (00:30 local on 1 Nov) is November's.
        Assert.Equal(1, october!.Total);
        Assert.Equal([new MoneyTotal("PLN", 10m)], october.Steps[0].Amounts);
    }

    [Fact]
    public async Task GetFunnelAsync_ReadsTheRollupForWholeDaysAndTheDealsForTheEdges()
    {
        await SeedAsync();
        Db.Commands.Start();

        await Funnel.GetFunnelAsync(new ReportFilter(Pipeline.PipelineId, November), Manager);

        // November in Warsaw is 31 Oct 23:00 to 30 Nov 23:00 UTC: pipelines, stages, the roll-up's whole days 1-29 Nov,
        // and the deals of the hour before and the 23 hours after them. Three aggregates, each grouped in SQL.
        Assert.Equal(5, Db.Commands.Count);
        Assert.Equal(3, Db.Commands.Texts.Count(t => t.Contains("GROUP BY", StringComparison.OrdinalIgnoreCase)));
        Assert.Single(Db.Commands.Texts, t => t.Contains("DealFunnelDays", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EnterStage_KeepsTheFurthestOpenStageInStepWithTheHistory()
    {
        await SeedAsync();
        await using var db = await Db.Factory.CreateDbContextAsync();

        var furthest = await db.Deals.ToDictionaryAsync(d => d.Title, d => d.FurthestOpenStageSort);

        Assert.Equal(0, furthest["A1"]);
        Assert.Equal(1, furthest["A4"]); // lost from Proposal
        Assert.Equal(0, furthest["P1"]); // won straight from New
        Assert.Equal(1, furthest["P3"]); // moved back to New
    }

    [Fact]
    public async Task GetResultsByUserAsync_CountsDealsClosedInThePeriodByUser()
    {
        await SeedAsync();

        var rows = await Reports.GetResultsByUserAsync(new ReportFilter(null, November), Manager);
        var own = await Reports.GetResultsByUserAsync(new ReportFilter(null, November), Anna);

        var anna = Assert.Single(rows, r => r.UserId == Anna.UserId);
        Assert.Equal("Anna", anna.UserName);
        Assert.Equal((1, 1), (anna.Won, anna.Lost));
        Assert.Equal([new MoneyTotal("EUR", 300m)], anna.WonAmounts);
        Assert.Equal([new MoneyTotal("PLN", 400m)], anna.LostAmounts);
        var piotr = Assert.Single(rows, r => r.UserId == Piotr.UserId);
        Assert.Equal((1, 1), (piotr.Won, piotr.Lost));
        Assert.Equal([new MoneyTotal("PLN", 500m)], piotr.WonAmounts);
        Assert.Equal([new MoneyTotal("PLN", 600m)], piotr.LostAmounts);
        Assert.Equal(2, rows.Count);
        Assert.Equal([Anna.UserId], own.Select(r => r.UserId));
    }

    [Fact]
    public async Task GetWonOverTimeAsync_Weeks_StartOnMondayAndIncludeEmptyWeeks()
    {
        await SeedAsync();

        var weeks = await Reports.GetWonOverTimeAsync(new ReportFilter(Pipeline.PipelineId, November), TimeBucket.Week, Manager);

        // 1 Nov 2026 is a Sunday: weeks from Mon 26 Oct to Mon 30 Nov. A3 won on 6 Nov, P1 on Sun 8 Nov.
        Assert.Equal(
            [new DateOnly(2026, 10, 26), new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 30)],
            weeks.Select(w => w.Start));
        Assert.Equal([0, 2, 0, 0, 0, 0], weeks.Select(w => w.Won));
        Assert.Equal([new MoneyTotal("EUR", 300m), new MoneyTotal("PLN", 500m)], weeks[1].Amounts);
    }

    [Fact]
    public async Task GetWonOverTimeAsync_DealClosedAt2330LocalOnTheLastDay_CountsInThatMonth()
    {
        await SeedAsync();
        // 22:30 UTC on 30 Nov is 23:30 in Warsaw (still November); 23:30 UTC is 00:30 on 1 Dec.
        await AddAsync("Late", Anna, Pipeline.NewStageId, 1m, "PLN", T0);
        await AddAsync("Later", Anna, Pipeline.NewStageId, 2m, "PLN", T0);
        Db.Clock.Now = new DateTime(2026, 11, 30, 22, 30, 0, DateTimeKind.Utc);
        Assert.True((await Db.Deals.CloseAsync(new CloseDeal(_deals["Late"].Id, _deals["Late"].Version, Pipeline.WonStageId, FinalAmount: 1m), Anna)).IsOk);
        Db.Clock.Now = new DateTime(2026, 11, 30, 23, 30, 0, DateTimeKind.Utc);
        Assert.True((await Db.Deals.CloseAsync(new CloseDeal(_deals["Later"].Id, _deals["Later"].Version, Pipeline.WonStageId, FinalAmount: 2m), Anna)).IsOk);

        var months = await Reports.GetWonOverTimeAsync(
            new ReportFilter(null, new PeriodFilter(PeriodKind.Custom, new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 31))), TimeBucket.Month, Manager);

        Assert.Equal([new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1)], months.Select(m => m.Start));
        Assert.Equal([3, 1], months.Select(m => m.Won));
        Assert.Equal([new MoneyTotal("EUR", 300m), new MoneyTotal("PLN", 501m)], months[0].Amounts);
        Assert.Equal([new MoneyTotal("PLN", 2m)], months[1].Amounts);
    }

    [Fact]
    public async Task GetLeadSourcesAsync_ConversionIsLeadsThatBecameADealOverAllLeadsOfTheSource()
    {
        await SeedAsync();
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            var dealId = _deals["A1"].Id;
            Lead Make(LeadSource source, LeadStatus status, Actor owner, int? deal = null, DateTime? created = null) => new()
            {
                Title = $"{source} {status}",
                Source = source,
                Status = status,
                ResponsibleUserId = owner.UserId,
                ConvertedDealId = deal,
                CreatedAt = created ?? T0,
                UpdatedAt = created ?? T0,
            };
            db.Leads.AddRange(
                Make(LeadSource.WebForm, LeadStatus.Converted, Anna, dealId),
                Make(LeadSource.WebForm, LeadStatus.Converted, Anna, dealId),
                Make(LeadSource.WebForm, LeadStatus.Junk, Piotr),
                Make(LeadSource.WebForm, LeadStatus.New, Anna),
                Make(LeadSource.Call, LeadStatus.Converted, Piotr),
                Make(LeadSource.Call, LeadStatus.InProgress, Piotr),
                Make(LeadSource.Email, LeadStatus.Converted, Anna, dealId, new DateTime(2026, 10, 31, 22, 30, 0, DateTimeKind.Utc)));
            await db.SaveChangesAsync();
        }

        var team = await Reports.GetLeadSourcesAsync(new ReportFilter(null, November), Manager);
        var anna = await Reports.GetLeadSourcesAsync(new ReportFilter(null, November), Anna);

        Assert.Equal(
            [new LeadSourceRow(LeadSource.WebForm, 4, 1, 2, 0, 1, 0.5), new LeadSourceRow(LeadSource.Call, 2, 1, 0, 1, 0, 0.0)],
            team.Select(r => r with { Option = null }));
        Assert.Equal([new LeadSourceRow(LeadSource.WebForm, 3, 1, 2, 0, 0, 2 / 3.0)], anna.Select(r => r with { Option = null }));
        // Each row is a source of Settings (decision 030), named as the lead has it.
        Assert.Equal(["Web form", "Call"], team.Select(r => r.Option!.Name));
    }

    [Fact]
    public async Task GetStageDurationsAsync_AveragesStaysThatEndedInThePeriod()
    {
        await SeedAsync();

        var rows = await Reports.GetStageDurationsAsync(new ReportFilter(Pipeline.PipelineId, November), Manager);
        var piotr = await Reports.GetStageDurationsAsync(new ReportFilter(Pipeline.PipelineId, November), Piotr);

        // New: A2 2d, A3 1d, A4 3d, P1 6d, P2 1d = 13d / 5. Proposal: A3 3d, A4 2d, P3 2d = 7d / 3.
        Assert.Equal(["New", "Proposal", "Won", "Lost"], rows.Select(r => r.Stage.Name));
        Assert.Equal([5, 3, 0, 0], rows.Select(r => r.Stays));
        Assert.Equal(2.6, rows[0].AverageDays!.Value, 6);
        Assert.Equal(7 / 3.0, rows[1].AverageDays!.Value, 6);
        Assert.Null(rows[2].AverageDays);
        // Piotr: New P1 6d, P2 1d; Proposal P3 2d.
        Assert.Equal([2, 1, 0, 0], piotr.Select(r => r.Stays));
        Assert.Equal(3.5, piotr[0].AverageDays!.Value, 6);
    }

    [Fact]
    public async Task GetLostReasonsAsync_GroupsLostDealsByReason()
    {
        await SeedAsync();

        var rows = await Reports.GetLostReasonsAsync(new ReportFilter(Pipeline.PipelineId, November), Manager);

        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.Reason == "Price" && r.Count == 1 && r.Amounts.SequenceEqual([new MoneyTotal("PLN", 400m)]));
        Assert.Contains(rows, r => r.ReasonId is null && r.Count == 1 && r.Amounts.SequenceEqual([new MoneyTotal("PLN", 600m)]));
        Assert.Equal(["Price"], (await Reports.GetLostReasonsAsync(new ReportFilter(Pipeline.PipelineId, November), Anna)).Select(r => r.Reason));
    }
}

/// <summary>The funnel and reports on PostgreSQL, the scale-out database.</summary>
public sealed class PostgresReportServiceTests(PostgresServer server) : ReportServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;

public class ReportPeriodsTests
{
    private static readonly TimeZoneInfo Warsaw = ReportPeriods.Zone("Europe/Warsaw");

    [Fact]
    public void Resolve_CustomFromTheFirstToTheLastDay_IsCutToTenYearsAndDoesNotOverflow()
    {
        var now = new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);

        var all = ReportPeriods.Resolve(new PeriodFilter(PeriodKind.Custom, DateOnly.MinValue, DateOnly.MaxValue), now, Warsaw);
        var late = ReportPeriods.Resolve(new PeriodFilter(PeriodKind.Custom, DateOnly.MaxValue, DateOnly.MaxValue), now, Warsaw);

        // Days are moved onto DateBounds (1900-2199) first, then cut to ten years.
        Assert.Equal((new DateOnly(1900, 1, 1), new DateOnly(1909, 12, 31)), (all.FirstDay, all.LastDay));
        Assert.Equal((DateBounds.MaxDay, DateBounds.MaxDay), (late.FirstDay, late.LastDay));
        Assert.Equal(new DateTime(2199, 12, 31, 23, 0, 0, DateTimeKind.Utc), late.ToUtc);
    }

    [Fact]
    public void Resolve_ThisMonth_JustAfterLocalMidnight_IsTheNewLocalMonth()
    {
        // 23:30 UTC on 30 Nov is 00:30 on 1 Dec in Warsaw.
        var period = ReportPeriods.Resolve(new PeriodFilter(PeriodKind.ThisMonth), new DateTime(2026, 11, 30, 23, 30, 0, DateTimeKind.Utc), Warsaw);

        Assert.Equal(new DateOnly(2026, 12, 1), period.FirstDay);
        Assert.Equal(new DateOnly(2026, 12, 31), period.LastDay);
        Assert.Equal(new DateTime(2026, 11, 30, 23, 0, 0, DateTimeKind.Utc), period.FromUtc);
        Assert.Equal(new DateTime(2026, 12, 31, 23, 0, 0, DateTimeKind.Utc), period.ToUtc);
    }

    [Fact]
    public void Resolve_MonthWithTheAutumnDstChange_StartsAtUtcPlus2AndEndsAtUtcPlus1()
    {
        // Summer time ends on 25 Oct 2026: October begins at 22:00 UTC (CEST) and ends at 23:00 UTC (CET).
        var period = ReportPeriods.Resolve(new PeriodFilter(PeriodKind.ThisMonth), new DateTime(2026, 10, 25, 12, 0, 0, DateTimeKind.Utc), Warsaw);

        Assert.Equal(new DateTime(2026, 9, 30, 22, 0, 0, DateTimeKind.Utc), period.FromUtc);
        Assert.Equal(new DateTime(2026, 10, 31, 23, 0, 0, DateTimeKind.Utc), period.ToUtc);
        Assert.Equal(TimeSpan.FromHours(31 * 24 + 1), period.ToUtc - period.FromUtc);
    }

    [Fact]
    public void Resolve_DayOfTheSpringDstChange_Is23HoursLong()
    {
        var period = ReportPeriods.Resolve(new PeriodFilter(PeriodKind.Custom, new DateOnly(2026, 3, 29), new DateOnly(2026, 3, 29)), DateTime.UtcNow, Warsaw);

        Assert.Equal(new DateTime(2026, 3, 28, 23, 0, 0, DateTimeKind.Utc), period.FromUtc);
        Assert.Equal(TimeSpan.FromHours(23), period.ToUtc - period.FromUtc);
    }

    [Fact]
    public void Resolve_QuarterAndYear_FollowTheLocalCalendar()
    {
        var now = new DateTime(2026, 11, 15, 12, 0, 0, DateTimeKind.Utc);

        var quarter = ReportPeriods.Resolve(new PeriodFilter(PeriodKind.ThisQuarter), now, Warsaw);
        var year = ReportPeriods.Resolve(new PeriodFilter(PeriodKind.ThisYear), now, Warsaw);

        Assert.Equal((new DateOnly(2026, 10, 1), new DateOnly(2026, 12, 31)), (quarter.FirstDay, quarter.LastDay));
        Assert.Equal(new DateTime(2026, 9, 30, 22, 0, 0, DateTimeKind.Utc), quarter.FromUtc);
        Assert.Equal(new DateTime(2025, 12, 31, 23, 0, 0, DateTimeKind.Utc), year.FromUtc);
        Assert.Equal(new DateTime(2026, 12, 31, 23, 0, 0, DateTimeKind.Utc), year.ToUtc);
    }

    [Fact]
    public void Resolve_CustomRangeGivenBackwards_IsPutInOrder()
    {
        var period = ReportPeriods.Resolve(new PeriodFilter(PeriodKind.Custom, new DateOnly(2026, 5, 10), new DateOnly(2026, 5, 1)), DateTime.UtcNow, Warsaw);

        Assert.Equal((new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 10)), (period.FirstDay, period.LastDay));
    }
}

public class CsvExportTests
{
    [Theory]
    [InlineData("=SUM(A1:A9)", "\"'=SUM(A1:A9)\"")]
    [InlineData("+48 600", "\"'+48 600\"")]
    [InlineData("-2+3", "\"'-2+3\"")]
    [InlineData("@cmd", "\"'@cmd\"")]
    [InlineData("\tindent", "\"'\tindent\"")]
    [InlineData("\rcr", "\"'\rcr\"")]
    [InlineData("Say \"hi\", then go", "\"Say \"\"hi\"\", then go\"")]
    [InlineData("a=b", "\"a=b\"")]
    [InlineData("", "\"\"")]
    public void Escape_Text_QuotesAndDefusesFormulas(string text, string expected)
    {
        Assert.Equal(expected, CsvExport.Escape(text));
    }

    [Fact]
    public void Escape_Number_IsInvariantAndNotDefused()
    {
        Assert.Equal("-1234.5", CsvExport.Escape(CsvExport.Number(-1234.5m)));
        Assert.Equal("0.667", CsvExport.Escape(CsvExport.Number(2 / 3.0, 3)));
        Assert.Equal("", CsvExport.Escape(CsvExport.Number(null, 3)));
    }

    [Fact]
    public void Escape_NullText_IsAnEmptyQuotedCell()
    {
        Assert.Equal("\"\"", CsvExport.Escape((string?)null));
    }

    [Fact]
    public async Task WriteAsync_Cancelled_WritesNothing()
    {
        await using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CsvExport.WriteAsync(writer, [["a"], ["b"]], new CancellationToken(canceled: true)));

        Assert.Empty(writer.ToString());
    }

    [Fact]
    public async Task WriteAsync_FlushesWhatItWrote()
    {
        using var stream = new MemoryStream();
        await using var writer = new StreamWriter(stream, leaveOpen: true);

        await CsvExport.WriteAsync(writer, [["a", CsvExport.Number(1)]]);

        Assert.Equal("\"a\",1\r\n", System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public async Task ToStringAsync_WritesRowsWithCrLf()
    {
        var csv = await CsvExport.ToStringAsync([["User", "Won"], ["=HYPERLINK(\"x\")", CsvExport.Number(3)]]);

        Assert.Equal("\"User\",\"Won\"\r\n\"'=HYPERLINK(\"\"x\"\")\",3\r\n", csv);
    }
}
