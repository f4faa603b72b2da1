using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>One running app and one headless Chromium (Debian's, at /usr/bin/chromium) for the browser tests.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Password = "Demo123!";

    private IPlaywright? _playwright;

    /// <summary>
    /// Assertions wait as long as actions do (15 s, <see cref="SignInAsync(IBrowser, string, string, string)"/>), not
    /// Playwright's 5 s: a wait on a condition ends as soon as it holds, and on CI's two cores, with the core tests
    /// running beside the browser, a page can take longer than 5 s to show what it will show.
    /// </summary>
    static BrowserFixture() => Assertions.SetDefaultExpectTimeout(15_000);

    public CrmAppFactory App { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        App = new CrmAppFactory();
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(_playwright);
    }

    /// <summary>Debian's Chromium, headless, with nothing that reaches out to the network on its own.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CRM_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });

    /// <summary>An admin of the test's own (another test locks the demo admin out on purpose), created once.</summary>
    public async Task<string> EnsureAdminAsync(string email)
    {
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        if (await users.FindByEmailAsync(email) is null)
        {
            var user = new CrmUser { UserName = email, Email = email, DisplayName = "Test Admin", EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, CrmRoles.Admin)).Succeeded);
        }
        return email;
    }

    /// <summary>A new browser context (its own cookies: a separate user) with a page signed in as <paramref name="email"/>.</summary>
    public Task<IPage> SignInAsync(string email, string path = "/deals") => SignInAsync(Browser, App.BaseUrl, email, path);

    /// <summary>Signs in through the real form, as a person would, on the app at <paramref name="baseUrl"/>.</summary>
    public static async Task<IPage> SignInAsync(IBrowser browser, string baseUrl, string email, string path = "/deals")
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "en-US" });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/account/login?returnUrl={Uri.EscapeDataString(path)}");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>The sign-in cookie of <paramref name="email"/> as a Cookie header, for other clients (SignalR, HTTP).</summary>
    public static async Task<string> CookieHeaderAsync(IBrowser browser, string baseUrl, string email)
    {
        var page = await SignInAsync(browser, baseUrl, email);
        var cookies = await page.Context.CookiesAsync();
        await page.Context.CloseAsync();
        return string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}"));
    }

    /// <summary>Waits until the circuit is up and the layout has rendered interactively: from then on, clicks reach the server.</summary>
    public static Task WaitInteractiveAsync(IPage page) =>
        page.Locator(".crm-shell[data-interactive='true']").WaitForAsync();

    /// <summary>
    /// Chooses <paramref name="option"/> in the single-choice MudSelect labelled <paramref name="label"/> (inside
    /// <paramref name="scope"/>, a dialog or the page) and waits until the select shows it as its text. The list is
    /// drawn by the server; on a loaded machine a click on an option once in a while goes nowhere (a list's address never
    /// changed, a mail template was never applied), so a choice the select does not show within 5 s is made once more:
    /// from the list if it is still open, else from the list opened again. Never with Escape, which closes a dialog.
    /// </summary>
    public static async Task ChooseAsync(IPage page, ILocator scope, string label, string option, bool exact = true)
    {
        var select = scope.GetByLabel(label, new() { Exact = true });
        var choice = page.GetByRole(AriaRole.Option, new() { Name = option, Exact = exact });
        for (var attempt = 1; ; attempt++)
        {
            if (!await choice.IsVisibleAsync())
            {
                await select.ClickAsync();
            }
            try
            {
                // The first try's list may close between the check above and the click: then the second try opens it.
                await choice.ClickAsync();
                await Assertions.Expect(select).ToContainTextAsync(option, new() { Timeout = 5_000 });
                return;
            }
            catch (Exception ex) when (attempt < 2 && ex is PlaywrightException or System.TimeoutException)
            {
            }
        }
    }

    /// <inheritdoc cref="ChooseAsync(IPage, ILocator, string, string, bool)"/>
    public static Task ChooseAsync(IPage page, string label, string option) => ChooseAsync(page, page.Locator("body"), label, option);

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
