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
