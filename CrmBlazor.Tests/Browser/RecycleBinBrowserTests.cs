using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Deleting a contact with its warning, and taking it back from the recycle bin (decision 020).</summary>
public sealed class RecycleBinBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task DeleteAContact_ItLeavesTheList_ThenRestoreItFromTheBin()
    {
        var name = $"Binned{Guid.NewGuid():N}"[..18];
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var contact = (await Fixture.App.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = name, Phone = "+48 601 777 888" }, manager)).Value!;
        var page = await Fixture.SignInAsync("manager@demo.crm", $"/contacts/{contact.Id}");
        await Expect(page.GetByTestId("contact-name")).ToHaveTextAsync(name);

        await page.GetByTestId("delete-element").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("30 days");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.GetByText($"\"{name}\" moved to the recycle bin.")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/contacts$"));
        Assert.Null(await Fixture.App.Get<ContactService>().GetAsync(contact.Id));

        await page.GotoAsync("/recycle-bin");
        var row = page.Locator($"[data-testid=bin-row][data-element='contact:{contact.Id}']");
        await Expect(row).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);
        await row.GetByTestId("bin-restore").ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        await page.GotoAsync($"/contacts/{contact.Id}");
        await Expect(page.GetByTestId("contact-name")).ToHaveTextAsync(name);
        var kinds = (await Fixture.App.Get<TimelineService>().ForElementAsync(ElementRef.Contact(contact.Id), 0, 20)).Items.Select(i => i.Kind);
        Assert.Contains(TimelineKind.Restored, kinds);
        await CloseCheckedAsync(page);
    }
}
