using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Every main page on a phone (390 x 844): nothing wider than the screen but what scrolls on purpose.</summary>
public sealed class PhoneBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task EveryMainPage_OnAPhone_FitsTheScreenWidth()
    {
        var admin = await Fixture.EnsureAdminAsync("phone-admin@demo.crm");
        var page = await Fixture.SignInAsync(admin);
        await page.SetViewportSizeAsync(390, 844);
        var problems = new List<string>();

        foreach (var path in await AccessibilityBrowserTests.MainPagesAsync(Fixture))
        {
            await page.GotoAsync(path);
            await BrowserFixture.WaitInteractiveAsync(page);
            await Expect(page.Locator("h1").First).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            // What sticks out past the right edge, outside a container that scrolls sideways on purpose (the board, a table).
            var wide = await TooWideAsync(page);
            problems.AddRange(wide.Select(w => $"{path}: {w}"));
            problems.AddRange((await Axe.SeriousViolationsAsync(page)).Select(v => $"{path}: axe-core: {v}"));
        }
        await CloseCheckedAsync(page);

        Assert.True(problems.Count == 0, $"{problems.Count} too wide at 390 px:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task ListsAndBoard_OnAPhone_FiltersFoldAwayBehindAFiltersButton_AndOnADesktopStayInView()
    {
        var page = await Fixture.SignInAsync("manager@demo.crm", "/leads");
        await page.SetViewportSizeAsync(390, 844);
        var problems = new List<string>();

        // A list: the search stays, the filters fold behind "Filters", which the keyboard opens and closes.
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Filters", Exact = true });
        var status = page.Locator(".lead-filters .filter").First;
        await Expect(toggle).ToBeVisibleAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(status).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Name, company, e-mail or phone" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("leads-grid")).ToBeVisibleAsync();
        await toggle.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(status).ToBeVisibleAsync();
        var controls = await toggle.GetAttributeAsync("aria-controls");
        await Expect(page.Locator($"#{controls}")).ToHaveCountAsync(1);
        problems.AddRange((await TooWideAsync(page)).Select(w => $"leads, filters open: {w}"));
        await Axe.AssertAccessibleAsync(page);
        await page.Keyboard.PressAsync("Space");
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(status).ToBeHiddenAsync();

        // Every other list folds its filters too.
        foreach (var (path, filter) in new[] { ("/contacts", ".lead-filters .filter"), ("/companies", ".lead-filters .filter"), ("/activities", "[data-testid='activities-period']"), ("/history", ".lead-filters .filter") })
        {
            await page.GotoAsync(path);
            await BrowserFixture.WaitInteractiveAsync(page);
            var fold = page.GetByRole(AriaRole.Button, new() { Name = "Filters", Exact = true });
            await Expect(fold).ToHaveAttributeAsync("aria-expanded", "false");
            await Expect(page.Locator(filter).First).ToBeHiddenAsync();
            await fold.ClickAsync();
            await Expect(page.Locator(filter).First).ToBeVisibleAsync();
            problems.AddRange((await TooWideAsync(page)).Select(w => $"{path}, filters open: {w}"));
        }

        // The board: search and "my deals" fold away with the rest behind its "Filters".
        await page.GotoAsync("/deals");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(page.Locator(".board-column").First).ToBeVisibleAsync();
        var boardToggle = page.GetByTestId("board-more-filters");
        await Expect(boardToggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(page.GetByTestId("board-search")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("board-mine")).ToBeHiddenAsync();
        await boardToggle.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(boardToggle).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(page.GetByTestId("board-search")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("board-filters-more")).ToBeVisibleAsync();
        problems.AddRange((await TooWideAsync(page)).Select(w => $"board, filters open: {w}"));
        await Axe.AssertAccessibleAsync(page);

        // A desktop is unchanged: no fold button, the filters in view.
        await page.SetViewportSizeAsync(1440, 900);
        await page.GotoAsync("/leads");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(page.Locator(".lead-filters .filter").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("filters-toggle")).ToBeHiddenAsync();
        await page.GotoAsync("/deals");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(page.GetByTestId("board-search")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("board-mine")).ToBeVisibleAsync();
        await CloseCheckedAsync(page);

        Assert.True(problems.Count == 0, $"{problems.Count} too wide at 390 px:\n" + string.Join("\n", problems));
    }

    /// <summary>What sticks out past the right edge, outside a container that scrolls sideways on purpose (the board, a table).</summary>
    private static Task<string[]> TooWideAsync(IPage page) => page.EvaluateAsync<string[]>("""
                (() => {
                    const width = document.documentElement.clientWidth;
                    const out = [];
                    if (document.documentElement.scrollWidth > width + 1) out.push(`page ${document.documentElement.scrollWidth}px`);
                    for (const e of document.querySelectorAll('body *')) {
                        const r = e.getBoundingClientRect();
                        if (r.width === 0 || r.right <= width + 1) continue;
                        let p = e.parentElement, scrolls = false;
                        while (p && p !== document.body) {
                            const o = getComputedStyle(p).overflowX;
                            if (o === 'auto' || o === 'scroll' || o === 'hidden') { scrolls = true; break; }
                            p = p.parentElement;
                        }
                        if (!scrolls) out.push(`${e.tagName.toLowerCase()}.${[...e.classList].join('.')} right ${Math.round(r.right)}px`);
                    }
                    return out.slice(0, 5);
                })()
                """);

    [Fact]
    public async Task PhoneJourney_BoardLeadsALeadAndCompleteLead_FitTheScreenAndWork()
    {
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var title = "Phone journey " + Guid.NewGuid().ToString("N")[..6];
        var created = await Fixture.App.Get<LeadService>().CreateAsync(
            new LeadInput
            {
                Title = title, FirstName = "Zofia", LastName = "Wiśniewska-Kowalczyk", CompanyName = "Przedsiębiorstwo Handlowo-Usługowe Wiśniewscy",
                Emails = [new EmailInput($"{Guid.NewGuid():N}@example.com")], ResponsibleUserId = manager.UserId, ExpectedAmount = 123456.78m, Currency = "PLN",
            },
            manager);
        Assert.True(created.IsOk);
        var page = await Fixture.SignInAsync("manager@demo.crm", "/deals");
        await page.SetViewportSizeAsync(390, 844);
        var problems = new List<string>();

        await Expect(page.Locator(".board-column").First).ToBeVisibleAsync();
        problems.AddRange((await TooWideAsync(page)).Select(w => $"board: {w}"));

        await page.GotoAsync("/leads");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(page.Locator($"[data-lead-id='{created.Value!.Id}']").First).ToBeVisibleAsync();
        problems.AddRange((await TooWideAsync(page)).Select(w => $"leads: {w}"));

        await page.GotoAsync($"/leads/{created.Value.Id}");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(page.GetByTestId("lead-status-bar")).ToBeVisibleAsync();
        problems.AddRange((await TooWideAsync(page)).Select(w => $"lead page: {w}"));
        await Axe.AssertAccessibleAsync(page);

        // The steps are Settings' statuses, keyed by id (decision 030): 2 is the seeded "In progress".
        await page.GetByTestId("lead-status-bar").Locator("[data-key='2']").ClickAsync();
        await Expect(page.GetByTestId("lead-status-bar").Locator("[data-key='2']")).ToHaveAttributeAsync("aria-current", "step");

        await page.GetByRole(AriaRole.Button, new() { Name = "Complete lead" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByTestId("deal-section").GetByLabel("Title")).ToHaveValueAsync(title);
        problems.AddRange((await TooWideAsync(page)).Select(w => $"complete lead: {w}"));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Convert" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/deals\?deal=\d+$"));
        await CloseCheckedAsync(page);

        Assert.True(problems.Count == 0, $"{problems.Count} too wide at 390 px:\n" + string.Join("\n", problems));
    }
}
