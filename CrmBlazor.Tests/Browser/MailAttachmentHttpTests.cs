using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// Issue 15: an e-mail's attachment downloads over HTTP (<c>/api/mail/attachments/{id}</c>) only for a signed-in user
/// who may read the element the message is on: the file, with its type, as an attachment; a user of "Sales (own only)"
/// who may not read the lead gets 403, an unknown attachment 404, and a signed-out client 401.
/// </summary>
public sealed class MailAttachmentHttpTests : IClassFixture<MailAttachmentHttpTests.App>
{
    private const string Content = "40 desks, 300 zł each";

    /// <summary>The real app, its mail files in a folder of its own; a lead of the manager's with one e-mail and its attachment.</summary>
    public sealed class App : IAsyncLifetime
    {
        private readonly ScratchDirectory _files = new("crm-mail-files-");

        public CrmAppFactory Server { get; private set; } = default!;
        public int AttachmentId { get; private set; }
        public string OwnOnlyEmail { get; } = $"own-mail-{Guid.NewGuid().ToString("N")[..6]}@test.crm";

        public async Task InitializeAsync()
        {
            Server = new CrmAppFactory(settings: new Dictionary<string, string> { ["Crm:Mail:FileDirectory"] = _files.Path });
            var manager = await Server.ActorAsync("manager@demo.crm");
            var lead = (await Server.Get<LeadService>().CreateAsync(
                new LeadInput
                {
                    Title = "Desks by e-mail", FirstName = "Ola", Emails = [new EmailInput("ola@client.example")], ResponsibleUserId = manager.UserId, Source = LeadSource.Email,
                },
                manager)).Value!;
            var key = await Server.Get<IMailFileStore>().SaveAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Content)));
            var message = new MailMessage
            {
                MessageId = $"<{Guid.NewGuid():N}@client.example>", ThreadId = "<thread@client.example>", FromAddress = "ola@client.example", FromName = "Ola",
                Subject = "Offer", TextBody = "See the file.", At = DateTime.UtcNow, ElementKind = ElementKind.Lead, ElementId = lead.Id,
                Attachments = [new MailAttachment { FileName = "offer żółw.txt", ContentType = "text/plain", Size = Content.Length, StoreKey = key }],
            };
            await using (var db = await Server.Get<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync())
            {
                db.MailMessages.Add(message);
                await db.SaveChangesAsync();
            }
            AttachmentId = message.Attachments[0].Id;

            using var scope = Server.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
            var ownOnly = new CrmUser { UserName = OwnOnlyEmail, Email = OwnOnlyEmail, DisplayName = "Olga Own", EmailConfirmed = true, AccessRoleId = BuiltInRoles.SalesOwnOnlyId };
            Assert.True((await users.CreateAsync(ownOnly, BrowserFixture.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(ownOnly, CrmRoles.Sales)).Succeeded);
        }

        public async Task DisposeAsync()
        {
            await Server.DisposeAsync();
            _files.Dispose();
        }
    }

    private readonly App _app;

    public MailAttachmentHttpTests(App app) => _app = app;

    [Fact]
    public async Task SignedInWithAccess_GetsTheFile_WithItsTypeAsAnAttachment()
    {
        using var client = await _app.Server.SignedInClientAsync("manager@demo.crm");

        using var response = await client.GetAsync($"/api/mail/attachments/{_app.AttachmentId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("offer żółw.txt", disposition.FileNameStar);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(Content, System.Text.Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task SignedInWithoutAccess_Is403_AndAnUnknownAttachment404()
    {
        using var ownOnly = await _app.Server.SignedInClientAsync(_app.OwnOnlyEmail);
        using var manager = await _app.Server.SignedInClientAsync("manager@demo.crm");

        using var refused = await ownOnly.GetAsync($"/api/mail/attachments/{_app.AttachmentId}");
        using var unknown = await manager.GetAsync($"/api/mail/attachments/{_app.AttachmentId + 1000}");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(Content, await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task SignedOut_Is401()
    {
        using var anonymous = _app.Server.Client();

        using var response = await anonymous.GetAsync($"/api/mail/attachments/{_app.AttachmentId}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(Content, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("text/plain", "text/plain")]
    [InlineData("application/pdf", "application/pdf")]
    [InlineData("text/plain; charset=utf-8", "text/plain; charset=utf-8")]
    [InlineData("", "application/octet-stream")]
    [InlineData("not a type", "application/octet-stream")]
    [InlineData("*/*", "application/octet-stream")]
    public void ContentType_TheMessagesWhenItIsOne_ElseBytes(string given, string served) =>
        Assert.Equal(served, CrmBlazor.Mail.MailEndpoints.ContentTypeOf(given));
}
