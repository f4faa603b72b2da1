using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Contact and company pages, the catalog and the lost-reason settings in a real browser.</summary>
public sealed class PartyPagesBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task ContactPage_AddASecondPhone_ThenANewDealPreLinkedToTheContact()
    {
        int contactId;
        await using (var db = await Fixture.App.Get<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync())
        {
            var manager = await db.Users.SingleAsync(u => u.Email == "manager@demo.crm");
            contactId = await db.Contacts.Where(c => c.ResponsibleUserId == manager.Id && c.CompanyId != null).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        }
        var page = await Fixture.SignInAsync("manager@demo.crm", $"/contacts/{contactId}");
        await Expect(page.GetByTestId("contact-page")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);

        // The phones are edited together in place: their Edit button opens them, Enter saves them.
        await page.GetByTestId("edit-Points").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a phone" }).ClickAsync();
        await Expect(page.GetByTestId("phone-row")).ToHaveCountAsync(2);
        await page.GetByTestId("phone-row").Last.GetByLabel("Phone").FillAsync("12");
        await page.GetByTestId("phone-row").Last.GetByLabel("Phone").PressAsync("Enter");
        await Expect(page.GetByTestId("phone-row").Last.GetByText("Enter a valid phone number")).ToBeVisibleAsync();
        await page.GetByTestId("phone-row").Last.GetByLabel("Phone").FillAsync("602 111 333");
        await page.GetByTestId("phone-row").Last.GetByLabel("Phone").PressAsync("Enter");
        await Expect(page.GetByText("Saved.")).ToBeVisibleAsync();
        var contact = (await Fixture.App.Get<ContactService>().GetAsync(contactId))!;
        Assert.Contains(contact.Input.Phones, p => p.Number == "+48602111333");

        await page.GetByTestId("party-new-deal").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Title").FillAsync("Follow-up order");
        await dialog.GetByLabel("Amount").FillAsync("800");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.GetByTestId("deal-title")).ToHaveTextAsync("Follow-up order");
        var dealId = int.Parse((await page.GetByTestId("deal-page").GetAttributeAsync("data-deal-id"))!);
        var deal = (await Fixture.App.Get<DealService>().GetForEditAsync(dealId))!;
        Assert.Equal((contactId, contact.Input.CompanyId), (deal.Input.ContactId, deal.Input.CompanyId));
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the contact" }).ClickAsync();
        await Expect(page.Locator($"[data-testid=party-deal][data-deal-id='{dealId}']")).ToBeVisibleAsync();
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task Admin_SeesTheCatalogAndManagesLostReasons()
    {
        // An admin of its own: another test locks the demo admin out on purpose.
        var email = await Fixture.EnsureAdminAsync("catalog-admin@demo.crm");
        var page = await Fixture.SignInAsync(email, "/products");
        await page.GetByPlaceholder("Search").FillAsync("Monitor");
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "HW-MON-27" })).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Lost reasons" }).ClickAsync();
        await page.GetByTestId("new-lost-reason").FillAsync("Project cancelled");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();

        await Expect(page.GetByTestId("lost-reason").Last.GetByRole(AriaRole.Textbox, new() { Name = "Reason" })).ToHaveValueAsync("Project cancelled");
        Assert.Contains(await Fixture.App.Get<LostReasonService>().ListAsync(), r => r.Name == "Project cancelled");
        await CloseCheckedAsync(page);
    }
}
