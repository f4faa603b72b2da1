using System.Text;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>The deal import journey from the board: a file of deals into a stage, the notice when it ends, and another user's board live.</summary>
public sealed class DealImportBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task ImportDealsFromTheBoard_AnotherUsersBoardShowsThemLive_TheImporterIsToldWhenItEnds()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var path = Path.Combine(Path.GetTempPath(), $"deals-{tag}.csv");
        await File.WriteAllTextAsync(path, $"Deal name;Amount;Currency\r\nServers {tag};12500;PLN\r\nLicences {tag};900;PLN\r\n;5;PLN\r\n", new UTF8Encoding(true));

        var watcher = await Fixture.SignInAsync("manager@demo.crm", "/deals");
        await BrowserFixture.WaitInteractiveAsync(watcher);

        var anna = await Fixture.SignInAsync("anna@demo.crm", "/deals");
        await BrowserFixture.WaitInteractiveAsync(anna);
        await anna.GetByTestId("deals-import").ClickAsync();
        await Expect(anna.Locator("h1")).ToHaveTextAsync("Import deals", new() { Timeout = 15_000 });
        await BrowserFixture.WaitInteractiveAsync(anna);
        await anna.Locator("input[type=file]").SetInputFilesAsync(path);
        await Expect(anna.GetByTestId("import-file")).ToContainTextAsync("3 rows, 3 columns", new() { Timeout = 15_000 });
        await Expect(anna.GetByTestId("import-stage")).ToBeVisibleAsync();

        await anna.GetByTestId("import-preview").ClickAsync();
        await Expect(anna.GetByTestId("preview-row")).ToHaveCountAsync(3, new() { Timeout = 15_000 });
        await Expect(anna.GetByTestId("preview-problem")).ToHaveCountAsync(1);
        var problems = await Axe.SeriousViolationsAsync(anna);
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        await anna.GetByTestId("import-start").ClickAsync();
        // The layout's notice says it ended, with its counts (on whatever page the user is).
        await Expect(anna.GetByTestId("import-finished")).ToContainTextAsync($"deals-{tag}.csv", new() { Timeout = 60_000 });
        await Expect(anna.GetByTestId("import-finished")).ToContainTextAsync("2 created");

        // The manager's open board shows both deals without a reload.
        await Expect(watcher.Locator(".deal-title", new() { HasText = $"Servers {tag}" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(watcher.Locator(".deal-title", new() { HasText = $"Licences {tag}" })).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await CloseCheckedAsync(anna, watcher);
        File.Delete(path);
    }
}
