using Microsoft.Playwright;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>One running app and one headless Chromium (Debian's, at /usr/bin/chromium) for the browser tests.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Password = "Demo123!";

    private IPlaywright? _playwright;

    public CrmAppFactory App { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        App = new CrmAppFactory();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CRM_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    /// <summary>A new browser context (its own cookies: a separate user) with a page signed in as <paramref name="email"/>.</summary>
    public async Task<IPage> SignInAsync(string email, string path = "/deals")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.BaseUrl, Locale = "en-US" });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/account/login?returnUrl={Uri.EscapeDataString(path)}");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>Waits until the circuit is up and the layout has rendered interactively: from then on, clicks reach the server.</summary>
    public static Task WaitInteractiveAsync(IPage page) =>
        page.Locator(".crm-shell[data-interactive='true']").WaitForAsync();

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
