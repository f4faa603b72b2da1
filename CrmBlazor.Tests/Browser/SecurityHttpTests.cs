using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrmBlazor.Security;

namespace CrmBlazor.Tests.Browser;

/// <summary>Security headers, the language switch's return address, HSTS and HTTPS behind a proxy, keys at rest: over HTTP against the real app.</summary>
public sealed class SecurityHttpTests : IClassFixture<SecurityHttpTests.Apps>
{
    /// <summary>A Development app (the tests' usual) and a Production one with a certificate for its keys.</summary>
    public sealed class Apps : IAsyncLifetime
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("crm-cert-").FullName;

        public CrmAppFactory Development { get; private set; } = default!;
        public CrmAppFactory Production { get; private set; } = default!;

        public Task InitializeAsync()
        {
            Development = new CrmAppFactory();
            var pfx = Path.Combine(_directory, "keys.pfx");
            using (var rsa = RSA.Create(2048))
            {
                var request = new CertificateRequest("CN=CrmBlazor Data Protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
                File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, "pfx-secret"));
            }
            Production = new CrmAppFactory(settings: new Dictionary<string, string>
            {
                ["environment"] = "Production",
                ["Crm:SeedDemoData"] = "false",
                ["Crm:InitialAdmin:Email"] = "admin@firm.test",
                ["Crm:InitialAdmin:Password"] = "Change-Me-2026!",
                ["Crm:DataProtection:CertificatePath"] = pfx,
                ["Crm:DataProtection:CertificatePassword"] = "pfx-secret",
                ["HTTPS_PORT"] = "443",
            });
            return Task.CompletedTask;
        }

        public async Task DisposeAsync()
        {
            await Development.DisposeAsync();
            await Production.DisposeAsync();
            Directory.Delete(_directory, recursive: true);
        }
    }

    private readonly Apps _apps;

    public SecurityHttpTests(Apps apps) => _apps = apps;

    private static HttpClient Client(CrmAppFactory app) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(app.BaseUrl) };

    [Theory]
    [InlineData("/account/login")] // a page
    [InlineData("/favicon.png")] // a static file
    [InlineData("/deals")] // a redirect to sign in
    [InlineData("/hubs/crm/negotiate")] // a 401 for machines
    [InlineData("/no-such-page")] // not found
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        using var client = Client(_apps.Development);

        using var response = await client.GetAsync(path);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self' 'nonce-", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Strict-Transport-Security")); // Development: no HSTS
    }

    [Fact]
    public async Task Page_TheImportMapCarriesThisResponsesNonce_AndEachResponseHasItsOwn()
    {
        using var client = Client(_apps.Development);

        using var first = await client.GetAsync("/account/login");
        using var second = await client.GetAsync("/account/login");

        var nonce = System.Text.RegularExpressions.Regex.Match(first.Headers.GetValues("Content-Security-Policy").Single(), "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\">", await first.Content.ReadAsStringAsync());
        Assert.DoesNotContain(nonce, second.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Theory]
    [InlineData("/culture?culture=pl&redirectUri=%2Fdeals%0D%0ASet-Cookie:x=1")] // CR LF: header injection
    [InlineData("/culture?culture=pl&redirectUri=%2Fdeals%00")] // NUL
    [InlineData("/culture?culture=pl&redirectUri=%2Fdeals%7F")] // DEL
    [InlineData("/culture?culture=pl&redirectUri=https%3A%2F%2Fevil.example%2F")] // another site
    [InlineData("/culture?culture=pl&redirectUri=%2F%2Fevil.example")] // protocol-relative
    [InlineData("/culture?culture=pl&redirectUri=%2F%5Cevil.example")] // /\ read as // by browsers
    [InlineData("/culture?culture=pl&redirectUri=%2Fdeals%3Fq%3Dza%C5%BC%C3%B3%C5%82%C4%87")] // not percent-encoded (ż in the URL)
    public async Task Culture_ABadReturnAddress_IsABadRequest(string url)
    {
        using var client = Client(_apps.Development);

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("/culture?culture=pl&redirectUri=%2Fdeals%3Fq%3Dza%25C5%25BC", "/deals?q=za%C5%BC")]
    [InlineData("/culture?culture=pl", "/")]
    [InlineData("/culture?culture=pl&redirectUri=", "/")]
    public async Task Culture_ALocalReturnAddress_RedirectsThereWithTheCookie(string url, string location)
    {
        using var client = Client(_apps.Development);

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=c%3Dpl", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Production_BehindAProxyThatTerminatesTls_SendsHsts_AndPlainHttpIsRedirectedToHttps()
    {
        using var client = Client(_apps.Production);

        using var viaProxy = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        viaProxy.Headers.Host = "crm.firm.test";
        viaProxy.Headers.Add("X-Forwarded-Proto", "https");
        viaProxy.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var secure = await client.SendAsync(viaProxy);
        using var plain = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        plain.Headers.Host = "crm.firm.test";
        using var redirected = await client.SendAsync(plain);

        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.Equal("max-age=31536000", Assert.Single(secure.Headers.GetValues("Strict-Transport-Security")));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirected.StatusCode);
        Assert.Equal("https://crm.firm.test/account/login", redirected.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Production_WithACertificate_KeepsTheDataProtectionKeysEncryptedInTheDatabase()
    {
        using var client = Client(_apps.Production);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var login = await client.SendAsync(request); // the form's antiforgery token makes the first key
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        await using var db = await _apps.Production.Get<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        var keys = await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync();

        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("encryptedSecret", xml);
            Assert.DoesNotContain("<masterKey", xml);
        });
    }

    [Fact]
    public void PathPolicies_TheLongestMatchingPrefixWins_OtherPathsKeepTheDefault()
    {
        var options = new SecurityHeadersOptions();
        options.PathPolicies.Add(new PathSecurityPolicy("/forms", "frame-ancestors *"));
        options.PathPolicies.Add(new PathSecurityPolicy("/forms/private", "frame-ancestors 'self'"));

        Assert.Equal("frame-ancestors *", options.PolicyFor("/forms/contact-us"));
        Assert.Equal("frame-ancestors 'self'", options.PolicyFor("/forms/private/x"));
        Assert.Equal(SecurityHeadersOptions.DefaultPolicy, options.PolicyFor("/formsx"));
        Assert.Equal(SecurityHeadersOptions.DefaultPolicy, options.PolicyFor("/deals"));
    }
}
