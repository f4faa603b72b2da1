using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>What a first visit downloads: ApexCharts only where a chart is drawn, and compressed pages.</summary>
public sealed class FirstLoadBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task ApexCharts_NotLoadedByTheBoard_LoadedByTheFunnelThatDrawsIt()
    {
        var page = await Fixture.SignInAsync("manager@demo.crm");
        var apexRequests = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("apexcharts", StringComparison.OrdinalIgnoreCase))
            {
                lock (apexRequests)
                {
                    apexRequests.Add(request.Url);
                }
            }
        };

        await page.GotoAsync("/deals");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(page.Locator(".board-column").First).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Empty(apexRequests);
        Assert.False(await page.EvaluateAsync<bool>("typeof window.ApexCharts !== 'undefined'"));

        await page.GotoAsync("/funnel");
        await Expect(page.Locator("[data-chart='funnel'] svg.apexcharts-svg")).ToBeVisibleAsync();
        lock (apexRequests)
        {
            Assert.Contains(apexRequests, url => url.Contains(".js", StringComparison.Ordinal));
        }
        await CloseCheckedAsync(page);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Page_AskedForACompressedResponse_IsCompressed(string encoding)
    {
        var cookie = await BrowserFixture.CookieHeaderAsync(Fixture.Browser, Fixture.App.BaseUrl, "piotr@demo.crm");
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(Fixture.App.BaseUrl),
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/deals");
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("Accept-Encoding", encoding);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
    }
}
