using Microsoft.Playwright;
using static CrmBlazor.Tests.Infrastructure.InPlaceFields;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// What a user typed in a field open in place and has not saved survives a lost circuit (issue 17, decision 032): the
/// page's connection drops (a real drop, <see cref="TcpRelay"/>) past the server's retention of disconnected circuits,
/// the page resumes on a new circuit without a reload, and the field is open again with the text typed; Enter saves it,
/// keeping what another user saved meanwhile in another field, and a field another user saved meanwhile is said.
/// </summary>
public sealed class KeptTypingBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string SavedMeanwhile = "Someone else saved this field while you were away";

    private static readonly LocatorAssertionsToBeVisibleOptions Back = new() { Timeout = 90_000 };

    [Fact]
    public async Task DealPage_TitleBeingTyped_DroppedPastTheRetention_ComesBackOpenWithTheText_EnterSavesIt_AndKeepsTheAmountSavedMeanwhile()
    {
        var log = new CircuitLog();
        await using var crm = new CrmAppFactory(settings: CircuitResumeBrowserTests.ShortRetention, services: log.AddTo);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (card, _) = await crm.NewDealAsync($"Kept {tag}", "anna@demo.crm");
        using var relay = new TcpRelay(crm.BaseUrl);
        var (page, opened) = await TypeThenDropAsync(relay, log, $"/deals/{card.Id}", "Title", $"Kept {tag} typed");
        // Meanwhile the manager changes another field of the deal.
        var deal = (await crm.Get<DealQueryService>().GetDetailsAsync(card.Id))!;
        Assert.True((await crm.Get<DealService>().UpdateAsync(deal.Id, deal.Version, deal.Input with { Amount = 777m }, await crm.ActorAsync("manager@demo.crm"))).IsOk);
        relay.Restore(crm.BaseUrl);

        // Back on a new circuit: the page shows the amount saved meanwhile (the DOM kept from before the drop does not).
        await Expect(Shown(page, "Amount")).ToContainTextAsync("777", new() { Timeout = 90_000 });
        await AssertResumedAsync(page, log, opened, "Title", $"Kept {tag} typed");
        await Expect(page.GetByText(SavedMeanwhile)).Not.ToBeVisibleAsync();

        await Editor(page, "Title").Locator("input").PressAsync("Enter");
        await Expect(Shown(page, "Title")).ToContainTextAsync($"Kept {tag} typed", new() { Timeout = 15_000 });
        var saved = (await crm.Get<DealQueryService>().GetDetailsAsync(card.Id))!;
        Assert.Equal(($"Kept {tag} typed", 777m), (saved.Input.Title, saved.Input.Amount));
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task ContactPage_PositionBeingTyped_DroppedPastTheRetention_ComesBackOpenWithTheText_AndSaysItWasSavedMeanwhile()
    {
        var log = new CircuitLog();
        await using var crm = new CrmAppFactory(settings: CircuitResumeBrowserTests.ShortRetention, services: log.AddTo);
        var anna = await crm.ActorAsync("anna@demo.crm");
        var contacts = crm.Get<ContactService>();
        var contact = (await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Kept", LastName = Guid.NewGuid().ToString("N")[..6], Position = "Before", ResponsibleUserId = anna.UserId }, anna)).Value!;
        using var relay = new TcpRelay(crm.BaseUrl);
        var (page, opened) = await TypeThenDropAsync(relay, log, $"/contacts/{contact.Id}", "Position", "Mine");
        var current = (await contacts.GetAsync(contact.Id))!;
        Assert.True((await contacts.SaveAsync(contact.Id, current.Version, current.Input with { Position = "Theirs" }, await crm.ActorAsync("manager@demo.crm"))).IsOk);
        relay.Restore(crm.BaseUrl);

        // Only the resumed circuit says this (the DOM kept from before the drop still shows the field as it was).
        await Expect(page.GetByText(SavedMeanwhile)).ToBeVisibleAsync(Back);
        await AssertResumedAsync(page, log, opened, "Position", "Mine");

        // Escape shows theirs, and nothing was saved over it.
        await Editor(page, "Position").Locator("input").PressAsync("Escape");
        await Expect(Shown(page, "Position")).ToContainTextAsync("Theirs", new() { Timeout = 15_000 });
        Assert.Equal("Theirs", (await contacts.GetAsync(contact.Id))!.Input.Position);
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task LeadPage_LastNameBeingTyped_DroppedPastTheRetention_ComesBackOpenWithTheText_EnterSavesIt_AndKeepsTheFirstNameSavedMeanwhile()
    {
        var log = new CircuitLog();
        await using var crm = new CrmAppFactory(settings: CircuitResumeBrowserTests.ShortRetention, services: log.AddTo);
        var anna = await crm.ActorAsync("anna@demo.crm");
        var leads = crm.Get<LeadService>();
        var created = await leads.CreateAsync(new LeadInput
        {
            Title = $"Kept {Guid.NewGuid():N}"[..13], FirstName = "Jan", LastName = "Before", Emails = [new EmailInput($"{Guid.NewGuid():N}@example.com")],
            ResponsibleUserId = anna.UserId, Source = LeadSource.Call,
        }, anna);
        Assert.True(created.IsOk, string.Join("; ", created.Errors.Select(e => e.ToString())));
        var id = created.Value!.Id;
        using var relay = new TcpRelay(crm.BaseUrl);
        var (page, opened) = await TypeThenDropAsync(relay, log, $"/leads/{id}", "LastName", "Typed");
        var lead = (await leads.GetAsync(id))!;
        Assert.True((await leads.UpdateAsync(id, lead.Version, lead.Input with { FirstName = "Janina" }, await crm.ActorAsync("manager@demo.crm"))).IsOk);
        relay.Restore(crm.BaseUrl);

        // Back on a new circuit: the page shows the first name saved meanwhile (the DOM kept from before the drop does not).
        await Expect(Shown(page, "FirstName")).ToContainTextAsync("Janina", new() { Timeout = 90_000 });
        await AssertResumedAsync(page, log, opened, "LastName", "Typed");
        await Editor(page, "LastName").Locator("input").PressAsync("Enter");
        await Expect(Shown(page, "LastName")).ToContainTextAsync("Typed", new() { Timeout = 15_000 });
        var saved = (await leads.GetAsync(id))!;
        Assert.Equal(("Janina", "Typed"), (saved.Input.FirstName, saved.Input.LastName));
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task DealPage_TitleBeingTyped_ServerRestarted_ThePagePausesAndComesBackOpenWithTheText()
    {
        // One server on SQLite, stopped and started again on the same file (a deploy): the stopping server asks the page
        // to pause (decision 032, case 3), the browser holds the circuit's state, and resumes it on the restarted server.
        using var directory = new ScratchDirectory("crm-kept-");
        var database = new Dictionary<string, string> { ["ConnectionStrings:Crm"] = $"Data Source={directory.File("crm.db")}" };
        var before = new CrmAppFactory(settings: database);
        CrmAppFactory? after = null;
        try
        {
            var tag = Guid.NewGuid().ToString("N")[..6];
            var (card, _) = await before.NewDealAsync($"Kept {tag}", "anna@demo.crm");
            using var relay = new TcpRelay(before.BaseUrl);
            var page = await BrowserFixture.SignInAsync(Fixture.Browser, relay.BaseUrl, "anna@demo.crm", $"/deals/{card.Id}");
            await Shown(page, "Title").ClickAsync();
            await Editor(page, "Title").Locator("input").FillAsync($"Kept {tag} typed");
            await Expect(Editor(page, "Title")).ToHaveAttributeAsync("data-unsaved", "true");
            await page.EvaluateAsync("() => window.crmNotReloaded = true");

            await before.DisposeAsync();
            after = new CrmAppFactory(settings: database);
            var deal = (await after.Get<DealQueryService>().GetDetailsAsync(card.Id))!;
            Assert.True((await after.Get<DealService>().UpdateAsync(deal.Id, deal.Version, deal.Input with { Amount = 777m }, await after.ActorAsync("manager@demo.crm"))).IsOk);
            relay.Restore(after.BaseUrl);

            // Back on the restarted server: the page shows the amount saved meanwhile, and the title as typed, open.
            await Expect(Shown(page, "Amount")).ToContainTextAsync("777", new() { Timeout = 90_000 });
            await Expect(page.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync();
            Assert.True(await page.EvaluateAsync<bool>("() => window.crmNotReloaded === true"), "The page was reloaded.");
            await Expect(Editor(page, "Title").Locator("input")).ToHaveValueAsync($"Kept {tag} typed");
            await Editor(page, "Title").Locator("input").PressAsync("Enter");
            await Expect(Shown(page, "Title")).ToContainTextAsync($"Kept {tag} typed", new() { Timeout = 15_000 });
            Assert.Equal($"Kept {tag} typed", (await after.Get<DealQueryService>().GetDetailsAsync(card.Id))!.Input.Title);
            await CloseCheckedAsync(page);
        }
        finally
        {
            await before.DisposeAsync();
            if (after is not null)
            {
                await after.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Anna, through <paramref name="relay"/>, opens <paramref name="field"/> on the page at <paramref name="path"/> and
    /// types <paramref name="text"/> (until the server has it); then the network is cut until the server has closed the
    /// circuit. Returns the page and how many circuits the server had opened by then.
    /// </summary>
    private async Task<(IPage Page, int Opened)> TypeThenDropAsync(TcpRelay relay, CircuitLog log, string path, string field, string text)
    {
        var page = await BrowserFixture.SignInAsync(Fixture.Browser, relay.BaseUrl, "anna@demo.crm", path);
        await Shown(page, field).ClickAsync();
        await Editor(page, field).Locator("input").FillAsync(text);
        await Expect(Editor(page, field)).ToHaveAttributeAsync("data-unsaved", "true");
        await page.EvaluateAsync("() => window.crmNotReloaded = true");
        var opened = log.Opened;
        await CircuitResumeBrowserTests.CutUntilClosedAsync(relay, log);
        return (page, opened);
    }

    /// <summary>The page is back, not reloaded, on a new circuit, with <paramref name="field"/> open and holding <paramref name="text"/>, unsaved.</summary>
    private static async Task AssertResumedAsync(IPage page, CircuitLog log, int opened, string field, string text)
    {
        await Expect(page.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.crmNotReloaded === true"), "The page was reloaded.");
        Assert.True(log.Opened > opened, "The page came back to the old circuit, not a resumed one.");
        await Expect(Editor(page, field).Locator("input")).ToHaveValueAsync(text);
        await Expect(Editor(page, field)).ToHaveAttributeAsync("data-unsaved", "true");
    }
}
