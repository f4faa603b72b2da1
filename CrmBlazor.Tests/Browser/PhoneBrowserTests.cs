using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Every main page on a phone (390 x 844): nothing wider than the screen but what scrolls on purpose.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task EveryMainPage_OnAPhone_FitsTheScreenWidth()
    {
        var admin = await fixture.EnsureAdminAsync("phone-admin@demo.crm");
        var page = await fixture.SignInAsync(admin);
        await page.SetViewportSizeAsync(390, 844);
        var problems = new List<string>();

        foreach (var path in await AccessibilityBrowserTests.MainPagesAsync(fixture))
        {
            await page.GotoAsync(path);
            await BrowserFixture.WaitInteractiveAsync(page);
            await Expect(page.Locator("h1").First).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            // What sticks out past the right edge, outside a container that scrolls sideways on purpose (the board, a table).
            var wide = await page.EvaluateAsync<string[]>("""
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
            problems.AddRange(wide.Select(w => $"{path}: {w}"));
        }
        await page.Context.CloseAsync();

        Assert.True(problems.Count == 0, $"{problems.Count} too wide at 390 px:\n" + string.Join("\n", problems));
    }
}
