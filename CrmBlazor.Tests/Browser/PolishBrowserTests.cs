using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// The app in Polish shows no English: every main page's visible text, labels, placeholders and titles are checked
/// against the English side of the resource tables (ours and MudBlazor's), leaving out the words both languages share
/// and what the data itself says (the names of stages, pipelines, lost reasons, lead statuses and sources, roles and web forms, and product
/// units, are the team's own).
/// </summary>
public sealed partial class PolishBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task EveryMainPage_InPolish_ShowsNoEnglishStringOfTheUi()
    {
        // An admin: the settings pages are among the main pages.
        var page = await Fixture.SignInAsync(await Fixture.EnsureAdminAsync("polish-admin@demo.crm"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Language" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "polski" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Deale" })).ToBeVisibleAsync();
        var english = await EnglishOnlyAsync();
        var typed = await TypedTextsAsync();
        var found = new List<string>();

        foreach (var path in await AccessibilityBrowserTests.MainPagesAsync(Fixture))
        {
            await page.GotoAsync(path);
            await BrowserFixture.WaitInteractiveAsync(page);
            await Expect(page.Locator("h1").First).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Expect(page.Locator(".mud-table-loading, .mud-progress-linear.mud-progress-indeterminate")).ToHaveCountAsync(0);
            var texts = await page.EvaluateAsync<string[]>(ShownTextsScript);
            found.AddRange(texts.Where(text => !typed.Contains(text) && english.Any(e => e.IsMatch(text))).Distinct().Select(text => $"{path}: \"{text}\""));
            // And accessible in Polish too: the labels a screen reader reads are the translated ones.
            found.AddRange((await Axe.SeriousViolationsAsync(page)).Select(v => $"{path}: axe-core: {v}"));
        }
        // Every page was checked above: the problems are told all at once, below.
        await page.Context.CloseAsync();

        Assert.True(found.Count == 0, $"{found.Count} English text(s) or axe-core violation(s) on Polish pages:\n" + string.Join("\n", found));
    }

    /// <summary>Every visible text node, and the labels a screen reader or a tooltip gives, each trimmed.</summary>
    private const string ShownTextsScript = """
        (() => {
            const out = new Set();
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode;
                const parent = node.parentElement;
                if (!parent || parent.closest('script, style, template') || parent.getClientRects().length === 0) continue;
                const text = node.textContent.trim();
                if (text) out.add(text);
            }
            for (const e of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
                for (const name of ['aria-label', 'placeholder', 'title']) {
                    const value = e.getAttribute(name)?.trim();
                    if (value) out.add(value);
                }
            }
            return [...out];
        })()
        """;

    /// <summary>
    /// The English texts of both resource tables that are not also Polish (as a whole-text pattern, a format's
    /// placeholders matching anything), less the names the team's data gives things.
    /// </summary>
    private async Task<IReadOnlyList<Regex>> EnglishOnlyAsync()
    {
        var rows = Table("strings.tsv").Concat(Table("mudblazor.tsv")).ToList();
        var polish = rows.Select(r => r.Pl).ToHashSet(StringComparer.Ordinal);
        await using var db = await Fixture.App.Get<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        var data = (await db.Stages.Select(s => s.Name).ToListAsync())
            .Concat(await db.Pipelines.Select(p => p.Name).ToListAsync())
            .Concat(await db.LostReasons.Select(r => r.Name).ToListAsync())
            .Concat(await db.LeadOptions.Where(o => o.NamePl == null).Select(o => o.Name).ToListAsync())
            .Concat(await db.Products.Select(p => p.Unit).ToListAsync())
            .Concat(await db.AccessRoles.Select(r => r.Name).ToListAsync())
            .Concat(await db.WebForms.Select(f => f.Name).ToListAsync())
            .ToHashSet(StringComparer.Ordinal);
        return rows
            .Where(r => r.En != r.Pl && !polish.Contains(r.En) && !data.Contains(r.En) && r.En.Any(char.IsLetter))
            .Select(r => new Regex("^" + Placeholder().Replace(Regex.Escape(r.En), ".+?") + "$", RegexOptions.CultureInvariant))
            .ToList();
    }

    /// <summary>
    /// What users typed (the demo data's activity subjects, titles and names): shown as it was written, in whatever
    /// language, though it may look like a UI pattern ("Call back about the offer" is "Call {0}").
    /// </summary>
    private async Task<HashSet<string>> TypedTextsAsync()
    {
        await using var db = await Fixture.App.Get<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        return (await db.Activities.Select(a => a.Subject).ToListAsync())
            .Concat(await db.Deals.Select(d => d.Title).ToListAsync())
            .Concat(await db.Leads.Select(l => l.Title).ToListAsync())
            .Concat(await db.Companies.Select(c => c.Name).ToListAsync())
            .Select(t => t.Trim())
            .ToHashSet(StringComparer.Ordinal);
    }

    private static IEnumerable<(string En, string Pl)> Table(string name) =>
        File.ReadLines(Path.Combine(Repository.Root, "CrmBlazor", "Resources", name))
            .Skip(1)
            .Select(line => line.Split('\t'))
            .Where(cells => cells.Length == 3)
            .Select(cells => (cells[1].Trim(), cells[2].Trim()));

    [GeneratedRegex(@"\\\{\d+(:[^}]*)?}")]
    private static partial Regex Placeholder();
}
