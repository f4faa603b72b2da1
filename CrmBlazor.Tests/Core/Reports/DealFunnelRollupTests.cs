using System.Globalization;
using CrmBlazor.Core.Reports;

namespace CrmBlazor.Tests.Core.Reports;

/// <summary>
/// The funnel's roll-up (decision 004) against the deals it sums. It is kept by database triggers, so every way a deal
/// changes is tried, through the use cases and straight in SQL as a bulk writer would: creates on days either side of a
/// UTC midnight, moves, wins with a final amount, losses, edits of amount, currency and responsible user, a change of
/// pipeline, a bulk update of many rows, a reorder of the stages and a deleted stage (the pipeline editor), deletes,
/// and a user's removal (the foreign key's <c>SET NULL</c>). After each, its rows add up to exactly a <c>GROUP BY</c>
/// of the deals, and after a merge (<see cref="FunnelRollupCompactor"/>) there is one row per key.
/// </summary>
public class DealFunnelRollupTests(TestDatabase? db = null) : CoreTest(db)
{
    private static readonly DateTime Start = new(2026, 11, 2, 22, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task EveryKindOfChange_KeepsTheRollupEqualToTheDeals()
    {
        var random = new Random(17);
        var ola = await Db.AddUserAsync("Ola", CrmRoles.Sales);
        var owners = new[] { Anna, Piotr, Manager, ola };
        var stages = new[] { Pipeline.NewStageId, Pipeline.ProposalStageId, Pipeline.OtherPipelineStageId };
        var cards = new List<DealCard>();
        for (var i = 0; i < 40; i++)
        {
            Db.Clock.Now = Start.AddMinutes(11 * i);   // 22:00 to 05:09 the next day, across a UTC midnight
            // Amounts past 2^32 scaled units (429,496.7296) split into both parts of the sum.
            var amount = i % 5 == 0 ? 987_654_321.57m : Math.Round((decimal)random.NextDouble() * 10_000m, 2);
            cards.Add(await Db.AddDealAsync(owners[i % owners.Length], stages[i % stages.Length], $"D{i}", amount, i % 4 == 0 ? "EUR" : "PLN"));
        }
        await AssertRollupMatchesAsync("created");

        for (var i = 0; i < 12; i++)
        {
            var card = cards[i];
            var result = card.PipelineId != Pipeline.PipelineId ? null
                : i % 3 == 0 ? await Db.Deals.CloseAsync(new CloseDeal(card.Id, card.Version, Pipeline.WonStageId, FinalAmount: card.Amount + 1.25m), Manager)
                : i % 3 == 1 ? await Db.Deals.CloseAsync(new CloseDeal(card.Id, card.Version, Pipeline.LostStageId, LostReasonId: await Db.AnyLostReasonAsync()), Manager)
                : await Db.Deals.MoveAsync(new MoveDeal(card.Id, card.StageId == Pipeline.NewStageId ? Pipeline.ProposalStageId : Pipeline.NewStageId, card.Version), Manager);
            if (result is not null)
            {
                Assert.True(result.IsOk, $"D{i}: {result.Status}");
                cards[i] = result.Value!;
            }
        }
        await AssertRollupMatchesAsync("moved and closed");

        for (var i = 12; i < 20; i++)
        {
            var card = cards[i];
            var result = await Db.Deals.UpdateAsync(card.Id, card.Version, new DealInput
            {
                Title = card.Title,
                Amount = card.Amount * 2 + 0.01m,
                Currency = i % 2 == 0 ? "USD" : card.Currency,
                StageId = card.StageId,
                ResponsibleUserId = owners[(i + 1) % owners.Length].UserId,
            }, Manager);
            Assert.True(result.IsOk, $"D{i}: {result.Status}");
            cards[i] = result.Value!;
        }
        await AssertRollupMatchesAsync("edited");

        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            var otherPipelineId = await db.Stages.Where(st => st.Id == Pipeline.OtherPipelineStageId).Select(st => st.PipelineId).SingleAsync();
            await db.Deals.Where(d => d.Id == cards[20].Id || d.Id == cards[21].Id)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.PipelineId, otherPipelineId).SetProperty(d => d.StageId, Pipeline.OtherPipelineStageId));
            await AssertRollupMatchesAsync("pipeline changed");

            await db.Deals.Where(d => d.ResponsibleUserId == Anna.UserId).ExecuteUpdateAsync(s => s.SetProperty(d => d.ResponsibleUserId, Piotr.UserId));
            await db.Deals.Where(d => d.Currency == "EUR").ExecuteUpdateAsync(s => s.SetProperty(d => d.Amount, d => d.Amount + 100m));
            await AssertRollupMatchesAsync("bulk updates");

            // The pipeline editor: a reorder recomputes every deal's furthest stage, a deleted stage moves its deals.
            var admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
            var settings = Db.Get<PipelineSettingsService>();
            Assert.True((await settings.MoveStageAsync(Pipeline.ProposalStageId, 0, admin)).IsOk);
            await AssertRollupMatchesAsync("stages reordered");
            var proposalVersion = await db.Stages.Where(st => st.Id == Pipeline.ProposalStageId).Select(st => st.Version).SingleAsync();
            Assert.True((await settings.DeleteStageAsync(Pipeline.ProposalStageId, proposalVersion, Pipeline.NewStageId, admin)).IsOk);
            await AssertRollupMatchesAsync("stage deleted");

            var version = await db.Deals.Where(d => d.Id == cards[22].Id).Select(d => d.Version).SingleAsync();
            var deleted = await Db.Deals.DeleteAsync(cards[22].Id, version, Manager);
            Assert.True(deleted.IsOk, $"delete: {deleted.Status}");
            await db.Deals.Where(d => d.Id == cards[23].Id).ExecuteDeleteAsync();
            await AssertRollupMatchesAsync("deleted");

            var olasDeals = await db.Deals.CountAsync(d => d.ResponsibleUserId == ola.UserId);
            Assert.True(olasDeals > 0);
            await db.Users.Where(u => u.Id == ola.UserId).ExecuteDeleteAsync();
            Assert.Equal(0, await db.Deals.CountAsync(d => d.ResponsibleUserId == ola.UserId));
            await AssertRollupMatchesAsync("user removed");
        }
    }

    [Fact]
    public async Task Funnel_OverWholeAndPartialDays_EqualsTheDealsReadDirectly()
    {
        // Deals every 50 minutes over four days; periods that start and end on whole UTC days, inside a day, and
        // within one day: the roll-up's days plus the deals of the edges count each deal once.
        for (var i = 0; i < 120; i++)
        {
            Db.Clock.Now = Start.AddMinutes(50 * i);
            await Db.AddDealAsync(i % 2 == 0 ? Anna : Piotr, i % 3 == 0 ? Pipeline.ProposalStageId : Pipeline.NewStageId, $"F{i}", 10m + i, "PLN");
        }
        var funnel = Db.Get<FunnelService>();
        foreach (var (from, to) in new[] { ((2026, 11, 3), (2026, 11, 5)), ((2026, 11, 2), (2026, 11, 6)), ((2026, 11, 4), (2026, 11, 4)) })
        {
            var period = new PeriodFilter(PeriodKind.Custom, new DateOnly(from.Item1, from.Item2, from.Item3), new DateOnly(to.Item1, to.Item2, to.Item3));
            var view = await funnel.GetFunnelAsync(new ReportFilter(Pipeline.PipelineId, period), Manager);
            var (fromUtc, toUtc) = (view!.Period.FromUtc, view.Period.ToUtc);

            await using var db = await Db.Factory.CreateDbContextAsync();
            var deals = await db.Deals.AsNoTracking()
                .Where(d => d.PipelineId == Pipeline.PipelineId && d.CreatedAt >= fromUtc && d.CreatedAt < toUtc)
                .Select(d => new { d.StageId, d.Amount }).ToListAsync();
            Assert.True(deals.Count > 0);
            Assert.Equal(deals.Count, view.Total);
            Assert.Equal(deals.Count, view.Steps[0].Count);
            Assert.Equal([new MoneyTotal("PLN", deals.Sum(d => d.Amount))], view.Steps[0].Amounts);
            Assert.Equal(deals.Count(d => d.StageId == Pipeline.ProposalStageId), view.Steps[1].Count);
        }
    }

    [Fact]
    public async Task Merge_OfMoreDaysThanOneStatementTakes_GoesOnUntilEveryDayIsMerged()
    {
        for (var i = 0; i < 30; i++)
        {
            await Db.AddDealAsync(i % 2 == 0 ? Anna : Piotr, Pipeline.NewStageId, $"M{i}", 10m + i, "PLN");
        }
        await using var db = await Db.Factory.CreateDbContextAsync();
        for (var k = 1; k <= 8; k++)
        {
            // Each deal to a day of its own, eight times over: some 270 days written.
            await db.Deals.ExecuteUpdateAsync(s => s.SetProperty(d => d.CreatedAt, d => d.CreatedAt.AddDays(-(d.Id % 30) - 30)));
        }
        if (db.Database.IsNpgsql())
        {
            var waiting = await db.DealFunnelDays.Where(r => !r.Merged).Select(r => new { r.PipelineId, r.Day }).Distinct().CountAsync();
            Assert.True(waiting > FunnelRollupCompactor.DaysPerStatement, $"{waiting} days to merge");
        }

        await AssertRollupMatchesAsync("moved across many days");
        Assert.Empty(await db.DealFunnelDays.Where(r => !r.Merged).ToListAsync());
    }

    [Fact]
    public async Task Funnel_ACurrencyNoDealHasAnyMore_IsNotListedAtZero()
    {
        Db.Clock.Now = Start.AddDays(-1);
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Priced in dollars first", 100m, "USD");
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Always in zloty", 50m, "PLN");
        var changed = await Db.Deals.UpdateAsync(deal.Id, deal.Version, new DealInput { Title = deal.Title, Amount = 400m, Currency = "PLN", StageId = deal.StageId }, Anna);
        Assert.True(changed.IsOk);

        var day = DateOnly.FromDateTime(Start.AddDays(-1));
        var view = await Db.Get<FunnelService>().GetFunnelAsync(new ReportFilter(Pipeline.PipelineId, new PeriodFilter(PeriodKind.Custom, day.AddDays(-1), day.AddDays(1))), Manager);

        Assert.Equal(2, view!.Total);
        Assert.Equal([new MoneyTotal("PLN", 450m)], view.Steps[0].Amounts);
    }

    [Fact]
    public async Task Merge_OfABulkChange_VacuumsTheRollupsTable_SoItsDeadRowsDoNotSlowTheFunnel()
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        if (!db.Database.IsNpgsql())
        {
            return; // SQLite's triggers keep one row per key: no merge, nothing left dead
        }
        var compactor = Db.Get<FunnelRollupCompactor>();
        async Task AddRowsAsync(int rows, int keys) => await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "DealFunnelDays" ("PipelineId", "StageId", "FurthestOpenStageSort", "Currency", "Day", "ResponsibleUserId", "Count", "AmountHigh", "AmountLow", "Merged")
            SELECT {Pipeline.PipelineId}, {Pipeline.NewStageId}, 0, 'PLN', DATE '2020-01-01' + (i % {keys}), NULL, 1, 0, 10, false
            FROM generate_series(0, {rows - 1}) AS g(i)
            """);
        Task<DateTime?> LastVacuumAsync() =>
            db.Database.SqlQuery<DateTime?>($"""SELECT last_vacuum AS "Value" FROM pg_stat_user_tables WHERE relname = 'DealFunnelDays'""").SingleAsync();

        // A day's worth of moves (rows on many keys) is merged and left to autovacuum.
        await AddRowsAsync(rows: 2_000, keys: 1_000);
        Assert.Equal(1_000, await compactor.CompactAsync());
        Assert.Null(await LastVacuumAsync());

        // An import into one stage today: all its rows on one key. Folded into one row, and the table vacuumed.
        await AddRowsAsync(rows: FunnelRollupCompactor.VacuumAfterRows, keys: 1);
        Assert.Equal(1, await compactor.CompactAsync());

        Assert.Equal(FunnelRollupCompactor.VacuumAfterRows + 2, await db.DealFunnelDays.Where(r => r.Merged && r.Day == new DateOnly(2020, 1, 1)).SumAsync(r => r.Count));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await LastVacuumAsync() is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The roll-up's table was not vacuumed after a merge of a bulk change.");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// The roll-up's sums equal the deals', before and after a merge of its rows (PostgreSQL's triggers add rows, the
    /// merge folds them: one row per key after it; SQLite's keep one row per key themselves), and a second merge finds
    /// nothing left to write.
    /// </summary>
    private async Task AssertRollupMatchesAsync(string after)
    {
        await AssertSumsAsync(after, merged: false);
        var compactor = Db.Get<FunnelRollupCompactor>();
        await compactor.CompactAsync();
        await AssertSumsAsync(after + ", merged", merged: true);
        Assert.Equal(0, await compactor.CompactAsync());
        await AssertSumsAsync(after + ", merged twice", merged: true);
    }

    private async Task AssertSumsAsync(string after, bool merged)
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        var deals = await db.Deals.AsNoTracking()
            .Select(d => new { d.PipelineId, d.StageId, d.FurthestOpenStageSort, d.Currency, d.CreatedAt, d.ResponsibleUserId, d.Amount })
            .ToListAsync();
        var expected = deals
            .GroupBy(d => (d.PipelineId, d.StageId, d.FurthestOpenStageSort, d.Currency, Day: DateOnly.FromDateTime(d.CreatedAt), d.ResponsibleUserId))
            .Select(g => Line(g.Key, g.Count(), g.Sum(d => d.Amount)))
            .Order(StringComparer.Ordinal)
            .ToList();

        var rows = await db.DealFunnelDays.AsNoTracking().ToListAsync();
        var sums = rows
            .GroupBy(r => (r.PipelineId, r.StageId, r.FurthestOpenStageSort, r.Currency, r.Day, r.ResponsibleUserId))
            .Select(g => (g.Key, Count: g.Sum(r => r.Count), Amount: g.Sum(r => MoneySum.Combine(r.AmountHigh, r.AmountLow))))
            .ToList();
        Assert.All(sums.Where(s => s.Count == 0), s => Assert.Equal(0m, s.Amount));
        var actual = sums.Where(s => s.Count != 0).Select(s => Line(s.Key, s.Count, s.Amount)).Order(StringComparer.Ordinal).ToList();

        Assert.True(expected.SequenceEqual(actual), $"after {after}:\nexpected\n{string.Join('\n', expected)}\nactual\n{string.Join('\n', actual)}");
        if (merged)
        {
            Assert.Equal(sums.Count, rows.Count);
        }
    }

    private static string Line((int, int, int?, string, DateOnly, string?) key, int count, decimal amount) =>
        string.Create(CultureInfo.InvariantCulture, $"{key} {count} {amount:0.####}");
}

public sealed class PostgresDealFunnelRollupTests(PostgresServer server) : DealFunnelRollupTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
