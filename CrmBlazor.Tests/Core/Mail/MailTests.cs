using MimeKit;

namespace CrmBlazor.Tests.Core.Mail;

/// <summary>
/// The e-mail rules against real servers: messages delivered to a private dovecot are read by <see cref="MailReader"/>
/// and filed by <see cref="MailIntakeService"/>; messages sent by <see cref="MailSender"/> arrive at a real SMTP listener.
/// </summary>
public class MailTests(ImapServer imap, SmtpSink smtp, TestDatabase? db = null) : CoreTest(db), IClassFixture<ImapServer>, IClassFixture<SmtpSink>
{
    protected Actor Admin { get; set; } = default!;
    protected string User { get; set; } = "";
    protected int MailboxId { get; set; }
    protected MailReader Reader => Db.Get<MailReader>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
        User = imap.NewUser();
        MailboxId = await AddMailboxAsync(smtp.Port);
    }

    private async Task<int> AddMailboxAsync(int smtpPort)
    {
        var saved = await Db.Get<MailboxService>().SaveAsync(null, 0, new MailboxInput
        {
            Name = "Sales inbox", Address = User, ImapHost = imap.Host, ImapPort = imap.Port, ImapSecurity = MailSecurity.None,
            UserName = User, Password = ImapServer.Password, SmtpHost = smtp.Host, SmtpPort = smtpPort, SmtpSecurity = MailSecurity.None,
            ResponsibleUserId = Anna.UserId,
        }, Admin);
        Assert.True(saved.IsOk, string.Join(", ", saved.Errors.Select(e => e.Field)));
        return saved.Value!.Id;
    }

    protected static MimeMessage Message(string fromName, string from, string subject, string text = "Hello", string? messageId = null)
    {
        var message = new MimeMessage([new MailboxAddress(fromName, from)], [MailboxAddress.Parse("sales@test.local")], subject, new TextPart("plain") { Text = text });
        message.MessageId = messageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId("example.com");
        message.Date = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
        return message;
    }

    protected async Task<List<MailMessage>> MessagesAsync()
    {
        await using var context = await Db.Factory.CreateDbContextAsync();
        return await context.MailMessages.AsNoTracking().Include(m => m.Attachments).OrderBy(m => m.Id).ToListAsync();
    }

    private async Task<List<TimelineItem>> TimelineAsync(ElementRef element) =>
        [.. (await Db.Get<TimelineService>().ForElementAsync(element, 0, 50)).Items];

    [Fact]
    public async Task Read_NewSender_MakesAnEmailLead_WithTheMessageOnItsTimeline_AndTellsTheResponsibleUser()
    {
        using var log = new EventLog(Db.Live);
        await imap.AppendAsync(User, Message("Ola Nowak", "Ola.Nowak@Example.com", "Offer for 20 chairs", "Please send prices."));

        var pass = await Reader.ReadOnceAsync(MailboxId);

        Assert.Equal(1, pass.LeadsCreated);
        var mail = Assert.Single(await MessagesAsync());
        Assert.Equal((ElementKind.Lead, MailDirection.Incoming, "ola.nowak@example.com", "Please send prices."), (mail.ElementKind, mail.Direction, mail.FromAddress, mail.TextBody?.Trim()));
        var lead = (await Db.Get<LeadService>().GetAsync(mail.ElementId))!;
        Assert.Equal(("Offer for 20 chairs", LeadSource.Email, "Ola Nowak", Anna.UserId), (lead.Input.Title, lead.Input.Source, lead.Input.FirstName, lead.Input.ResponsibleUserId));
        Assert.Equal("ola.nowak@example.com", Assert.Single(lead.Input.Emails).Address.ToLowerInvariant());
        var entry = Assert.Single(await TimelineAsync(ElementRef.Lead(lead.Id)), e => e.Kind == TimelineKind.EmailIn);
        Assert.Equal(("Offer for 20 chairs", mail.Id), (entry.Text, entry.RelatedId));
        Assert.Contains(log.Events.OfType<MailArrived>(), e => e.Topics.Contains(LiveTopics.User(Anna.UserId)));
    }

    [Fact]
    public async Task Read_OneBatch_ASendersSecondMessage_AndAReplyInTheSameBatch_JoinTheOneLeadAndThread()
    {
        using var log = new EventLog(Db.Live);
        var first = Message("Ola Nowak", "ola@client.example", "Chairs", "First", messageId: "batch.1@client.example");
        var second = Message("Ola Nowak", "ola@client.example", "Tables", "Second", messageId: "batch.2@client.example");
        var reply = Message("Someone", "someone@elsewhere.example", "Re: Chairs", "Reply", messageId: "batch.3@client.example");
        reply.InReplyTo = "batch.1@client.example";
        foreach (var message in new[] { first, second, reply })
        {
            await imap.AppendAsync(User, message);
        }

        var pass = await Reader.ReadOnceAsync(MailboxId);

        Assert.Equal((1, 2, 0), (pass.LeadsCreated, pass.Filed, pass.KeptAside));
        var mails = await MessagesAsync();
        Assert.Single(mails.Select(m => (m.ElementKind, m.ElementId)).Distinct());
        Assert.Equal("<batch.1@client.example>", mails.Single(m => m.MessageId == "<batch.3@client.example>").ThreadId);
        Assert.Equal(3, log.Events.OfType<MailArrived>().Count());
        Assert.Equal(3, log.Events.OfType<TimelineChanged>().Count());
        // Read again: nothing is filed twice.
        Assert.Equal(0, (await Reader.ReadOnceAsync(MailboxId)).Filed);
        Assert.Equal(3, (await MessagesAsync()).Count);
    }

    [Fact]
    public async Task Read_KnownContact_FilesOnTheContactAndItsOpenDeal_NoLead()
    {
        var contact = (await Db.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = "Jan", Emails = [new EmailInput("jan@firma.pl")] }, Anna)).Value!;
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Chairs");
        await using (var context = await Db.Factory.CreateDbContextAsync())
        {
            await context.Deals.Where(d => d.Id == deal.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.ContactId, contact.Id));
        }

        await imap.AppendAsync(User, Message("Jan", "JAN@firma.pl ", "Re: chairs"));
        var pass = await Reader.ReadOnceAsync(MailboxId);

        Assert.Equal((1, 0), (pass.Filed, pass.LeadsCreated));
        var mail = Assert.Single(await MessagesAsync());
        Assert.Equal((ElementKind.Contact, contact.Id, deal.Id), (mail.ElementKind, mail.ElementId, mail.DealId));
        Assert.Single(await TimelineAsync(ElementRef.Contact(contact.Id)), e => e.Kind == TimelineKind.EmailIn);
        Assert.Single(await TimelineAsync(ElementRef.Deal(deal.Id)), e => e.Kind == TimelineKind.EmailIn);
    }

    [Fact]
    public async Task Read_AutoReplyBounceAndList_MakeNothing_MalformedIsKeptAside_AndReadingGoesOn()
    {
        var auto = Message("Ola", "ola@example.com", "Out of office");
        auto.Headers.Add(HeaderId.AutoSubmitted, "auto-replied");
        var bounce = Message("Mail Delivery", "MAILER-DAEMON@example.com", "Undelivered");
        var list = Message("News", "news@example.com", "Weekly");
        list.Headers.Add(HeaderId.Precedence, "bulk");
        await imap.AppendAsync(User, auto);
        await imap.AppendAsync(User, bounce);
        await imap.AppendAsync(User, list);
        await imap.AppendRawAsync(User, "this is not an e-mail at all\r\n\r\n"u8.ToArray());
        await imap.AppendAsync(User, Message("Eva", "eva@example.com", "After the broken one"));

        var pass = await Reader.ReadOnceAsync(MailboxId);

        Assert.Equal((3, 1, 1), (pass.Ignored, pass.KeptAside, pass.LeadsCreated));
        Assert.Equal("After the broken one", Assert.Single(await MessagesAsync()).Subject);
        await using var context = await Db.Factory.CreateDbContextAsync();
        var aside = await context.MailRejected.SingleAsync();
        Assert.False(string.IsNullOrWhiteSpace(aside.Error));
        Assert.NotNull(aside.StoreKey);
        var mailbox = (await Db.Get<MailboxService>().ListAsync(Admin)).Value!.Single();
        Assert.Equal((1, "After the broken one"), (mailbox.KeptAside, mailbox.LastMessageSubject));
    }

    [Fact]
    public async Task Read_AnAttachmentOverTheCap_KeepsTheMessageAsideWithTheCapAsItsError_AndReadingGoesOn()
    {
        Db.Get<Microsoft.Extensions.Options.IOptions<CrmBlazor.Core.CrmOptions>>().Value.Mail.MaxAttachmentMegabytes = 1;
        var big = Message("Ola", "ola.big@example.com", "The whole catalogue");
        var body = new BodyBuilder { TextBody = "Attached." };
        body.Attachments.Add("catalogue.pdf", new byte[(1024 * 1024) + 1], ContentType.Parse("application/pdf"));
        big.Body = body.ToMessageBody();
        await imap.AppendAsync(User, big);
        await imap.AppendAsync(User, Message("Eva", "eva.after@example.com", "After the big one"));

        var pass = await Reader.ReadOnceAsync(MailboxId);

        Assert.Equal(1, pass.KeptAside);
        Assert.Equal("After the big one", Assert.Single(await MessagesAsync()).Subject);
        await using var context = await Db.Factory.CreateDbContextAsync();
        Assert.Contains("1 MB", (await context.MailRejected.SingleAsync()).Error);
    }

    [Fact]
    public async Task WaitForMail_TheServerOffersIdle_ReturnsWhenAMessageArrives()
    {
        using var client = await imap.ConnectAsync(User);
        Assert.True(client.Capabilities.HasFlag(MailKit.Net.Imap.ImapCapabilities.Idle));

        // Idle for up to ten minutes: only the new message ends the wait within the test's limit.
        var waiting = MailReader.WaitForMailAsync(client, TimeSpan.FromMinutes(10), CancellationToken.None);
        var limit = Task.Delay(TimeSpan.FromSeconds(60));
        for (var i = 0; !waiting.IsCompleted && !limit.IsCompleted; i++)
        {
            await imap.AppendAsync(User, Message("Ola", "ola.idle@example.com", $"While idle {i}"));
            await Task.WhenAny(waiting, limit, Task.Delay(TimeSpan.FromSeconds(2)));
        }

        Assert.True(waiting.IsCompleted, "IDLE did not report the new message");
        Assert.True(await waiting);
    }

    [Fact]
    public async Task Read_ABacklogOfSeveralBatches_FilesEveryMessage_AndTheCursorEndsAtTheLast()
    {
        // 25 messages: three batches of MailReader.BatchSize, with the reader's rest between them (Crm:Mail:IntakeShare).
        for (var i = 0; i < 25; i++)
        {
            await imap.AppendAsync(User, Message($"Sender {i % 5}", $"sender{i % 5}@example.com", $"Question {i}"));
        }

        var pass = await Reader.ReadOnceAsync(MailboxId);

        Assert.Equal(new MailReadPass(20, 5, 0, 0, 0), pass);
        var messages = await MessagesAsync();
        Assert.Equal(25, messages.Count);
        Assert.All(messages.GroupBy(m => m.FromAddress), sender => Assert.Single(sender.Select(m => (m.ElementKind, m.ElementId)).Distinct()));
        await using var check = await Db.Factory.CreateDbContextAsync();
        Assert.Equal(messages.Max(m => m.Uid), (await check.MailFolderCursors.SingleAsync()).LastUid);
        Assert.Equal(new MailReadPass(0, 0, 0, 0, 0), await Reader.ReadOnceAsync(MailboxId));
    }

    private static readonly AsyncLocal<object?> ThisTestsReader = new();

    [Fact]
    public async Task Read_ABacklog_CommitsInShortSlices_EachABackgroundWrite_ThatGoesAfterTheUsers()
    {
        // 12 new senders: a batch of MailReader.BatchSize and the rest, each batch's leads and then its messages in
        // transactions of MailIntakeService.CommitSize; on SQLite each takes a background turn (WriteTurns).
        for (var i = 0; i < 12; i++)
        {
            await imap.AppendAsync(User, Message($"Sender {i}", $"sender{i}@example.com", $"Question {i}"));
        }
        var steps = new System.Collections.Concurrent.ConcurrentQueue<(string Step, bool Background)>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == CrmMetrics.Name,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
            ActivityStarted = activity =>
            {
                if (ReferenceEquals(ThisTestsReader.Value, steps))
                {
                    steps.Enqueue((activity.OperationName, WriteTurns.IsBackground));
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);

        ThisTestsReader.Value = steps; // this test's own flow: the same test on the other database may run meanwhile
        var pass = await Reader.ReadOnceAsync(MailboxId);
        ThisTestsReader.Value = null;

        Assert.Equal(new MailReadPass(0, 12, 0, 0, 0), pass);
        static int Slices(int messages) => (messages + MailIntakeService.CommitSize - 1) / MailIntakeService.CommitSize;
        var commits = steps.Where(s => s.Step == "LiveCommit").ToList();
        Assert.Equal(2 * Slices(MailReader.BatchSize) + 2 * Slices(12 - MailReader.BatchSize), commits.Count);
        Assert.All(commits, c => Assert.True(c.Background));
        Assert.False(WriteTurns.IsBackground); // the mark ends with the pass
        await using var check = await Db.Factory.CreateDbContextAsync();
        Assert.Equal(check.Database.IsSqlite() ? commits.Count : 0, steps.Count(s => s.Step == "LiveCommit.Turn"));
        Assert.Equal((await MessagesAsync()).Max(m => m.Uid), (await check.MailFolderCursors.SingleAsync()).LastUid);
        Assert.Equal(12, await check.Leads.CountAsync());
    }

    [Fact]
    public async Task Read_StoppedBetweenTwoSlicesOfABatch_LeavesTheCursorBeforeAMessageToKeepAside_AndTheNextPassKeepsIt()
    {
        // One batch: a new sender's first message, an unparseable one, then five more of hers: her six messages commit
        // in two slices (MailIntakeService.CommitSize 5), and the server stops before the second slice's commit.
        await imap.AppendAsync(User, Message("Ola", "ola@example.com", "First"));
        await imap.AppendRawAsync(User, "this is not an e-mail at all\r\n\r\n"u8.ToArray());
        using (var look = await imap.ConnectAsync(User))
        {
            await look.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly); // dovecot gives the raw file its UID (2) now
            await look.DisconnectAsync(true);
        }
        for (var i = 0; i < 5; i++)
        {
            await imap.AppendAsync(User, Message("Ola", "ola@example.com", $"More {i}"));
        }
        var cursorMoves = 0;
        Db.Commands.FailWhen = text => text.Contains("UPDATE \"MailFolderCursors\"", StringComparison.Ordinal) && Interlocked.Increment(ref cursorMoves) == 2;
        Db.Commands.Failure = () => new OperationCanceledException("The server is stopping.");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Reader.ReadOnceAsync(MailboxId));

        Db.Commands.FailWhen = null;
        var firstSlice = await MessagesAsync();
        Assert.Equal(MailIntakeService.CommitSize, firstSlice.Count);
        await using (var check = await Db.Factory.CreateDbContextAsync())
        {
            // Not past the unparseable message (the first one's UID + 1), though the slice reached beyond it.
            Assert.Equal(firstSlice.Min(m => m.Uid), (await check.MailFolderCursors.SingleAsync()).LastUid);
        }
        var next = await Reader.ReadOnceAsync(MailboxId);

        Assert.Equal(new MailReadPass(1, 0, MailIntakeService.CommitSize - 1, 0, 1), next);
        Assert.Equal(6, (await MessagesAsync()).Select(m => m.MessageId).Distinct().Count());
        await using var after = await Db.Factory.CreateDbContextAsync();
        Assert.Equal(1, await after.MailRejected.CountAsync());
        Assert.Equal(1, await after.Leads.CountAsync());
    }

    [Fact]
    public async Task Read_AgainAfterARestart_OrFromScratch_ProcessesNothingTwice()
    {
        await imap.AppendAsync(User, Message("Ola", "ola@example.com", "First"));
        await imap.AppendAsync(User, Message("Ola", "ola@example.com", "Second"));
        var first = await Reader.ReadOnceAsync(MailboxId);
        Assert.Equal((1, 1), (first.LeadsCreated, first.Filed));

        var again = await Reader.ReadOnceAsync(MailboxId);
        // A server that lost its cursor (a second server, a UIDVALIDITY change) reads everything: Message-ID stops it.
        await using (var context = await Db.Factory.CreateDbContextAsync())
        {
            await context.MailFolderCursors.ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUid, 0L));
        }
        var fromScratch = await Reader.ReadOnceAsync(MailboxId);

        Assert.Equal(new MailReadPass(0, 0, 0, 0, 0), again);
        Assert.Equal(new MailReadPass(0, 0, 2, 0, 0), fromScratch);
        Assert.Equal(2, (await MessagesAsync()).Count);
        await using var check = await Db.Factory.CreateDbContextAsync();
        Assert.Equal(1, await check.Leads.CountAsync());
    }

    [Fact]
    public async Task Send_FromADeal_ArrivesWithItsHeadersAndAttachment_AndTheReplyJoinsTheThread()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Desks");
        var sent = await Db.Get<MailSender>().SendAsync(ElementRef.Deal(deal.Id), new SendMailInput
        {
            MailboxId = MailboxId, To = ["buyer@client.example"], Cc = ["boss@client.example"], Bcc = ["archive@test.local"],
            Subject = "Desks offer", Body = "The offer is attached.",
            Attachments = [new OutgoingAttachment("offer.txt", "text/plain", "40 desks, 300 PLN each"u8.ToArray())],
        }, Anna);

        Assert.True(sent.IsOk, string.Join(", ", sent.Errors.Select(e => e.Field + " " + string.Join(" ", e.Args))));
        var stored = Assert.Single(await MessagesAsync());
        var received = await smtp.WaitForAsync(m => m.Message.Subject == "Desks offer");
        Assert.Equal(stored.MessageId, $"<{received.Message.MessageId}>");
        Assert.Equal((User, "buyer@client.example", "boss@client.example"), (received.Message.From.Mailboxes.Single().Address, received.Message.To.Mailboxes.Single().Address, received.Message.Cc.Mailboxes.Single().Address));
        Assert.Empty(received.Message.Bcc);
        Assert.Contains("archive@test.local", received.EnvelopeTo);
        var attachment = Assert.Single(received.Message.Attachments.OfType<MimePart>());
        using (var content = new MemoryStream())
        {
            await attachment.Content!.DecodeToAsync(content);
            Assert.Equal(("offer.txt", "40 desks, 300 PLN each"), (attachment.FileName, System.Text.Encoding.UTF8.GetString(content.ToArray())));
        }
        Assert.Equal(MailDelivery.Sent, stored.Delivery);
        Assert.Single(await TimelineAsync(ElementRef.Deal(deal.Id)), e => e.Kind == TimelineKind.EmailOut);

        // The client answers from an address the CRM does not know: the reply joins the deal's thread, no lead.
        var reply = Message("Buyer", "someone.else@client.example", "Re: Desks offer", "Agreed.");
        reply.InReplyTo = received.Message.MessageId;
        reply.References.Add(received.Message.MessageId!);
        await imap.AppendAsync(User, reply);
        var pass = await Reader.ReadOnceAsync(MailboxId);

        Assert.Equal((1, 0), (pass.Filed, pass.LeadsCreated));
        var answer = (await MessagesAsync()).Last();
        Assert.Equal((ElementKind.Deal, deal.Id, stored.ThreadId), (answer.ElementKind, answer.ElementId, answer.ThreadId));
    }

    [Fact]
    public async Task Send_ToAServerThatIsDown_SaysWhy_AndRetrySendsItOnce()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Lamps");
        var down = await AddDownMailboxAsync();

        var failed = await Db.Get<MailSender>().SendAsync(ElementRef.Deal(deal.Id), new SendMailInput { MailboxId = down, To = ["x@client.example"], Subject = "Lamps", Body = "Hi" }, Anna);

        var error = Assert.Single(failed.Errors);
        Assert.Equal("Mail.SendFailed", error.MessageKey);
        var stored = Assert.Single(await MessagesAsync());
        Assert.Equal(MailDelivery.Failed, stored.Delivery);
        Assert.False(string.IsNullOrWhiteSpace(stored.Error));

        await using (var context = await Db.Factory.CreateDbContextAsync())
        {
            await context.Mailboxes.Where(m => m.Id == down).ExecuteUpdateAsync(s => s.SetProperty(m => m.SmtpPort, smtp.Port));
        }
        var sender = Db.Get<MailSender>();
        var retried = await sender.RetryAsync(stored.Id, Anna);
        var again = await sender.RetryAsync(stored.Id, Anna);

        Assert.True(retried.IsOk);
        Assert.Equal(ResultStatus.Conflict, again.Status);
        await smtp.WaitForAsync(m => m.Message.Subject == "Lamps");
        Assert.Single(smtp.Received, m => m.Message.MessageId == stored.MessageId.Trim('<', '>'));
    }

    [Fact]
    public async Task Mailboxes_OnlyAdmins_PasswordKeptEncrypted_TestConnectionGivesTheServersError()
    {
        // The team's mailboxes are the admins' business: a user lists only their own.
        Assert.Empty((await Db.Get<MailboxService>().ListAsync(Anna)).Value!);
        Assert.Equal(ResultStatus.Forbidden, (await Db.Get<MailboxService>().TestConnectionAsync(MailboxId, Anna)).Status);
        await using (var context = await Db.Factory.CreateDbContextAsync())
        {
            var stored = await context.Mailboxes.SingleAsync();
            Assert.DoesNotContain(ImapServer.Password, stored.ProtectedPassword);
        }
        var service = Db.Get<MailboxService>();
        Assert.Null((await service.TestConnectionAsync(MailboxId, Admin)).Value);

        var view = (await service.ListAsync(Admin)).Value!.Single();
        var wrong = await service.SaveAsync(MailboxId, view.Version, new MailboxInput
        {
            Name = view.Name, Address = view.Address, ImapHost = view.ImapHost, ImapPort = view.ImapPort, ImapSecurity = MailSecurity.None,
            UserName = view.UserName, Password = "wrong", SmtpHost = view.SmtpHost, SmtpPort = view.SmtpPort, SmtpSecurity = MailSecurity.None,
        }, Admin);
        Assert.True(wrong.IsOk);
        var error = (await service.TestConnectionAsync(MailboxId, Admin)).Value;
        Assert.StartsWith("IMAP: ", error);
        Assert.Contains("Authentication failed", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task View_HtmlMail_IsSanitizedWithoutImages_AndItsAttachmentOpensForTheLeadsReader()
    {
        var body = new BodyBuilder
        {
            TextBody = "Plain version",
            HtmlBody = "<p onclick=\"steal()\">Hi <b>there</b></p><script>alert(1)</script><img src=\"https://tracker.example/p.gif\"><a href=\"javascript:alert(2)\">x</a><a href=\"https://shop.example\">shop</a>",
        };
        body.Attachments.Add("spec.txt", "chairs: 20"u8.ToArray(), ContentType.Parse("text/plain"));
        var message = Message("Ola", "ola.html@example.com", "Specs");
        message.Body = body.ToMessageBody();
        await imap.AppendAsync(User, message);
        await Reader.ReadOnceAsync(MailboxId);
        var mail = Assert.Single(await MessagesAsync());

        var view = (await Db.Get<MailViewService>().GetAsync(mail.Id, Anna)).Value!;

        Assert.Contains("<b>there</b>", view.SafeHtml);
        Assert.DoesNotContain("script", view.SafeHtml);
        Assert.DoesNotContain("onclick", view.SafeHtml);
        Assert.DoesNotContain("tracker.example", view.SafeHtml);
        Assert.DoesNotContain("javascript:", view.SafeHtml);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", view.SafeHtml);
        Assert.Equal("Plain version", view.Text?.Trim());
        var attachment = Assert.Single(view.Attachments);
        var opened = (await Db.Get<MailViewService>().OpenAttachmentAsync(attachment.Id, Anna)).Value;
        using (var reader = new StreamReader(opened.Content))
        {
            Assert.Equal(("spec.txt", "chairs: 20"), (opened.File.FileName, await reader.ReadToEndAsync()));
        }
        Assert.Equal(ResultStatus.NotFound, (await Db.Get<MailViewService>().OpenAttachmentAsync(attachment.Id + 1000, Anna)).Status);
    }

    [Fact]
    public async Task Unread_NewMailCountsForTheResponsibleUser_UntilTheyOpenIt()
    {
        await imap.AppendAsync(User, Message("Ola", "ola.unread@example.com", "Question about delivery"));
        await Reader.ReadOnceAsync(MailboxId);
        var mail = Assert.Single(await MessagesAsync());
        var counters = Db.Get<CounterService>();
        var view = Db.Get<MailViewService>();

        Assert.Equal(1, (await counters.GetAsync(Anna.UserId)).UnreadMail);
        Assert.Equal(0, (await counters.GetAsync(Piotr.UserId)).UnreadMail);
        Assert.Equal("Question about delivery", Assert.Single(await view.UnreadAsync(Anna)).Subject);

        using var log = new EventLog(Db.Live);
        await view.MarkReadAsync(mail.Id, Piotr); // someone else opening it changes nothing for Anna
        Assert.Equal(1, (await counters.GetAsync(Anna.UserId)).UnreadMail);
        await view.MarkReadAsync(mail.Id, Anna);

        Assert.Equal(0, (await counters.GetAsync(Anna.UserId)).UnreadMail);
        Assert.Empty(await view.UnreadAsync(Anna));
        var read = Assert.Single(log.Events.OfType<MailRead>());
        Assert.Equal(new[] { LiveTopics.User(Anna.UserId) }, read.Topics);
        Assert.Null(AccessPolicy.Shown(read, Piotr));
    }

    [Fact]
    public async Task Compose_FromADeal_OffersItsContactsAddresses_AndAReplyAnswersTheSenderInTheThread()
    {
        var contact = (await Db.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = "Jan", Emails = [new EmailInput("jan@firma.pl"), new EmailInput("jan.private@firma.pl")] }, Anna)).Value!;
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Shelves");
        await using (var context = await Db.Factory.CreateDbContextAsync())
        {
            await context.Deals.Where(d => d.Id == deal.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.ContactId, contact.Id));
        }
        var compose = Db.Get<MailComposeService>();

        var draft = (await compose.ComposeAsync(ElementRef.Deal(deal.Id), null, Anna)).Value!;

        Assert.Equal(new[] { "jan@firma.pl", "jan.private@firma.pl" }, draft.Addresses);
        Assert.Equal(new[] { "jan@firma.pl" }, draft.To);
        Assert.Equal(("Shelves", MailboxId), (draft.ElementName, Assert.Single(draft.Mailboxes).Id));

        await imap.AppendAsync(User, Message("Jan", "jan@firma.pl", "Shelves: when?"));
        await Reader.ReadOnceAsync(MailboxId);
        var incoming = Assert.Single(await MessagesAsync());
        var reply = (await compose.ComposeAsync(ElementRef.Deal(deal.Id), incoming.Id, Anna)).Value!;
        Assert.Equal(new[] { "jan@firma.pl" }, reply.To);
        Assert.Equal(("Re: Shelves: when?", (int?)incoming.Id), (reply.Subject, reply.ReplyToMailMessageId));

        Db.Clock.Now = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero); // the answer comes after the question (dated 30 November)
        var sent = await Db.Get<MailSender>().SendAsync(ElementRef.Deal(deal.Id), new SendMailInput
        {
            MailboxId = MailboxId, To = reply.To, Subject = reply.Subject, Body = "Next week.", ReplyToMailMessageId = incoming.Id,
        }, Anna);
        Assert.True(sent.IsOk);
        var received = await smtp.WaitForAsync(m => m.Message.Subject == "Re: Shelves: when?");
        Assert.Equal(incoming.MessageId.Trim('<', '>'), received.Message.InReplyTo);

        var thread = (await Db.Get<MailViewService>().ThreadAsync(sent.Value, Anna)).Value!;
        Assert.Equal(new[] { "Shelves: when?", "Re: Shelves: when?" }, thread.Select(m => m.Subject));
    }

    [Fact]
    public async Task OwnMailbox_AUserConnectsTheirs_OnlyTheyManageAndSendThroughIt()
    {
        var service = Db.Get<MailboxService>();
        var own = await service.SaveAsync(null, 0, new MailboxInput
        {
            Name = "Piotr's", Address = "piotr@test.local", ImapHost = imap.Host, ImapPort = imap.Port, ImapSecurity = MailSecurity.None,
            UserName = User, Password = ImapServer.Password, SmtpHost = smtp.Host, SmtpPort = smtp.Port, SmtpSecurity = MailSecurity.None,
            ResponsibleUserId = Anna.UserId,
        }, Piotr);

        Assert.True(own.IsOk);
        Assert.Equal((Piotr.UserId, Piotr.UserId), (own.Value!.OwnerUserId, own.Value.ResponsibleUserId));
        Assert.Equal("Piotr's", Assert.Single((await service.ListAsync(Piotr)).Value!).Name);
        Assert.Empty((await service.ListAsync(Anna)).Value!);
        Assert.Equal(2, (await service.ListAsync(Admin)).Value!.Count);
        Assert.Null((await service.TestConnectionAsync(own.Value.Id, Piotr)).Value);
        Assert.Equal(ResultStatus.Forbidden, (await service.TestConnectionAsync(own.Value.Id, Anna)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await service.SaveAsync(own.Value.Id, own.Value.Version, new MailboxInput
        {
            Name = "Taken", Address = "piotr@test.local", ImapHost = imap.Host, UserName = User,
        }, Anna)).Status);

        var lead = (await Db.Get<LeadService>().CreateAsync(new LeadInput { Title = "Shared lead", ResponsibleUserId = Anna.UserId, Emails = [new EmailInput("x@client.example")] }, Admin)).Value!;
        var annas = (await Db.Get<MailComposeService>().ComposeAsync(ElementRef.Lead(lead.Id), null, Anna)).Value!;
        Assert.DoesNotContain(annas.Mailboxes, m => m.Id == own.Value.Id);
        var through = await Db.Get<MailSender>().SendAsync(ElementRef.Lead(lead.Id), new SendMailInput { MailboxId = own.Value.Id, To = ["x@client.example"], Subject = "Hi" }, Anna);
        Assert.Equal(nameof(SendMailInput.MailboxId), Assert.Single(through.Errors).Field);
    }

    [Fact]
    public async Task View_RemoteImages_AreBlockedUntilTheReaderAllowsThem()
    {
        var message = Message("Shop", "shop.images@example.com", "Catalogue");
        message.Body = new BodyBuilder { HtmlBody = "<p>New chairs</p><img src=\"https://cdn.example/chair.png\" alt=\"chair\">" }.ToMessageBody();
        await imap.AppendAsync(User, message);
        await Reader.ReadOnceAsync(MailboxId);
        var mail = Assert.Single(await MessagesAsync());
        var view = Db.Get<MailViewService>();

        var blocked = (await view.GetAsync(mail.Id, Anna)).Value!;
        var shown = (await view.GetAsync(mail.Id, Anna, showImages: true)).Value!;

        Assert.True(blocked.ImagesBlocked);
        Assert.DoesNotContain("cdn.example", blocked.SafeHtml);
        Assert.False(shown.ImagesBlocked);
        Assert.Contains("src=\"https://cdn.example/chair.png\"", shown.SafeHtml);
    }

    private async Task<int> AddDownMailboxAsync()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var saved = await Db.Get<MailboxService>().SaveAsync(null, 0, new MailboxInput
        {
            Name = "Down", Address = "down@test.local", ImapHost = imap.Host, ImapPort = imap.Port, ImapSecurity = MailSecurity.None,
            UserName = User, Password = ImapServer.Password, SmtpHost = "127.0.0.1", SmtpPort = closedPort, SmtpSecurity = MailSecurity.None,
        }, Admin);
        return saved.Value!.Id;
    }

    [Fact]
    public async Task Send_AFormattedBody_ArrivesAsMultipartAlternative_WithThePlainTextAndTheSanitizedHtml()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Lamps");
        var sent = await Db.Get<MailSender>().SendAsync(ElementRef.Deal(deal.Id), new SendMailInput
        {
            MailboxId = MailboxId, To = ["buyer@client.example"], Subject = "Lamps offer",
            Body = "Hello,\n\n**20 lamps**, *in stock*:\n\n- desk\n- floor\n\n[Our catalogue](https://shop.example/lamps)<img src=x onerror=alert(1)>",
            Attachments = [new OutgoingAttachment("lamps.txt", "text/plain", "20 lamps"u8.ToArray())],
        }, Anna);

        Assert.True(sent.IsOk, string.Join(", ", sent.Errors.Select(e => e.Field + " " + string.Join(" ", e.Args))));
        var received = await smtp.WaitForAsync(m => m.Message.Subject == "Lamps offer");
        var mixed = Assert.IsType<Multipart>(received.Message.Body);
        var parts = Assert.IsType<MultipartAlternative>(mixed[0]);
        Assert.Equal(["text/plain", "text/html"], parts.OfType<TextPart>().Select(p => p.ContentType.MimeType));
        Assert.Contains("**20 lamps**", received.Message.TextBody);
        Assert.Contains("<strong>20 lamps</strong>", received.Message.HtmlBody);
        Assert.Contains("<li>floor</li>", received.Message.HtmlBody);
        Assert.Contains("<a href=\"https://shop.example/lamps\">Our catalogue</a>", received.Message.HtmlBody);
        Assert.DoesNotContain("<img", received.Message.HtmlBody);
        Assert.Equal("lamps.txt", Assert.Single(received.Message.Attachments.OfType<MimePart>()).FileName);
        // The timeline shows the same sanitized HTML.
        var view = (await Db.Get<MailViewService>().GetAsync(sent.Value, Anna)).Value!;
        Assert.Contains("<strong>20 lamps</strong>", view.SafeHtml);
    }
}

public sealed class PostgresMailTests(PostgresServer server, ImapServer imap, SmtpSink smtp)
    : MailTests(imap, smtp, new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
