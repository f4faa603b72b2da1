using System.Runtime.CompilerServices;
using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>axe-core (Deque.AxeCore.Playwright) on the page a browser test shows: WCAG 2.1 A and AA.</summary>
public static class Axe
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
    private static readonly string[] FailingImpacts = ["serious", "critical"];

    // The address each page was last checked at by the test itself, so the check at the end does not repeat it.
    private static readonly ConditionalWeakTable<IPage, string> CheckedAt = [];

    /// <summary>The serious and critical WCAG 2.1 A/AA violations on the page as it is now, one readable line per element; empty when there are none.</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        // A fade caught half-way is a contrast failure that nobody sees: axe checks the page at rest.
        await page.AddStyleTagAsync(new() { Content = "*, *::before, *::after { transition: none !important; animation: none !important; }" });
        // The interactive HeadOutlet empties <title> for a moment when the circuit starts, until the page's own
        // <PageTitle> reaches it: wait for a title, and let axe report a page that never gets one.
        try
        {
            await page.WaitForFunctionAsync("() => document.title.trim().length > 0", null, new() { Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
        }
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] } });
        CheckedAt.AddOrUpdate(page, page.Url);
        return [.. result.Violations
            .Where(v => FailingImpacts.Contains(v.Impact))
            .SelectMany(v => v.Nodes.Select(n => $"{v.Id} ({v.Impact}) at {n.Target}: {Why(n) ?? v.Help} {Shorten(n.Html)}"))];
    }

    /// <summary>
    /// The violations on a page as a test left it (<see cref="BrowserTest"/>'s check at the end), each line starting
    /// with the page's address. Nothing for a page that is closed, not the app's (<paramref name="appBaseUrl"/>; a
    /// partner's page a test made), not an HTML document (a JSON answer, a download), or that the test checked itself
    /// at the address it shows now. A page still navigating is waited for (its load event, then the app's circuit if it
    /// is an interactive page); a navigation that starts while axe runs makes it run again on the new page.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AtRestViolationsAsync(IPage page, string appBaseUrl)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (page.IsClosed || !page.Url.StartsWith(appBaseUrl.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase)
                || (CheckedAt.TryGetValue(page, out var checkedAt) && checkedAt == page.Url))
            {
                return [];
            }
            try
            {
                await page.WaitForLoadStateAsync(LoadState.Load);
                if (await page.EvaluateAsync<string>("document.contentType") != "text/html")
                {
                    return [];
                }
                if (await page.Locator(".crm-shell").CountAsync() > 0)
                {
                    await BrowserFixture.WaitInteractiveAsync(page);
                }
                var url = page.Url;
                return [.. (await SeriousViolationsAsync(page)).Select(v => $"{url}: {v}")];
            }
            catch (PlaywrightException e) when (attempt < 3 && !page.IsClosed
                && (e.Message.Contains("navigat", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("context was destroyed", StringComparison.OrdinalIgnoreCase)))
            {
                // The page moved on while it was being checked: check where it went.
            }
        }
    }

    // axe's own words for this element ("insufficient color contrast of 2.2 (foreground color: ...)") when it has them.
    private static string? Why(AxeResultNode node) =>
        node.Any.Concat(node.All).Concat(node.None).Select(c => c.Message).FirstOrDefault(m => !string.IsNullOrEmpty(m));

    private static string Shorten(string? html) => html is null ? "" : html.Length <= 160 ? html : html[..160] + "…";

    /// <summary>Fails with the list of serious and critical WCAG 2.1 A/AA violations (rule, impact, target) on the page as it is now.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var violations = await SeriousViolationsAsync(page);
        if (violations.Count > 0)
        {
            var report = new StringBuilder($"axe-core: {violations.Count} serious or critical violation(s) on {page.Url}:");
            foreach (var violation in violations)
            {
                report.Append("\n  ").Append(violation);
            }
            Assert.Fail(report.ToString());
        }
    }
}
