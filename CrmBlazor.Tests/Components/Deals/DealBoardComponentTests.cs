using Bunit;
using CrmBlazor.Components.Pages.Deals;
using CrmBlazor.Components.Shared;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace CrmBlazor.Tests.Components.Deals;

public sealed class DealBoardComponentTests : TeamComponentTest
{
    /// <summary>A column of stage 1 counting two deals worth 10 PLN, showing <paramref name="cards"/>.</summary>
    private static ColumnState Column(params DealCard[] cards) => new BoardState(new BoardView(
        new PipelineSummary(1, "Sales", true), [new PipelineSummary(1, "Sales", true)],
        [new BoardColumn(new StageView(1, "New", "#000", StageKind.Open, 0), 2, [new MoneyTotal("PLN", 10m)], cards)], 0)).Columns[0];

    [Fact]
    public async Task Render_Board_HasAColumnPerStageWithCountsSumsAndCardHooks()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Rendered", 1500m);
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Second", 500m, "EUR");

        var board = Context.Render<DealBoard>();

        board.WaitForAssertion(() => Assert.Equal(4, board.FindAll(".board-column").Count));
        var column = board.Find($".board-column[data-stage-id='{Pipeline.NewStageId}']");
        Assert.Equal("New", column.GetAttribute("data-stage-name"));
        Assert.Equal("2", column.QuerySelector("[data-testid=column-count]")!.TextContent.Trim());
        Assert.Contains("500 EUR", column.QuerySelector("[data-testid=column-sum]")!.TextContent);
        Assert.Contains("1,500 PLN", column.QuerySelector("[data-testid=column-sum]")!.TextContent);
        Assert.NotNull(column.QuerySelector($"[data-deal-id='{deal.Id}']"));
    }

    [Fact]
    public async Task Cards_MarkOverdueOrMissingActivities_AndFollowActivityChangesLive()
    {
        var idle = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Nothing planned");
        var late = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Late call");
        var fine = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Call tomorrow");
        var activities = Db.Get<CrmBlazor.Core.Activities.ActivityService>();
        CrmBlazor.Core.Activities.ActivityInput Task(DateTime deadline) => new() { Type = CrmBlazor.Core.Activities.ActivityType.Task, Subject = "Follow up", Deadline = deadline };
        var overdue = (await activities.PlanAsync(ElementRef.Deal(late.Id), Task(Clock.Now.UtcDateTime.AddHours(-2)), Anna)).Value!;
        await activities.PlanAsync(ElementRef.Deal(fine.Id), Task(Clock.Now.UtcDateTime.AddDays(1)), Anna);

        var board = Context.Render<DealBoard>();

        string[] Classes(int dealId) => [.. board.Find($"[data-deal-id='{dealId}']").ClassList];
        board.WaitForAssertion(() =>
        {
            Assert.Contains("no-activity", Classes(idle.Id));
            Assert.Contains("activity-overdue", Classes(late.Id));
            Assert.DoesNotContain("no-activity", Classes(fine.Id));
            Assert.DoesNotContain("activity-overdue", Classes(fine.Id));
        });

        await activities.PlanAsync(ElementRef.Deal(idle.Id), Task(Clock.Now.UtcDateTime.AddDays(2)), Manager);
        await activities.CompleteAsync(overdue.Id, overdue.Version, Anna);

        board.WaitForAssertion(() =>
        {
            Assert.DoesNotContain("no-activity", Classes(idle.Id));
            Assert.Contains("no-activity", Classes(late.Id));
        });
    }

    [Fact]
    public async Task LiveMoveByAnotherUser_MovesTheCardAndNumbersWithoutReload()
    {
        var deal = await Db.AddDealAsync(Manager, Pipeline.NewStageId, "Moved elsewhere", 700m);
        var board = Context.Render<DealBoard>();
        board.WaitForElement($".board-column[data-stage-id='{Pipeline.NewStageId}'] [data-deal-id='{deal.Id}']");

        var result = await Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.ProposalStageId, deal.Version), Manager);

        Assert.True(result.IsOk);
        board.WaitForAssertion(() =>
        {
            Assert.NotNull(board.Find($".board-column[data-stage-id='{Pipeline.ProposalStageId}'] [data-deal-id='{deal.Id}']"));
            Assert.Empty(board.FindAll($".board-column[data-stage-id='{Pipeline.NewStageId}'] [data-deal-id='{deal.Id}']"));
            Assert.Equal("1", board.Find($".board-column[data-stage-id='{Pipeline.ProposalStageId}'] [data-testid=column-count]").TextContent.Trim());
            Assert.Equal("0", board.Find($".board-column[data-stage-id='{Pipeline.NewStageId}'] [data-testid=column-count]").TextContent.Trim());
        });
    }

    [Fact]
    public async Task Render_CardsOfOthers_HaveNoMenuForASalesUser_AndOpenNoneWhenAsked()
    {
        var own = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Mine");
        var other = await Db.AddDealAsync(Manager, Pipeline.NewStageId, "Marta's");

        var board = Context.Render<DealBoard>();

        board.WaitForElement($"[data-deal-id='{own.Id}']");
        Assert.NotNull(board.Find($"[data-deal-id='{own.Id}'] .deal-menu"));
        Assert.Empty(board.FindAll($"[data-deal-id='{other.Id}'] .deal-menu"));

        // The click comes from the board's script with a deal id the browser chose: the board checks it again.
        await ClickActionsAsync(board, other.Id);
        await ClickActionsAsync(board, 999_999);
        Assert.Empty(board.FindAll(".card-menu-anchor")); // the board's menu is made the first time a card may open it
        Assert.Empty(Popovers.FindAll(".mud-menu-item"));

        await ClickActionsAsync(board, own.Id);
        Popovers.WaitForAssertion(() => Assert.Contains(Popovers.FindAll(".mud-menu-item"), i => i.TextContent.Contains("Edit")));
    }

    // What DealBoard.razor.js does when a card's actions button is clicked (bUnit runs no script).
    private static Task ClickActionsAsync(IRenderedComponent<DealBoard> board, int dealId) =>
        board.InvokeAsync(() => board.Instance.OpenActionsAsync(dealId, new MouseEventArgs { Detail = 1, Type = "click" }, null));

    [Fact]
    public void ColumnCards_TitleWithMarkup_RendersAsText()
    {
        var card = new DealCard(5, 1, 1, "a", "<script>alert(1)</script>", 10m, "PLN", null, "ACME <b>Ltd</b>", null, null, null, "\"x\" & <img src=y>", DateTime.UnixEpoch, 0);

        var view = Context.Render<ColumnCards>(p => p.Add(c => c.Column, Column(card)).Add(c => c.Actor, Anna));

        Assert.Empty(view.FindAll("script"));
        Assert.Empty(view.FindAll("b"));
        Assert.Contains("<script>alert(1)</script>", view.Find(".deal-title").TextContent);
        Assert.Contains("ACME <b>Ltd</b>", view.Find(".deal-party").TextContent);
        Assert.Empty(view.FindAll("img"));
        Assert.Equal("\"x\" & <img src=y>", view.Find("[data-initials]").TextContent);
        Assert.Equal("\"S", view.Find("[data-initials]").GetAttribute("data-initials"));
        Assert.Equal("5", view.Find(".deal-card").GetAttribute("data-deal-id"));
        Assert.Equal("true", view.Find(".deal-card").GetAttribute("draggable"));
        Assert.Equal("Actions for <script>alert(1)</script>", view.Find(".deal-menu").GetAttribute("aria-label"));
    }

    [Fact]
    public void ColumnCards_CardOfAnotherUser_IsNotDraggableForASalesUser()
    {
        var card = new DealCard(5, 1, 1, "a", "Marta's", 10m, "PLN", null, null, null, null, "someone-else", "Marta", DateTime.UnixEpoch, 0);

        var view = Context.Render<ColumnCards>(p => p.Add(c => c.Column, Column(card)).Add(c => c.Actor, Anna));

        Assert.Null(view.Find(".deal-card").GetAttribute("draggable"));
        Assert.Empty(view.FindAll(".deal-menu"));
    }

    [Fact]
    public void ColumnCards_ReRendered_ShowsEachCardsAgeNow_AndAChangedCardsNewText()
    {
        var entered = Clock.Now.UtcDateTime.AddMinutes(-5);
        var kept = new DealCard(5, 1, 1, "a", "Kept", 10m, "PLN", null, null, null, null, Anna.UserId, "Anna Nowak", entered, 0);
        var changing = new DealCard(6, 1, 1, "b", "Changing", 10m, "PLN", null, null, null, null, Anna.UserId, "Anna Nowak", entered, 0);
        var column = Column(kept, changing);
        var view = Context.Render<ColumnCards>(p => p.Add(c => c.Column, column).Add(c => c.Actor, Anna));
        AngleSharp.Dom.IElement Card(int id) => view.Find($"[data-deal-id='{id}']");
        Assert.Equal("5 min", Card(kept.Id).QuerySelector(".deal-age")!.TextContent);
        Assert.Null(Card(kept.Id).QuerySelector(".deal-menu")!.GetAttribute("blazor:onclick")); // the board's script hears it

        // Another user changed the second deal (amount, owner) two hours later: every card shows its age now, the changed one its new text.
        Clock.Now = Clock.Now.AddHours(2);
        column.Hide(changing.Id);
        column.Show(changing with { Amount = 2500m, ResponsibleUserId = Manager.UserId, ResponsibleName = "Marta Kowalska", Version = 1 });
        view.Render(p => p.Add(c => c.Column, column));

        Assert.Equal("2 h", Card(kept.Id).QuerySelector(".deal-age")!.TextContent);
        Assert.Contains("2,500 PLN", Card(changing.Id).QuerySelector(".deal-amount")!.TextContent);
        Assert.Equal("MK", Card(changing.Id).QuerySelector("[data-initials]")!.GetAttribute("data-initials"));
        Assert.Equal("Marta Kowalska", Card(changing.Id).QuerySelector("[data-initials]")!.TextContent);
        Assert.Empty(Card(changing.Id).QuerySelectorAll(".deal-menu")); // now Marta's: a sales user has no menu on it
    }

    [Fact]
    public async Task ColumnCards_FullPageOfCardsAManagerMayChange_StaysWithin64RenderTreeFrames()
    {
        // Blazor keeps a component's render tree in a pooled array of 32, 64, ... 1,024 frames: one frame over 64
        // doubles what every open board holds for the column. A card is its keyed wrapper and its markup.
        var cards = Enumerable.Range(1, Db.Boards.PageSize)
            .Select(i => new DealCard(i, 1, 1, $"r{i:D3}", $"Deal {i}", 1234.5m, "PLN", 1, "Company", 1, "Contact", "someone", "Someone Else", DateTime.UnixEpoch, 0))
            .ToArray();

        var frames = await RenderTreeFrames.CountAsync<ColumnCards>(Context.Services, new Dictionary<string, object?>
        {
            [nameof(ColumnCards.Column)] = Column(cards),
            [nameof(ColumnCards.Actor)] = Manager,
            [nameof(ColumnCards.HighlightDealId)] = 1,
        });

        Assert.InRange(frames, Db.Boards.PageSize * 2, 64);
    }

    [Fact]
    public void CardMarkup_TheSameCardLoadedByTwoBoards_IsMadeOnce_PerLanguageAgeShownAndLook()
    {
        var cache = Context.Services.GetRequiredService<CardMarkupCache>();
        var localizer = Context.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var card = new DealCard(7, 1, 1, "a", "Audyt", 1234.5m, "PLN", null, null, null, null, Anna.UserId, "Anna Nowak", DateTime.UnixEpoch, 3);
        var otherBoards = card with { }; // another board's copy of the same deal and version
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        var uiCulture = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture = new("en");
            var look = new CardLook(MayChange: false, Highlighted: false, Mark: null);
            string Get(DealCard shown, int days = 2, CardLook? seenAs = null) => cache.Get(shown, (ElapsedUnit.Days, days), seenAs ?? look, localizer).Value;
            var first = Get(card);

            Assert.Same(first, Get(otherBoards));
            Assert.NotSame(first, Get(card, days: 3));
            Assert.NotSame(first, Get(card with { Version = 4, Amount = 2m }));
            Assert.Contains("1,234.50 PLN", first);
            Assert.DoesNotContain("deal-menu", first);

            // A user who may change the card sees it draggable, with the actions button; the highlighted card and an
            // activity mark are other looks, and so other entries.
            var changeable = Get(card, seenAs: look with { MayChange = true });
            Assert.Contains("draggable=\"true\"", changeable);
            Assert.Contains("aria-label=\"Actions for Audyt\"", changeable);
            Assert.Same(changeable, Get(otherBoards, seenAs: look with { MayChange = true }));
            Assert.Contains("data-highlighted=\"true\"", Get(card, seenAs: look with { Highlighted = true }));
            Assert.Contains("deal-card activity-overdue", Get(card, seenAs: look with { Mark = ColumnState.ActivityOverdue }));

            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture = new("pl");
            var polish = Get(card);
            Assert.NotSame(first, polish);
            Assert.Contains("234,50 PLN", polish); // the group separator is ICU's

            // The words follow the UI culture, the numbers the culture: each is in the key.
            var unassigned = card with { ResponsibleUserId = null, ResponsibleName = null };
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture = new("en");
            var englishWords = Get(unassigned);
            System.Globalization.CultureInfo.CurrentUICulture = new("pl");
            var polishWords = Get(unassigned);
            Assert.Contains("Unassigned", englishWords);
            Assert.Contains("Nieprzypisany", polishWords);
            Assert.Contains("1,234.50 PLN", polishWords);
            Assert.Contains("Akcje dla Audyt", Get(card, seenAs: look with { MayChange = true }));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
            System.Globalization.CultureInfo.CurrentUICulture = uiCulture;
        }
    }

    [Fact]
    public void CardMarkup_ForBoard_KeysACardOnceForEveryBoard_AndShowsItEachWayAskedFor()
    {
        var cache = Context.Services.GetRequiredService<CardMarkupCache>();
        var localizer = Context.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var card = new DealCard(8, 1, 1, "a", "Wdrożenie", 10m, "PLN", null, null, null, null, Anna.UserId, "Anna Nowak", DateTime.UnixEpoch, 0);
        var now = DateTime.UnixEpoch.AddDays(2);
        var sales = new CardLook(MayChange: false, Highlighted: false, Mark: null);
        var manager = sales with { MayChange = true };

        var (key, salesView) = cache.ForBoard(card, now, sales, localizer);
        var (managersKey, managersView) = cache.ForBoard(card, now, manager, localizer);

        Assert.Same(key, managersKey);
        Assert.Equal(8, key);
        Assert.DoesNotContain("deal-menu", salesView.Value);
        Assert.Contains("deal-menu", managersView.Value);
        // Boards of both kinds of user render it in turn: each gets its own look every time.
        Assert.Equal(salesView.Value, cache.ForBoard(card, now, sales, localizer).Markup.Value);
        Assert.Equal(managersView.Value, cache.ForBoard(card, now, manager, localizer).Markup.Value);
        Assert.NotEqual(salesView.Value, cache.ForBoard(card, now.AddDays(1), sales, localizer).Markup.Value); // another age
        // Another record of the same card (a board that read it apart) has a key of its own, equal for Blazor.
        var (otherKey, otherView) = cache.ForBoard(card with { }, now, sales, localizer);
        Assert.NotSame(key, otherKey);
        Assert.Equal(key, otherKey);
        Assert.Equal(salesView.Value, otherView.Value);
    }

    [Fact]
    public void StageColumn_SameRevision_DoesNotRenderAgain()
    {
        var column = Column();
        var view = Context.Render<StageColumn>(p => p.Add(c => c.Column, column).Add(c => c.Actor, Anna));
        var renders = view.RenderCount;

        view.Render(p => p.Add(c => c.Column, column).Add(c => c.Actor, Anna));
        view.InvokeAsync(view.Instance.Refresh);

        Assert.Equal(renders, view.RenderCount);
        Assert.Equal("2", view.Find("[data-testid=column-count]").TextContent.Trim());
        Assert.Contains("10 PLN", view.Find("[data-testid=column-sum]").TextContent);
    }

    [Fact]
    public async Task LiveMoveByAnotherUser_RerendersOnlyTheTwoColumnsItTouches()
    {
        var deal = await Db.AddDealAsync(Manager, Pipeline.NewStageId, "Moved elsewhere", 700m);
        var board = Context.Render<DealBoard>();
        board.WaitForElement($".board-column[data-stage-id='{Pipeline.NewStageId}'] [data-deal-id='{deal.Id}']");
        var toolbar = board.FindComponent<MudBlazor.MudMenu>(); // the pipeline menu
        var toolbarRenders = toolbar.RenderCount;
        var columns = board.FindComponents<StageColumn>().ToDictionary(c => c.Instance.Column.Stage.Id);
        var renders = columns.ToDictionary(c => c.Key, c => c.Value.RenderCount);

        await Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.ProposalStageId, deal.Version), Manager);

        board.WaitForElement($".board-column[data-stage-id='{Pipeline.ProposalStageId}'] [data-deal-id='{deal.Id}']");
        Assert.Equal(toolbarRenders, toolbar.RenderCount);
        Assert.Equal(renders[Pipeline.NewStageId] + 1, columns[Pipeline.NewStageId].RenderCount);
        Assert.Equal(renders[Pipeline.ProposalStageId] + 1, columns[Pipeline.ProposalStageId].RenderCount);
        Assert.Equal(renders[Pipeline.WonStageId], columns[Pipeline.WonStageId].RenderCount);
        Assert.Equal(renders[Pipeline.LostStageId], columns[Pipeline.LostStageId].RenderCount);
    }

    [Fact]
    public async Task AnotherUserComesAndGoes_ShowsTheirAvatar_WithoutRenderingTheBoard_UntilTheyCarryACard()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Being carried");
        var board = Context.Render<DealBoard>();
        board.WaitForElement($"[data-deal-id='{deal.Id}']");
        var presence = Context.Services.GetRequiredService<CrmBlazor.Core.Live.Presence>();
        var place = CrmBlazor.Core.Live.PresencePlaces.Board(Pipeline.PipelineId);
        board.WaitForAssertion(() => Assert.NotNull(presence.At(place).SingleOrDefault(e => e.UserId == Anna.UserId)));
        // The pipeline menu renders whenever the board does (bUnit's own count of the board includes its children).
        var toolbar = board.FindComponent<MudBlazor.MudMenu>();
        var renders = toolbar.RenderCount;

        // Someone opening or closing the board is news for the avatars only, not for the toolbar, menus and columns.
        using (var seat = presence.Join(place, Manager.UserId, Manager.DisplayName))
        {
            board.WaitForAssertion(() => Assert.Single(board.FindAll("[data-testid=presence-user]")));
            Assert.Equal(renders, toolbar.RenderCount);

            // Carrying a card marks it on the other boards: that is the board's own markup.
            seat.Set(CrmBlazor.Core.Live.PresenceActivity.Moving, deal.Id);
            board.WaitForAssertion(() => Assert.Contains($"[data-deal-id=\"{deal.Id}\"]", board.Find("[data-testid=board-movers]").TextContent));
        }

        board.WaitForAssertion(() =>
        {
            Assert.Empty(board.FindAll("[data-testid=presence-user]"));
            Assert.Empty(board.FindAll("[data-testid=board-movers]"));
        });
    }

    [Fact]
    public async Task DropCard_OnAnotherColumn_MovesAndSavesTheDealBetweenItsNeighbours()
    {
        var lower = await Db.AddDealAsync(Anna, Pipeline.ProposalStageId, "Lower");
        var upper = await Db.AddDealAsync(Anna, Pipeline.ProposalStageId, "Upper"); // new deals go on top
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Dropped");
        var board = Context.Render<DealBoard>();
        board.WaitForElement($"[data-deal-id='{deal.Id}']");

        await board.InvokeAsync(() => board.Instance.DropCardAsync(deal.Id, Pipeline.ProposalStageId, index: 1));

        // The card shows at its place at once; the count follows with the saved move's live event.
        board.WaitForAssertion(() =>
        {
            Assert.Equal(
                [upper.Id.ToString(), deal.Id.ToString(), lower.Id.ToString()],
                board.FindAll($".board-column[data-stage-id='{Pipeline.ProposalStageId}'] [data-deal-id]").Select(e => e.GetAttribute("data-deal-id")));
            Assert.Equal("3", board.Find($".board-column[data-stage-id='{Pipeline.ProposalStageId}'] [data-testid=column-count]").TextContent.Trim());
        });
        Assert.Equal(Pipeline.ProposalStageId, (await Db.Deals.GetForEditAsync(deal.Id))!.Input.StageId);
        Assert.Contains(Context.JSInterop.Invocations, i => i.Identifier == "attach");
    }

    [Fact]
    public async Task DropCard_OfADealTheUserMayNotChange_ChangesNothing()
    {
        var deal = await Db.AddDealAsync(Manager, Pipeline.NewStageId, "Marta's");
        var board = Context.Render<DealBoard>();
        board.WaitForElement($"[data-deal-id='{deal.Id}']");

        await board.InvokeAsync(() => board.Instance.DropCardAsync(deal.Id, Pipeline.ProposalStageId, index: 0));

        Assert.NotNull(board.Find($".board-column[data-stage-id='{Pipeline.NewStageId}'] [data-deal-id='{deal.Id}']"));
        Assert.Equal(Pipeline.NewStageId, (await Db.Deals.GetForEditAsync(deal.Id))!.Input.StageId);
    }

    [Fact]
    public async Task MoveFromCardMenu_SomeoneElseMovedItUnseen_PutsCardWhereTheDatabaseHasItAndSaysWhy()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Contested");
        var board = Context.Render<DealBoard>();
        board.WaitForElement($"[data-deal-id='{deal.Id}'] .deal-menu");
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            // Another server's change whose event this board never got.
            await db.Deals.Where(d => d.Id == deal.Id).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.StageId, Pipeline.WonStageId).SetProperty(d => d.Version, d => d.Version + 1));
        }

        await ClickActionsAsync(board, deal.Id);
        Popovers.WaitForElements(".mud-menu-item").First(i => i.TextContent.Contains("Proposal")).Click();

        board.WaitForAssertion(() =>
        {
            Assert.NotNull(board.Find($".board-column[data-stage-id='{Pipeline.WonStageId}'] [data-deal-id='{deal.Id}']"));
            Assert.Empty(board.FindAll($".board-column[data-stage-id='{Pipeline.ProposalStageId}'] [data-deal-id='{deal.Id}']"));
        });
        var snackbar = Context.Services.GetRequiredService<MudBlazor.ISnackbar>();
        Assert.Contains(snackbar.ShownSnackbars, s => s.Message!.Contains("Someone else moved this deal first; it is now in Won."));
    }

    [Fact]
    public async Task ShowMore_ColumnLargerThanAPage_LoadsTheNextCardsAndKeepsTheCount()
    {
        for (var i = 0; i < Db.Boards.PageSize + 5; i++)
        {
            await Db.AddDealAsync(Anna, Pipeline.NewStageId, $"Deal {i}");
        }
        var board = Context.Render<DealBoard>();
        var column = $".board-column[data-stage-id='{Pipeline.NewStageId}']";
        board.WaitForAssertion(() => Assert.Equal(Db.Boards.PageSize, board.FindAll($"{column} [data-deal-id]").Count));

        board.Find($"{column} [data-testid=load-more]").Click();

        board.WaitForAssertion(() => Assert.Equal(Db.Boards.PageSize + 5, board.FindAll($"{column} [data-deal-id]").Count));
        Assert.Empty(board.FindAll($"{column} [data-testid=load-more]"));
        Assert.Equal((Db.Boards.PageSize + 5).ToString(), board.Find($"{column} [data-testid=column-count]").TextContent.Trim());
    }

    [Fact]
    public async Task Reconnected_AfterChangesItMissed_ReloadsTheBoardFromTheDatabase()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Changed while offline");
        var board = Context.Render<DealBoard>();
        board.WaitForElement($".board-column[data-stage-id='{Pipeline.NewStageId}'] [data-deal-id='{deal.Id}']");
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            await db.Deals.Where(d => d.Id == deal.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.StageId, Pipeline.LostStageId).SetProperty(d => d.Version, d => d.Version + 1));
        }
        var connection = Context.Services.GetRequiredService<CrmBlazor.Live.ConnectionState>();

        await connection.OnConnectionDownAsync(null!, default);
        await connection.OnConnectionUpAsync(null!, default);

        board.WaitForAssertion(() => Assert.NotNull(board.Find($".board-column[data-stage-id='{Pipeline.LostStageId}'] [data-deal-id='{deal.Id}']")));
    }

    [Fact]
    public async Task MoveFromCardMenu_DatabaseRefusesTheWrite_PutsTheCardBackAndSaysSo()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Unlucky");
        var board = Context.Render<DealBoard>();
        board.WaitForElement($"[data-deal-id='{deal.Id}'] .deal-menu");
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            // The history row of the move cannot be written: the whole move must fail and leave nothing behind.
            await db.Database.ExecuteSqlRawAsync("DROP TABLE DealStageChanges");
        }

        await ClickActionsAsync(board, deal.Id);
        Popovers.WaitForElements(".mud-menu-item").First(i => i.TextContent.Contains("Proposal")).Click();

        var snackbar = Context.Services.GetRequiredService<MudBlazor.ISnackbar>();
        board.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Message!.Contains("Something went wrong")));
        Assert.NotNull(board.Find($".board-column[data-stage-id='{Pipeline.NewStageId}'] [data-deal-id='{deal.Id}']"));
        Assert.Equal(Pipeline.NewStageId, (await Db.Deals.GetForEditAsync(deal.Id))!.Input.StageId);
    }
}
