using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// A phone (390 x 844) inside the parts <see cref="PhoneBrowserTests"/> does not look into: the cards the lists become
/// (a table scrolls sideways, so its cells are left out there), the board's swipe by column and card menu, and dialogs
/// that take the whole screen.
/// </summary>
public sealed class PhoneLayoutBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const int PhoneWidth = 390;
    private const int PhoneHeight = 844;

    [Fact]
    public async Task EveryList_OnAPhone_ShowsCardsWhoseCellsFitTheScreen_LongEmailsNamesAndMoneyIncluded()
    {
        var tag = $"Ph{Guid.NewGuid():N}"[..10];
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        // Values with no place to break a line, as real ones are: e-mails, hyphenated Polish names, large sums.
        var email = $"{tag}.zamowienia.hurtowe.przedsiebiorstwo@handlowo-uslugowe-wisniewscy.com.pl";
        var company = $"{tag} Przedsiębiorstwo-Handlowo-Usługowe-Wiśniewscy-i-Synowie";
        var person = "Wiśniewska-Kowalczyk-Brzęczyszczykiewicz";

        var lead = await Fixture.App.Get<LeadService>().CreateAsync(new LeadInput
        {
            Title = $"{tag}-Zapytanie-ofertowe-na-dostawę-materiałów-budowlanych", FirstName = "Zofia", LastName = person, CompanyName = company,
            Emails = [new EmailInput(email)], ExpectedAmount = 123456789.12m, Currency = "PLN", ResponsibleUserId = manager.UserId,
        }, manager);
        Assert.True(lead.IsOk);
        var firm = await Fixture.App.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput
        {
            Name = company, Email = email, Website = $"https://www.{tag}-handlowo-uslugowe-wisniewscy.com.pl/kontakt", City = "Konstancin-Jeziorna",
        }, manager);
        Assert.True(firm.IsOk);
        var contact = await Fixture.App.Get<ContactService>().SaveAsync(null, 0, new ContactInput
        {
            FirstName = tag, LastName = person, Email = email, Position = "Kierownik-działu-zaopatrzenia", CompanyId = firm.Value!.Id,
        }, manager);
        Assert.True(contact.IsOk);
        var stage = (await Fixture.App.Get<DealBoardService>().GetBoardAsync(null))!.Columns[0].Stage.Id;
        var deal = await Fixture.App.Get<DealService>().CreateAsync(new DealInput
        {
            Title = $"{tag}-Dostawa-materiałów-budowlanych-na-budowę-osiedla", Amount = 987654321.99m, Currency = "PLN", StageId = stage,
            CompanyId = firm.Value.Id, ContactId = contact.Value!.Id,
        }, manager);
        Assert.True(deal.IsOk);
        var time = Fixture.App.Get<CrmTime>();
        var activity = await Fixture.App.Get<CrmBlazor.Core.Activities.ActivityService>().PlanAsync(ElementRef.Lead(lead.Value!.Id), new CrmBlazor.Core.Activities.ActivityInput
        {
            Type = CrmBlazor.Core.Activities.ActivityType.Task, Subject = $"{tag}-Zadzwonić-w-sprawie-oferty-na-materiały-budowlane",
            Deadline = time.UtcNow.AddYears(-5), ResponsibleUserId = manager.UserId,
        }, manager);
        Assert.True(activity.IsOk);
        var product = await Fixture.App.Get<ProductService>().SaveAsync(null, 0, new ProductInput
        {
            Name = $"{tag}-Płyta-gipsowo-kartonowa-wodoodporna-impregnowana", Sku = $"{tag}-GKBI-12.5-1200x2600", Unit = "pcs", Price = 98765432.1234m, Currency = "PLN", TaxRate = 23,
        }, manager);
        Assert.True(product.IsOk);

        var page = await Fixture.SignInAsync("manager@demo.crm", "/leads");
        await page.SetViewportSizeAsync(PhoneWidth, PhoneHeight);
        var problems = new List<string>();
        var lists = new (string Path, string Grid, string Row)[]
        {
            ($"/leads?q={tag}", "leads-grid", $"[data-lead-id='{lead.Value.Id}']"),
            ($"/contacts?q={tag}", "contacts-table", $"a[href='contacts/{contact.Value.Id}']"),
            ($"/companies?q={tag}", "companies-table", $"a[href='companies/{firm.Value.Id}']"),
            ($"/deals/list?q={tag}", "deals-grid", $"[data-deal-id='{deal.Value!.Id}']"),
            ("/activities?period=Overdue", "activities-grid", $"[data-activity-id='{activity.Value!.Id}']"),
            ($"/products?q={tag}", "products-table", $"text={tag}-Płyta"),
        };
        foreach (var (path, grid, row) in lists)
        {
            await page.GotoAsync(path);
            await BrowserFixture.WaitInteractiveAsync(page);
            await Expect(page.GetByTestId(grid).Locator(row).First).ToBeVisibleAsync(new() { Timeout = 20_000 });
            var clipped = await ClippedCellsAsync(page, grid);
            problems.AddRange(clipped.Select(c => $"{path}: {c}"));
        }
        await page.GotoAsync($"/leads?q={tag}");
        await Expect(page.GetByTestId("leads-grid").Locator($"[data-lead-id='{lead.Value.Id}']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Axe.AssertAccessibleAsync(page);
        await CloseCheckedAsync(page);

        Assert.True(problems.Count == 0, $"{problems.Count} card cells clipped at {PhoneWidth} px:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task Board_OnAPhone_SnapsByColumn_ASwipeMovesOneColumn_AndTheCardMenuMovesACard()
    {
        var title = "Phone mover " + Guid.NewGuid().ToString("N")[..6];
        var (deal, board) = await Fixture.App.NewDealAsync(title);
        var target = board.Columns[2].Stage;
        var page = await Fixture.SignInAsync("manager@demo.crm", "/deals");
        await page.SetViewportSizeAsync(PhoneWidth, PhoneHeight);
        var card = page.Locator($"[data-deal-id='{deal.Id}']");
        await Expect(card).ToBeVisibleAsync();

        // The board's scroller snaps sideways, each column at its start, and a column is about one screen wide.
        var layout = await page.EvaluateAsync<string[]>("""
            () => {
                const b = document.querySelector('.board-host .board');
                const columns = [...b.querySelectorAll('.board-column')];
                return [getComputedStyle(b).scrollSnapType, ...columns.map(c => `${getComputedStyle(c).scrollSnapAlign} ${Math.round(c.getBoundingClientRect().width)}`)];
            }
            """);
        Assert.Equal("x mandatory", layout[0]);
        Assert.Equal(board.Columns.Count, layout.Length - 1);
        foreach (var column in layout.Skip(1))
        {
            var parts = column.Split(' ');
            Assert.Equal("start", parts[0]);
            var width = int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(width, PhoneWidth * 3 / 4, PhoneWidth);
        }
        await Axe.AssertAccessibleAsync(page);

        // A swipe of a bit more than half a column lands the next column's left edge on the snap point (the scroller's
        // left edge); back the same way.
        foreach (var (by, lands) in new[] { (1, 1), (1, 2), (-1, 1), (-1, 0) })
        {
            await page.EvaluateAsync("""
                by => {
                    const b = document.querySelector('.board-host .board');
                    const c = b.querySelectorAll('.board-column');
                    b.scrollBy({ left: by * 0.6 * (c[1].offsetLeft - c[0].offsetLeft), behavior: 'instant' });
                }
                """, by);
            try
            {
                await page.WaitForFunctionAsync("""
                    i => {
                        const b = document.querySelector('.board-host .board');
                        const c = b.querySelectorAll('.board-column')[i];
                        return Math.abs(c.getBoundingClientRect().left - (b.getBoundingClientRect().left + b.clientLeft)) <= 1;
                    }
                    """, lands, new() { Timeout = 10_000 });
            }
            catch (TimeoutException)
            {
                var at = await page.EvaluateAsync<string>("""
                    () => {
                        const b = document.querySelector('.board-host .board');
                        return `scrollLeft ${b.scrollLeft}, columns at ${[...b.querySelectorAll('.board-column')].map(c => Math.round(c.getBoundingClientRect().left)).join(', ')}`;
                    }
                    """);
                Assert.Fail($"after a swipe of {by} the column {lands} did not snap to the board's edge: {at}");
            }
        }

        // The card menu moves the card to another stage; the menu opens inside the screen.
        await BoardPage.Actions(page, deal.Id, title).ClickAsync();
        var item = page.GetByRole(AriaRole.Menuitem, new() { Name = target.Name });
        await Expect(item).ToBeVisibleAsync();
        var box = (await item.BoundingBoxAsync())!;
        Assert.True(box.X >= 0 && box.X + box.Width <= PhoneWidth + 1, $"the menu item is at {box.X}..{box.X + box.Width}px on a {PhoneWidth}px screen");
        await Axe.AssertAccessibleAsync(page);
        await item.ClickAsync();
        await Expect(BoardPage.Column(page, target.Id).Locator($"[data-deal-id='{deal.Id}']")).ToBeVisibleAsync();
        await Expect(BoardPage.Column(page, board.Columns[0].Stage.Id).Locator($"[data-deal-id='{deal.Id}']")).ToHaveCountAsync(0);
        await CloseCheckedAsync(page);
        var moved = (await Fixture.App.Get<DealService>().GetForEditAsync(deal.Id))!;
        Assert.Equal(target.Id, moved.Input.StageId);
    }

    [Fact]
    public async Task Dialogs_OnAPhone_TakeTheWholeScreen()
    {
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var lead = await Fixture.App.Get<LeadService>().CreateAsync(new LeadInput
        {
            Title = "Phone dialog " + Guid.NewGuid().ToString("N")[..6], FirstName = "Ewa", Emails = [new EmailInput($"{Guid.NewGuid():N}@example.com")],
            ResponsibleUserId = manager.UserId,
        }, manager);
        Assert.True(lead.IsOk);
        var page = await Fixture.SignInAsync("manager@demo.crm", "/deals");
        await page.SetViewportSizeAsync(PhoneWidth, PhoneHeight);
        var problems = new List<string>();

        await Expect(page.Locator(".board-column").First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New deal" }).First.ClickAsync();
        problems.AddRange(await FullScreenAsync(page, "New deal", d => d.GetByLabel("Title")));
        await Axe.AssertAccessibleAsync(page);
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        await page.GotoAsync($"/leads/{lead.Value!.Id}");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Complete lead" }).ClickAsync();
        problems.AddRange(await FullScreenAsync(page, "Complete lead", d => d.GetByRole(AriaRole.Button, new() { Name = "Convert" })));
        await Axe.AssertAccessibleAsync(page);
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        await page.GotoAsync("/contacts");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "New contact" }).ClickAsync();
        problems.AddRange(await FullScreenAsync(page, "New contact", d => d.GetByLabel("First name")));
        await Axe.AssertAccessibleAsync(page);
        await CloseCheckedAsync(page);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>
    /// Waits until the open dialog's box is the screen (width and height, ±1 px, at its top left corner), once its
    /// content shows; the box as it is when that does not happen within the wait.
    /// </summary>
    private static async Task<string[]> FullScreenAsync(IPage page, string name, Func<ILocator, ILocator> content)
    {
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(content(dialog).First).ToBeVisibleAsync();
        await Expect(page.Locator(".mud-dialog-container .mud-dialog")).ToHaveCountAsync(1);
        const string Box = """
            () => {
                const d = document.querySelector('.mud-dialog-container .mud-dialog').getBoundingClientRect();
                const w = document.documentElement.clientWidth, h = window.innerHeight;
                return { fits: Math.abs(d.left) <= 1 && Math.abs(d.top) <= 1 && Math.abs(d.width - w) <= 1 && Math.abs(d.height - h) <= 1,
                         box: `${Math.round(d.left)},${Math.round(d.top)} ${Math.round(d.width)}x${Math.round(d.height)} on ${w}x${h}` };
            }
            """;
        try
        {
            // A function, not an expression: Playwright evals an expression on each poll, which the app's CSP refuses.
            await page.WaitForFunctionAsync($"() => ({Box})().fits", null, new() { Timeout = 10_000 });
            return [];
        }
        catch (TimeoutException)
        {
            var box = await page.EvaluateAsync<System.Text.Json.JsonElement>(Box);
            return [$"{name}: the dialog is {box.GetProperty("box").GetString()}, not the whole screen"];
        }
    }

    /// <summary>
    /// Every cell of the list's cards (MudBlazor's small-screen layout, <c>mud-xs-table</c>) whose content is wider than
    /// the cell (it clips or runs out) or which is not wholly inside the screen; also says when the list is no cards.
    /// </summary>
    private static Task<string[]> ClippedCellsAsync(IPage page, string testId) => page.EvaluateAsync<string[]>("""
        testId => {
            const table = document.querySelector(`[data-testid='${testId}']`);
            if (!table) return [`${testId}: not found`];
            if (!table.matches('.mud-xs-table')) return [`${testId}: not in the card layout (mud-xs-table)`];
            const width = document.documentElement.clientWidth;
            const out = [];
            for (const cell of table.querySelectorAll('.mud-table-body .mud-table-cell')) {
                const r = cell.getBoundingClientRect();
                if (r.width === 0 || r.height === 0) continue;
                const label = cell.getAttribute('data-label') || '(no label)';
                const text = cell.textContent.trim().slice(0, 40);
                if (cell.scrollWidth > cell.clientWidth + 1) out.push(`${label} "${text}": content ${cell.scrollWidth}px in ${cell.clientWidth}px`);
                if (r.left < -1 || r.right > width + 1) out.push(`${label} "${text}": ${Math.round(r.left)}..${Math.round(r.right)}px, screen ${width}px`);
            }
            return out;
        }
        """, testId);
}
