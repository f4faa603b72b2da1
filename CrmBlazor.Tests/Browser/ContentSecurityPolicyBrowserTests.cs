using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// The app under its Content-Security-Policy in a real browser: the board (drag and drop, a dialog), the funnel
/// (ApexCharts, loaded on demand) and the reconnect script work, and the browser reports no violation at all.
/// </summary>
public sealed class ContentSecurityPolicyBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task BoardDialogAndFunnel_UnderTheCsp_WorkWithoutAViolation()
    {
        using var recorder = new MeterRecorder();
        var violations = new List<string>();
        var context = await Fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Fixture.App.BaseUrl, Locale = "en-US" });
        context.SetDefaultTimeout(15_000);
        // Every violation of every page of this context, reported by the browser's own event and its console.
        await context.ExposeFunctionAsync("crmReportCsp", (string violation) =>
        {
            lock (violations)
            {
                violations.Add(violation);
            }
        });
        await context.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => window.crmReportCsp(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`));");
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (violations)
                {
                    violations.Add("console: " + message.Text);
                }
            }
        };
        var (deal, board) = await Fixture.App.NewDealAsync("Under the CSP");

        var login = await page.GotoAsync("/account/login?returnUrl=%2Fdeals");
        Assert.Contains("frame-ancestors 'none'", (await login!.AllHeadersAsync())["content-security-policy"]);
        await page.GetByLabel("Email").FillAsync("manager@demo.crm");
        await page.GetByLabel("Password").FillAsync(BrowserFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await BrowserFixture.WaitInteractiveAsync(page);

        // The board: a drag to the next stage is saved; a dialog opens and shows a field error.
        var next = board.Columns[1].Stage.Id;
        await BoardPage.DragAsync(page, deal.Id, next);
        await Expect(BoardPage.Column(page, next).Locator($"[data-deal-id='{deal.Id}']")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New deal" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog.GetByText("Required.")).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        // The board counts itself open, and applying its own move recorded how long the event took to reach it.
        Assert.Contains(recorder.Of("crm.boards.open"), m => m.Value == 1);
        Assert.NotEmpty(recorder.Of("crm.live.propagation.duration"));

        // The funnel: ApexCharts draws its SVG (with its own styles and tooltips).
        await page.GotoAsync("/funnel");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(page.Locator("[data-chart='funnel'] svg.apexcharts-svg")).ToBeVisibleAsync();
        await page.Locator("[data-chart='funnel'] .apexcharts-bar-area").First.HoverAsync();
        await Expect(page.Locator("[data-chart='funnel'] .apexcharts-tooltip")).ToBeAttachedAsync();

        lock (violations)
        {
            Assert.Empty(violations);
        }
        // The listener hears a violation when there is one: an inline script without the nonce is refused.
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.crmInjected = 1'; document.body.appendChild(s); }");
        await Expect(page.Locator("body")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<int?>("() => window.crmInjected"));
        await page.WaitForFunctionAsync("() => true"); // a round trip, so the exposed function's call has arrived
        await WaitForAsync(() => violations.Count > 0);
        Assert.Contains(violations, v => v.StartsWith("script-src", StringComparison.Ordinal));
        await CloseCheckedAsync(page);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not come true within 10 s");
            await Task.Delay(20);
        }
    }
}
