using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed class DealBoardBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static ILocator Column(IPage page, int stageId) => BoardPage.Column(page, stageId);

    private static ILocator Card(IPage page, int dealId) => page.Locator($"[data-deal-id='{dealId}']");

    private static ILocator Draggable(IPage page, int dealId) => BoardPage.Draggable(page, dealId);

    private static ILocator DropArea(IPage page, int stageId) => BoardPage.DropArea(page, stageId);

    [Fact]
    public async Task SignIn_DemoManager_SeesTheBoardWithEveryStageAndTheirCounts()
    {
        var page = await Fixture.SignInAsync("manager@demo.crm");
        var board = (await Fixture.App.Get<DealBoardService>().GetBoardAsync(null))!;

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/deals$"));
        await Expect(page.Locator(".board-column")).ToHaveCountAsync(board.Columns.Count);
        foreach (var column in board.Columns)
        {
            var locator = Column(page, column.Stage.Id);
            await Expect(locator).ToHaveAttributeAsync("data-stage-name", column.Stage.Name);
            await Expect(locator.GetByTestId("column-count")).ToHaveTextAsync(column.Count.ToString());
            Assert.True(await locator.Locator("[data-deal-id]").CountAsync() <= 50);
        }
        await Expect(page.GetByText("Marta Kowalska").First).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task DragCard_ToAnotherStage_IsSavedAndStaysAfterReload()
    {
        var (deal, board) = await Fixture.App.NewDealAsync("Drag me across");
        var target = board.Columns[2].Stage.Id;
        var page = await Fixture.SignInAsync("manager@demo.crm");
        var countBefore = int.Parse(await Column(page, target).GetByTestId("column-count").InnerTextAsync());

        await Draggable(page, deal.Id).DragToAsync(DropArea(page, target));

        await Expect(Column(page, target).Locator($"[data-deal-id='{deal.Id}']")).ToBeVisibleAsync();
        await Expect(Column(page, target).GetByTestId("column-count")).ToHaveTextAsync((countBefore + 1).ToString());
        await page.ReloadAsync();
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(Column(page, target).Locator($"[data-deal-id='{deal.Id}']")).ToBeVisibleAsync();
        var saved = await Fixture.App.Get<DealService>().GetForEditAsync(deal.Id);
        Assert.Equal(target, saved!.Input.StageId);
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task TwoUsers_OneDragsACard_TheOtherSeesItArriveWithoutReloading()
    {
        var (deal, board) = await Fixture.App.NewDealAsync("Watched by two");
        var target = board.Columns[1].Stage.Id;
        var mover = await Fixture.SignInAsync("manager@demo.crm");
        var watcher = await Fixture.SignInAsync("anna@demo.crm");
        await Expect(Column(watcher, board.Columns[0].Stage.Id).Locator($"[data-deal-id='{deal.Id}']")).ToBeVisibleAsync();
        var watcherCount = int.Parse(await Column(watcher, target).GetByTestId("column-count").InnerTextAsync());
        var navigations = 0;
        watcher.FrameNavigated += (_, _) => navigations++;

        await Draggable(mover, deal.Id).DragToAsync(DropArea(mover, target));

        await Expect(Column(watcher, target).Locator($"[data-deal-id='{deal.Id}']")).ToBeVisibleAsync();
        await Expect(Column(watcher, target).GetByTestId("column-count")).ToHaveTextAsync((watcherCount + 1).ToString());
        await Expect(watcher.GetByText("Marta Kowalska moved \"Watched by two\"")).ToBeVisibleAsync();
        Assert.Equal(0, navigations);
        await CloseCheckedAsync(mover, watcher);
    }

    [Fact]
    public async Task CardMenu_MoveWithoutMouse_MovesTheCard()
    {
        var (deal, board) = await Fixture.App.NewDealAsync("Keyboard mover");
        var target = board.Columns[3].Stage;
        var page = await Fixture.SignInAsync("manager@demo.crm");

        await BoardPage.Actions(page, deal.Id, "Keyboard mover").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = target.Name }).ClickAsync();

        await Expect(Column(page, target.Id).Locator($"[data-deal-id='{deal.Id}']")).ToBeVisibleAsync();
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task NewDeal_FromTheBoardWithBadThenGoodInput_ShowsFieldErrorThenTheCard()
    {
        var page = await Fixture.SignInAsync("anna@demo.crm");

        await page.GetByRole(AriaRole.Button, new() { Name = "New deal" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog.GetByText("Required.")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);
        await dialog.GetByLabel("Title").FillAsync("Browser-made deal <b>bold</b>");
        await dialog.GetByLabel("Amount").FillAsync("4321");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var card = page.Locator("[data-deal-id]").Filter(new() { HasText = "Browser-made deal <b>bold</b>" });
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("4,321 PLN");
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task HubClient_SignedIn_ReceivesTheMoveEvent()
    {
        var (deal, board) = await Fixture.App.NewDealAsync("Heard by a hub client");
        var cookie = await BrowserFixture.CookieHeaderAsync(Fixture.Browser, Fixture.App.BaseUrl, "piotr@demo.crm");
        await using var connection = new HubConnectionBuilder()
            .WithUrl(Fixture.App.BaseUrl + "/hubs/crm", options => options.Headers["Cookie"] = cookie)
            .Build();
        var received = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<JsonElement>("dealChanged", e =>
        {
            if (e.GetProperty("dealId").GetInt32() == deal.Id && e.GetProperty("kind").GetInt32() == (int)DealChangeKind.Moved)
            {
                received.TrySetResult(e);
            }
        });
        await connection.StartAsync();
        await connection.InvokeAsync("WatchPipeline", board.Pipeline.Id);
        var target = board.Columns[1].Stage.Id;

        var moved = await Fixture.App.Get<DealService>().MoveAsync(new MoveDeal(deal.Id, target, deal.Version), await Fixture.App.ActorAsync("manager@demo.crm"));

        Assert.True(moved.IsOk);
        var change = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(target, change.GetProperty("after").GetProperty("stageId").GetInt32());
        Assert.Equal("Marta Kowalska", change.GetProperty("actorName").GetString());
    }

    [Fact]
    public async Task SignedOut_PageRedirectsToSignInAndHubIsRefused()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Fixture.App.BaseUrl) };

        var page = await client.GetAsync("/deals");
        var negotiate = await client.PostAsync("/hubs/crm/negotiate?negotiateVersion=1", null);
        await using var connection = new HubConnectionBuilder().WithUrl(Fixture.App.BaseUrl + "/hubs/crm").Build();
        var start = await Record.ExceptionAsync(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
        Assert.NotNull(start);
    }

    [Fact]
    public async Task DragCard_WithinItsColumn_ReordersAndKeepsTheOrderAfterReload()
    {
        var (lower, board) = await Fixture.App.NewDealAsync("Reorder lower");
        var (upper, _) = await Fixture.App.NewDealAsync("Reorder upper"); // new deals go on top: upper, lower, ...
        var stage = board.Columns[0].Stage.Id;
        var page = await Fixture.SignInAsync("manager@demo.crm");
        var ids = Column(page, stage).Locator("[data-deal-id]");
        await Expect(ids.First).ToHaveAttributeAsync("data-deal-id", upper.Id.ToString());

        // Onto the lower half of the lower card: the dragged card lands after it.
        var lowerBox = (await Draggable(page, lower.Id).BoundingBoxAsync())!;
        await Draggable(page, upper.Id).DragToAsync(Draggable(page, lower.Id), new() { TargetPosition = new() { X = 40, Y = lowerBox.Height - 8 } });

        await Expect(ids.First).ToHaveAttributeAsync("data-deal-id", lower.Id.ToString());
        await page.ReloadAsync();
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(ids.Nth(0)).ToHaveAttributeAsync("data-deal-id", lower.Id.ToString());
        await Expect(ids.Nth(1)).ToHaveAttributeAsync("data-deal-id", upper.Id.ToString());
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task CardMenu_EditThenDelete_ChangesReachAnotherUsersBoard_WhoseFocusStaysOnTheCard()
    {
        var (deal, _) = await Fixture.App.NewDealAsync("Edit then delete");
        var editor = await Fixture.SignInAsync("manager@demo.crm");
        var watcher = await Fixture.SignInAsync("piotr@demo.crm");
        await Expect(Card(watcher, deal.Id)).ToBeVisibleAsync();
        // The watcher's focus is on the card's title (as a keyboard user's would be): the changed card is a new element,
        // and the focus goes to its new title.
        var watchersTitle = watcher.Locator($".board-host[data-drag-ready] [data-deal-id='{deal.Id}'] .deal-title");
        await watchersTitle.FocusAsync();

        await BoardPage.Actions(editor, deal.Id, "Edit then delete").ClickAsync();
        await editor.GetByRole(AriaRole.Menuitem, new() { Name = "Edit" }).ClickAsync();
        var dialog = editor.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Title").FillAsync("Edited title");
        await dialog.GetByLabel("Amount").FillAsync("9999");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(Card(watcher, deal.Id)).ToContainTextAsync("Edited title");
        await Expect(Card(watcher, deal.Id)).ToContainTextAsync("9,999 PLN");
        await Expect(watchersTitle).ToBeFocusedAsync();

        await BoardPage.Actions(editor, deal.Id, "Edited title").ClickAsync();
        await editor.GetByRole(AriaRole.Menuitem, new() { Name = "Delete" }).ClickAsync();
        var confirm = editor.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" });
        await Expect(confirm).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(editor);
        await confirm.ClickAsync();

        await Expect(Card(watcher, deal.Id)).ToHaveCountAsync(0);
        await Expect(Card(editor, deal.Id)).ToHaveCountAsync(0);
        await CloseCheckedAsync(editor, watcher);
    }

    [Fact]
    public async Task PipelineSelector_OtherPipeline_ShowsItsStages()
    {
        var page = await Fixture.SignInAsync("anna@demo.crm");

        await page.GetByRole(AriaRole.Button, new() { Name = "Pipeline: Sales" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Partnerships" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("pipeline="));
        await Expect(page.Locator(".board-column").First).ToHaveAttributeAsync("data-stage-name", "Contacted");
        await Expect(page.Locator(".board-column")).ToHaveCountAsync(5);
        await CloseCheckedAsync(page);
    }
}
