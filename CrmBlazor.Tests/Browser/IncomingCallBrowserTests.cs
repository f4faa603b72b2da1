using CrmBlazor.Core.ApiTokens;
using CrmBlazor.Core.Calls;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>A call registered through the API rings on the user's open page, live; and the API tokens page.</summary>
public sealed class IncomingCallBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task RegisteredCall_ShowsTheNoticeWithALinkToTheLead_OnTheUsersOpenPage()
    {
        var page = await Fixture.SignInAsync("piotr@demo.crm", "/activities");
        var piotr = await Fixture.App.ActorAsync("piotr@demo.crm");
        var number = "+48 58 " + Random.Shared.Next(100, 999) + " " + Random.Shared.Next(10, 99) + " " + Random.Shared.Next(10, 99);

        var registered = await Fixture.App.Get<CallService>().RegisterAsync(new RegisterCall(number, piotr.UserId), await Fixture.App.ActorAsync("admin@demo.crm"));

        var notice = page.GetByTestId("incoming-call");
        await Expect(notice).ToContainTextAsync("Incoming call from");
        await Expect(notice.GetByTestId("incoming-call-element")).ToHaveAttributeAsync("href", $"leads/{registered.Value!.ElementId}");
        await Expect(notice.GetByTestId("tel")).ToHaveAttributeAsync("href", "tel:" + number.Replace(" ", ""));
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task ApiTokensPage_CreatesATokenShownOnce_ListsAndRevokesIt_WithNoSeriousAxeViolation()
    {
        var page = await Fixture.SignInAsync("anna@demo.crm", "/profile/tokens");
        var name = "PBX " + Guid.NewGuid().ToString("N")[..6];

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByTestId("create-token").ClickAsync();

        await Expect(page.GetByTestId("token-secret")).ToContainTextAsync("crm_");
        var row = page.GetByTestId("token").Filter(new() { HasText = name });
        await Expect(row).ToContainTextAsync("active");
        Assert.Empty(await Axe.SeriousViolationsAsync(page));
        await row.GetByTestId("revoke-token").ClickAsync();
        await Expect(row).ToContainTextAsync("revoked");
        var anna = await Fixture.App.ActorAsync("anna@demo.crm");
        Assert.Contains(await Fixture.App.Get<ApiTokenService>().ListAsync(anna), t => t.Name == name && t.RevokedAt is not null);
        await CloseCheckedAsync(page);
    }
}
