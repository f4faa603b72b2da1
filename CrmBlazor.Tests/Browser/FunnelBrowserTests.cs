using System.Globalization;
using System.Text.RegularExpressions;
using CrmBlazor.Core.Reports;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed class FunnelBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static ILocator Chart(IPage page) => page.Locator("[data-chart='funnel'] svg.apexcharts-svg");

    private static ILocator StepCount(IPage page, string stage) => page.Locator($"tr[data-stage='{stage}'] [data-testid='step-count']");

    /// <summary>An SVG text of the chart that is exactly <paramref name="text"/> (a funnel bar's label is "Stage: count").</summary>
    private static ILocator SvgText(IPage page, string text) =>
        Chart(page).Locator("text").Filter(new() { HasTextRegex = new Regex($"^{Regex.Escape(text)}$") });

    /// <summary>
    /// The one place this class drags a card on the kanban (the board's drag-and-drop is being replaced: adapt here).
    /// </summary>
    private static async Task DragToStageAsync(IPage page, int dealId, int stageId)
    {
        await BoardPage.DragAsync(page, dealId, stageId);
        await Expect(page.Locator($".board-column[data-stage-id='{stageId}'] [data-deal-id='{dealId}']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Funnel_Manager_SeesAnSvgFunnelWithTheStagesNumbers()
    {
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var expected = (await Fixture.App.Get<FunnelService>().GetFunnelAsync(new ReportFilter(null, new PeriodFilter(PeriodKind.ThisQuarter)), manager))!;

        var page = await Fixture.SignInAsync("manager@demo.crm", "/funnel");

        await Expect(Chart(page)).ToBeVisibleAsync();
        foreach (var step in expected.Steps)
        {
            await Expect(StepCount(page, step.Stage.Name)).ToHaveTextAsync(step.Count.ToString(CultureInfo.InvariantCulture));
            if (step.Count > 0)
            {
                await Expect(SvgText(page, $"{step.Stage.Name}: {step.Count}").First).ToBeAttachedAsync();
            }
        }
        await Expect(page.GetByTestId("funnel-total")).ToHaveTextAsync(expected.Total.ToString(CultureInfo.InvariantCulture));
        await Axe.AssertAccessibleAsync(page);
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task Funnel_SecondUserDragsADealToTheNextStage_FirstUsersFunnelChangesWithoutReload()
    {
        var (deal, board) = await Fixture.App.NewDealAsync("Funnel watcher deal", "anna@demo.crm");
        var next = board.Columns[1].Stage;
        var watcher = await Fixture.SignInAsync("manager@demo.crm", "/funnel");
        await Expect(Chart(watcher)).ToBeVisibleAsync();
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var before = (await Fixture.App.Get<FunnelService>().GetFunnelAsync(new ReportFilter(null, new PeriodFilter(PeriodKind.ThisQuarter)), manager))!;
        var countBefore = before.Steps.Single(s => s.Stage.Id == next.Id).Count;
        await Expect(StepCount(watcher, next.Name)).ToHaveTextAsync(countBefore.ToString(CultureInfo.InvariantCulture));
        var navigations = 0;
        watcher.FrameNavigated += (_, _) => navigations++;

        // Anna moves her own deal (the shell tests lock the admin account out on purpose).
        var mover = await Fixture.SignInAsync("anna@demo.crm", "/deals");
        await DragToStageAsync(mover, deal.Id, next.Id);

        var countAfter = (countBefore + 1).ToString(CultureInfo.InvariantCulture);
        await Expect(StepCount(watcher, next.Name)).ToHaveTextAsync(countAfter);
        await Expect(SvgText(watcher, $"{next.Name}: {countAfter}").First).ToBeAttachedAsync();
        await Expect(Chart(watcher)).ToBeVisibleAsync();
        Assert.Equal(0, navigations);
        await CloseCheckedAsync(mover, watcher);
    }

    [Fact]
    public async Task ReportsCsv_SignedIn_DownloadsEscapedCsv()
    {
        var page = await Fixture.SignInAsync("manager@demo.crm", "/reports");
        await Expect(page.Locator("[data-chart='by-user'] svg.apexcharts-svg")).ToBeVisibleAsync();

        var response = await page.APIRequest.GetAsync("/api/reports/by-user.csv?period=ThisYear");

        Assert.Equal(200, response.Status);
        Assert.StartsWith("text/csv", response.Headers["content-type"]);
        var csv = await response.TextAsync();
        Assert.Contains("\"Responsible\",\"Won\",\"Lost\"", csv);
        await CloseCheckedAsync(page);
    }
}
