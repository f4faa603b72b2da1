using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>The API reference (Scalar) for a signed-in user: it draws the API's operations under the app's CSP.</summary>
public sealed class ApiReferenceBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Reference_SignedIn_ShowsTheOperationsWithoutACspViolation()
    {
        var page = await Fixture.SignInAsync("manager@demo.crm");
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (violations)
                {
                    violations.Add(message.Text);
                }
            }
        };

        await page.GotoAsync("/scalar/v1");

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "/api/v1/leads HTTP Method: GET" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        lock (violations)
        {
            Assert.Empty(violations);
        }
        await CloseCheckedAsync(page);
    }
}
