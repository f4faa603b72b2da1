using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace CrmBlazor.Tests.Browser;

/// <summary>The public form page and its submit endpoint over plain HTTP, against the real app on Kestrel.</summary>
public sealed class WebFormHttpTests : IClassFixture<WebFormHttpTests.App>
{
    public sealed class App : IAsyncLifetime
    {
        public CrmAppFactory Server { get; private set; } = default!;

        public async Task InitializeAsync()
        {
            Server = new CrmAppFactory(settings: new Dictionary<string, string>
            {
                ["Crm:WebForms:PerIpLimit"] = "10000",
                ["Crm:WebForms:MinFillSeconds"] = "0",
            });
            var manager = await Server.ActorAsync("manager@demo.crm");
            Assert.True((await Server.Get<WebFormService>().CreateAsync(Form("closed", manager.UserId) with { IsActive = false }, manager)).IsOk);
            Assert.True((await Server.Get<WebFormService>().CreateAsync(Form("partners", manager.UserId) with { AllowedOrigins = "https://allowed.example.com" }, manager)).IsOk);
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();

        private static WebFormInput Form(string slug, string responsibleUserId) => new()
        {
            Name = slug,
            Slug = slug,
            Fields = [new(WebFormFieldKind.Email, "E-mail", "E-mail", Required: true)],
            ResponsibleUserIds = [responsibleUserId],
        };
    }

    private readonly CrmAppFactory _app;

    public WebFormHttpTests(App app) => _app = app.Server;

    private HttpClient Client(string? language = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(_app.BaseUrl) };
        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        }
        return client;
    }

    private static FormUrlEncodedContent Post(params (string Key, string Value)[] values) =>
        new(values.Select(v => new KeyValuePair<string, string>(v.Key, v.Value)));

    private static (string, string)[] Valid(string email) =>
        [("name", "Jan Kowalski"), ("email", email), ("message", "Call me"), ("consent", "on"), ("utm_source", "newsletter")];

    [Fact]
    public async Task FormPage_IsStaticWithoutCookiesOrCircuit_InTheBrowsersLanguageAndSwitchable()
    {
        using var english = Client("en-GB");
        using var polish = Client("pl-PL,pl;q=0.9");

        var page = await english.GetAsync("/forms/contact");
        var html = await page.Content.ReadAsStringAsync();
        var polishHtml = WebUtility.HtmlDecode(await polish.GetStringAsync("/forms/contact"));
        var switched = WebUtility.HtmlDecode(await english.GetStringAsync("/forms/contact?lang=pl"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(page.Headers.Contains("Set-Cookie"));
        Assert.DoesNotContain("blazor.web.js", html);
        Assert.Contains("<form method=\"post\" action=\"/forms/contact\">", html);
        Assert.Contains(">Name", html);
        Assert.Contains(">Imię i nazwisko", polishHtml);
        Assert.Contains(">Imię i nazwisko", switched);
    }

    [Theory]
    [InlineData("/forms/nope")]
    [InlineData("/forms/closed")]
    public async Task UnknownOrInactiveForm_Answers404_ToThePageAndTheSubmit(string path)
    {
        using var client = Client();

        var page = await client.GetAsync(path);
        var post = await client.PostAsync(path, Post(("email", "a@b.pl")));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (page.StatusCode, post.StatusCode));
        Assert.Contains("This form does not exist", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PlainPost_BadFields_ShowsEachMessageNextToItsField()
    {
        using var client = Client();

        var answer = await client.PostAsync("/forms/contact", Post(("name", ""), ("email", "nope"), ("message", "<b>hi</b>"), ("_lang", "en")));
        var html = WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Contains("data-error-for=\"name\">Required.", html);
        Assert.Contains("data-error-for=\"email\">Enter a valid e-mail address.", html);
        Assert.Contains("data-error-for=\"message\">Plain text only, without tags.", html);
        Assert.Contains("data-error-for=\"consent\">Please give your consent to send the form.", html);
        Assert.Contains("value=\"nope\"", html); // what the visitor typed is kept
    }

    [Fact]
    public async Task JsonPost_BadFields_AnswersTheMessagesByField_InPolish()
    {
        using var client = Client();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var answer = await client.PostAsync("/forms/contact", Post(("name", "Jan"), ("phone", "12"), ("message", "x"), ("consent", "on"), ("_lang", "pl")));
        var errors = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.StartsWith("Podaj poprawny numer telefonu", errors.GetProperty("phone").GetString());
    }

    [Fact]
    public async Task PlainPost_Valid_ThanksAndMakesAWebFormLeadWithItsUtm()
    {
        using var client = Client();
        var email = $"visitor-{Guid.NewGuid():N}@example.com";

        var answer = await client.PostAsync("/forms/contact", Post(Valid(email)));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("data-testid=\"thank-you\"", await answer.Content.ReadAsStringAsync());
        await using var db = await _app.Get<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        var lead = await db.Leads.SingleAsync(l => l.Emails.Any(e => e.Address == email));
        Assert.Equal((LeadSource.WebForm, "newsletter", "Contact us"), (lead.Source, lead.UtmSource, lead.WebFormName));
    }

    [Fact]
    public async Task Honeypot_GetsTheThankYouButMakesNoLead()
    {
        using var client = Client();
        var email = $"bot-{Guid.NewGuid():N}@example.com";

        var answer = await client.PostAsync("/forms/contact", Post([.. Valid(email), ("homepage", "http://spam.example.com")]));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        await using var db = await _app.Get<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Leads.AnyAsync(l => l.Emails.Any(e => e.Address == email)));
    }

    [Fact]
    public async Task Cors_OnlyTheSubmitEndpoint_AndOnlyForTheFormsOrigins()
    {
        using var client = Client();
        async Task<HttpResponseMessage> PostFrom(string path, string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Post(Valid($"cors-{Guid.NewGuid():N}@example.com")) };
            request.Headers.Add("Origin", origin);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            return await client.SendAsync(request);
        }

        var anyOrigin = await PostFrom("/forms/contact", "https://shop.example.org");
        var allowed = await PostFrom("/forms/partners", "https://allowed.example.com");
        var refused = await PostFrom("/forms/partners", "https://evil.example.net");
        var page = new HttpRequestMessage(HttpMethod.Get, "/forms/contact");
        page.Headers.Add("Origin", "https://shop.example.org");
        var pageAnswer = await client.SendAsync(page);

        Assert.Equal("*", anyOrigin.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("https://allowed.example.com", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(pageAnswer.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task WidgetScriptDataAndDemoPage_AreServedToAnyone()
    {
        using var client = Client();

        var script = await client.GetAsync("/widget.js");
        var data = await client.GetStringAsync("/forms/contact/widget-data.js?lang=pl");
        var demo = await client.GetStringAsync("/widget-demo.html");
        var unknown = await client.GetAsync("/forms/nope/widget-data.js");

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("\"slug\":\"contact\"", data);
        Assert.Contains("data-form=\"contact\"", demo);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task TooLargeBody_IsRefused()
    {
        using var client = Client();

        var answer = await client.PostAsync("/forms/contact", Post([.. Valid("big@example.com"), ("message", new string('x', 64 * 1024))]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
    }

    [Fact]
    public async Task Burst_OfThirtyFromOneAddress_Gets429WithRetryAfterAfterTen()
    {
        await using var app = new CrmAppFactory(settings: new Dictionary<string, string> { ["Crm:WebForms:PerIpLimit"] = "10" });
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 30; i++)
        {
            answers.Add(await client.PostAsync("/forms/contact", Post(Valid($"burst-{i}@example.com"))));
        }

        Assert.All(answers.Take(10), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.All(answers.Skip(10), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));
        Assert.True(int.Parse(answers[^1].Headers.GetValues("Retry-After").Single()) is > 0 and <= 60);
        Assert.Contains("Try again in a minute", await answers[^1].Content.ReadAsStringAsync());
    }
}
