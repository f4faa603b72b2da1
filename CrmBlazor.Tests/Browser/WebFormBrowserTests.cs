using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// Web forms from a visitor's side: the site widget on a page of another origin (a second, tiny Kestrel server on
/// another port), the public form page, and what a signed-in user sees of it live.
/// </summary>
public sealed class WebFormBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>A company's website on another origin: one page that embeds the widget of <paramref name="slug"/>.</summary>
    private static async Task<(WebApplication Site, string Origin)> StartSiteAsync(string crmUrl, Func<string> slug)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var site = builder.Build();
        site.MapGet("/", () => Results.Content(
            $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Shop</title><style>label{{color:red!important}}</style></head>" +
            $"<body><h1>Our shop</h1><script src=\"{crmUrl}/widget.js\" data-form=\"{slug()}\" data-lang=\"en\" async></script></body></html>", "text/html"));
        await site.StartAsync();
        var origin = site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (site, origin);
    }

    private async Task<string> AddFormAsync(string origin, WidgetPosition position = WidgetPosition.Inline, CrmAppFactory? app = null)
    {
        app ??= Fixture.App;
        var slug = "site-" + Guid.NewGuid().ToString("N")[..8];
        var manager = await app.ActorAsync("manager@demo.crm");
        var anna = await app.ActorAsync("anna@demo.crm");
        var result = await app.Get<WebFormService>().CreateAsync(new WebFormInput
        {
            Name = "Shop form",
            Slug = slug,
            Fields =
            [
                new(WebFormFieldKind.Name, "Name", "Imię i nazwisko", Required: true),
                new(WebFormFieldKind.Email, "E-mail", "E-mail"),
                new(WebFormFieldKind.Message, "Message", "Wiadomość"),
            ],
            ConsentTextEn = "I agree to be contacted.",
            ConsentTextPl = "Zgadzam się na kontakt.",
            ResponsibleUserIds = [anna.UserId],
            AllowedOrigins = origin,
            WidgetPosition = position,
        }, manager);
        Assert.True(result.IsOk, string.Join(", ", result.Errors.Select(e => e.Field + " " + e.MessageKey)));
        return slug;
    }

    [Fact]
    public async Task Widget_OnAnotherOrigin_VisitorSends_LeadAppearsLiveWithSourceAndUtm()
    {
        var slug = "";
        var (site, origin) = await StartSiteAsync(Fixture.App.BaseUrl, () => slug);
        await using var _ = site;
        slug = await AddFormAsync(origin);
        var name = Unique("Wanda Widget");
        var watcher = await Fixture.SignInAsync("anna@demo.crm", "/leads");
        await Expect(watcher.GetByTestId("leads-grid")).ToBeVisibleAsync();

        var visitor = await (await Fixture.Browser.NewContextAsync(new() { Locale = "en-US" })).NewPageAsync();
        await visitor.GotoAsync($"{origin}/?utm_source=partner&utm_campaign=spring");
        var widget = visitor.Locator($"[data-crm-form='{slug}']");
        await widget.GetByLabel("Name").FillAsync(name);
        await widget.GetByLabel("E-mail").FillAsync($"{Guid.NewGuid():N}@example.com");
        await widget.GetByLabel("Message").FillAsync("Please send an offer.");
        await widget.GetByLabel("I agree to be contacted.").CheckAsync();
        await widget.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Expect(widget.GetByTestId("thank-you")).ToContainTextAsync("Thank you");
        Assert.Empty(await visitor.Context.CookiesAsync()); // the widget set none, on either site
        await Expect(watcher.GetByText($"Shop form: new lead Shop form: {name}")).ToBeVisibleAsync(); // the responsible user's notice
        var row = watcher.GetByTestId("leads-grid").Locator("tr", new() { HasText = name });
        await Expect(row).ToContainTextAsync("Site widget");
        await row.GetByText(name).First.ClickAsync();
        var origins = watcher.GetByTestId("lead-origin");
        await Expect(origins).ToContainTextAsync("partner");
        await Expect(origins).ToContainTextAsync("spring");
        await Expect(origins).ToContainTextAsync(origin);
        await CloseCheckedAsync(visitor, watcher);
    }

    [Fact]
    public async Task Widget_BadEmail_ShowsTheMessageInPlace()
    {
        var slug = "";
        var (site, origin) = await StartSiteAsync(Fixture.App.BaseUrl, () => slug);
        await using var _ = site;
        slug = await AddFormAsync(origin);
        var visitor = await (await Fixture.Browser.NewContextAsync(new() { Locale = "en-US" })).NewPageAsync();
        await visitor.GotoAsync(origin);
        var widget = visitor.Locator($"[data-crm-form='{slug}']");

        await widget.GetByLabel("Name").FillAsync("Bad Mail");
        await widget.GetByLabel("E-mail").FillAsync("bad@mail"); // the browser lets it through; the server does not
        await widget.GetByLabel("I agree to be contacted.").CheckAsync();
        await widget.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Expect(widget.Locator("[data-error-for='email']")).ToHaveTextAsync("Enter a valid e-mail address.");
        await Expect(widget.GetByLabel("E-mail")).ToHaveAttributeAsync("aria-invalid", "true");
        await CloseCheckedAsync(visitor);
    }

    [Fact]
    public async Task Widget_OverTheRateLimit_SaysTryAgainInAMinuteInPlace()
    {
        // A CRM of its own that lets one address send once an hour: the second send is over the limit, whatever the clock.
        await using var crm = new CrmAppFactory(settings: new Dictionary<string, string>
        {
            ["Crm:WebForms:PerIpLimit"] = "1",
            ["Crm:WebForms:WindowSeconds"] = "3600",
        });
        var slug = "";
        var (site, origin) = await StartSiteAsync(crm.BaseUrl, () => slug);
        await using var _ = site;
        slug = await AddFormAsync(origin, app: crm);
        var visitor = await (await Fixture.Browser.NewContextAsync(new() { Locale = "en-US" })).NewPageAsync();

        async Task<ILocator> FillAsync(string name)
        {
            await visitor.GotoAsync(origin);
            var widget = visitor.Locator($"[data-crm-form='{slug}']");
            await widget.GetByLabel("Name").FillAsync(name);
            await widget.GetByLabel("E-mail").FillAsync($"{Guid.NewGuid():N}@example.com");
            await widget.GetByLabel("Message").FillAsync("Please call me.");
            await widget.GetByLabel("I agree to be contacted.").CheckAsync();
            await widget.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
            return widget;
        }

        var first = await FillAsync(Unique("Rita Ratelimit"));
        await Expect(first.GetByTestId("thank-you")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var second = await FillAsync("Rita Again");

        await Expect(second.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Too many messages from your address. Try again in a minute.", new() { Timeout = 15_000 });
        await Expect(second.GetByLabel("Name")).ToHaveValueAsync("Rita Again"); // in place: what the visitor wrote is still there
        await Expect(second.GetByTestId("thank-you")).ToHaveCountAsync(0);
        await using (var db = await crm.Get<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync())
        {
            Assert.False(await db.Leads.AnyAsync(l => l.FirstName == "Rita" && l.LastName == "Again"));
        }
        await CloseCheckedAsync(visitor);
    }

    [Fact]
    public async Task FormPage_WithJavaScriptOff_VisitorWhoIsAContact_LandsOnTheContactsTimelineLive()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var contact = await Fixture.App.Get<ContactService>().SaveAsync(null, 0,
            new ContactInput { FirstName = "Tomasz", LastName = Unique("Timeline"), Emails = [new EmailInput(email)] }, manager);
        Assert.True(contact.IsOk);
        var watcher = await Fixture.SignInAsync("manager@demo.crm", $"/contacts/{contact.Value!.Id}");
        await Expect(watcher.GetByTestId("timeline-entries")).ToBeVisibleAsync();

        var visitor = await (await Fixture.Browser.NewContextAsync(new() { Locale = "pl-PL", JavaScriptEnabled = false, BaseURL = Fixture.App.BaseUrl })).NewPageAsync();
        await visitor.GotoAsync("/forms/contact");
        await visitor.GetByLabel("Imię i nazwisko").FillAsync("Tomasz Timeline");
        await visitor.GetByLabel("E-mail").FillAsync(email.ToUpperInvariant());
        await visitor.GetByLabel(new System.Text.RegularExpressions.Regex("^Wiadomość")).FillAsync("Proszę o kontakt.");
        await visitor.GetByLabel("Zgadzam się").CheckAsync();
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Wyślij" }).ClickAsync();

        await Expect(visitor.GetByTestId("thank-you")).ToContainTextAsync("Dziękujemy");
        await Expect(watcher.GetByTestId("timeline-entries")).ToContainTextAsync("Web form: Contact us");
        // axe cannot run where JavaScript is off (Playwright's evaluate never returns there): the same form is checked
        // with it on in FormPage_IsAccessible_AndTheBuilderToo.
        await visitor.Context.CloseAsync();
        await CloseCheckedAsync(watcher);
    }

    /// <summary>The text box labelled exactly <paramref name="label"/> (a required one carries a trailing *).</summary>
    private static ILocator Field(ILocator scope, string label) =>
        scope.GetByRole(AriaRole.Textbox, new() { NameRegex = new System.Text.RegularExpressions.Regex($@"^{System.Text.RegularExpressions.Regex.Escape(label)}\s*\*?$") });

    [Fact]
    public async Task Builder_ManagerMakesAFormWithACustomFieldAndADeal_VisitorSends_LeadDealAndLogShowIt()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var slug = "sizes-" + suffix;
        var admin = await Fixture.App.ActorAsync("admin@demo.crm");
        var custom = await Fixture.App.Get<CustomFieldService>().SaveAsync(null, 0, new CustomFieldInput
        {
            EntityKind = ElementKind.Lead, Code = $"UF_WF{suffix.ToUpperInvariant()}", Type = CustomFieldType.List,
            NameEn = $"Team size {suffix}", NamePl = $"Wielkość zespołu {suffix}", Options = [new(null, "Small"), new(null, "Large")],
        }, admin);
        Assert.True(custom.IsOk, string.Join(", ", custom.Errors.Select(e => e.Field + " " + e.MessageKey)));
        var pipeline = (await Fixture.App.Get<PipelineService>().GetPipelinesAsync()).First(p => p.IsDefault);

        var page = await Fixture.SignInAsync("manager@demo.crm", "/settings/web-forms/new");
        var body = page.Locator("body");
        await Field(body, "Name").FillAsync($"Sizes {suffix}");
        await Field(body, "Address (slug)").FillAsync(slug);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add field" }).ClickAsync();
        var row = page.GetByTestId("form-field").Nth(2);
        await BrowserFixture.ChooseAsync(page, row, "Lead field", "Custom field");
        await BrowserFixture.ChooseAsync(page, row, "Custom field of leads", $"Team size {suffix}", exact: false);
        await Field(row, "Label (English)").FillAsync("Team size");
        await Field(row, "Label (Polish)").FillAsync("Wielkość zespołu");
        await page.GetByLabel("A deal too").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = pipeline.Name, Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Deal stage")).ToBeVisibleAsync();
        await page.GetByTestId("save-form").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/settings/web-forms/\d+$"));
        await page.GetByRole(AriaRole.Tab, new() { Name = "Preview" }).ClickAsync();
        await Expect(page.GetByTestId("form-preview").Locator("select option", new() { HasText = "Large" })).ToHaveCountAsync(1);

        var visitor = await (await Fixture.Browser.NewContextAsync(new() { Locale = "en-US", JavaScriptEnabled = false, BaseURL = Fixture.App.BaseUrl })).NewPageAsync();
        await visitor.GotoAsync($"/forms/{slug}");
        var name = $"Sam Size {suffix}";
        await visitor.GetByLabel(new System.Text.RegularExpressions.Regex("^Name")).FillAsync(name);
        await visitor.GetByLabel(new System.Text.RegularExpressions.Regex("^E-mail")).FillAsync($"{suffix}@example.com");
        await visitor.GetByLabel("Team size").SelectOptionAsync(new SelectOptionValue { Label = "Large" });
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(visitor.GetByTestId("thank-you")).ToBeVisibleAsync();
        await visitor.Context.CloseAsync(); // JavaScript off: no axe (see above)

        await using (var db = await Fixture.App.Get<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync())
        {
            var lead = await db.Leads.Include(l => l.CustomValues).SingleAsync(l => l.WebFormName == $"Sizes {suffix}");
            var large = custom.Value!.Options.Single(o => o.Label == "Large").Id;
            Assert.Contains(lead.CustomValues, v => v.FieldId == custom.Value.Id && v.OptionId == large);
            Assert.Equal(pipeline.Id, (await db.Deals.SingleAsync(d => d.Title == $"Sizes {suffix}: {name}")).PipelineId);
        }
        await page.ReloadAsync();
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Submission log" }).ClickAsync();
        var logged = page.GetByTestId("submission");
        await Expect(logged).ToHaveCountAsync(1);
        await Expect(logged).ToContainTextAsync($"Sizes {suffix}: {name}"); // the lead and the deal, both linked
        await Expect(logged.Locator("a[href^='deals/']")).ToHaveCountAsync(1);
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task FormPage_IsAccessible_AndTheBuilderToo()
    {
        var visitor = await (await Fixture.Browser.NewContextAsync(new() { Locale = "en-US", BaseURL = Fixture.App.BaseUrl, ViewportSize = new() { Width = 390, Height = 844 } })).NewPageAsync();
        await visitor.GotoAsync("/forms/contact");
        await Axe.AssertAccessibleAsync(visitor);
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync(); // the browser's own checks stop it: nothing sent
        await CloseCheckedAsync(visitor);

        var manager = await Fixture.SignInAsync("manager@demo.crm", "/settings/web-forms");
        await Expect(manager.GetByTestId("web-form").First).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(manager);
        await CloseCheckedAsync(manager);
    }
}
