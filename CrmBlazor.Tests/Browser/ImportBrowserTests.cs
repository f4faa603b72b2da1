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
        await Expect(watcher.GetByTestId("leads-grid").GetByText("Nothing matches these filters.")).ToBeVisibleAsync();

        var anna = await Fixture.SignInAsync("anna@demo.crm", "/leads");
        var importedBefore = await ImportedLeadsInTheSourceReportAsync(anna);
        await anna.GotoAsync("/leads");
        // The link is followed by the circuit, not by the prerendered page's script (a click before the circuit was up
        // once left the import page without its file input for 15 s in a clean-clone CI).
        await BrowserFixture.WaitInteractiveAsync(anna);
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

        // The source report counts them (other tests' imports run too, so at least these 1000).
        Assert.True(await ImportedLeadsInTheSourceReportAsync(anna) >= importedBefore + 1000);

        // Back on the page later: the run is still there, and undo takes it back everywhere.
        await anna.GotoAsync("/leads");
        await anna.GotoAsync("/leads/import");
        await BrowserFixture.WaitInteractiveAsync(anna);
        await run.GetByTestId("import-undo").ClickAsync();
        await Expect(run).ToHaveAttributeAsync("data-run-state", "Undone", new() { Timeout = 60_000 });
        await Expect(watcher.GetByTestId("leads-grid").GetByText("Nothing matches these filters.")).ToBeVisibleAsync();
        Assert.Empty((await Fixture.App.Get<LeadService>().ListAsync(new LeadQuery { Search = $"Fairco {tag}" })).Items);

        await CloseCheckedAsync(anna, watcher);
        File.Delete(path);
    }

    /// <summary>The "Import" row's lead count in the report of lead sources (0 when there is no such row).</summary>
    /// <remarks>
    /// Read in one step inside the page, once the table is there; when it does not come, the failure says what the page
    /// showed instead. (Twice in clean-clone CI runs it showed the error boundary: the report tab was chosen while the
    /// first tab's chart still loaded ApexCharts, and that chart then drew into its removed host. ApexChart now stops.)
    /// </remarks>
    private static async Task<int> ImportedLeadsInTheSourceReportAsync(IPage page)
    {
        await page.GotoAsync("/reports");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Lead sources" }).ClickAsync();
        try
        {
            var count = await page.WaitForFunctionAsync("""
                () => {
                    const table = document.querySelector('[data-testid=lead-sources-table] table');
                    if (!table) return null;
                    const row = [...table.querySelectorAll('tbody tr')].find(r => r.cells.length > 1 && r.cells[0].textContent.trim() === 'Import');
                    return row ? row.cells[1].textContent.trim() : '0';
                }
                """);
            return int.Parse(await count.JsonValueAsync<string>(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (TimeoutException ex)
        {
            var main = string.Join(" ", await page.Locator("main").AllInnerTextsAsync()).ReplaceLineEndings(" ");
            throw new TimeoutException($"The lead sources table did not show; the page at {page.Url} showed: {(main.Length > 400 ? main[..400] : main)}", ex);
        }
    }

    [Fact]
    public async Task ImportWithBadRows_ThePreviewTellsThem_TheRunCountsThemFailed_AndTheyDownloadWithTheirErrors()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var path = Path.Combine(Path.GetTempPath(), $"mixed-{tag}.csv");
        await File.WriteAllTextAsync(path, $"Company;Name;E-mail\r\nMixed {tag};Good{tag} One;good.{tag}@mixed.example\r\nMixed {tag};Bad{tag} Mail;not-an-email\r\n", new UTF8Encoding(true));

        var page = await Fixture.SignInAsync("anna@demo.crm", "/leads/import");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Import leads");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.Locator("input[type=file]").SetInputFilesAsync(path);
        await Expect(page.GetByTestId("import-file")).ToContainTextAsync("2 rows, 3 columns");
        await page.GetByTestId("import-preview").ClickAsync();
        await Expect(page.GetByTestId("preview-problem")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("preview-problem")).ToContainTextAsync("\"not-an-email\" is not an e-mail address.");

        await page.GetByTestId("import-start").ClickAsync();
        var run = page.GetByTestId("import-run").Filter(new() { HasText = $"mixed-{tag}.csv" });
        await Expect(run).ToHaveAttributeAsync("data-run-state", "Done", new() { Timeout = 60_000 });
        await Expect(run.GetByTestId("import-counts")).ToContainTextAsync("Read 2 of 2 rows: 1 created, 0 updated, 0 skipped, 1 failed");

        // The failed row comes back as it was in the file, with its error in a last column, to fix and import again.
        var download = await page.RunAndWaitForDownloadAsync(() => run.GetByTestId("import-failed-rows").ClickAsync());
        Assert.Equal($"mixed-{tag}-failed.csv", download.SuggestedFilename);
        var lines = (await File.ReadAllLinesAsync((await download.PathAsync())!)).Where(l => l.Length > 0).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Contains("Error", lines[0]);
        Assert.Contains($"Bad{tag} Mail", lines[1]);
        Assert.Contains("is not an e-mail address", lines[1]);

        // The page still shows, with the run and its download, after a reload (it broke here once).
        await page.ReloadAsync();
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(run.GetByTestId("import-failed-rows")).ToBeVisibleAsync();
        await CloseCheckedAsync(page);
        File.Delete(path);
    }

    [Fact]
    public async Task ImportContactsLinkedToACompany_ThroughTheUi_AnotherUserSeesThemLive_ThenUndo()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var anna = await Fixture.App.ActorAsync("anna@demo.crm");
        var company = await Fixture.App.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput { Name = $"Targi {tag}" }, anna);
        Assert.True(company.IsOk);
        var path = Path.Combine(Path.GetTempPath(), $"kontakty-{tag}.csv");
        var csv = new StringBuilder("Imię;Nazwisko;Firma;Stanowisko;E-mail\r\n");
        for (var i = 1; i <= 50; i++)
        {
            csv.Append($"Osoba{i};Kontakt{tag};targi {tag};Handlowiec;k{i}.{tag}@targi.example\r\n");
        }
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        await File.WriteAllTextAsync(path, csv.ToString(), Encoding.GetEncoding("windows-1250"));

        var watcher = await Fixture.SignInAsync("manager@demo.crm", "/contacts");
        await watcher.GetByPlaceholder("Search").FillAsync($"Kontakt{tag}");
        await Expect(watcher.GetByText("Nothing matches these filters.")).ToBeVisibleAsync();

        var page = await Fixture.SignInAsync("anna@demo.crm", "/contacts");
        await page.GetByTestId("contacts-import").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Import contacts");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.Locator("input[type=file]").SetInputFilesAsync(path);
        await Expect(page.GetByTestId("import-file")).ToContainTextAsync("50 rows, 5 columns", new() { Timeout = 30_000 });
        var problems = await Axe.SeriousViolationsAsync(page);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await page.GetByTestId("import-preview").ClickAsync();
        await Expect(page.GetByTestId("preview-row")).ToHaveCountAsync(20);
        await Expect(page.GetByTestId("preview-row").First).ToContainTextAsync($"Osoba1 Kontakt{tag}"); // Windows-1250 detected: "Imię" read as the first name
        await Expect(page.GetByTestId("preview-problem")).ToHaveCountAsync(0);

        await page.GetByTestId("import-start").ClickAsync();
        var run = page.GetByTestId("import-run").Filter(new() { HasText = $"kontakty-{tag}.csv" });
        await Expect(run).ToHaveAttributeAsync("data-run-state", "Done", new() { Timeout = 60_000 });
        await Expect(run.GetByTestId("import-counts")).ToContainTextAsync("Read 50 of 50 rows: 50 created, 0 updated, 0 skipped, 0 failed");
        await Expect(watcher.GetByRole(AriaRole.Link, new() { Name = $"Osoba1 Kontakt{tag}", Exact = true })).ToBeVisibleAsync();
        var contact = (await Fixture.App.Get<ContactService>().ListAsync(new ContactQuery { Search = $"k1.{tag}@targi.example" })).Items.Single();
        Assert.Equal((company.Value!.Id, "Handlowiec"), (contact.CompanyId, contact.Position));

        await run.GetByTestId("import-undo").ClickAsync();
        await Expect(run).ToHaveAttributeAsync("data-run-state", "Undone", new() { Timeout = 60_000 });
        await Expect(watcher.GetByText("Nothing matches these filters.")).ToBeVisibleAsync();
        Assert.Empty((await Fixture.App.Get<ContactService>().ListAsync(new ContactQuery { Search = $"Kontakt{tag}" })).Items);

        await CloseCheckedAsync(page, watcher);
        File.Delete(path);
    }

    [Fact]
    public async Task ImportCompanies_ThroughTheUi()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var path = Path.Combine(Path.GetTempPath(), $"firmy-{tag}.csv");
        // A company custom field: its column is guessed from its name and mapped like the built-in ones.
        var seats = await Fixture.App.Get<CustomFieldService>().SaveAsync(null, 0, new CustomFieldInput
        {
            EntityKind = ElementKind.Company, Code = $"UF_SEATS{tag.ToUpperInvariant()}", Type = CustomFieldType.Number, NameEn = $"Seats {tag}", NamePl = $"Miejsca {tag}",
        }, await Fixture.App.ActorAsync(await Fixture.EnsureAdminAsync("import-admin@test.crm")));
        Assert.True(seats.IsOk);
        await File.WriteAllTextAsync(path, $"Name,Website,City,Phone,Seats {tag}\r\nAlpha {tag},alpha.example,Gdańsk,22 123 45 67,12\r\nBeta {tag},,Kraków,,\r\n", new UTF8Encoding(false));
        var page = await Fixture.SignInAsync("anna@demo.crm", "/companies");
        await page.GetByTestId("companies-import").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Import companies");
        await BrowserFixture.WaitInteractiveAsync(page);

        await page.Locator("input[type=file]").SetInputFilesAsync(path);
        await page.GetByTestId("import-start").ClickAsync();

        var run = page.GetByTestId("import-run").Filter(new() { HasText = $"firmy-{tag}.csv" });
        await Expect(run).ToHaveAttributeAsync("data-run-state", "Done", new() { Timeout = 60_000 });
        await Expect(run.GetByTestId("import-counts")).ToContainTextAsync("2 created");
        var alpha = (await Fixture.App.Get<CompanyService>().ListAsync(new CompanyQuery { Search = $"Alpha {tag}" })).Items.Single();
        Assert.Equal(12m, (await Fixture.App.Get<CompanyService>().GetAsync(alpha.Id))!.Input.Custom[seats.Value!.Code].Number);
        await page.GotoAsync("/companies");
        await page.GetByPlaceholder("Search").FillAsync($"Alpha {tag}");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Alpha {tag}", Exact = true })).ToBeVisibleAsync();
        await CloseCheckedAsync(page);
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
        await CloseCheckedAsync(anna);
        File.Delete(path);
    }
}
