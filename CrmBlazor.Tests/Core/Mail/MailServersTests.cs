using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace CrmBlazor.Tests.Core.Mail;

/// <summary>The private mail servers the e-mail tests stand on: a message appended to dovecot reads back; the SMTP sink keeps what it receives.</summary>
public sealed class MailServersTests(ImapServer imap, SmtpSink smtp) : IClassFixture<ImapServer>, IClassFixture<SmtpSink>
{
    [Fact]
    public async Task ImapServer_AppendedMessage_ReadsBackWithItsUid()
    {
        var user = imap.NewUser();
        await imap.AppendAsync(user, new MimeMessage([new MailboxAddress("Ola", "ola@example.com")], [MailboxAddress.Parse(user)], "Hello", new TextPart("plain") { Text = "Hi" }));

        using var client = await imap.ConnectAsync(user);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var summaries = await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope);

        Assert.Equal("Hello", Assert.Single(summaries).Envelope!.Subject);
        Assert.True(client.Inbox.UidValidity > 0);
    }

    [Fact]
    public async Task SmtpSink_SentMessage_IsReceivedWithItsEnvelope()
    {
        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host, smtp.Port, SecureSocketOptions.None);
        await client.SendAsync(new MimeMessage([MailboxAddress.Parse("crm@test.local")], [MailboxAddress.Parse("ola@example.com")], "Offer", new TextPart("plain") { Text = "Hi" }));
        await client.DisconnectAsync(true);

        var received = await smtp.WaitForAsync(m => m.Message.Subject == "Offer");
        Assert.Equal(["ola@example.com"], received.EnvelopeTo);
    }
}
