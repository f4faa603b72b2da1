using Bunit;
using CrmBlazor.Components.Pages.Deals;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Components.Deals;

public sealed class DealBoardComponentTests : CrmComponentTest
{
    private readonly TestDatabase _db;
    private TestPipeline _pipeline = default!;
    private Actor _anna = default!;
    private Actor _manager = default!;
    private IRenderedComponent<MudBlazor.MudPopoverProvider> _popovers = default!;

    public DealBoardComponentTests() => _db = UseNewDatabase();

    public override async Task InitializeAsync()
    {
        _pipeline = await _db.AddPipelineAsync();
        _anna = await _db.AddUserAsync("Anna", CrmRoles.Sales);
        _manager = await _db.AddUserAsync("Marta", CrmRoles.Manager);
        SignIn(_anna);
        _popovers = RenderPopoverProvider();
    }

    /// <summary>A column of stage 1 counting two deals worth 10 PLN, showing <paramref name="cards"/>.</summary>
    private static ColumnState Column(params DealCard[] cards) => new BoardState(new BoardView(
        new PipelineSummary(1, "Sales", true), [new PipelineSummary(1, "Sales", true)],
        [new BoardColumn(new StageView(1, "New", "#000", StageKind.Open, 0), 2, [new MoneyTotal("PLN", 10m)], cards)], 0)).Columns[0];

    [Fact]
    public async Task Render_Board_HasAColumnPerStageWithCountsSumsAndCardHooks()
    {
        var deal = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Rendered", 1500m);
        await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Second", 500m, "EUR");

        var board = Context.Render<DealBoard>();

        board.WaitForAssertion(() => Assert.Equal(4, board.FindAll(".board-column").Count));
        var column = board.Find($".board-column[data-stage-id='{_pipeline.NewStageId}']");
        Assert.Equal("New", column.GetAttribute("data-stage-name"));
        Assert.Equal("2", column.QuerySelector("[data-testid=column-count]")!.TextContent.Trim());
        Assert.Contains("500 EUR", column.QuerySelector("[data-testid=column-sum]")!.TextContent);
        Assert.Contains("1,500 PLN", column.QuerySelector("[data-testid=column-sum]")!.TextContent);
        Assert.NotNull(column.QuerySelector($"[data-deal-id='{deal.Id}']"));
    }

    [Fact]
    public async Task Cards_MarkOverdueOrMissingActivities_AndFollowActivityChangesLive()
    {
        var idle = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Nothing planned");
        var late = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Late call");
        var fine = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Call tomorrow");
        var activities = _db.Get<CrmBlazor.Core.Activities.ActivityService>();
        CrmBlazor.Core.Activities.ActivityInput Task(DateTime deadline) => new() { Type = CrmBlazor.Core.Activities.ActivityType.Task, Subject = "Follow up", Deadline = deadline };
        var overdue = (await activities.PlanAsync(ElementRef.Deal(late.Id), Task(Clock.Now.UtcDateTime.AddHours(-2)), _anna)).Value!;
        await activities.PlanAsync(ElementRef.Deal(fine.Id), Task(Clock.Now.UtcDateTime.AddDays(1)), _anna);

        var board = Context.Render<DealBoard>();

        string[] Classes(int dealId) => [.. board.Find($"[data-deal-id='{dealId}']").ClassList];
        board.WaitForAssertion(() =>
        {
            Assert.Contains("no-activity", Classes(idle.Id));
            Assert.Contains("activity-overdue", Classes(late.Id));
            Assert.DoesNotContain("no-activity", Classes(fine.Id));
            Assert.DoesNotContain("activity-overdue", Classes(fine.Id));
        });

        await activities.PlanAsync(ElementRef.Deal(idle.Id), Task(Clock.Now.UtcDateTime.AddDays(2)), _manager);
        await activities.CompleteAsync(overdue.Id, overdue.Version, _anna);

        board.WaitForAssertion(() =>
        {
            Assert.DoesNotContain("no-activity", Classes(idle.Id));
            Assert.Contains("no-activity", Classes(late.Id));
        });
    }

    [Fact]
    public async Task LiveMoveByAnotherUser_MovesTheCardAndNumbersWithoutReload()
    {
        var deal = await _db.AddDealAsync(_manager, _pipeline.NewStageId, "Moved elsewhere", 700m);
        var board = Context.Render<DealBoard>();
        board.WaitForElement($".board-column[data-stage-id='{_pipeline.NewStageId}'] [data-deal-id='{deal.Id}']");

        var result = await _db.Deals.MoveAsync(new MoveDeal(deal.Id, _pipeline.ProposalStageId, deal.Version), _manager);

        Assert.True(result.IsOk);
        board.WaitForAssertion(() =>
        {
            Assert.NotNull(board.Find($".board-column[data-stage-id='{_pipeline.ProposalStageId}'] [data-deal-id='{deal.Id}']"));
            Assert.Empty(board.FindAll($".board-column[data-stage-id='{_pipeline.NewStageId}'] [data-deal-id='{deal.Id}']"));
            Assert.Equal("1", board.Find($".board-column[data-stage-id='{_pipeline.ProposalStageId}'] [data-testid=column-count]").TextContent.Trim());
            Assert.Equal("0", board.Find($".board-column[data-stage-id='{_pipeline.NewStageId}'] [data-testid=column-count]").TextContent.Trim());
        });
    }

    [Fact]
    public async Task Render_CardsOfOthers_HaveNoMenuForASalesUser()
    {
        var own = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Mine");
        var other = await _db.AddDealAsync(_manager, _pipeline.NewStageId, "Marta's");

        var board = Context.Render<DealBoard>();

        board.WaitForElement($"[data-deal-id='{own.Id}']");
        Assert.NotNull(board.Find($"[data-deal-id='{own.Id}'] .deal-menu"));
        Assert.Empty(board.FindAll($"[data-deal-id='{other.Id}'] .deal-menu"));
    }

    [Fact]
    public void ColumnCards_TitleWithMarkup_RendersAsText()
    {
        var card = new DealCard(5, 1, 1, "a", "<script>alert(1)</script>", 10m, "PLN", null, "ACME <b>Ltd</b>", null, null, null, "Anna", DateTime.UnixEpoch, 0);

        var view = Context.Render<ColumnCards>(p => p.Add(c => c.Column, Column(card)).Add(c => c.Actor, _anna));

        Assert.Empty(view.FindAll("script"));
        Assert.Empty(view.FindAll("b"));
        Assert.Contains("<script>alert(1)</script>", view.Find(".deal-title").TextContent);
        Assert.Contains("ACME <b>Ltd</b>", view.Find(".deal-party").TextContent);
        Assert.Equal("5", view.Find(".deal-card").GetAttribute("data-deal-id"));
        Assert.Equal("true", view.Find(".deal-card").GetAttribute("draggable"));
        Assert.Equal("Actions for <script>alert(1)</script>", view.Find(".deal-menu").GetAttribute("aria-label"));
    }

    [Fact]
    public void ColumnCards_CardOfAnotherUser_IsNotDraggableForASalesUser()
    {
        var card = new DealCard(5, 1, 1, "a", "Marta's", 10m, "PLN", null, null, null, null, "someone-else", "Marta", DateTime.UnixEpoch, 0);

        var view = Context.Render<ColumnCards>(p => p.Add(c => c.Column, Column(card)).Add(c => c.Actor, _anna));

        Assert.Null(view.Find(".deal-card").GetAttribute("draggable"));
        Assert.Empty(view.FindAll(".deal-menu"));
    }

    [Fact]
    public async Task ColumnCards_FullPageOfCardsAManagerMayChange_StaysWithin512RenderTreeFrames()
    {
        // Blazor keeps a component's render tree in a pooled array of 32, 64, ... 1,024 frames: one frame over 512
        // doubles what every open board holds for the column. A manager's column is the largest (a menu on each card).
        var cards = Enumerable.Range(1, _db.Boards.PageSize)
            .Select(i => new DealCard(i, 1, 1, $"r{i:D3}", $"Deal {i}", 1234.5m, "PLN", 1, "Company", 1, "Contact", "someone", "Someone Else", DateTime.UnixEpoch, 0))
            .ToArray();

        var frames = await RenderTreeFrames.CountAsync<ColumnCards>(Context.Services, new Dictionary<string, object?>
        {
            [nameof(ColumnCards.Column)] = Column(cards),
            [nameof(ColumnCards.Actor)] = _manager,
            [nameof(ColumnCards.HighlightDealId)] = 1,
        });

        Assert.InRange(frames, _db.Boards.PageSize * 20, 512);
    }

    [Fact]
    public void StageColumn_SameRevision_DoesNotRenderAgain()
    {
        var column = Column();
        var view = Context.Render<StageColumn>(p => p.Add(c => c.Column, column).Add(c => c.Actor, _anna));
        var renders = view.RenderCount;

        view.Render(p => p.Add(c => c.Column, column).Add(c => c.Actor, _anna));
        view.InvokeAsync(view.Instance.Refresh);

        Assert.Equal(renders, view.RenderCount);
        Assert.Equal("2", view.Find("[data-testid=column-count]").TextContent.Trim());
        Assert.Contains("10 PLN", view.Find("[data-testid=column-sum]").TextContent);
    }

    [Fact]
    public async Task LiveMoveByAnotherUser_RerendersOnlyTheTwoColumnsItTouches()
    {
        var deal = await _db.AddDealAsync(_manager, _pipeline.NewStageId, "Moved elsewhere", 700m);
        var board = Context.Render<DealBoard>();
        board.WaitForElement($".board-column[data-stage-id='{_pipeline.NewStageId}'] [data-deal-id='{deal.Id}']");
        var toolbar = board.FindComponent<MudBlazor.MudMenu>(); // the pipeline menu
        var toolbarRenders = toolbar.RenderCount;
        var columns = board.FindComponents<StageColumn>().ToDictionary(c => c.Instance.Column.Stage.Id);
        var renders = columns.ToDictionary(c => c.Key, c => c.Value.RenderCount);

        await _db.Deals.MoveAsync(new MoveDeal(deal.Id, _pipeline.ProposalStageId, deal.Version), _manager);

        board.WaitForElement($".board-column[data-stage-id='{_pipeline.ProposalStageId}'] [data-deal-id='{deal.Id}']");
        Assert.Equal(toolbarRenders, toolbar.RenderCount);
        Assert.Equal(renders[_pipeline.NewStageId] + 1, columns[_pipeline.NewStageId].RenderCount);
        Assert.Equal(renders[_pipeline.ProposalStageId] + 1, columns[_pipeline.ProposalStageId].RenderCount);
        Assert.Equal(renders[_pipeline.WonStageId], columns[_pipeline.WonStageId].RenderCount);
        Assert.Equal(renders[_pipeline.LostStageId], columns[_pipeline.LostStageId].RenderCount);
    }

    [Fact]
    public async Task DropCard_OnAnotherColumn_MovesAndSavesTheDealBetweenItsNeighbours()
    {
        var lower = await _db.AddDealAsync(_anna, _pipeline.ProposalStageId, "Lower");
        var upper = await _db.AddDealAsync(_anna, _pipeline.ProposalStageId, "Upper"); // new deals go on top
        var deal = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Dropped");
        var board = Context.Render<DealBoard>();
        board.WaitForElement($"[data-deal-id='{deal.Id}']");

        await board.InvokeAsync(() => board.Instance.DropCardAsync(deal.Id, _pipeline.ProposalStageId, index: 1));

        // The card shows at its place at once; the count follows with the saved move's live event.
        board.WaitForAssertion(() =>
        {
            Assert.Equal(
                [upper.Id.ToString(), deal.Id.ToString(), lower.Id.ToString()],
                board.FindAll($".board-column[data-stage-id='{_pipeline.ProposalStageId}'] [data-deal-id]").Select(e => e.GetAttribute("data-deal-id")));
            Assert.Equal("3", board.Find($".board-column[data-stage-id='{_pipeline.ProposalStageId}'] [data-testid=column-count]").TextContent.Trim());
        });
        Assert.Equal(_pipeline.ProposalStageId, (await _db.Deals.GetForEditAsync(deal.Id))!.Input.StageId);
        Assert.Contains(Context.JSInterop.Invocations, i => i.Identifier == "attach");
    }

    [Fact]
    public async Task DropCard_OfADealTheUserMayNotChange_ChangesNothing()
    {
        var deal = await _db.AddDealAsync(_manager, _pipeline.NewStageId, "Marta's");
        var board = Context.Render<DealBoard>();
        board.WaitForElement($"[data-deal-id='{deal.Id}']");

        await board.InvokeAsync(() => board.Instance.DropCardAsync(deal.Id, _pipeline.ProposalStageId, index: 0));

        Assert.NotNull(board.Find($".board-column[data-stage-id='{_pipeline.NewStageId}'] [data-deal-id='{deal.Id}']"));
        Assert.Equal(_pipeline.NewStageId, (await _db.Deals.GetForEditAsync(deal.Id))!.Input.StageId);
    }

    [Fact]
    public async Task MoveFromCardMenu_SomeoneElseMovedItUnseen_PutsCardWhereTheDatabaseHasItAndSaysWhy()
    {
        var deal = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Contested");
        var board = Context.Render<DealBoard>();
        board.WaitForElement($"[data-deal-id='{deal.Id}'] .deal-menu");
        await using (var db = await _db.Factory.CreateDbContextAsync())
        {
            // Another server's change whose event this board never got.
            await db.Deals.Where(d => d.Id == deal.Id).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.StageId, _pipeline.WonStageId).SetProperty(d => d.Version, d => d.Version + 1));
        }

        board.Find($"[data-deal-id='{deal.Id}'] .deal-menu").Click();
        _popovers.WaitForElements(".mud-menu-item").First(i => i.TextContent.Contains("Proposal")).Click();

        board.WaitForAssertion(() =>
        {
            Assert.NotNull(board.Find($".board-column[data-stage-id='{_pipeline.WonStageId}'] [data-deal-id='{deal.Id}']"));
            Assert.Empty(board.FindAll($".board-column[data-stage-id='{_pipeline.ProposalStageId}'] [data-deal-id='{deal.Id}']"));
        });
        var snackbar = Context.Services.GetRequiredService<MudBlazor.ISnackbar>();
        Assert.Contains(snackbar.ShownSnackbars, s => s.Message!.Contains("Someone else moved this deal first; it is now in Won."));
    }

    [Fact]
    public async Task ShowMore_ColumnLargerThanAPage_LoadsTheNextCardsAndKeepsTheCount()
    {
        for (var i = 0; i < _db.Boards.PageSize + 5; i++)
        {
            await _db.AddDealAsync(_anna, _pipeline.NewStageId, $"Deal {i}");
        }
        var board = Context.Render<DealBoard>();
        var column = $".board-column[data-stage-id='{_pipeline.NewStageId}']";
        board.WaitForAssertion(() => Assert.Equal(_db.Boards.PageSize, board.FindAll($"{column} [data-deal-id]").Count));

        board.Find($"{column} [data-testid=load-more]").Click();

        board.WaitForAssertion(() => Assert.Equal(_db.Boards.PageSize + 5, board.FindAll($"{column} [data-deal-id]").Count));
        Assert.Empty(board.FindAll($"{column} [data-testid=load-more]"));
        Assert.Equal((_db.Boards.PageSize + 5).ToString(), board.Find($"{column} [data-testid=column-count]").TextContent.Trim());
    }

    [Fact]
    public async Task Reconnected_AfterChangesItMissed_ReloadsTheBoardFromTheDatabase()
    {
        var deal = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Changed while offline");
        var board = Context.Render<DealBoard>();
        board.WaitForElement($".board-column[data-stage-id='{_pipeline.NewStageId}'] [data-deal-id='{deal.Id}']");
        await using (var db = await _db.Factory.CreateDbContextAsync())
        {
            await db.Deals.Where(d => d.Id == deal.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.StageId, _pipeline.LostStageId).SetProperty(d => d.Version, d => d.Version + 1));
        }
        var connection = Context.Services.GetRequiredService<CrmBlazor.Live.ConnectionState>();

        await connection.OnConnectionDownAsync(null!, default);
        await connection.OnConnectionUpAsync(null!, default);

        board.WaitForAssertion(() => Assert.NotNull(board.Find($".board-column[data-stage-id='{_pipeline.LostStageId}'] [data-deal-id='{deal.Id}']")));
    }

    [Fact]
    public async Task MoveFromCardMenu_DatabaseRefusesTheWrite_PutsTheCardBackAndSaysSo()
    {
        var deal = await _db.AddDealAsync(_anna, _pipeline.NewStageId, "Unlucky");
        var board = Context.Render<DealBoard>();
        board.WaitForElement($"[data-deal-id='{deal.Id}'] .deal-menu");
        await using (var db = await _db.Factory.CreateDbContextAsync())
        {
            // The history row of the move cannot be written: the whole move must fail and leave nothing behind.
            await db.Database.ExecuteSqlRawAsync("DROP TABLE DealStageChanges");
        }

        board.Find($"[data-deal-id='{deal.Id}'] .deal-menu").Click();
        _popovers.WaitForElements(".mud-menu-item").First(i => i.TextContent.Contains("Proposal")).Click();

        var snackbar = Context.Services.GetRequiredService<MudBlazor.ISnackbar>();
        board.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Message!.Contains("Something went wrong")));
        Assert.NotNull(board.Find($".board-column[data-stage-id='{_pipeline.NewStageId}'] [data-deal-id='{deal.Id}']"));
        Assert.Equal(_pipeline.NewStageId, (await _db.Deals.GetForEditAsync(deal.Id))!.Input.StageId);
    }
}
