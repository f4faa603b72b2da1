using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>The activity calendar: a click opens an activity, a drag and the arrow keys reschedule it, another user sees it live.</summary>
public sealed class ActivityCalendarBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task DragToAnotherDay_SavesTheNewDeadline_AndThePlannersCalendarFollowsLive_ThenTheKeyboardMovesItAgain()
    {
        var anna = await Fixture.App.ActorAsync("anna@demo.crm");
        var piotrActor = await Fixture.App.ActorAsync("piotr@demo.crm");
        var lead = await Fixture.App.Get<LeadService>().CreateAsync(
            new LeadInput { Title = "Calendar lead", FirstName = "Jan", Emails = [new EmailInput($"{Guid.NewGuid():N}@example.com")], Source = LeadSource.Call }, anna);
        Assert.True(lead.IsOk);
        var time = Fixture.App.Get<CrmTime>();
        var today = DateOnly.FromDateTime(time.ToLocal(time.UtcNow));
        var subject = $"Demo call {Guid.NewGuid():N}"[..20];
        var planned = await Fixture.App.Get<CrmBlazor.Core.Activities.ActivityService>().PlanAsync(ElementRef.Lead(lead.Value!.Id), new CrmBlazor.Core.Activities.ActivityInput
        {
            Type = CrmBlazor.Core.Activities.ActivityType.Task, Subject = subject, Deadline = time.ToUtc(today.ToDateTime(new TimeOnly(14, 30))), ResponsibleUserId = piotrActor.UserId,
        }, anna);
        Assert.True(planned.IsOk);
        var id = planned.Value!.Id;
        static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var piotr = await Fixture.SignInAsync("piotr@demo.crm", "/activities/calendar");
        var manager = await Fixture.SignInAsync("anna@demo.crm", "/activities/calendar");   // she planned it: "All I can see" shows it
        await manager.GetByTestId("calendar-scope").GetByText("All I can see").ClickAsync();
        await Expect(manager.Locator($"[data-day='{Day(today)}'] [data-activity-id='{id}']")).ToBeVisibleAsync();
        var chip = piotr.Locator($"[data-activity-id='{id}']");
        await Expect(piotr.Locator($"[data-day='{Day(today)}'] [data-activity-id='{id}']")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(piotr);

        // A click opens it.
        await chip.ClickAsync();
        var dialog = piotr.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByLabel("Subject")).ToHaveValueAsync(subject);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        // Dragged to tomorrow: saved (same time of day), and the manager's calendar moves it without a reload.
        var tomorrow = today.AddDays(1);
        await chip.DragToAsync(piotr.Locator($"[data-testid='calendar-day'][data-day='{Day(tomorrow)}']"));
        await Expect(piotr.Locator($"[data-day='{Day(tomorrow)}'] [data-activity-id='{id}']")).ToBeVisibleAsync();
        await Expect(manager.Locator($"[data-day='{Day(tomorrow)}'] [data-activity-id='{id}']")).ToBeVisibleAsync();
        await Expect(manager.Locator($"[data-day='{Day(today)}'] [data-activity-id='{id}']")).ToHaveCountAsync(0);
        var saved = await Fixture.App.Get<CrmBlazor.Core.Activities.ActivityService>().GetAsync(id);
        Assert.Equal(tomorrow.ToDateTime(new TimeOnly(14, 30)), time.ToLocal(saved!.Deadline));

        // The keyboard way: focused, → moves it a day later; the focus stays on it.
        await piotr.Locator($"[data-activity-id='{id}']").FocusAsync();
        await piotr.Keyboard.PressAsync("ArrowRight");
        var later = tomorrow.AddDays(1);
        await Expect(piotr.Locator($"[data-day='{Day(later)}'] [data-activity-id='{id}']")).ToBeFocusedAsync();
        await Expect(piotr.GetByTestId("calendar-announcement")).ToContainTextAsync(subject);
        // The month grid runs at least five days past the month's end, so two days on are always shown.
        await Expect(manager.Locator($"[data-day='{Day(later)}'] [data-activity-id='{id}']")).ToBeVisibleAsync();
        await Expect(manager.Locator($"[data-day='{Day(tomorrow)}'] [data-activity-id='{id}']")).ToHaveCountAsync(0);
        await CloseCheckedAsync(piotr, manager);
    }

    [Fact]
    public async Task Bell_OpensAShortListOfWhatItCounts_WithLinksToTheOverdueActivities()
    {
        var anna = await Fixture.App.ActorAsync("anna@demo.crm");
        var lead = await Fixture.App.Get<LeadService>().CreateAsync(
            new LeadInput { Title = "Bell lead", FirstName = "Jan", Emails = [new EmailInput($"{Guid.NewGuid():N}@example.com")], Source = LeadSource.Call }, anna);
        Assert.True(lead.IsOk);
        var time = Fixture.App.Get<CrmTime>();
        var subject = $"Overdue {Guid.NewGuid():N}"[..20];
        var planned = await Fixture.App.Get<CrmBlazor.Core.Activities.ActivityService>().PlanAsync(ElementRef.Lead(lead.Value!.Id), new CrmBlazor.Core.Activities.ActivityInput
        {
            Type = CrmBlazor.Core.Activities.ActivityType.Task, Subject = subject, Deadline = time.UtcNow.AddMinutes(-5),
        }, anna);
        Assert.True(planned.IsOk);

        var page = await Fixture.SignInAsync("anna@demo.crm", "/deals");
        await page.GetByTestId("bell").ClickAsync();
        var popover = page.GetByTestId("bell-popover");
        await Expect(popover.GetByRole(AriaRole.Link, new() { Name = subject })).ToBeVisibleAsync();
        await Expect(popover.GetByTestId("bell-overdue")).ToHaveTextAsync("Overdue activities");
        await Axe.AssertAccessibleAsync(page);

        await popover.GetByTestId("bell-overdue").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/activities\\?period=Overdue$"));
        await Expect(popover).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("activities-grid").Locator("tr", new() { HasText = subject })).ToBeVisibleAsync();

        // A click on the activity in the list opens it.
        await page.GetByTestId("activities-grid").GetByRole(AriaRole.Button, new() { Name = subject }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog).GetByLabel("Subject")).ToHaveValueAsync(subject);
        await CloseCheckedAsync(page);
    }
}
