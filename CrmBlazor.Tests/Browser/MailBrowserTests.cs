using System.Globalization;
using Microsoft.Playwright;
using MimeKit;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// E-mail as people use it, against a private dovecot and a real SMTP listener: an admin connects a mailbox in
/// Settings > Mail; a message from a new sender becomes a lead; its responsible user opens it from their unread mail,
/// reads it safely rendered, replies, and sees the thread (with the customer's answer joining it).
/// </summary>
public sealed class MailBrowserTests(BrowserFixture fixture, ImapServer imap, SmtpSink smtp)
    : BrowserTest(fixture), IClassFixture<ImapServer>, IClassFixture<SmtpSink>
{
    [Fact]
    public async Task AdminConnectsAMailbox_UserReadsTheLeadsEmailSafely_RepliesAndSeesTheThread()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var user = imap.NewUser();
        var anna = await Fixture.App.ActorAsync("anna@demo.crm");
        var adminEmail = await Fixture.EnsureAdminAsync("mail-admin@test.crm");

        // The admin connects the mailbox and tests it.
        var admin = await Fixture.SignInAsync(adminEmail, "/settings/mail");
        await admin.GetByTestId("mailbox-add").ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("mailbox-name").FillAsync($"Sales {suffix}");
        await dialog.GetByTestId("mailbox-address").FillAsync(user);
        await dialog.GetByTestId("mailbox-imap-host").FillAsync(imap.Host);
        await dialog.GetByTestId("mailbox-imap-port").FillAsync(imap.Port.ToString(CultureInfo.InvariantCulture));
        await dialog.GetByTestId("mailbox-user").FillAsync(user);
        await dialog.GetByTestId("mailbox-password").FillAsync(ImapServer.Password);
        await dialog.GetByTestId("mailbox-smtp-host").FillAsync(smtp.Host);
        await dialog.GetByTestId("mailbox-smtp-port").FillAsync(smtp.Port.ToString(CultureInfo.InvariantCulture));
        await dialog.GetByLabel("Gets the leads and is told about new mail").ClickAsync();
        await admin.GetByRole(AriaRole.Option, new() { Name = anna.DisplayName }).ClickAsync();
        // The test reads the mailbox itself (below), not the app's background reader.
        await dialog.GetByLabel("Read this mailbox").UncheckAsync();
        await dialog.GetByTestId("mailbox-save").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        var card = admin.GetByTestId("mailbox").Filter(new() { HasText = $"Sales {suffix}" });
        await card.GetByTestId("mailbox-test").ClickAsync();
        await Expect(card.GetByTestId("mailbox-test-result")).ToContainTextAsync("accepted the sign-in", new() { Timeout = 45_000 });
        await Expect(card.GetByTestId("mailbox-last-read")).ToContainTextAsync("Nothing read yet");
        Assert.Empty(await Axe.SeriousViolationsAsync(admin));

        // A new sender writes, with a script, a handler and a tracking pixel.
        var subject = $"Chairs for the office {suffix}";
        var sender = $"ola.{suffix}@example.com";
        var message = new MimeMessage([new MailboxAddress("Ola Nowak", sender)], [MailboxAddress.Parse(user)], subject,
            new BodyBuilder
            {
                TextBody = "Hello, we need 20 chairs.",
                HtmlBody = "<p onclick=\"document.title='pwned'\">Hello, we need <b>20 chairs</b>.</p><script>document.title='pwned'</script>"
                    + "<img src=\"https://tracker.example/pixel.gif\" alt=\"pixel\">",
            }.ToMessageBody());
        message.MessageId = $"{suffix}.first@example.com";
        message.Date = DateTimeOffset.UtcNow.AddHours(-1);
        await imap.AppendAsync(user, message);
        var adminActor = await Fixture.App.ActorAsync(adminEmail);
        var mailboxId = (await Fixture.App.Get<MailboxService>().ListAsync(adminActor)).Value!.Single(m => m.Name == $"Sales {suffix}").Id;
        Assert.Equal(1, (await Fixture.App.Get<MailReader>().ReadOnceAsync(mailboxId)).LeadsCreated);
        await admin.GetByTestId("mailboxes-refresh").ClickAsync();
        await Expect(card.GetByTestId("mailbox-last-read")).ToContainTextAsync(subject);

        // Anna, the responsible user, finds it in her unread mail and opens the lead it made.
        var page = await Fixture.SignInAsync("anna@demo.crm", "/mail");
        await page.GetByTestId("unread-item").Filter(new() { HasText = subject }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = subject })).ToBeVisibleAsync();
        var incoming = page.Locator("[data-entry-kind='emailin']");
        await incoming.GetByTestId("mail-open").ClickAsync();
        var body = incoming.GetByTestId("mail-body");
        await Expect(body.Locator("b")).ToHaveTextAsync("20 chairs");
        await Expect(body.Locator("img")).ToHaveCountAsync(0);
        await Expect(body.Locator("script")).ToHaveCountAsync(0);
        Assert.Null(await body.Locator("p").First.GetAttributeAsync("onclick"));
        Assert.NotEqual("pwned", await page.TitleAsync());
        await Expect(incoming.GetByTestId("mail-images-blocked")).ToBeVisibleAsync();
        Assert.Empty(await Axe.SeriousViolationsAsync(page));
        // Opened: it leaves her unread mail, and the navigation's counter follows.
        await Expect(page.Locator("[data-counter='mail']")).ToHaveTextAsync("0");
        Assert.Empty(await Fixture.App.Get<MailViewService>().UnreadAsync(anna));

        // She allows the images of this e-mail.
        await incoming.GetByTestId("mail-show-images").ClickAsync();
        await Expect(body.Locator("img")).ToHaveAttributeAsync("src", "https://tracker.example/pixel.gif");

        // She replies; the SMTP listener gets it in the thread.
        await incoming.GetByTestId("mail-reply").ClickAsync();
        var reply = page.GetByRole(AriaRole.Dialog);
        await Expect(reply.GetByTestId("send-mail-subject")).ToHaveValueAsync($"Re: {subject}");
        await reply.GetByTestId("send-mail-body").FillAsync("We can deliver next week.");
        await reply.GetByTestId("send-mail-send").ClickAsync();
        await Expect(reply).ToHaveCountAsync(0);
        var sent = await smtp.WaitForAsync(m => m.Message.Subject == $"Re: {subject}");
        Assert.Equal(sender, sent.Message.To.Mailboxes.Single().Address);
        Assert.Equal(message.MessageId, sent.Message.InReplyTo);
        var outgoing = page.Locator("[data-entry-kind='emailout']");
        await outgoing.GetByTestId("mail-open").ClickAsync();
        await Expect(outgoing.GetByTestId("mail-message")).ToHaveCountAsync(2);

        // The customer answers the reply: it joins the thread on the lead's timeline, live.
        var answer = new MimeMessage([new MailboxAddress("Ola Nowak", sender)], [MailboxAddress.Parse(user)], $"Re: Re: {subject}",
            new TextPart("plain") { Text = "Great, thank you." });
        answer.MessageId = $"{suffix}.answer@example.com";
        // A thread is in date order; the Date header has whole seconds, so the answer is dated clearly after the reply.
        answer.Date = DateTimeOffset.Now.AddMinutes(1);
        answer.InReplyTo = sent.Message.MessageId;
        answer.References.Add(message.MessageId);
        answer.References.Add(sent.Message.MessageId!);
        await imap.AppendAsync(user, answer);
        Assert.Equal(1, (await Fixture.App.Get<MailReader>().ReadOnceAsync(mailboxId)).Filed);
        await Expect(incoming).ToHaveCountAsync(2);
        await incoming.First.GetByTestId("mail-open").ClickAsync();
        var thread = incoming.First.GetByTestId("mail-message");
        await Expect(thread).ToHaveCountAsync(3);
        await Expect(thread.Last).ToContainTextAsync("Great, thank you.");
        await CloseCheckedAsync(page, admin);
    }

    [Fact]
    public async Task SendFromADealPage_WithAnAttachment_ArrivesAtTheSmtpListener_AndShowsOnTheTimeline()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var user = imap.NewUser();
        var admin = await Fixture.App.ActorAsync(await Fixture.EnsureAdminAsync("mail-admin@test.crm"));
        var saved = await Fixture.App.Get<MailboxService>().SaveAsync(null, 0, new MailboxInput
        {
            Name = $"Deals {suffix}", Address = user, ImapHost = imap.Host, ImapPort = imap.Port, ImapSecurity = MailSecurity.None,
            UserName = user, Password = ImapServer.Password, SmtpHost = smtp.Host, SmtpPort = smtp.Port, SmtpSecurity = MailSecurity.None, Enabled = false,
        }, admin);
        Assert.True(saved.IsOk);
        var (deal, _) = await Fixture.App.NewDealAsync($"Desks {suffix}", "anna@demo.crm");

        var page = await Fixture.SignInAsync("anna@demo.crm", $"/deals/{deal.Id}");
        await page.GetByTestId("send-mail").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await BrowserFixture.ChooseAsync(page, dialog, "From", $"Deals {suffix}", exact: false);
        await dialog.GetByTestId("send-mail-other-to").FillAsync($"buyer.{suffix}@client.example");
        await dialog.GetByTestId("send-mail-cc").FillAsync($"boss.{suffix}@client.example");
        await dialog.GetByTestId("send-mail-subject").FillAsync($"Desks offer {suffix}");
        await dialog.GetByTestId("send-mail-body").FillAsync("The offer is attached.");
        await dialog.GetByTestId("send-mail-file").SetInputFilesAsync(new FilePayload { Name = "offer.txt", MimeType = "text/plain", Buffer = "40 desks"u8.ToArray() });
        await Expect(dialog.GetByTestId("send-mail-attachment")).ToContainTextAsync("offer.txt");
        Assert.Empty(await Axe.SeriousViolationsAsync(page));
        await dialog.GetByTestId("send-mail-send").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        var received = await smtp.WaitForAsync(m => m.Message.Subject == $"Desks offer {suffix}");
        Assert.Equal((user, $"buyer.{suffix}@client.example", $"boss.{suffix}@client.example"),
            (received.Message.From.Mailboxes.Single().Address, received.Message.To.Mailboxes.Single().Address, received.Message.Cc.Mailboxes.Single().Address));
        Assert.False(string.IsNullOrEmpty(received.Message.MessageId));
        Assert.Equal("offer.txt", Assert.Single(received.Message.Attachments.OfType<MimePart>()).FileName);
        var entry = page.Locator("[data-entry-kind='emailout']");
        await Expect(entry).ToContainTextAsync($"Desks offer {suffix}");
        await entry.GetByTestId("mail-open").ClickAsync();
        await Expect(entry.GetByTestId("mail-attachment")).ToContainTextAsync("offer.txt");
        await CloseCheckedAsync(page);
    }

    [Fact]
    public async Task UserWritesASignatureAndATemplate_PicksItOnALead_FillsWhatIsLeft_AndSendsFormattedMail()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var user = imap.NewUser();
        var admin = await Fixture.App.ActorAsync(await Fixture.EnsureAdminAsync("mail-admin@test.crm"));
        var saved = await Fixture.App.Get<MailboxService>().SaveAsync(null, 0, new MailboxInput
        {
            Name = $"Templates {suffix}", Address = user, ImapHost = imap.Host, ImapPort = imap.Port, ImapSecurity = MailSecurity.None,
            UserName = user, Password = ImapServer.Password, SmtpHost = smtp.Host, SmtpPort = smtp.Port, SmtpSecurity = MailSecurity.None, Enabled = false,
        }, admin);
        Assert.True(saved.IsOk);
        var anna = await Fixture.App.ActorAsync("anna@demo.crm");
        var lead = await Fixture.App.Get<LeadService>().CreateAsync(new LeadInput
        {
            Title = $"Sofas {suffix}", FirstName = "Ola", Emails = [new EmailInput($"ola.{suffix}@client.example")], ResponsibleUserId = anna.UserId,
        }, anna);
        Assert.True(lead.IsOk);

        // Anna writes her signature on her profile.
        var page = await Fixture.SignInAsync("anna@demo.crm", "/profile");
        var signature = page.GetByTestId("mail-signature");
        await signature.GetByTestId("mail-signature-body").FillAsync($"Anna {suffix}\nSales");
        await signature.GetByTestId("mail-signature-save").ClickAsync();
        await Expect(page.GetByText("Saved")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        // She keeps a template of her own in Settings > E-mail templates; an unknown placeholder is refused next to the body.
        await page.GotoAsync("/settings/mail-templates");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.GetByTestId("mail-template-add").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("mail-template-name").FillAsync($"Offer {suffix}");
        await dialog.GetByTestId("mail-template-subject").FillAsync("Offer: {{element.name}}");
        await dialog.GetByTestId("mail-template-body").FillAsync("Dear {{contact.firstName}}, {{contact.shoeSize}}");
        await dialog.GetByTestId("mail-template-save").ClickAsync();
        await Expect(dialog).ToContainTextAsync("Unknown placeholder: {{contact.shoeSize}}", new() { Timeout = 15_000 });
        await dialog.GetByTestId("mail-template-body").FillAsync("Dear {{contact.firstName}},\n\nthe price is {{deal.amount}}.\n\n{{user.signature}}");
        Assert.Empty(await Axe.SeriousViolationsAsync(page));
        await dialog.GetByTestId("mail-template-save").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("mail-template").Filter(new() { HasText = $"Offer {suffix}" })).ToBeVisibleAsync();

        // On the lead she picks it: the subject and body are filled; the deal's amount, which a lead has not, is reported.
        await page.GotoAsync($"/leads/{lead.Value!.Id}");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.GetByTestId("send-mail").ClickAsync();
        var send = page.GetByRole(AriaRole.Dialog);
        await BrowserFixture.ChooseAsync(page, send, "From", $"Templates {suffix}", exact: false);
        await BrowserFixture.ChooseAsync(page, send, "Template", $"Offer {suffix}");
        await Expect(send.GetByTestId("send-mail-subject")).ToHaveValueAsync($"Offer: Sofas {suffix}", new() { Timeout = 15_000 });
        var body = send.GetByTestId("send-mail-body");
        await Expect(body).ToHaveValueAsync($"Dear Ola,\n\nthe price is {{{{deal.amount}}}}.\n\nAnna {suffix}\nSales");
        await Expect(send).ToContainTextAsync("Not filled in: {{deal.amount}}");

        // She writes the price herself, in bold from the toolbar, and sends.
        await body.FillAsync($"Dear Ola,\n\nthe price is 900 PLN.\n\nAnna {suffix}\nSales");
        await body.EvaluateAsync("(area) => { const at = area.value.indexOf('900 PLN'); area.setSelectionRange(at, at + 7); }");
        await send.GetByRole(AriaRole.Button, new() { Name = "Bold" }).ClickAsync();
        await Expect(body).ToHaveValueAsync($"Dear Ola,\n\nthe price is **900 PLN**.\n\nAnna {suffix}\nSales");
        await Expect(send).Not.ToContainTextAsync("Not filled in");
        Assert.Empty(await Axe.SeriousViolationsAsync(page));
        await send.GetByTestId("send-mail-send").ClickAsync();
        await Expect(send).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        var received = await smtp.WaitForAsync(m => m.Message.Subject == $"Offer: Sofas {suffix}");
        Assert.Contains("**900 PLN**", received.Message.TextBody);
        Assert.Contains("<strong>900 PLN</strong>", received.Message.HtmlBody);
        Assert.Contains($"Anna {suffix}", received.Message.HtmlBody);
        await CloseCheckedAsync(page);
    }
}
