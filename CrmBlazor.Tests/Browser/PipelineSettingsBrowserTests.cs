using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>The pipeline editor in a real browser, with a sales user's board open beside it.</summary>
public sealed class PipelineSettingsBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task AdminChangesStages_ASalesUsersOpenBoard_FollowsLiveWithoutReloading()
    {
        // A pipeline of the test's own, so other tests' boards keep their stages.
        var adminEmail = await Fixture.EnsureAdminAsync("pipelines-admin@test.crm");
        var name = $"Journey {Guid.NewGuid():N}"[..16];
        var created = await Fixture.App.Get<PipelineSettingsService>().CreatePipelineAsync(
            new NewPipeline(name, "Lead in", "Signed", "Dropped"), await Fixture.App.ActorAsync(adminEmail));
        Assert.True(created.IsOk);

        var watcher = await Fixture.SignInAsync("anna@demo.crm", $"/deals?pipeline={created.Value}");
        var columns = watcher.Locator(".board-column");
        await Expect(columns).ToHaveCountAsync(3);
        var navigations = 0;
        watcher.FrameNavigated += (_, _) => navigations++;

        var admin = await Fixture.SignInAsync(adminEmail, "/settings/pipelines");
        await admin.GetByRole(AriaRole.Button, new() { Name = name }).ClickAsync();
        var editor = admin.GetByTestId("pipeline-editor");
        await Expect(editor.GetByTestId("stage")).ToHaveCountAsync(3);
        await Axe.AssertAccessibleAsync(admin);

        // A stage added: a new column appears on the open board, after the open stage.
        await editor.GetByTestId("new-stage").GetByLabel("Stage name").FillAsync("Demo call");
        await editor.GetByTestId("add-stage").ClickAsync();
        await Expect(columns).ToHaveCountAsync(4);
        await Expect(editor.GetByTestId("stage")).ToHaveCountAsync(4);
        await Expect(columns.Nth(1)).ToHaveAttributeAsync("data-stage-name", "Demo call");

        // A stage renamed: its header changes.
        var leadIn = editor.Locator("[data-testid='stage'][data-stage-name='Lead in']");
        await leadIn.GetByLabel("Stage name").FillAsync("Qualified");
        await leadIn.GetByTestId("save-stage").ClickAsync();
        await Expect(columns.Nth(0)).ToHaveAttributeAsync("data-stage-name", "Qualified");
        await Expect(columns.Nth(0).Locator(".column-name")).ToHaveTextAsync("Qualified");

        // A stage moved up from the keyboard's buttons: the columns reorder.
        await editor.GetByRole(AriaRole.Button, new() { Name = "Move stage Demo call up" }).ClickAsync();
        await Expect(columns.Nth(0)).ToHaveAttributeAsync("data-stage-name", "Demo call");
        await Expect(columns.Nth(1)).ToHaveAttributeAsync("data-stage-name", "Qualified");

        Assert.Equal(0, navigations);
        await CloseCheckedAsync(admin, watcher);
    }

    [Fact]
    public async Task AddStage_WithADuplicateName_IsRefusedNextToTheField()
    {
        var adminEmail = await Fixture.EnsureAdminAsync("pipelines-admin@test.crm");
        var name = $"Dupes {Guid.NewGuid():N}"[..14];
        var created = await Fixture.App.Get<PipelineSettingsService>().CreatePipelineAsync(
            new NewPipeline(name, "Lead in", "Signed", "Dropped"), await Fixture.App.ActorAsync(adminEmail));
        var admin = await Fixture.SignInAsync(adminEmail, "/settings/pipelines");
        await admin.GetByRole(AriaRole.Button, new() { Name = name }).ClickAsync();
        var editor = admin.Locator($"[data-testid='pipeline-editor'][data-pipeline-id='{created.Value}']");

        await editor.GetByTestId("new-stage").GetByLabel("Stage name").FillAsync("signed");
        await editor.GetByTestId("add-stage").ClickAsync();

        await Expect(editor.GetByTestId("new-stage").GetByText("This pipeline already has a stage with this name.")).ToBeVisibleAsync();
        await Expect(editor.GetByTestId("stage")).ToHaveCountAsync(3);
        await CloseCheckedAsync(admin);
    }

    [Fact]
    public async Task DragAStageRow_ReordersTheStages_AndTheOpenBoard()
    {
        var adminEmail = await Fixture.EnsureAdminAsync("pipelines-admin@test.crm");
        var name = $"Drag {Guid.NewGuid():N}"[..13];
        var created = await Fixture.App.Get<PipelineSettingsService>().CreatePipelineAsync(
            new NewPipeline(name, "Lead in", "Signed", "Dropped"), await Fixture.App.ActorAsync(adminEmail));
        var watcher = await Fixture.SignInAsync("anna@demo.crm", $"/deals?pipeline={created.Value}");
        var columns = watcher.Locator(".board-column");
        await Expect(columns).ToHaveCountAsync(3);
        var admin = await Fixture.SignInAsync(adminEmail, "/settings/pipelines");
        await admin.GetByRole(AriaRole.Button, new() { Name = name }).ClickAsync();
        var stages = admin.GetByTestId("pipeline-editor").GetByTestId("stage");
        await Expect(stages).ToHaveCountAsync(3);

        // By the row's handle, as a person would (the middle of the row is its name field).
        await stages.Nth(2).Locator(".drag-handle").DragToAsync(stages.Nth(0));

        // Dropped on the first row, it takes the first place; the open board follows.
        string[] order = ["Dropped", "Lead in", "Signed"];
        for (var i = 0; i < order.Length; i++)
        {
            await Expect(stages.Nth(i)).ToHaveAttributeAsync("data-stage-name", order[i]);
            await Expect(columns.Nth(i)).ToHaveAttributeAsync("data-stage-name", order[i]);
        }
        await CloseCheckedAsync(admin, watcher);
    }

    [Fact]
    public async Task DealPage_MovesTheDealToAnotherPipeline_AndThatBoardShowsItLive()
    {
        var adminEmail = await Fixture.EnsureAdminAsync("pipelines-admin@test.crm");
        var name = $"Target {Guid.NewGuid():N}"[..15];
        var created = await Fixture.App.Get<PipelineSettingsService>().CreatePipelineAsync(
            new NewPipeline(name, "Arrivals", "Signed", "Dropped"), await Fixture.App.ActorAsync(adminEmail));
        var (deal, _) = await Fixture.App.NewDealAsync("Changes pipelines");
        var watcher = await Fixture.SignInAsync("anna@demo.crm", $"/deals?pipeline={created.Value}");
        await Expect(watcher.Locator(".board-column")).ToHaveCountAsync(3);
        var page = await Fixture.SignInAsync("manager@demo.crm", $"/deals/{deal.Id}");

        await page.GetByTestId("pipeline-move-stage").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = $"{name} / Arrivals" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = $"{name} / Arrivals" })).ToBeHiddenAsync();
        await page.GetByTestId("pipeline-move-button").ClickAsync();

        await Expect(watcher.Locator($".board-column[data-stage-name='Arrivals'] [data-deal-id='{deal.Id}']")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("deal-stage")).ToHaveTextAsync("Arrivals");
        await CloseCheckedAsync(page, watcher);
    }

    [Fact]
    public async Task DeleteAStageWithDeals_AsksWhereTheyGo_AndMovesThem()
    {
        var adminEmail = await Fixture.EnsureAdminAsync("pipelines-admin@test.crm");
        var actor = await Fixture.App.ActorAsync(adminEmail);
        var name = $"Delete {Guid.NewGuid():N}"[..15];
        var settings = Fixture.App.Get<PipelineSettingsService>();
        var created = await settings.CreatePipelineAsync(new NewPipeline(name, "Lead in", "Signed", "Dropped"), actor);
        var extra = await settings.AddStageAsync(created.Value, new StageInput("Going away", "#ff0000", StageKind.Open), actor);
        var deal = await Fixture.App.Get<DealService>().CreateAsync(
            new DealInput { Title = "Must move", Amount = 10m, Currency = "PLN", StageId = extra.Value!.Id }, actor);
        var admin = await Fixture.SignInAsync(adminEmail, "/settings/pipelines");
        await admin.GetByRole(AriaRole.Button, new() { Name = name }).ClickAsync();
        var editor = admin.GetByTestId("pipeline-editor");

        await editor.GetByRole(AriaRole.Button, new() { Name = "Delete stage Going away" }).ClickAsync();
        await editor.GetByTestId("confirm-delete-stage").ClickAsync();
        await Expect(editor.GetByTestId("delete-stage-box").GetByText("This stage has 1 deals: choose the stage they move to.")).ToBeVisibleAsync();
        await editor.GetByTestId("stage-move-to").ClickAsync();
        await admin.GetByRole(AriaRole.Option, new() { Name = "Lead in" }).ClickAsync();
        // The list closes when the server has taken the choice: only then may the confirmation carry it.
        await Expect(admin.GetByRole(AriaRole.Option, new() { Name = "Lead in" })).ToBeHiddenAsync();
        await editor.GetByTestId("confirm-delete-stage").ClickAsync();

        await Expect(editor.GetByTestId("stage")).ToHaveCountAsync(3);
        var moved = await Fixture.App.Get<DealService>().GetForEditAsync(deal.Value!.Id);
        Assert.Equal((await Fixture.App.Get<PipelineService>().GetStagesAsync(created.Value))[0].Id, moved!.Input.StageId);
        await CloseCheckedAsync(admin);
    }
}
