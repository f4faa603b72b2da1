using System.IO.Compression;
using System.Net;
using System.Text;

namespace CrmBlazor.Tests.Browser;

/// <summary>The list exports over plain HTTP against the real app on Kestrel (which refuses synchronous writes).</summary>
public sealed partial class ExportHttpTests : IClassFixture<AppFixture>
{
    private readonly CrmAppFactory _app;

    public ExportHttpTests(AppFixture app) => _app = app.Server;

    [Theory]
    [InlineData("leads")]
    [InlineData("contacts")]
    [InlineData("companies")]
    [InlineData("deals")]
    [InlineData("activities")]
    public async Task EveryList_AsCsvAndXlsx_ForASignedInUser(string list)
    {
        using var client = await SignedInAsync("manager@demo.crm");

        var csv = await client.GetAsync($"/api/export/{list}.csv?mine=false");
        var xlsx = await client.GetAsync($"/api/export/{list}.xlsx?mine=false");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.StartsWith("text/csv", csv.Content.Headers.ContentType!.ToString());
        Assert.Contains($"{list}-", csv.Content.Headers.ContentDisposition!.FileName);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("\uFEFF\"", text);
        Assert.True(text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length > 1, text);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.NotNull(zip.GetEntry("xl/worksheets/sheet1.xml"));
    }

    [Fact]
    public async Task Leads_TheFiltersOfTheQueryString()
    {
        using var client = await SignedInAsync("anna@demo.crm");

        var all = Lines(await client.GetStringAsync("/api/export/leads.csv"));
        var calls = Lines(await client.GetStringAsync("/api/export/leads.csv?source=Call"));

        Assert.True(calls.Length < all.Length);
        Assert.All(calls.Skip(1), line => Assert.Contains("\"Call\"", line));
    }

    [Fact]
    public async Task Activities_OnlyTheUsersOwn_ForASalesUser()
    {
        using var anna = await SignedInAsync("anna@demo.crm");
        using var manager = await SignedInAsync("manager@demo.crm");

        var annas = Lines(await anna.GetStringAsync("/api/export/activities.csv?mine=false&period=Open"));
        var everyones = Lines(await manager.GetStringAsync("/api/export/activities.csv?mine=false&period=Open"));

        Assert.True(annas.Length < everyones.Length, $"{annas.Length} vs {everyones.Length}");
    }

    [Theory]
    [InlineData("en", "Yes")]
    [InlineData("pl", "Tak")]
    public async Task ContactsAndCompanies_OneColumnPerCustomField_InTheReadersLanguage_ValuesAsTheListShowsThem(string language, string yes)
    {
        var admin = await _app.ActorAsync("admin@demo.crm");
        var anna = await _app.ActorAsync("anna@demo.crm");
        var manager = await _app.ActorAsync("manager@demo.crm");
        var suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        async Task<CustomFieldView> FieldAsync(ElementKind kind, string code, CustomFieldType type, string name, params string[] options)
        {
            var saved = await _app.Get<CustomFieldService>().SaveAsync(null, 0, new CustomFieldInput
            {
                EntityKind = kind, Code = $"UF_{code}{suffix}", Type = type, NameEn = $"{name} {suffix}", NamePl = $"{name} PL {suffix}", IsMultiple = options.Length > 0,
                Options = [.. options.Select(o => new CustomFieldOptionInput(null, o))],
            }, admin);
            Assert.True(saved.IsOk, string.Join(", ", saved.Errors.Select(e => $"{e.Field} {e.MessageKey}")));
            return saved.Value!;
        }
        var tier = await FieldAsync(ElementKind.Contact, "TIER", CustomFieldType.List, "Tier", "Gold", "Silver");
        var vip = await FieldAsync(ElementKind.Contact, "VIP", CustomFieldType.YesNo, "VIP");
        var buddy = await FieldAsync(ElementKind.Contact, "BUDDY", CustomFieldType.User, "Buddy");
        var seats = await FieldAsync(ElementKind.Contact, "SEATS", CustomFieldType.Number, "Seats");
        var met = await FieldAsync(ElementKind.Contact, "MET", CustomFieldType.DateTime, "Met");
        var budget = await FieldAsync(ElementKind.Company, "BUDGET", CustomFieldType.Money, "Budget");
        var founded = await FieldAsync(ElementKind.Company, "FOUNDED", CustomFieldType.Date, "Founded");
        var metAt = new DateTime(2026, 11, 20, 9, 30, 0, DateTimeKind.Utc);
        var contact = await _app.Get<ContactService>().SaveAsync(null, 0, new ContactInput
        {
            FirstName = $"Export{suffix}",
            Custom = new Dictionary<string, CustomValue>
            {
                [tier.Code] = new() { Options = [.. tier.Options.Select(o => o.Id)] },
                [vip.Code] = new() { Flag = true },
                [buddy.Code] = new() { Text = anna.UserId },
                [seats.Code] = new() { Number = 12.5m },
                [met.Code] = new() { Date = metAt },
            },
        }, manager);
        Assert.True(contact.IsOk, string.Join(", ", contact.Errors.Select(e => $"{e.Field} {e.MessageKey}")));
        var company = await _app.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput
        {
            Name = $"Export{suffix} Ltd",
            Custom = new Dictionary<string, CustomValue>
            {
                [budget.Code] = new() { Number = 1250.5m, Currency = "EUR" },
                [founded.Code] = new() { Date = new DateTime(2020, 5, 1, 0, 0, 0, DateTimeKind.Utc) },
            },
        }, manager);
        Assert.True(company.IsOk, string.Join(", ", company.Errors.Select(e => $"{e.Field} {e.MessageKey}")));
        using var client = await SignedInAsync("manager@demo.crm");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var contacts = Lines(await client.GetStringAsync($"/api/export/contacts.csv?search=Export{suffix}"));
        var companies = Lines(await client.GetStringAsync($"/api/export/companies.csv?search=Export{suffix}"));

        var pl = language == "pl" ? " PL" : "";
        Assert.EndsWith($",\"Tier{pl} {suffix}\",\"VIP{pl} {suffix}\",\"Buddy{pl} {suffix}\",\"Seats{pl} {suffix}\",\"Met{pl} {suffix}\"", contacts[0]);
        var local = _app.Get<CrmTime>().ToLocal(metAt).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.EndsWith($",\"Gold, Silver\",\"{yes}\",\"{anna.DisplayName}\",12.5,\"{local}\"", Assert.Single(contacts.Skip(1)));
        Assert.EndsWith($",\"Budget{pl} {suffix}\",\"Founded{pl} {suffix}\"", companies[0]);
        Assert.EndsWith(",\"1250.50 EUR\",\"2020-05-01\"", Assert.Single(companies.Skip(1)));
    }

    [Fact]
    public async Task SignedOut_Unknown_Is401And404()
    {
        using var anonymous = Client();
        using var client = await SignedInAsync("anna@demo.crm");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/export/leads.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/export/users.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/export/leads.pdf")).StatusCode);
    }

    private static string[] Lines(string csv) => csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    private HttpClient Client() => _app.Client();

    private Task<HttpClient> SignedInAsync(string email) => _app.SignedInClientAsync(email);
}
