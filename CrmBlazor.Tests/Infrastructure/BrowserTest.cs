using Microsoft.Playwright;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>A test class of the browser collection: one shared app and Chromium (<see cref="BrowserFixture"/>).</summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserFixture fixture)
{
    protected BrowserFixture Fixture { get; } = fixture;

    /// <summary>
    /// How a browser test ends its work with pages: axe-core checks every page still open in their browser contexts,
    /// as the test left it (<see cref="Axe.AtRestViolationsAsync"/>: a page of the app, settled; one the test checked
    /// itself at the address it shows now is not checked twice), then the contexts close, whatever axe found.
    /// A test that leaves a page in a state not worth checking closes its context itself and says why.
    /// </summary>
    protected async Task CloseCheckedAsync(params IPage[] pages)
    {
        var contexts = pages.Select(p => p.Context).Distinct().ToList();
        var violations = new List<string>();
        try
        {
            foreach (var page in contexts.SelectMany(c => c.Pages).ToList())
            {
                // A bound, so a page where the check cannot run (JavaScript off: evaluate never returns) fails the
                // test instead of stopping the whole run.
                violations.AddRange(await Axe.AtRestViolationsAsync(page, Fixture.App.BaseUrl).WaitAsync(TimeSpan.FromSeconds(90)));
            }
        }
        finally
        {
            foreach (var context in contexts)
            {
                await context.CloseAsync();
            }
        }
        Assert.True(violations.Count == 0, $"axe-core at the end of the test: {violations.Count} serious or critical violation(s):\n  " + string.Join("\n  ", violations));
    }
}
