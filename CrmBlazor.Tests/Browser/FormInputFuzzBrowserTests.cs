using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// Issue 17's proof (5) in the browser: on every page, seeded random and malformed text in every field a user can type
/// in (filters, forms, the "New ..." dialogs), then Enter and the page's submit button; no error may reach the error
/// boundary or Blazor's error bar, and the circuit must still answer (the theme switch round-trips). On a CRM of the
/// test's own, as an admin, since what it submits is saved.
/// </summary>
public sealed class FormInputFuzzBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const int Seed = 1717;

    private static readonly string[] Garbage =
    [
        "", " ", new string('x', 5_000), "\u0000\u0001\u001f\t", "<script>alert(1)</script>", "=HYPERLINK(\"http://evil\")",
        "' OR 1=1 --", "😀‮ zażółć gęślą jaźń", "-1", "0", "99999999999999999999", "-1e308", "1e309", "NaN", "2026-13-45",
        "9999-12-31", "0001-01-01", "%00%0d%0a", "{0}{{}}${x}", "javascript:alert(1)", "@", "+48", "a@b", "..\\..\\",
    ];

    [Fact]
    public async Task EveryPage_RandomTextInEveryField_ThenSubmitted_NoErrorAndTheCircuitAnswers()
    {
        await using var crm = new CrmAppFactory();
        var random = new Random(Seed);
        var page = await BrowserFixture.SignInAsync(Fixture.Browser, crm.BaseUrl, "admin@demo.crm");
        var problems = new List<string>();
        foreach (var path in await AccessibilityBrowserTests.MainPagesAsync(crm))
        {
            await page.GotoAsync(path);
            await BrowserFixture.WaitInteractiveAsync(page);
            var typed = new List<string>();
            await FillAllAsync(page.GetByRole(AriaRole.Main), random, typed);
            var opener = page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^(New|Add) ") });
            if (await opener.CountAsync() > 0 && await opener.First.IsVisibleAsync())
            {
                await opener.First.ClickAsync(new() { Timeout = 5_000 });
                var dialog = page.GetByRole(AriaRole.Dialog).Last;
                if (await dialog.IsVisibleAsync())
                {
                    await FillAllAsync(dialog, random, typed);
                    await ClickSubmitAsync(dialog);
                    await page.Keyboard.PressAsync("Escape");
                }
            }
            await ClickSubmitAsync(page.GetByRole(AriaRole.Main));
            if (await ProblemAsync(page) is { } problem)
            {
                problems.Add($"{path}: {problem} after typing {string.Join(" | ", typed.Select(t => t.Length > 40 ? t[..40] + "…" : t))}");
            }
        }
        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, $"Seed {Seed}: {problems.Count} page(s) failed:\n" + string.Join("\n", problems));
    }

    /// <summary>Random text into every visible text field of <paramref name="scope"/>, Enter after the last one.</summary>
    private static async Task FillAllAsync(ILocator scope, Random random, List<string> typed)
    {
        var fields = scope.Locator("input:not([type=hidden]):not([type=file]):not([type=checkbox]):not([type=radio]):not([readonly]):not([disabled]), textarea:not([readonly]):not([disabled])");
        var count = Math.Min(await fields.CountAsync(), 20);
        ILocator? last = null;
        for (var i = 0; i < count; i++)
        {
            var field = fields.Nth(i);
            if (!await field.IsVisibleAsync())
            {
                continue;
            }
            var text = Garbage[random.Next(Garbage.Length)];
            try
            {
                await field.FillAsync(text, new() { Timeout = 2_000 });
                typed.Add(text);
                last = field;
            }
            catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
            {
                // A date or number input refuses text that is not one: the browser never sends it either.
            }
        }
        if (last is not null)
        {
            try
            {
                await last.PressAsync("Enter", new() { Timeout = 2_000 });
            }
            catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
            {
                // Gone after the typing (a list that filtered itself empty, a dialog that closed).
            }
        }
    }

    private static async Task ClickSubmitAsync(ILocator scope)
    {
        var submit = scope.Locator("button[type=submit]:visible:not([disabled])");
        if (await submit.CountAsync() > 0)
        {
            try
            {
                await submit.First.ClickAsync(new() { Timeout = 3_000 });
            }
            catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
            {
                // Covered or gone meanwhile.
            }
        }
    }

    /// <summary>What went wrong on the page (null: nothing): an error shown, or a circuit that no longer answers.</summary>
    private static async Task<string?> ProblemAsync(IPage page)
    {
        // The theme switch answers only through the circuit: a round trip proves it alive and every earlier event handled.
        // The click is dispatched to the button itself: a dialog the submit left open (a modal) would intercept a pointer.
        var toggle = page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^(Dark|Light) mode$") });
        try
        {
            var before = await toggle.GetAttributeAsync("aria-label", new() { Timeout = 10_000 }) ?? await toggle.InnerTextAsync();
            var after = before.StartsWith("Dark", StringComparison.Ordinal) ? "Light mode" : "Dark mode";
            await toggle.DispatchEventAsync("click", null, new() { Timeout = 10_000 });
            await Expect(page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = after, Exact = true })).ToBeVisibleAsync(new() { Timeout = 10_000 });
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            var dialogs = await page.GetByRole(AriaRole.Dialog).CountAsync();
            return $"the circuit did not answer ({ex.Message.Split('\n')[0]}; {dialogs} dialog(s) open)";
        }
        if (await page.GetByTestId("error-detail").CountAsync() > 0)
        {
            return "error boundary: " + await page.GetByTestId("error-detail").First.InnerTextAsync();
        }
        if (await page.Locator("#blazor-error-ui").IsVisibleAsync())
        {
            return "Blazor's error bar is shown";
        }
        return null;
    }
}
