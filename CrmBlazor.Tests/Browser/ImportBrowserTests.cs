using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>The lead import journey through the UI, watched live by a second user; and the list's export.</summary>
public sealed class ImportBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task ImportAThousandRows_WithAMapping_ProgressReachesTheEnd_AnotherUserSeesThemLive_ThenUndo()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var path = Path.Combine(Path.GetTempPath(), $"fair-{tag}.csv");
        var csv = new StringBuilder("Firma;Osoba;Adres e-mail;Extra info\r\n");
        for (var i = 1; i <= 1000; i++)
        {
            csv.Append($"Fairco {tag};Person{i} Fair{tag};p{i}.{tag}@fair.example;Met at stand {i}\r\n");
        }
        await File.WriteAllTextAsync(path, csv.ToString(), new UTF8Encoding(true));

        var watcher = await Fixture.SignInAsync("manager@demo.crm", "/leads");
        await watcher.GetByPlaceholder("Name, company, e-mail or phone").FillAsync($"Fairco {tag}");
        await Expect(watcher.GetByTestId("leads-grid").GetByText("Nothing here yet.")).ToBeVisibleAsync();

        var anna = await Fixture.SignInAsync("anna@demo.crm", "/leads");
        await anna.GetByTestId("leads-import").ClickAsync();
        await Expect(anna.Locator("h1")).ToHaveTextAsync("Import leads");
        await BrowserFixture.WaitInteractiveAsync(anna);
        await anna.Locator("input[type=file]").SetInputFilesAsync(path);
        await Expect(anna.GetByTestId("import-file")).ToContainTextAsync("1000 rows, 4 columns");

        // The guesses (Polish headers) and one column mapped by hand.
        var extra = anna.GetByTestId("mapping-row").Filter(new() { HasText = "Extra info" });
        await extra.Locator(".mud-select").First.ClickAsync();
        await anna.GetByRole(AriaRole.Option, new() { Name = "Comment", Exact = true }).ClickAsync();
        var problems = await Axe.SeriousViolationsAsync(anna);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await anna.GetByTestId("import-preview").ClickAsync();
        await Expect(anna.GetByTestId("preview-row")).ToHaveCountAsync(20);
        await Expect(anna.GetByTestId("preview-row").First).ToContainTextAsync($"p1.{tag}@fair.example");
        await Expect(anna.GetByTestId("preview-problem")).ToHaveCountAsync(0);

        await anna.GetByTestId("import-start").ClickAsync();
        var run = anna.GetByTestId("import-run").Filter(new() { HasText = $"fair-{tag}.csv" });
        await Expect(run).ToHaveAttributeAsync("data-run-state", "Done", new() { Timeout = 60_000 });
        await Expect(run.GetByTestId("import-counts")).ToContainTextAsync("Read 1000 of 1000 rows: 1000 created, 0 updated, 0 skipped, 0 failed");

        // The second user's list followed, with no reload.
        await Expect(watcher.GetByTestId("leads-grid").GetByRole(AriaRole.Link, new() { Name = $"Person1000 Fair{tag}", Exact = true })).ToBeVisibleAsync();
        var lead = (await Fixture.App.Get<LeadService>().ListAsync(new LeadQuery { Search = $"p1.{tag}@fair.example" })).Items.Single();
        Assert.Equal(LeadSource.Import, lead.Source);
        var details = (await Fixture.App.Get<LeadService>().GetAsync(lead.Id))!;
        Assert.Equal("Met at stand 1", details.Input.Comment);

        // Back on the page later: the run is still there, and undo takes it back everywhere.
        await anna.GotoAsync("/leads");
        await anna.GotoAsync("/leads/import");
        await BrowserFixture.WaitInteractiveAsync(anna);
        await run.GetByTestId("import-undo").ClickAsync();
        await Expect(run).ToHaveAttributeAsync("data-run-state", "Undone");
        await Expect(watcher.GetByTestId("leads-grid").GetByText("Nothing here yet.")).ToBeVisibleAsync();
        Assert.Empty((await Fixture.App.Get<LeadService>().ListAsync(new LeadQuery { Search = $"Fairco {tag}" })).Items);

        await anna.Context.CloseAsync();
        await watcher.Context.CloseAsync();
        File.Delete(path);
    }

    [Fact]
    public async Task BadFile_SaysWhatIsWrong()
    {
        var path = Path.Combine(Path.GetTempPath(), $"header-only-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "Name;E-mail\r\n");
        var anna = await Fixture.SignInAsync("anna@demo.crm", "/leads/import");

        await anna.Locator("input[type=file]").SetInputFilesAsync(path);

        await Expect(anna.GetByTestId("import-file-error")).ToHaveTextAsync("The file has a header but no rows to import.");
        await anna.Context.CloseAsync();
        File.Delete(path);
    }
}
