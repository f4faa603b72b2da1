using Microsoft.Playwright;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// The catalog and the Activities list as every other list (issue 18, decision 028): a column sorted and a filter set
/// live in the address, a reload restores them, a saved view brings them back, and "no matches" offers the way back.
/// </summary>
public sealed class ProductActivityListBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    // The lists change their own address in place (no new document): the page's address is polled, not a navigation
    // event waited for (waits for one timed out on a loaded machine while the select showed the choice).
    private static readonly PageAssertionsToHaveURLOptions Long = new() { Timeout = 20_000 };

    private static async Task SaveViewAsync(IPage page, string name)
    {
        await page.GetByTestId("saved-views").ClickAsync();
        await page.GetByTestId("saved-view-save").ClickAsync();
        await page.GetByLabel("View name", new() { Exact = true }).FillAsync(name);
        await page.GetByTestId("saved-view-save-run").ClickAsync();
        await Expect(page.GetByTestId("saved-views")).ToContainTextAsync(name, new() { Timeout = 20_000 });
    }

    private static async Task ApplyViewAsync(IPage page, string name)
    {
        await page.GetByTestId("saved-views").ClickAsync();
        await page.Locator($"[data-testid=saved-view][data-view='{name}']").ClickAsync();
    }

    [Fact]
    public async Task Products_SearchAndSortByPrice_ReloadRestoresThem_ASavedViewBringsThemBack()
    {
        var prefix = $"Pl{Guid.NewGuid():N}"[..12];
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        foreach (var (name, price) in new[] { ($"{prefix} anvil", 9.5m), ($"{prefix} bolt", 1000m), ($"{prefix} cable", 100m) })
        {
            Assert.True((await Fixture.App.Get<ProductService>().SaveAsync(null, 0, new ProductInput { Name = name, Unit = "pcs", Price = price, Currency = "PLN", TaxRate = 23 }, manager)).IsOk);
        }

        var page = await Fixture.SignInAsync("manager@demo.crm", "/products");
        await BrowserFixture.WaitInteractiveAsync(page);
        var search = page.GetByPlaceholder("Search", new() { Exact = true });
        await search.FillAsync(prefix);
        await Expect(page).ToHaveURLAsync(new Regex($"/products\\?q={prefix}"), Long);
        var rows = page.GetByTestId("products-table").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(3, new() { Timeout = 20_000 });
        await Expect(rows.First).ToContainTextAsync($"{prefix} anvil");

        // By price as a number: 9.50, 100, 1000.
        await page.GetByTestId("products-table").Locator("th").Filter(new() { HasText = "Net price" }).Locator(".mud-table-sort-label").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("sort=price"), Long);
        await Expect(rows.Nth(1)).ToContainTextAsync($"{prefix} cable", new() { Timeout = 20_000 });
        await Expect(rows.Last).ToContainTextAsync($"{prefix} bolt");

        await page.ReloadAsync();
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(search).ToHaveValueAsync(prefix);
        await Expect(rows).ToHaveCountAsync(3, new() { Timeout = 20_000 });
        await Expect(rows.Nth(1)).ToContainTextAsync($"{prefix} cable", new() { Timeout = 20_000 });
        await Expect(rows.Last).ToContainTextAsync($"{prefix} bolt");

        var viewName = $"Catalog {prefix}";
        await SaveViewAsync(page, viewName);
        await page.GotoAsync($"{Fixture.App.BaseUrl}/products");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(search).ToHaveValueAsync("");
        await ApplyViewAsync(page, viewName);
        await Expect(page).ToHaveURLAsync(new Regex($"q={prefix}.*sort=price|sort=price.*q={prefix}"), Long);
        await Expect(rows).ToHaveCountAsync(3, new() { Timeout = 20_000 });
        await Expect(rows.Nth(1)).ToContainTextAsync($"{prefix} cable", new() { Timeout = 20_000 });
        await Expect(rows.Last).ToContainTextAsync($"{prefix} bolt");
        await Expect(page.GetByTestId("saved-views")).ToContainTextAsync(viewName, new() { Timeout = 20_000 });
        Assert.Matches("sort=price", page.Url);
        await Axe.AssertAccessibleAsync(page);

        // A search that matches nothing says so and offers the way back; the sort stays.
        await search.FillAsync($"{prefix}-nothing");
        await Expect(page.GetByTestId("list-no-matches")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await page.GetByTestId("list-clear-filters").ClickAsync();
        await Expect(search).ToHaveValueAsync("", new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("list-no-matches")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        Assert.Matches("sort=price", page.Url);
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task Contacts_ClearFilters_EmptiesTheSearchBoxToo()
    {
        var nothing = $"Nothing{Guid.NewGuid():N}"[..16];
        var page = await Fixture.SignInAsync("manager@demo.crm", $"/contacts?q={nothing}&sort=city");
        await BrowserFixture.WaitInteractiveAsync(page);
        var search = page.GetByPlaceholder("Search", new() { Exact = true });
        await Expect(search).ToHaveValueAsync(nothing);
        await Expect(page.GetByTestId("list-no-matches")).ToBeVisibleAsync(new() { Timeout = 20_000 });

        await page.GetByTestId("list-clear-filters").ClickAsync();

        await Expect(search).ToHaveValueAsync("", new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("contacts-table").GetByTestId("row-select").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        Assert.Matches("sort=city", page.Url);
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task Activities_FilterByTypeAndSortBySubject_ReloadRestoresThem_ASavedViewBringsThemBack()
    {
        var prefix = $"Al{Guid.NewGuid():N}"[..12];
        // A user of their own: "my activities" are exactly the ones planned here.
        var email = await Fixture.EnsureAdminAsync($"x-lists-{prefix}@test.crm");
        var admin = await Fixture.App.ActorAsync(email);
        var stage = (await Fixture.App.Get<DealBoardService>().GetBoardAsync(null))!.Columns[0].Stage.Id;
        var deal = (await Fixture.App.Get<DealService>().CreateAsync(new DealInput { Title = $"{prefix} deal", Amount = 10, Currency = "PLN", StageId = stage }, admin)).Value!;
        var now = Fixture.App.Get<CrmTime>().UtcNow;
        foreach (var (subject, type, days) in new[] { ("alpha", ActivityType.Task, 3), ("charlie", ActivityType.Task, 1), ("bravo", ActivityType.Meeting, 2) })
        {
            var planned = await Fixture.App.Get<ActivityService>().PlanAsync(ElementRef.Deal(deal.Id), new ActivityInput
            {
                Type = type, Subject = $"{prefix} {subject}", Deadline = now.AddDays(days), DurationMinutes = 30, ResponsibleUserId = admin.UserId,
            }, admin);
            Assert.True(planned.IsOk);
        }

        var page = await Fixture.SignInAsync(email, "/activities");
        await BrowserFixture.WaitInteractiveAsync(page);
        var subjects = page.GetByTestId("activities-grid").GetByTestId("open-activity");
        await Expect(subjects).ToHaveTextAsync([$"{prefix} charlie", $"{prefix} bravo", $"{prefix} alpha"], new() { Timeout = 20_000 });

        await BrowserFixture.ChooseAsync(page, "Type", "Task");
        await Expect(page).ToHaveURLAsync(new Regex("type=Task"), Long);
        await Expect(subjects).ToHaveTextAsync([$"{prefix} charlie", $"{prefix} alpha"], new() { Timeout = 20_000 });
        await page.GetByTestId("activities-grid").Locator("th").Filter(new() { HasText = "Subject" }).Locator(".sortable-column-header").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("sort=subject"), Long);
        await Expect(subjects).ToHaveTextAsync([$"{prefix} alpha", $"{prefix} charlie"], new() { Timeout = 20_000 });

        await page.ReloadAsync();
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(subjects).ToHaveTextAsync([$"{prefix} alpha", $"{prefix} charlie"], new() { Timeout = 20_000 });
        Assert.Matches("type=Task", page.Url);

        var viewName = $"Tasks {prefix}";
        await SaveViewAsync(page, viewName);
        await page.GotoAsync($"{Fixture.App.BaseUrl}/activities");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(subjects).ToHaveTextAsync([$"{prefix} charlie", $"{prefix} bravo", $"{prefix} alpha"], new() { Timeout = 20_000 });
        await ApplyViewAsync(page, viewName);
        await Expect(page).ToHaveURLAsync(new Regex("type=Task.*sort=subject|sort=subject.*type=Task"), Long);
        await Expect(subjects).ToHaveTextAsync([$"{prefix} alpha", $"{prefix} charlie"], new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("saved-views")).ToContainTextAsync(viewName, new() { Timeout = 20_000 });
        await Axe.AssertAccessibleAsync(page);

        // Only companies' activities: none, which says so; clearing the filters keeps the sort.
        await page.GetByLabel("Element", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Company", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("list-no-matches")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await page.GetByTestId("list-clear-filters").ClickAsync();
        await Expect(subjects).ToHaveTextAsync([$"{prefix} alpha", $"{prefix} bravo", $"{prefix} charlie"], new() { Timeout = 20_000 });
        Assert.Matches("sort=subject", page.Url);
        await CloseCheckedAsync(page);
    }
}
