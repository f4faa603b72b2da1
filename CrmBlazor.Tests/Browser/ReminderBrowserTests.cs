using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// Reminders before a deadline: the responsible user's open page shows the notice live, and the browser's notification
/// once they allowed it on their profile; nobody else hears of it.
/// </summary>
public sealed class ReminderBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    /// <summary>
    /// Stands in for the browser's Notification API (headless Chromium shows none): permission "default" until the page
    /// asks, then "granted" (kept for the tab's later pages, as a browser keeps it for the site); each notification made
    /// is recorded in <c>window.__notifications</c>.
    /// </summary>
    private const string FakeNotifications = """
        (() => {
            window.__notifications = [];
            class FakeNotification {
                static permission = sessionStorage.getItem('fake-notifications') || 'default';
                static async requestPermission() {
                    sessionStorage.setItem('fake-notifications', 'granted');
                    return FakeNotification.permission = 'granted';
                }
                constructor(title, options) { window.__notifications.push({ title, body: options?.body, tag: options?.tag }); }
                close() {}
            }
            window.Notification = FakeNotification;
        })();
        """;

    private async Task<string> NewSalesUserAsync(string name)
    {
        var email = $"x-reminder-{name.ToLowerInvariant()}-{Guid.NewGuid():N}"[..40] + "@test.crm";
        using var scope = Fixture.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        var user = new CrmUser { UserName = email, Email = email, DisplayName = name, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, BrowserFixture.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, CrmRoles.Sales)).Succeeded);
        return email;
    }

    [Fact]
    public async Task TaskDueInAMinute_TheResponsibleUserSeesTheReminderLive_AndTheBrowsersNotificationOnceAllowed_NobodyElse()
    {
        var ewa = await NewSalesUserAsync("Ewa");
        var other = await NewSalesUserAsync("Olek");
        var page = await Fixture.SignInAsync(ewa, "/profile");
        await page.Context.AddInitScriptAsync(FakeNotifications);
        await page.ReloadAsync();
        await BrowserFixture.WaitInteractiveAsync(page);

        // Allowed from a click on the profile, as browsers require.
        var panel = page.GetByTestId("browser-notifications");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Allow browser notifications" }).ClickAsync();
        await Expect(panel.GetByTestId("browser-notifications-state")).ToHaveTextAsync("Browser notifications are on.");
        await Axe.AssertAccessibleAsync(page);

        await page.GotoAsync("/activities");
        await BrowserFixture.WaitInteractiveAsync(page);
        var otherPage = await Fixture.SignInAsync(other, "/activities");
        var subject = "Call the warehouse " + Guid.NewGuid().ToString("N")[..6];
        var (deal, _) = await Fixture.App.NewDealAsync("Reminder deal " + subject[^6..]);
        var time = Fixture.App.Get<CrmTime>();

        var planned = await Fixture.App.Get<ActivityService>().PlanAsync(ElementRef.Deal(deal.Id), new ActivityInput
        {
            Type = ActivityType.Task, Subject = subject, Deadline = time.UtcNow.AddMinutes(1),
            ResponsibleUserId = (await Fixture.App.ActorAsync(ewa)).UserId,
        }, await Fixture.App.ActorAsync(other));
        Assert.True(planned.IsOk);
        Assert.Equal(ActivityRules.DefaultReminderMinutes, planned.Value!.ReminderMinutes);

        var notice = page.GetByTestId("activity-reminder");
        await Expect(notice).ToContainTextAsync($"Reminder: {subject} at", new() { Timeout = 30_000 });
        await Expect(notice.GetByTestId("activity-reminder-element")).ToHaveAttributeAsync("href", $"deals/{deal.Id}");
        await page.WaitForFunctionAsync($"() => window.__notifications.some(n => n.title.includes('{subject}') && n.tag === 'activity-reminder-{planned.Value.Id}')",
            null, new() { Timeout = 30_000 });
        await Axe.AssertAccessibleAsync(page);

        // Published once, to Ewa alone: the planner's open page heard nothing.
        await Expect(otherPage.GetByTestId("activity-reminder")).ToHaveCountAsync(0);
        await CloseCheckedAsync(otherPage, page);
    }

    [Fact]
    public async Task ActivityDialog_OffersTheReminder_FifteenMinutesByDefault_AndSavesTheChoice()
    {
        var ewa = await NewSalesUserAsync("Iga");
        var (deal, _) = await Fixture.App.NewDealAsync("Reminder choice " + Guid.NewGuid().ToString("N")[..6], ewa);
        var page = await Fixture.SignInAsync(ewa, $"/deals/{deal.Id}");
        var subject = "Site visit " + Guid.NewGuid().ToString("N")[..6];

        await page.GetByTestId("plan-task").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Subject").FillAsync(subject);
        var reminder = dialog.GetByTestId("activity-reminder-choice");
        await Expect(reminder).ToContainTextAsync("15 minutes before");
        await BrowserFixture.ChooseAsync(page, dialog, "Reminder", "1 hour before");
        await Expect(reminder).ToContainTextAsync("1 hour before");
        await Axe.AssertAccessibleAsync(page);
        await dialog.GetByTestId("activity-save").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        var saved = (await Fixture.App.Get<ActivityService>().ForElementAsync(ElementRef.Deal(deal.Id))).Single(a => a.Subject == subject);
        Assert.Equal(60, saved.ReminderMinutes);
        await CloseCheckedAsync(page);
    }
}
