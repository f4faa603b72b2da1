using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Every main page, signed in, in light and dark mode: WCAG 2.1 AA by axe-core, one h1 and a main landmark.</summary>
public sealed class AccessibilityBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EveryMainPage_LightOrDark_HasOneH1AMainLandmarkAndNoSeriousAxeViolation(bool dark)
    {
        var admin = await Fixture.EnsureAdminAsync("a11y-admin@demo.crm");
        var page = await Fixture.SignInAsync(admin);
        if (dark)
        {
            await page.EvaluateAsync("localStorage.setItem('crm-dark-mode', 'true')");
        }
        var problems = new List<string>();
        // Another user on the board, so its presence avatars are always checked (not only when a parallel test is there).
        var other = await Fixture.SignInAsync("anna@demo.crm", "/deals");
        await BrowserFixture.WaitInteractiveAsync(other);

        foreach (var path in await MainPagesAsync(Fixture))
        {
            await page.GotoAsync(path);
            await BrowserFixture.WaitInteractiveAsync(page);
            if (dark)
            {
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Light mode" })).ToBeVisibleAsync();
            }
            if (path == "/deals")
            {
                await Expect(page.Locator("[data-testid=presence-user][data-user='Anna Wiśniewska']")).ToBeVisibleAsync();
            }
            try
            {
                problems.AddRange((await CheckPageAsync(page)).Select(p => $"{path}: {p}"));
            }
            catch (PlaywrightException e)
            {
                // A page that does not show (no h1: an error instead) is told with the others, and the sweep goes on.
                var main = await page.GetByRole(AriaRole.Main).AllInnerTextsAsync();
                problems.Add($"{path}: {e.Message.Split('\n')[0]}: {string.Join(" ", main).ReplaceLineEndings(" ")}");
            }
        }
        // Every page was checked above (the other user's board is /deals): the problems are told all at once, below.
        await page.Context.CloseAsync();
        await other.Context.CloseAsync();

        // The sign-in and error pages have no dark mode of their own; they are checked signed out, as everyone first sees them.
        var login = await (await Fixture.Browser.NewContextAsync(new() { BaseURL = Fixture.App.BaseUrl })).NewPageAsync();
        foreach (var path in new[] { "/account/login", "/Error" })
        {
            await login.GotoAsync(path);
            problems.AddRange((await CheckPageAsync(login)).Select(p => $"{path}: {p}"));
        }
        await login.Context.CloseAsync();

        Assert.True(problems.Count == 0, $"{problems.Count} problem(s):\n" + string.Join("\n", problems));
    }

    [Theory]
    [InlineData("/deals")]
    [InlineData("/leads")]
    public async Task Keyboard_TabThroughThePage_EveryFocusedElementShowsAFocusRing(string path)
    {
        var page = await Fixture.SignInAsync("anna@demo.crm", path);
        await Expect(page.Locator("h1")).ToBeVisibleAsync();
        var withoutRing = new List<string>();

        for (var press = 0; press < 25; press++)
        {
            await page.Keyboard.PressAsync("Tab");
            // A text field's frame carries the ring of the input inside it.
            var focused = await page.EvaluateAsync<string[]>("""
                (() => {
                    const e = document.activeElement;
                    const s = getComputedStyle(e.closest('.mud-input') ?? e);
                    return [e.outerHTML.slice(0, 120), s.outlineStyle, s.outlineWidth];
                })()
                """);
            if (focused[1] == "none" || focused[2] is "0px" or "")
            {
                withoutRing.Add(focused[0]);
            }
        }
        await CloseCheckedAsync(page);

        Assert.True(withoutRing.Count == 0, "No focus ring on:\n" + string.Join("\n", withoutRing));
    }

    private static async Task<IReadOnlyList<string>> CheckPageAsync(IPage page)
    {
        await Expect(page.Locator("h1").First).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Expect(page.Locator(".mud-table-loading, .mud-progress-linear.mud-progress-indeterminate")).ToHaveCountAsync(0);
        var problems = new List<string>(await Axe.SeriousViolationsAsync(page));
        var headings = await page.Locator("h1").CountAsync();
        if (headings != 1)
        {
            problems.Add($"{headings} h1 elements instead of one");
        }
        if (await page.GetByRole(AriaRole.Main).CountAsync() != 1)
        {
            problems.Add("no single main landmark");
        }
        return problems;
    }

    /// <summary>The pages every signed-in user reaches from the navigation, with one element page of each kind.</summary>
    public static Task<string[]> MainPagesAsync(BrowserFixture fixture) => MainPagesAsync(fixture.App);

    /// <summary>Every routable page of <paramref name="app"/>, with the first element of each kind for the element pages.</summary>
    public static async Task<string[]> MainPagesAsync(CrmAppFactory app)
    {
        await using var db = await app.Get<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        var lead = await db.Leads.OrderBy(l => l.Id).Select(l => l.Id).FirstAsync();
        var contact = await db.Contacts.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        var company = await db.Companies.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        var deal = await db.Deals.OrderBy(d => d.Id).Select(d => d.Id).FirstAsync();
        var form = await db.WebForms.OrderBy(f => f.Id).Select(f => f.Id).FirstAsync();
        // Every routable page of the app (grep '@page' in CrmBlazor/) but "/" (it sends to /deals), "/Error" and
        // "/account/login" (checked signed out, above), "/account/set-password" (needs a one-time link: TeamBrowserTests)
        // and a webhook's delivery log "/settings/webhooks/{id}" (no webhook in the demo data: WebhookBrowserTests).
        return
        [
            "/deals", "/deals/list", "/leads", "/leads/new", $"/leads/{lead}", "/contacts", $"/contacts/{contact}", "/companies", $"/companies/{company}",
            "/products", $"/deals/{deal}", "/activities", "/activities/calendar", "/mail", "/funnel", "/reports", "/history", "/duplicates", "/recycle-bin",
            "/leads/import", "/contacts/import", "/companies/import", "/deals/import",
            "/settings/lost-reasons", "/settings/lead-statuses", "/settings/currencies", "/settings/pipelines", "/settings/custom-fields",
            "/settings/users", "/settings/departments", "/settings/roles", "/settings/web-forms", "/settings/web-forms/new", $"/settings/web-forms/{form}",
            "/settings/mail", "/settings/mail-templates", "/settings/webhooks", "/profile", "/profile/tokens", "/not-found",
        ];
    }
}
