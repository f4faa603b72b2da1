using CrmBlazor.Core.Parties;

namespace CrmBlazor.Tests.Core.Common;

/// <summary>
/// The API's keyset lists (deals, contacts, companies): every sort and direction pages through all rows in (key, id)
/// order, ties broken by the id, nothing repeated or skipped while rows are added; a cursor of another sort is refused.
/// </summary>
public class KeysetListTests(TestDatabase? db = null) : CoreTest(db)
{
    private sealed record DealKeys(int Id, string Title, decimal Amount, DateTime CreatedAt, DateTime UpdatedAt, DateTime StageEnteredAt);

    private async Task<List<int>> AllDealIdsAsync(DealSort sort, bool descending, int take, Func<int, Task>? betweenPages = null)
    {
        var ids = new List<int>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Db.Get<DealQueryService>().ListAsync(
                new DealListQuery { PipelineId = Pipeline.PipelineId, SortBy = sort, Descending = descending }, new KeysetRequest(cursor, take), Manager);
            Assert.True(page.Items.Count <= take);
            Assert.Null(page.Total);
            ids.AddRange(page.Items.Select(d => d.Id));
            cursor = page.NextCursor;
            if (betweenPages is not null && cursor is not null)
            {
                await betweenPages(++pages);
            }
        }
        while (cursor is not null);
        return ids;
    }

    private async Task<List<DealKeys>> DealKeysAsync()
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        return await db.Deals.Where(d => d.PipelineId == Pipeline.PipelineId)
            .Select(d => new DealKeys(d.Id, d.Title, d.Amount, d.CreatedAt, d.UpdatedAt, d.StageEnteredAt)).ToListAsync();
    }

    private static List<int> Expected<TKey>(IEnumerable<DealKeys> deals, Func<DealKeys, TKey> key, bool descending, IComparer<TKey>? comparer = null) =>
        (descending
            ? deals.OrderByDescending(key, comparer).ThenByDescending(d => d.Id)
            : deals.OrderBy(key, comparer).ThenBy(d => d.Id)).Select(d => d.Id).ToList();

    private async Task AddDealsWithTiesAsync()
    {
        // Titles and amounts repeat; creation times repeat in pairs, some with sub-millisecond parts.
        string[] titles = ["B", "A", "B", "C", "A", "B", "A"];
        for (var i = 0; i < titles.Length; i++)
        {
            if (i % 2 == 0)
            {
                Db.Clock.Now = Db.Clock.Now.AddTicks(12_345_671);
            }
            await Db.AddDealAsync(i % 3 == 0 ? Anna : Piotr, i % 2 == 0 ? Pipeline.NewStageId : Pipeline.ProposalStageId, titles[i], (i % 3) * 100.5m);
        }
    }

    [Fact]
    public async Task Deals_EverySortAndDirection_PageThroughAllInKeyThenIdOrder()
    {
        await AddDealsWithTiesAsync();
        var deals = await DealKeysAsync();
        foreach (var descending in new[] { false, true })
        {
            Assert.Equal(Expected(deals, d => d.Id, descending), await AllDealIdsAsync(DealSort.Id, descending, 2));
            Assert.Equal(Expected(deals, d => d.Title, descending, StringComparer.Ordinal), await AllDealIdsAsync(DealSort.Title, descending, 2));
            Assert.Equal(Expected(deals, d => d.Amount, descending), await AllDealIdsAsync(DealSort.Amount, descending, 3));
            Assert.Equal(Expected(deals, d => d.CreatedAt, descending), await AllDealIdsAsync(DealSort.CreatedAt, descending, 2));
            Assert.Equal(Expected(deals, d => d.UpdatedAt, descending), await AllDealIdsAsync(DealSort.UpdatedAt, descending, 1));
            Assert.Equal(Expected(deals, d => d.StageEnteredAt, descending), await AllDealIdsAsync(DealSort.StageEnteredAt, descending, 4));
        }
    }

    [Fact]
    public async Task Deals_AddedWhilePaging_NoneOfTheOthersRepeatsOrGoesMissing()
    {
        await AddDealsWithTiesAsync();
        var before = (await DealKeysAsync()).Select(d => d.Id).ToHashSet();
        // A deal with the first page's title ("A") and one with the last's ("C") arrive after each page.
        var ids = await AllDealIdsAsync(DealSort.Title, false, 2, async page => await Db.AddDealAsync(Manager, Pipeline.NewStageId, page % 2 == 0 ? "A" : "C"));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Subset(ids.ToHashSet(), before);
    }

    [Fact]
    public async Task Deals_TotalOnlyWhenAsked_AndACursorOfAnotherSortIsRefused()
    {
        await AddDealsWithTiesAsync();
        var service = Db.Get<DealQueryService>();
        var byTitle = await service.ListAsync(new DealListQuery { PipelineId = Pipeline.PipelineId, SortBy = DealSort.Title }, new KeysetRequest(null, 2, IncludeTotal: true), Manager);
        Assert.Equal(7, byTitle.Total);
        Assert.NotNull(byTitle.NextCursor);
        await Assert.ThrowsAsync<KeysetCursorException>(() =>
            service.ListAsync(new DealListQuery { SortBy = DealSort.Amount }, new KeysetRequest(byTitle.NextCursor, 2), Manager));
        await Assert.ThrowsAsync<KeysetCursorException>(() =>
            service.ListAsync(new DealListQuery { SortBy = DealSort.Title, Descending = true }, new KeysetRequest(byTitle.NextCursor, 2), Manager));
        await Assert.ThrowsAsync<KeysetCursorException>(() =>
            service.ListAsync(new DealListQuery(), new KeysetRequest("not a cursor", 2), Manager));

        var annas = await service.ListAsync(new DealListQuery { ResponsibleUserId = Anna.UserId, SortBy = DealSort.Title }, new KeysetRequest(null, 50, IncludeTotal: true), Anna);
        Assert.Equal(3, annas.Total);
        Assert.Null(annas.NextCursor);
    }

    [Fact]
    public async Task ContactsAndCompanies_ByName_CreatedAndId_PageThroughAllWithTies()
    {
        var contacts = Db.Get<ContactService>();
        var companies = Db.Get<CompanyService>();
        string[] last = ["Nowak", "Kowalski", "Nowak", "Nowak", "Adamczyk"];
        foreach (var (name, i) in last.Select((n, i) => (n, i)))
        {
            Db.Clock.Now = Db.Clock.Now.AddSeconds(i % 2);
            Assert.True((await contacts.SaveAsync(null, 0, new ContactInput { FirstName = i == 3 ? "Adam" : "Jan", LastName = name }, Manager)).IsOk);
            Assert.True((await companies.SaveAsync(null, 0, new CompanyInput { Name = name }, Manager)).IsOk);
        }

        async Task<List<TRow>> AllAsync<TRow>(Func<string?, Task<KeysetPage<TRow>>> read)
        {
            var rows = new List<TRow>();
            string? cursor = null;
            do
            {
                var page = await read(cursor);
                rows.AddRange(page.Items);
                cursor = page.NextCursor;
            }
            while (cursor is not null);
            return rows;
        }

        foreach (var descending in new[] { false, true })
        {
            var byName = await AllAsync(c => contacts.ListAsync(new ContactQuery(), PartySort.Name, descending, new KeysetRequest(c, 2), Manager));
            var expected = descending
                ? byName.OrderByDescending(r => r.LastName + " " + r.FirstName, StringComparer.Ordinal).ThenByDescending(r => r.Id)
                : byName.OrderBy(r => r.LastName + " " + r.FirstName, StringComparer.Ordinal).ThenBy(r => r.Id);
            Assert.Equal(5, byName.Count);
            Assert.Equal(expected.Select(r => r.Id), byName.Select(r => r.Id));

            var companiesByName = await AllAsync(c => companies.ListAsync(new CompanyQuery(), PartySort.Name, descending, new KeysetRequest(c, 2), Manager));
            Assert.Equal(5, companiesByName.Select(r => r.Id).Distinct().Count());
            Assert.Equal((descending
                ? companiesByName.OrderByDescending(r => r.Name, StringComparer.Ordinal).ThenByDescending(r => r.Id)
                : companiesByName.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id)).Select(r => r.Id), companiesByName.Select(r => r.Id));

            var byCreated = await AllAsync(c => companies.ListAsync(new CompanyQuery(), PartySort.CreatedAt, descending, new KeysetRequest(c, 2), Manager));
            Assert.Equal((descending ? byCreated.OrderByDescending(r => r.Id) : byCreated.OrderBy(r => r.Id)).Select(r => r.Id), byCreated.Select(r => r.Id));
        }

        var filtered = await contacts.ListAsync(new ContactQuery { Search = "nowak" }, PartySort.Name, false, new KeysetRequest(null, 2, IncludeTotal: true), Manager);
        Assert.Equal(3, filtered.Total);
        Assert.Equal(["Adam", "Jan"], filtered.Items.Select(r => r.FirstName));
        await Assert.ThrowsAsync<KeysetCursorException>(() =>
            contacts.ListAsync(new ContactQuery(), PartySort.CreatedAt, false, new KeysetRequest(filtered.NextCursor, 2), Manager));
    }
}

public sealed class PostgresKeysetListTests(PostgresServer server)
    : KeysetListTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
