using Microsoft.Playwright;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>The deal list beside the board, saved views, and merging from a list's selection (issue 18, decision 028).</summary>
public sealed class DealListBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly PageWaitForURLOptions Long = new() { Timeout = 20_000 };

    [Fact]
    public async Task SwitchToTheList_SortAColumn_SaveAView_ReloadRestoresIt()
    {
        var prefix = $"Lst{Guid.NewGuid():N}"[..12];
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var stage = (await Fixture.App.Get<DealBoardService>().GetBoardAsync(null))!.Columns[0].Stage.Id;
        foreach (var (title, amount) in new[] { ($"{prefix} big", 9000m), ($"{prefix} small", 50m), ($"{prefix} middle", 700m) })
        {
            Assert.True((await Fixture.App.Get<DealService>().CreateAsync(new DealInput { Title = title, Amount = amount, Currency = "PLN", StageId = stage }, manager)).IsOk);
        }

        var page = await Fixture.SignInAsync("manager@demo.crm", $"/deals?q={prefix}");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.GetByTestId("deal-view-list").ClickAsync();
        await page.WaitForURLAsync(new Regex($"/deals/list\\?.*q={prefix}"), Long);
        await BrowserFixture.WaitInteractiveAsync(page);
        var links = page.GetByTestId("deals-grid").Locator("a[data-deal-id]");
        await Expect(links).ToHaveCountAsync(3, new() { Timeout = 20_000 });
        await Expect(page.GetByLabel("Search deals", new() { Exact = true })).ToHaveValueAsync(prefix);

        await page.GetByTestId("deals-grid").Locator("th").Filter(new() { HasText = "Amount" }).Locator(".sortable-column-header").ClickAsync();
        await page.WaitForURLAsync(new Regex("sort=amount"), Long);
        await Expect(links.First).ToHaveTextAsync($"{prefix} small");
        await Expect(links.Last).ToHaveTextAsync($"{prefix} big");

        var viewName = $"View {prefix}";
        await page.GetByTestId("saved-views").ClickAsync();
        await page.GetByTestId("saved-view-save").ClickAsync();
        await page.GetByLabel("View name", new() { Exact = true }).FillAsync(viewName);
        await page.GetByTestId("saved-view-save-run").ClickAsync();
        await Expect(page.GetByTestId("saved-views")).ToContainTextAsync(viewName);

        // Away to the unfiltered list, then the view brings the filter and the sort back.
        await page.GotoAsync($"{Fixture.App.BaseUrl}/deals/list");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(page.GetByLabel("Search deals", new() { Exact = true })).ToHaveValueAsync("");
        await page.GetByTestId("saved-views").ClickAsync();
        await page.Locator($"[data-testid=saved-view][data-view='{viewName}']").ClickAsync();
        await page.WaitForURLAsync(new Regex($"q={prefix}.*sort=amount|sort=amount.*q={prefix}"), Long);
        await page.ReloadAsync();
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(page.GetByLabel("Search deals", new() { Exact = true })).ToHaveValueAsync(prefix);
        await Expect(links).ToHaveCountAsync(3, new() { Timeout = 20_000 });
        await Expect(links.First).ToHaveTextAsync($"{prefix} small");
        await Expect(page.GetByTestId("saved-views")).ToContainTextAsync(viewName);
        await Axe.AssertAccessibleAsync(page);

        // A filter that matches nothing says so and offers the way back.
        await page.GetByLabel("Search deals", new() { Exact = true }).FillAsync($"{prefix}-nothing");
        await Expect(page.GetByTestId("list-no-matches")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await page.GetByTestId("list-clear-filters").ClickAsync();
        await Expect(page.GetByLabel("Search deals", new() { Exact = true })).ToHaveValueAsync("");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MergeTwoContactsSelectedOnTheList_TheirDealsAreTogether()
    {
        var name = $"Sel{Guid.NewGuid():N}"[..12];
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var contacts = Fixture.App.Get<ContactService>();
        var first = (await contacts.SaveAsync(null, 0, new ContactInput { FirstName = name, LastName = "One" }, manager)).Value!;
        var second = (await contacts.SaveAsync(null, 0, new ContactInput { FirstName = name, LastName = "Two" }, manager)).Value!;
        var stage = (await Fixture.App.Get<DealBoardService>().GetBoardAsync(null))!.Columns[0].Stage.Id;
        await Fixture.App.Get<DealService>().CreateAsync(new DealInput { Title = $"{name} deal A", Amount = 10, Currency = "PLN", StageId = stage, ContactId = first.Id }, manager);
        await Fixture.App.Get<DealService>().CreateAsync(new DealInput { Title = $"{name} deal B", Amount = 20, Currency = "PLN", StageId = stage, ContactId = second.Id }, manager);

        var page = await Fixture.SignInAsync("manager@demo.crm", $"/contacts?q={name}");
        await BrowserFixture.WaitInteractiveAsync(page);
        var rows = page.GetByTestId("contacts-table").GetByTestId("row-select");
        await Expect(rows).ToHaveCountAsync(2, new() { Timeout = 20_000 });
        await Axe.AssertAccessibleAsync(page);
        await page.GetByLabel($"Select {name} One", new() { Exact = true }).CheckAsync();
        await page.GetByLabel($"Select {name} Two", new() { Exact = true }).CheckAsync();
        await page.GetByTestId("list-merge").ClickAsync();

        var chooser = page.GetByTestId("merge-chooser");
        await Expect(chooser).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await chooser.GetByTestId("merge-run").ClickAsync();

        await Expect(page.GetByTestId("contact-name")).ToHaveTextAsync($"{name} One", new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("party-deal")).ToHaveCountAsync(2);
        Assert.Null(await contacts.GetAsync(second.Id));
        await page.Context.CloseAsync();
    }
}
