namespace CrmBlazor.Tests.Core.Deals;

public class DealListTests(TestDatabase? db = null) : CoreTest(db)
{
    private async Task<string[]> TitlesAsync(DealListPageQuery query, Actor? actor = null) =>
        [.. (await Db.Boards.GetListAsync(query with { PipelineId = Pipeline.PipelineId }, actor ?? Manager)).Items.Select(r => r.Title)];

    [Fact]
    public async Task GetListAsync_SortsEveryColumnInSql()
    {
        var company = (await Db.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput { Name = "Żuraw" }, Anna)).Value!;
        await Db.AddDealAsync(Anna, Pipeline.ProposalStageId, "beta", 9000m);
        await Db.AddDealAsync(Piotr, Pipeline.NewStageId, "Alpha", 50m);
        var withCompany = await Db.Deals.CreateAsync(new DealInput { Title = "Gamma", Amount = 700m, Currency = "PLN", StageId = Pipeline.NewStageId, CompanyId = company.Id, ResponsibleUserId = Manager.UserId }, Manager);
        Assert.True(withCompany.IsOk);

        Assert.Equal(["Alpha", "beta", "Gamma"], await TitlesAsync(new() { SortBy = DealListSort.Title, Descending = false }));
        Assert.Equal(["Gamma", "beta", "Alpha"], await TitlesAsync(new() { SortBy = DealListSort.Title, Descending = true }));
        // 50 < 700 < 9000 as numbers (as text, "9000" < "50" would not hold).
        Assert.Equal(["Alpha", "Gamma", "beta"], await TitlesAsync(new() { SortBy = DealListSort.Amount, Descending = false }));
        Assert.Equal("beta", (await TitlesAsync(new() { SortBy = DealListSort.Stage, Descending = true }))[0]);
        Assert.Equal(["beta", "Gamma", "Alpha"], await TitlesAsync(new() { SortBy = DealListSort.Responsible, Descending = false }));
        Assert.Equal("Gamma", (await TitlesAsync(new() { SortBy = DealListSort.Party, Descending = true }))[0]);
        Assert.Equal(["Gamma", "Alpha", "beta"], await TitlesAsync(new() { SortBy = DealListSort.Created, Descending = true }));

        var row = (await Db.Boards.GetListAsync(new DealListPageQuery { PipelineId = Pipeline.PipelineId, SortBy = DealListSort.Title }, Manager)).Items.Single(r => r.Title == "Gamma");
        Assert.Equal(("Żuraw", 700m, "PLN", "Marta"), (row.CompanyName, row.Amount, row.Currency, row.ResponsibleName));
        Assert.Equal(DateTimeKind.Utc, row.CreatedAt.Kind);
    }

    [Fact]
    public async Task GetListAsync_PagesWithTheTotal_AndAppliesTheBoardsFilter()
    {
        for (var i = 0; i < 7; i++)
        {
            await Db.AddDealAsync(i % 2 == 0 ? Anna : Piotr, Pipeline.NewStageId, $"Deal {i}", 100m * (i + 1));
        }
        var first = await Db.Boards.GetListAsync(new DealListPageQuery { PipelineId = Pipeline.PipelineId, SortBy = DealListSort.Title, Descending = false, Take = 3 }, Manager);
        var third = await Db.Boards.GetListAsync(new DealListPageQuery { PipelineId = Pipeline.PipelineId, SortBy = DealListSort.Title, Descending = false, Skip = 6, Take = 3 }, Manager);
        Assert.Equal(7, first.Total);
        Assert.Equal(["Deal 0", "Deal 1", "Deal 2"], first.Items.Select(r => r.Title));
        Assert.Equal(["Deal 6"], third.Items.Select(r => r.Title));

        var mine = await Db.Boards.GetListAsync(new DealListPageQuery { PipelineId = Pipeline.PipelineId, Filter = new DealFilter { Mine = true, AmountFrom = 200m } }, Anna);
        Assert.Equal(3, mine.Total);
        Assert.All(mine.Items, r => Assert.Equal(Anna.UserId, r.ResponsibleUserId));
        // The list holds what the board holds under the same filter.
        var board = await Db.Boards.GetBoardAsync(Pipeline.PipelineId, Anna, new DealFilter { Mine = true, AmountFrom = 200m });
        Assert.Equal(board!.Columns.Sum(c => c.Count), mine.Total);
    }

    [Fact]
    public async Task GetListAsync_OwnOnlyRole_SeesOnlyItsOwnAndUnassigned()
    {
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Anna's");
        await Db.AddDealAsync(Piotr, Pipeline.NewStageId, "Piotr's");
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == Anna.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessRoleId, BuiltInRoles.SalesOwnOnlyId));
        }
        Db.Get<AccessProfiles>().Invalidate();
        var ownOnly = (await Db.Get<AccessProfiles>().GetActorAsync(Anna.UserId))!;

        var page = await Db.Boards.GetListAsync(new DealListPageQuery { PipelineId = Pipeline.PipelineId }, ownOnly);
        Assert.Equal(1, page.Total);
        Assert.Equal("Anna's", Assert.Single(page.Items).Title);
        Assert.Equal(2, (await Db.Boards.GetListAsync(new DealListPageQuery { PipelineId = Pipeline.PipelineId }, Manager)).Total);
    }
}

public sealed class PostgresDealListTests(PostgresServer server)
    : DealListTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
