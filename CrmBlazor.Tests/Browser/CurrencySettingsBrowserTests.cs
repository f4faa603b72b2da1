using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Settings &gt; Currencies in a real browser, with a sales user's board open (decision 029).</summary>
public sealed class CurrencySettingsBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task AdminAddsACurrencyAndARate_ADealInItShowsTheBaseTotalOnTheBoard_AndARateChangeFollowsLive()
    {
        var adminEmail = await Fixture.EnsureAdminAsync("x-currencies@test.crm");
        var adminActor = await Fixture.App.ActorAsync(adminEmail);
        // A currency code of the test's own (three letters; "Q" codes are not ISO currencies) and a pipeline of its own.
        var letters = Guid.NewGuid().ToString("N").Where(char.IsLetter).Select(char.ToUpperInvariant).Take(2).ToArray();
        var code = "Q" + new string(letters).PadRight(2, 'Q');
        var baseCode = (await Fixture.App.Get<CurrencyService>().RatesAsync()).BaseCode;

        var admin = await Fixture.SignInAsync(adminEmail, "/settings/currencies");
        await admin.GetByTestId("new-currency-code").FillAsync(code);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add currency" }).ClickAsync();
        var row = admin.Locator($"[data-testid='currency'][data-code='{code}']");
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(row.GetByTestId("rate-today")).ToHaveTextAsync("No rate yet");

        // Bad input is refused next to the field: a duplicate code, a rate of 0.
        await admin.GetByTestId("new-currency-code").FillAsync(code);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add currency" }).ClickAsync();
        await Expect(admin.GetByText($"{code} is already on the list.")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var rates = admin.GetByTestId("rates");
        await rates.GetByTestId("add-rate").ClickAsync();
        await Expect(rates.GetByText("The rate must be more than 0.")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        await rates.GetByTestId("new-rate").FillAsync("2.5");
        await rates.GetByTestId("add-rate").ClickAsync();
        await Expect(rates.GetByTestId("rate")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Expect(row.GetByTestId("rate-today")).ToContainTextAsync("2.5");
        await Axe.AssertAccessibleAsync(admin);

        var name = $"Fx {Guid.NewGuid():N}"[..11];
        var pipeline = await Fixture.App.Get<PipelineSettingsService>().CreatePipelineAsync(new NewPipeline(name, "Offer", "Signed", "Dropped"), adminActor);
        Assert.True(pipeline.IsOk);
        var stageId = (await Fixture.App.Get<PipelineService>().GetStagesAsync(pipeline.Value)).First().Id;
        var deal = await Fixture.App.Get<DealService>().CreateAsync(new DealInput { Title = "Foreign order", Amount = 100m, Currency = code, StageId = stageId }, adminActor);
        Assert.True(deal.IsOk, string.Join(", ", deal.Errors.Select(e => e.Field + " " + e.MessageKey)));

        var watcher = await Fixture.SignInAsync("anna@demo.crm", $"/deals?pipeline={pipeline.Value}");
        var column = watcher.Locator(".board-column").First;
        await Expect(column.GetByTestId("column-sum")).ToContainTextAsync(code, new() { Timeout = 15_000 });
        await Expect(column.GetByTestId("column-base-total")).ToContainTextAsync("250", new() { Timeout = 15_000 });
        await Expect(column.GetByTestId("column-base-total")).ToContainTextAsync(baseCode);

        // The admin corrects today's rate: the open board's total follows without a reload.
        var rate = rates.GetByTestId("rate").First;
        await rate.GetByTestId("rate-value").FillAsync("3");
        await rate.GetByTestId("save-rate").ClickAsync();
        await Expect(column.GetByTestId("column-base-total")).ToContainTextAsync("300", new() { Timeout = 15_000 });

        await CloseCheckedAsync(admin, watcher);
    }
}
