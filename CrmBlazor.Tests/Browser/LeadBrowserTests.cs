using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed partial class LeadBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private async Task<(IPage Page, int LeadId)> CreateLeadByHandAsync(string title, string email, string phone, string? company = null)
    {
        var page = await Fixture.SignInAsync("manager@demo.crm", "/leads/new");
        await Field(page, "Title").FillAsync(title);
        await Field(page, "First name").FillAsync("Olivia");
        await Field(page, "Last name").FillAsync("Clarke");
        if (company is not null)
        {
            await Field(page, "Company").FillAsync(company);
        }
        await Field(page, "Phone").FillAsync(phone);
        await Field(page, "E-mail").FillAsync(email);
        await page.GetByLabel("Expected amount").FillAsync("6000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(LeadUrl());
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Complete lead" })).ToBeVisibleAsync();
        var id = int.Parse(LeadUrl().Match(page.Url).Groups[1].Value);
        return (page, id);
    }

    [Fact]
    public async Task NewLead_CompletedIntoContactCompanyAndDeal_LandsOnTheDealThatAnotherUserSeesArrive()
    {
        var watcher = await Fixture.SignInAsync("piotr@demo.crm");
        var (page, leadId) = await CreateLeadByHandAsync("Training for 15 people", "olivia@clarke-studio.com", "+44 20 7946 0123", "Clarke Studio");
        await Expect(page.GetByTestId("duplicates")).ToContainTextAsync("No similar");

        await page.GetByRole(AriaRole.Button, new() { Name = "Complete lead" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByTestId("contact-section").GetByLabel("First name")).ToHaveValueAsync("Olivia");
        await Expect(dialog.GetByTestId("company-section").GetByLabel("Name")).ToHaveValueAsync("Clarke Studio");
        await Expect(dialog.GetByTestId("deal-section").GetByLabel("Title")).ToHaveValueAsync("Training for 15 people");
        await dialog.GetByTestId("deal-section").GetByLabel("Amount").FillAsync("6500");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Convert" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/deals\?deal=\d+$"));
        var lead = (await Fixture.App.Get<LeadService>().GetAsync(leadId))!;
        Assert.Equal(LeadStatus.Converted, lead.Input.Status);
        Assert.NotNull(lead.ConvertedContactId);
        Assert.NotNull(lead.ConvertedCompanyId);
        var dealId = lead.ConvertedDealId!.Value;
        await Expect(page.Locator($"[data-deal-id='{dealId}'][data-highlighted='true']")).ToContainTextAsync("6,500 PLN");
        await Expect(watcher.Locator($"[data-deal-id='{dealId}']")).ToContainTextAsync("Training for 15 people");
        await Expect(watcher.Locator($"[data-deal-id='{dealId}']")).ToContainTextAsync("Clarke Studio");

        await page.GotoAsync($"/leads/{leadId}");
        await Expect(page.GetByTestId("lead-outcome")).ToContainTextAsync("Converted by Marta Kowalska");
        await Expect(page.GetByTestId("outcome-deal")).ToHaveAttributeAsync("href", $"deals/{dealId}");
        await Expect(page.GetByTestId("outcome-contact")).ToHaveAttributeAsync("href", $"contacts/{lead.ConvertedContactId}");
        await Expect(page.GetByTestId("outcome-company")).ToHaveAttributeAsync("href", $"companies/{lead.ConvertedCompanyId}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Complete lead" })).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("lead-status-bar").GetByRole(AriaRole.Button)).ToHaveCountAsync(4);
        await Axe.AssertAccessibleAsync(page);
        await page.GetByTestId("outcome-contact").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($@"/contacts/{lead.ConvertedContactId}$"));
        await CloseCheckedAsync(page, watcher);
    }

    [Fact]
    public async Task Lead_CompletedAsJunk_ShowsTheReasonAndAnotherUsersListShowsItLive()
    {
        var list = await Fixture.SignInAsync("anna@demo.crm", "/leads");
        var (page, leadId) = await CreateLeadByHandAsync("Spammy enquiry", "bot@spam-example.com", "601 999 888");
        await Expect(list.Locator($"[data-lead-id='{leadId}']")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Complete lead" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Tab, new() { Name = "Junk" }).ClickAsync();
        // The comment first, then the reason: with the comment typed right after the reason's list closed (it gives the
        // focus back to its field), the saved lead lacked the comment in 2 of 3 CI runs; the exact race is not proven.
        await dialog.GetByLabel("Comment").FillAsync("Automated message");
        await Axe.AssertAccessibleAsync(page);
        await dialog.GetByLabel("Comment").PressAsync("Tab");
        await dialog.GetByLabel("Reason").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Spam" }).ClickAsync();
        await Expect(dialog.GetByLabel("Comment")).ToHaveValueAsync("Automated message");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Mark as junk" }).ClickAsync();

        await Expect(page.GetByTestId("lead-outcome")).ToContainTextAsync("Spam");
        await Expect(page.GetByTestId("lead-outcome")).ToContainTextAsync("Automated message");
        var row = list.Locator("tr").Filter(new() { Has = list.Locator($"[data-lead-id='{leadId}']") });
        await Expect(row.GetByTestId("lead-status")).ToHaveTextAsync("Junk");
        await CloseCheckedAsync(page, list);
    }

    [Fact]
    public async Task Lead_WithAnExistingContactsEmail_ShowsTheDuplicateAndLinksItInsteadOfCreatingOne()
    {
        await using var db = await Fixture.App.Get<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        var existing = await db.Contacts.Where(c => c.Email != null).OrderBy(c => c.Id).FirstAsync();
        var contactsBefore = await db.Contacts.CountAsync();
        var (page, leadId) = await CreateLeadByHandAsync("Repeat customer", existing.Email!.ToUpperInvariant(), "602 111 222");
        await Expect(page.GetByTestId("duplicate").Filter(new() { HasText = $"Contact: {existing.FirstName}" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Complete lead" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByRole(AriaRole.Radio, new() { Name = $"Use the existing {existing.FirstName} {existing.LastName}" })).ToBeCheckedAsync();
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Deal" }).UncheckAsync();
        await Axe.AssertAccessibleAsync(page);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Convert" }).ClickAsync();

        // Without a deal, Complete lead opens the contact it linked.
        await Expect(page).ToHaveURLAsync(new Regex($"/contacts/{existing.Id}$"));
        var lead = (await Fixture.App.Get<LeadService>().GetAsync(leadId))!;
        Assert.Equal(existing.Id, lead.ConvertedContactId);
        Assert.Null(lead.ConvertedDealId);
        Assert.Equal(contactsBefore, await db.Contacts.CountAsync());
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task NewLead_BadPhoneAndNoEmail_ShowsTheMessageNextToThePhone()
    {
        var page = await Fixture.SignInAsync("anna@demo.crm", "/leads/new");
        await Field(page, "Title").FillAsync("Bad number");
        await Field(page, "Phone").FillAsync("12");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.GetByText("Enter a valid phone number")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/leads/new$"));
        await CloseCheckedAsync(page);
    }

    /// <summary>The text box labelled exactly <paramref name="label"/> (a required one carries a trailing *).</summary>
    private static ILocator Field(IPage page, string label) =>
        page.GetByRole(AriaRole.Textbox, new() { NameRegex = new Regex($@"^{Regex.Escape(label)}\s*\*?$") });

    [GeneratedRegex(@"/leads/(\d+)$")]
    private static partial Regex LeadUrl();
}
