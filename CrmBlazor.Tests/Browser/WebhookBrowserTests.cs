using System.Collections.Concurrent;
using CrmBlazor.Core.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// Settings &gt; Webhooks in a real browser against the running app, whose hosted sender delivers to a real HTTP
/// receiver in this test: add a webhook, send a test, see it delivered in the log, send it again; an admin's open page
/// shows the notice when a webhook is switched off.
/// </summary>
public sealed class WebhookBrowserTests(BrowserFixture fixture) : BrowserTest(fixture), IAsyncLifetime
{
    private WebApplication _receiver = default!;
    private readonly ConcurrentQueue<(string Body, string? Signature, string? Event)> _received = new();
    private string _url = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        // A path of this test's own: the shared app's other tests never send to it.
        _receiver.MapPost("/hook/{any}", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            _received.Enqueue((await reader.ReadToEndAsync(), request.Headers[WebhookSignature.SignatureHeader], request.Headers[WebhookSignature.EventHeader]));
            return Results.Ok();
        });
        await _receiver.StartAsync();
        _url = _receiver.Urls.First() + "/hook/" + Guid.NewGuid().ToString("N");
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task AdminAddsAWebhook_SendsATest_SeesItDeliveredInTheLog_AndSendsItAgain()
    {
        var adminEmail = await Fixture.EnsureAdminAsync("hooks-admin@test.crm");
        var admin = await Fixture.SignInAsync(adminEmail, "/settings/webhooks");
        await admin.GetByRole(AriaRole.Textbox, new() { Name = "Address (URL)" }).FillAsync("ftp://nowhere");
        await admin.GetByTestId("webhook-save").ClickAsync();
        await Expect(admin.GetByTestId("webhook-editor")).ToContainTextAsync("Enter a web address starting with https://");
        await Expect(admin.GetByTestId("webhook-editor")).ToContainTextAsync("Choose at least one event.");

        await admin.GetByRole(AriaRole.Textbox, new() { Name = "Address (URL)" }).FillAsync(_url);
        await admin.GetByRole(AriaRole.Checkbox, new() { Name = "Company changed (company.changed)" }).CheckAsync();
        await admin.GetByTestId("webhook-save").ClickAsync();
        var secret = (await admin.GetByTestId("webhook-secret").TextContentAsync())!.Trim();
        Assert.StartsWith("whsec_", secret);
        var row = admin.Locator("[data-testid='webhook']").Filter(new() { HasText = _url });
        await Expect(row).ToContainTextAsync("company.changed");
        await Expect(row.GetByTestId("webhook-state")).ToHaveTextAsync("On");
        await Axe.AssertAccessibleAsync(admin);

        await row.GetByTestId("webhook-test").ClickAsync();
        await Expect(admin.GetByText("A test delivery is on its way")).ToBeVisibleAsync();
        await WaitAsync(() => _received.Count >= 1);
        var (body, signature, type) = _received.First();
        Assert.Equal(WebhookEventTypes.Test, type);
        Assert.True(WebhookSignature.Verify(secret, signature, body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));

        await row.GetByTestId("webhook-log").ClickAsync();
        await Expect(admin.GetByTestId("webhook-log-url")).ToHaveTextAsync(_url);
        var delivery = admin.GetByTestId("delivery").First;
        await Expect(delivery.GetByTestId("delivery-status")).ToHaveTextAsync("Delivered");
        await Expect(delivery.GetByTestId("delivery-answer")).ToHaveTextAsync("200");
        await Axe.AssertAccessibleAsync(admin);
        await delivery.GetByTestId("delivery-send-again").ClickAsync();
        await WaitAsync(() => _received.Count >= 2);
        await delivery.GetByRole(AriaRole.Button, new() { Name = "Tries" }).ClickAsync();
        await Expect(admin.GetByTestId("delivery-tries").First.Locator("div")).ToHaveCountAsync(2, new() { Timeout = 15_000 });

        // Switched off after a day of failures (WebhookDispatcher, tested in Core): the admin's open page says so, live.
        var hookId = int.Parse(admin.Url.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        var live = Fixture.App.Get<ILiveUpdates>();
        await live.PublishAsync(Fixture.App.Get<IDbContextFactory<CrmDbContext>>(),
            new WebhookSwitchedOff { WebhookId = hookId, Url = _url, Reason = "test", ActorId = "", ActorName = "", OccurredAt = DateTime.UtcNow });
        await Expect(admin.GetByTestId("webhook-switched-off")).ToContainTextAsync($"The webhook to {_url} was switched off");

        var deleted = await Fixture.App.Get<WebhookService>().DeleteAsync(hookId, await Fixture.App.ActorAsync(adminEmail));
        Assert.True(deleted.IsOk);
        await CloseCheckedAsync(admin);
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "The receiver got nothing within 30 s.");
            await Task.Delay(50);
        }
    }
}
