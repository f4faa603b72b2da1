using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Settings &gt; Lead statuses in a real browser, with a sales user's lead page and lead list open (decision 030).</summary>
public sealed class LeadOptionSettingsBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task AdminAddsRenamesAndReordersAStatus_ASalesUsersLeadPageAndListFollowLive()
    {
        var adminEmail = await Fixture.EnsureAdminAsync("x-lead-statuses@test.crm");
        var anna = await Fixture.App.ActorAsync("anna@demo.crm");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var lead = await Fixture.App.Get<LeadService>().CreateAsync(new LeadInput
        {
            Title = $"Status watcher {tag}", FirstName = "Wanda", Emails = [new EmailInput($"wanda-{tag}@example.com")], ResponsibleUserId = anna.UserId,
        }, anna);
        Assert.True(lead.IsOk, string.Join(", ", lead.Errors.Select(e => e.Field + " " + e.MessageKey)));

        var watcher = await Fixture.SignInAsync("anna@demo.crm", $"/leads/{lead.Value!.Id}");
        var bar = watcher.GetByTestId("lead-status-bar");
        await Expect(bar.GetByTestId("stage-step").First).ToBeVisibleAsync(new() { Timeout = 15_000 });

        var admin = await Fixture.SignInAsync(adminEmail, "/settings/lead-statuses");
        var statuses = admin.Locator("[data-testid='lead-option-list'][data-list='Status']");
        await Expect(statuses.GetByTestId("lead-option").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Axe.AssertAccessibleAsync(admin);

        // An empty name is refused next to the field; a new in-progress status appears on the user's open lead page.
        await statuses.GetByTestId("add-option").ClickAsync();
        await Expect(statuses.GetByText("Required.").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var name = $"Waiting {tag}";
        await statuses.GetByTestId("new-option-name").FillAsync(name);
        await statuses.GetByTestId("new-option-name-pl").FillAsync($"Czeka {tag}");
        await statuses.GetByTestId("add-option").ClickAsync();
        var row = statuses.Locator($"[data-testid='lead-option'][data-option-name='{name}']");
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(bar.GetByTestId("stage-step").Filter(new() { HasText = name })).ToBeVisibleAsync(new() { Timeout = 15_000 });

        // Renamed: the user's bar changes without a reload. Moved up by keyboard: it goes before "Processed" there too.
        await row.GetByTestId("option-name").FillAsync($"Waiting for reply {tag}");
        await row.GetByTestId("save-option").ClickAsync();
        var renamed = $"Waiting for reply {tag}";
        await Expect(bar.GetByTestId("stage-step").Filter(new() { HasText = renamed })).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var moved = statuses.Locator($"[data-testid='lead-option'][data-option-name='{renamed}']");
        var up = moved.GetByRole(AriaRole.Button, new() { Name = $"Move {renamed} up" });
        await up.FocusAsync();
        await admin.Keyboard.PressAsync("Enter");
        // Three places up (past Junk, Converted and Processed), each step seen before the next.
        foreach (var position in new[] { 4, 3, 2 })
        {
            if (position < 4)
            {
                await up.ClickAsync();
            }
            await Expect(statuses.GetByTestId("lead-option").Nth(position)).ToHaveAttributeAsync("data-option-name", renamed, new() { Timeout = 15_000 });
        }
        var steps = bar.GetByTestId("stage-step");
        await Expect(steps.Nth(2)).ToContainTextAsync(renamed, new() { Timeout = 15_000 });

        // The user picks it on the bar: the lead has it, and the lead list shows it.
        await steps.Nth(2).ClickAsync();
        await Expect(watcher.GetByTestId("lead-status").First).ToHaveTextAsync(renamed, new() { Timeout = 15_000 });
        await watcher.GotoAsync($"/leads?q=wanda-{tag}");
        await Expect(watcher.GetByTestId("leads-grid").GetByTestId("lead-status")).ToHaveTextAsync(renamed, new() { Timeout = 15_000 });

        // In use: deleting it is refused next to it, and it stays.
        await moved.GetByTestId("delete-option").ClickAsync();
        await Expect(moved.GetByText("Leads have this entry, so it cannot be deleted: deactivate it instead.")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        await CloseCheckedAsync(admin, watcher);

        // Other tests of this app count the bar's steps: the status leaves the lists offered (it is in use, so it stays).
        var options = Fixture.App.Get<LeadOptionService>();
        var status = (await options.ListAsync()).Of(LeadOptionList.Status).Single(o => o.Name == renamed);
        var off = await options.SaveAsync(status.Id, new LeadOptionInput(LeadOptionList.Status, status.Name, status.NamePl, status.Kind, false, status.Version),
            await Fixture.App.ActorAsync(adminEmail));
        Assert.True(off.IsOk);
    }
}
