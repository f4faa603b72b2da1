using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Dialogs by keyboard: they open with the first field focused, keep Tab inside, and Escape gives focus back.</summary>
public sealed class DialogFocusBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Theory]
    [InlineData("/deals", "New deal", "Title")]
    [InlineData("/contacts", "New contact", "First name")]
    [InlineData("/companies", "New company", "Name")]
    public async Task EditDialog_OpenedByKeyboard_FocusesTheFirstFieldKeepsTabInsideAndReturnsFocusOnEscape(string path, string button, string firstField)
    {
        var page = await Fixture.SignInAsync("anna@demo.crm", path);
        var opener = page.GetByRole(AriaRole.Button, new() { Name = button });
        await opener.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog);

        await Expect(dialog.GetByLabel(firstField, new() { Exact = true })).ToBeFocusedAsync();
        await Axe.AssertAccessibleAsync(page);
        for (var press = 0; press < 30; press++)
        {
            await page.Keyboard.PressAsync("Tab");
            // Tab onto one of the trap's bumpers (focusable, roleless divs at its edges) is answered by the server,
            // which moves the focus round to the other end: wait for that before the next key, as a person would.
            await Expect(page.Locator("div[tabindex='0']:not([role]):focus")).ToHaveCountAsync(0);
            Assert.True(await page.EvaluateAsync<bool>("document.activeElement.closest('[role=dialog]') !== null"),
                $"Tab {press + 1} left the dialog for {await page.EvaluateAsync<string>("document.activeElement.outerHTML.slice(0, 120)")}");
        }
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(opener).ToBeFocusedAsync();
        await CloseCheckedAsync(page);
    }
}
