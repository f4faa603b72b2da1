using Microsoft.Playwright;
using static CrmBlazor.Tests.Infrastructure.InPlaceFields;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// Issue 19, element pages: the stage bar of a deal and the status bar of a lead change it in one click (or one key),
/// live on another user's page; a closing step opens the close dialog; a record the user may only read says why.
/// </summary>
public sealed class StageBarBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static ILocator Step(IPage page, string bar, string key) => page.GetByTestId(bar).Locator($"[data-key='{key}']");

    [Fact]
    public async Task DealPage_ClickAndKeyOnTheStageBar_MovesTheDealLiveForAnotherUser_WonOpensTheCloseDialog()
    {
        var (deal, board) = await Fixture.App.NewDealAsync("Stage bar " + Guid.NewGuid().ToString("N")[..6]);
        var stages = board.Columns.Select(c => c.Stage).ToList();
        var page = await Fixture.SignInAsync("manager@demo.crm", $"/deals/{deal.Id}");
        var watcher = await Fixture.SignInAsync("anna@demo.crm", $"/deals/{deal.Id}");
        await Expect(Step(page, "stage-bar", $"{stages[0].Id}")).ToHaveAttributeAsync("aria-current", "step");
        await Expect(Step(watcher, "stage-bar", $"{stages[0].Id}")).ToHaveAttributeAsync("aria-current", "step");

        await Step(page, "stage-bar", $"{stages[1].Id}").ClickAsync();
        await Expect(Step(page, "stage-bar", $"{stages[1].Id}")).ToHaveAttributeAsync("aria-current", "step");
        await Expect(Step(watcher, "stage-bar", $"{stages[1].Id}")).ToHaveAttributeAsync("aria-current", "step");
        await Expect(watcher.GetByTestId("deal-stage")).ToHaveTextAsync(stages[1].Name);

        // By keyboard: focus the next stage's segment and press Enter.
        await Step(page, "stage-bar", $"{stages[2].Id}").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(Step(watcher, "stage-bar", $"{stages[2].Id}")).ToHaveAttributeAsync("aria-current", "step");
        var saved = (await Fixture.App.Get<DealQueryService>().GetDetailsAsync(deal.Id))!;
        Assert.Equal(stages[2].Id, saved.Input.StageId);

        // A sales user reading the manager's deal: the bar cannot be clicked, and the page says why.
        await Expect(watcher.GetByTestId("read-only-why")).ToContainTextAsync("Read only");
        await Expect(Step(watcher, "stage-bar", $"{stages[0].Id}")).ToBeDisabledAsync();
        await Axe.AssertAccessibleAsync(watcher);

        var won = saved.Stages.First(s => s.Kind == CrmBlazor.Core.Pipelines.StageKind.Won);
        await Step(page, "stage-bar", $"{won.Id}").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);
        await CloseCheckedAsync(page, watcher);
    }

    [Fact]
    public async Task LeadPage_ClickOnTheStatusBar_ChangesTheStatusLiveForAnotherUser_LastStepOpensCompleteLead()
    {
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var created = await Fixture.App.Get<LeadService>().CreateAsync(
            new LeadInput { Title = "Status bar " + Guid.NewGuid().ToString("N")[..6], FirstName = "Jan", Emails = [new EmailInput($"{Guid.NewGuid():N}@example.com")], ResponsibleUserId = manager.UserId },
            manager);
        Assert.True(created.IsOk);
        var leadId = created.Value!.Id;
        var page = await Fixture.SignInAsync("manager@demo.crm", $"/leads/{leadId}");
        var watcher = await Fixture.SignInAsync(await Fixture.EnsureAdminAsync("stagebar-admin@test.crm"), $"/leads/{leadId}");   // the demo admin may be locked out by another test
        // A lead's steps are Settings' statuses by id (decision 030; the seeded "New" is 1, "In progress" 2), then Complete lead's.
        await Expect(Step(page, "lead-status-bar", "1")).ToHaveAttributeAsync("aria-current", "step");
        await Expect(Step(watcher, "lead-status-bar", "1")).ToHaveAttributeAsync("aria-current", "step");

        await Step(page, "lead-status-bar", "2").ClickAsync();
        await Expect(Step(page, "lead-status-bar", "2")).ToHaveAttributeAsync("aria-current", "step");
        await Expect(Step(watcher, "lead-status-bar", "2")).ToHaveAttributeAsync("aria-current", "step");
        Assert.Equal(LeadStatus.InProgress, (await Fixture.App.Get<LeadService>().GetAsync(leadId))!.Input.Status);

        // The other user's fields took the new version: their save is not a conflict.
        await EditAsync(watcher, "FirstName", "Janina");
        await Expect(Shown(watcher, "FirstName")).ToContainTextAsync("Janina");
        await Expect(watcher.GetByTestId("lead-message")).ToHaveCountAsync(0);
        await Axe.AssertAccessibleAsync(page);

        await Step(page, "lead-status-bar", "complete").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await CloseCheckedAsync(page, watcher);
    }
}
