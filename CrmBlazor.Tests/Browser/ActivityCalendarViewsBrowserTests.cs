using System.Globalization;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>The activity calendar's week and day views: the activity in its day and hour, moved by a drag to another day and hour.</summary>
public sealed class ActivityCalendarViewsBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task WeekAndDayViews_ShowTheActivityInItsDayAndHour_ADragMovesItToAnotherDayThenToAnotherHour()
    {
        var piotrActor = await Fixture.App.ActorAsync("piotr@demo.crm");
        var lead = await Fixture.App.Get<LeadService>().CreateAsync(
            new LeadInput { Title = "Week lead", FirstName = "Jan", Emails = [new EmailInput($"{Guid.NewGuid():N}@example.com")], Source = LeadSource.Call }, piotrActor);
        Assert.True(lead.IsOk);
        var time = Fixture.App.Get<CrmTime>();
        var activities = Fixture.App.Get<CrmBlazor.Core.Activities.ActivityService>();
        var today = DateOnly.FromDateTime(time.ToLocal(time.UtcNow));
        var subject = $"Week call {Guid.NewGuid():N}"[..20];
        var planned = await activities.PlanAsync(ElementRef.Lead(lead.Value!.Id), new CrmBlazor.Core.Activities.ActivityInput
        {
            Type = CrmBlazor.Core.Activities.ActivityType.Task, Subject = subject, Deadline = time.ToUtc(today.ToDateTime(new TimeOnly(10, 15))), ResponsibleUserId = piotrActor.UserId,
        }, piotrActor);
        Assert.True(planned.IsOk);
        var id = planned.Value!.Id;
        // Another day of the same week (Monday to Sunday): the next one, or Saturday when today is Sunday.
        var other = today.DayOfWeek == DayOfWeek.Sunday ? today.AddDays(-1) : today.AddDays(1);

        var page = await Fixture.SignInAsync("piotr@demo.crm", "/activities/calendar");
        var grid = page.GetByTestId("calendar-grid");
        await Expect(grid).ToHaveAttributeAsync("data-view", "month");

        // The week: seven days, the activity on its own.
        await page.GetByTestId("calendar-view").GetByText("Week", new() { Exact = true }).ClickAsync();
        await Expect(grid).ToHaveAttributeAsync("data-view", "week");
        await Expect(grid.GetByTestId("calendar-day")).ToHaveCountAsync(7);
        await Expect(grid.Locator($"[data-testid='calendar-day'][data-day='{Day(today)}'] [data-activity-id='{id}']")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);

        // Dragged to another day of the week: it keeps its time of day.
        await page.Locator($"[data-activity-id='{id}'][draggable='true']").DragToAsync(grid.Locator($"[data-testid='calendar-day'][data-day='{Day(other)}']"));
        await Expect(grid.Locator($"[data-day='{Day(other)}'] [data-activity-id='{id}']")).ToBeVisibleAsync();
        await Expect(grid.Locator($"[data-day='{Day(today)}'] [data-activity-id='{id}']")).ToHaveCountAsync(0);
        Assert.Equal(other.ToDateTime(new TimeOnly(10, 15)), time.ToLocal((await activities.GetAsync(id))!.Deadline));

        // The day view of that day (its date in the week opens it): the activity in its hour's slot.
        await grid.Locator($"[data-testid='calendar-day'][data-day='{Day(other)}'] .cal-date").ClickAsync();
        await Expect(grid).ToHaveAttributeAsync("data-view", "day");
        await Expect(grid.Locator("[data-hour]")).ToHaveCountAsync(24);
        var chip = grid.Locator($"[data-day='{Day(other)}'][data-hour='10'] [data-activity-id='{id}']");
        await Expect(chip).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);

        // Dragged to 3 PM: the same minutes, the new hour, on the page and in the database. The window is tall enough
        // for the whole day: a drag whose target is first scrolled into view under the pressed mouse does not start.
        await page.SetViewportSizeAsync(1280, 1400);
        await chip.DragToAsync(grid.Locator($"[data-hour='15']"));
        var moved = grid.Locator($"[data-hour='15'] [data-activity-id='{id}']");
        await Expect(moved).ToBeVisibleAsync();
        await Expect(moved.Locator(".cal-time")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^(3:15\s?PM|15:15)$"));
        await Expect(grid.Locator($"[data-hour='10'] [data-activity-id='{id}']")).ToHaveCountAsync(0);
        Assert.Equal(other.ToDateTime(new TimeOnly(15, 15)), time.ToLocal((await activities.GetAsync(id))!.Deadline));

        // A phone: the day view fits and passes axe.
        await page.SetViewportSizeAsync(390, 844);
        await Expect(moved).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);
        var wide = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(wide <= 391, $"the day view is {wide}px wide on a 390px screen");
        await CloseCheckedAsync(page);
    }
}
