using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed class ShellBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task SignIn_RepeatedWrongPasswords_LockTheAccountEvenForTheRightOne()
    {
        var context = await Fixture.Browser.NewContextAsync(new() { BaseURL = Fixture.App.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await Axe.AssertAccessibleAsync(page);

        for (var attempt = 0; attempt < 3; attempt++) // the test app locks after 3
        {
            await page.GetByLabel("Email").FillAsync("admin@demo.crm");
            await page.GetByLabel("Password").FillAsync("wrong-password");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.GetByTestId("login-error")).ToBeVisibleAsync();
        }
        await page.GetByLabel("Email").FillAsync("admin@demo.crm");
        await page.GetByLabel("Password").FillAsync(BrowserFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // The same message as a wrong password: the form does not tell that the account exists.
        await Expect(page.GetByTestId("login-error")).ToContainTextAsync("Wrong e-mail or password.");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task SignOut_InOneTab_TheOtherTabOfThatBrowserIsOnTheSignInPageAtItsNextCheck()
    {
        var first = await Fixture.SignInAsync("manager@demo.crm");
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync("/leads");
        await BrowserFixture.WaitInteractiveAsync(second);

        await first.GetByText("Marta Kowalska").First.ClickAsync();
        await first.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(first).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));

        // The test app revalidates open pages every second.
        await Expect(second).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await Expect(second.GetByLabel("Password")).ToBeVisibleAsync();
        await CloseCheckedAsync(first);
    }

    [Fact]
    public async Task LanguageSwitch_ToPolish_TranslatesTheShellAndBoard()
    {
        var page = await Fixture.SignInAsync("piotr@demo.crm");

        await page.GetByRole(AriaRole.Button, new() { Name = "Language" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "polski" }).ClickAsync();
        await BrowserFixture.WaitInteractiveAsync(page);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Deale" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Nowy deal" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Kontakty" })).ToBeVisibleAsync();
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task SignOut_FromTheUserMenu_EndsTheSession()
    {
        var page = await Fixture.SignInAsync("anna@demo.crm");

        await page.GetByText("Anna Wiśniewska").First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await page.GotoAsync("/deals");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task Companies_AddWithBadEmailThenFix_ShowsTheFieldErrorThenTheRow()
    {
        var page = await Fixture.SignInAsync("anna@demo.crm", "/companies");

        await page.GetByRole(AriaRole.Button, new() { Name = "New company" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name").FillAsync("Kwiaciarnia Róża");
        await dialog.GetByLabel("E-mail").FillAsync("not-an-email");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog.GetByText("Enter a valid e-mail address.")).ToBeVisibleAsync();
        await dialog.GetByLabel("E-mail").FillAsync("biuro@roza.pl");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await page.GetByPlaceholder("Search").FillAsync("Róża");
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "biuro@roza.pl" })).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task DarkMode_Toggled_AppliesAndIsRememberedAfterReload()
    {
        var page = await Fixture.SignInAsync("piotr@demo.crm");
        var background = () => page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");
        var light = await background();

        await page.GetByRole(AriaRole.Button, new() { Name = "Dark mode" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Light mode" })).ToBeVisibleAsync();
        await page.ReloadAsync();
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Light mode" })).ToBeVisibleAsync();
        Assert.NotEqual(light, await background());
        await CloseCheckedAsync(page);
    }
}
