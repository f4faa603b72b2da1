using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>A user subscribes their calendar app to their activities: the link from the profile serves an .ics feed.</summary>
public sealed class CalendarFeedBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Profile_MakeALink_ItServesTheUsersActivitiesAsICalendar_TurnedOffItIsGone()
    {
        var (deal, _) = await Fixture.App.NewDealAsync("Calendar feed deal", "piotr@demo.crm");
        var piotrActor = await Fixture.App.ActorAsync("piotr@demo.crm");
        var time = Fixture.App.Get<CrmTime>();
        var planned = await Fixture.App.Get<ActivityService>().PlanAsync(ElementRef.Deal(deal.Id), new ActivityInput
        {
            Type = ActivityType.Meeting, Subject = "Feed meeting with the fleet manager", Deadline = time.UtcNow.AddDays(1), DurationMinutes = 60,
        }, piotrActor);
        Assert.True(planned.IsOk);
        var page = await Fixture.SignInAsync("piotr@demo.crm", "/profile");
        var panel = page.GetByTestId("calendar-feed");

        await panel.GetByRole(AriaRole.Button, new() { Name = "Make a link" }).ClickAsync();
        var field = panel.GetByLabel("Feed address");
        await Expect(field).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"/calendar/[A-Za-z0-9_-]{43}\.ics$"));
        var url = await field.InputValueAsync();
        await Axe.AssertAccessibleAsync(page);

        using var client = new HttpClient();
        using (var response = await client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
            var body = await response.Content.ReadAsStringAsync();
            Assert.StartsWith("BEGIN:VCALENDAR", body);
            // As a calendar app reads it: the meeting, its link, and an alarm at its reminder time.
            var meeting = Ical.Net.Calendar.Load(body)!.Events.Single(e => e.Summary == "Feed meeting with the fleet manager");
            // iCalendar times are whole seconds.
            var deadline = planned.Value!.Deadline;
            Assert.Equal(deadline.AddTicks(-(deadline.Ticks % TimeSpan.TicksPerSecond)), meeting.Start!.AsUtc);
            Assert.EndsWith($"/deals/{deal.Id}", meeting.Url!.ToString());
            var alarm = Assert.Single(meeting.Alarms);
            Assert.Equal(TimeSpan.FromMinutes(-ActivityRules.DefaultReminderMinutes), alarm.Trigger!.Duration!.Value.ToTimeSpanUnspecified());
        }

        await panel.GetByRole(AriaRole.Button, new() { Name = "Turn off" }).ClickAsync();
        await Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Make a link" })).ToBeVisibleAsync();
        using (var gone = await client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
        await CloseCheckedAsync(page);
    }
}
