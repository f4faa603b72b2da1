using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>An element page's fields, read as text and edited in place (<c>InPlaceField</c>), as a user reaches them.</summary>
public static class InPlaceFields
{
    private static readonly LocatorAssertionsToBeVisibleOptions Long = new() { Timeout = 15_000 };

    /// <summary>The field's text (a button when the user may edit it), by its name in the form's input.</summary>
    public static ILocator Shown(IPage page, string field) => page.Locator($"[data-in-place='{field}']");

    /// <summary>The field while it is edited.</summary>
    public static ILocator Editor(IPage page, string field) => page.Locator($"[data-in-place-editing='{field}']");

    /// <summary>Opens the field with a click, types <paramref name="value"/> and saves it with Enter.</summary>
    public static async Task EditAsync(IPage page, string field, string value)
    {
        await Shown(page, field).ClickAsync();
        var input = Editor(page, field).Locator("input:not([type=hidden]), textarea").First;
        await Expect(input).ToBeVisibleAsync(Long);
        await input.FillAsync(value);
        await input.PressAsync("Enter");
        try
        {
            await Expect(Shown(page, field)).ToBeVisibleAsync(Long);
        }
        catch (PlaywrightException e)
        {
            // Say what the page says instead (an error next to the field, a message above the form).
            var alerts = await page.Locator(".mud-alert").AllInnerTextsAsync();
            var said = await Editor(page, field).InnerTextAsync() + " | " + string.Join("; ", alerts);
            throw new InvalidOperationException($"The field {field} stayed open after Enter: {said}", e);
        }
    }
}
