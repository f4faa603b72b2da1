using System.Diagnostics;
using CrmBlazor.Core.Mail;
using CrmBlazor.Tests.Infrastructure;
using MailKit;
using MimeKit;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// Scenario 7 (issue 15): 1,000 messages waiting in a mailbox of a private dovecot (the tests' <see cref="ImapServer"/>)
/// are read and filed by the app's <see cref="MailReader"/>: 400 new senders (each a new lead), 400 second messages of
/// those senders (filed on their lead), 200 replies to the first ones (joining their threads). Measures the whole pass.
/// Not measured here: the propagation figures with boards open during the pass (the second half).
/// </summary>
internal static class MailScenario
{
    public const int Messages = 1_000;

    public sealed record Result(double Seconds, MailReadPass Pass, double AppendSeconds);

    public static async Task<Result> RunAsync()
    {
        Console.WriteLine($"[mail] starting dovecot and the app, delivering {Messages:N0} messages");
        using var imap = new ImapServer();
        var user = imap.NewUser();
        await using var app = await CrmApp.StartAsync();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        string adminId;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            adminId = await db.Users.Select(u => u.Id).FirstAsync();
        }
        var admin = Actor.Create(adminId, "Benchmark", CrmRoles.Admin);
        var saved = await app.Services.GetRequiredService<MailboxService>().SaveAsync(null, 0, new MailboxInput
        {
            Name = "Benchmark", Address = user, ImapHost = imap.Host, ImapPort = imap.Port, ImapSecurity = MailSecurity.None,
            UserName = user, Password = ImapServer.Password, ResponsibleUserId = adminId,
            Enabled = false, // read by this scenario, not by the app's background reader
        }, admin);

        var t0 = Stopwatch.GetTimestamp();
        using (var client = await imap.ConnectAsync(user))
        {
            var date = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
            for (var i = 0; i < Messages; i++)
            {
                var sender = i % 400;
                var message = new MimeMessage([new MailboxAddress($"Sender {sender}", $"sender{sender}@client{sender % 50}.example")],
                    [MailboxAddress.Parse(user)], $"Question {sender} #{i}",
                    new BodyBuilder { TextBody = $"Hello, message {i}.", HtmlBody = $"<p>Hello, <b>message {i}</b>.</p>" }.ToMessageBody())
                {
                    MessageId = $"bench.{i}@client.example",
                    Date = date.AddSeconds(i),
                };
                if (i >= 800)
                {
                    message.InReplyTo = $"bench.{sender}@client.example";
                    message.References.Add($"bench.{sender}@client.example");
                }
                await client.Inbox.AppendAsync(new AppendRequest(message) { Flags = MessageFlags.None });
            }
            await client.DisconnectAsync(true);
        }
        var appendSeconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;

        var reader = app.Services.GetRequiredService<MailReader>();
        var t1 = Stopwatch.GetTimestamp();
        var pass = await reader.ReadOnceAsync(saved.Value!.Id);
        var seconds = Stopwatch.GetElapsedTime(t1).TotalSeconds;
        Console.WriteLine($"[mail] {Messages:N0} messages read and filed in {seconds:0.0} s: {pass}");
        return new Result(seconds, pass, appendSeconds);
    }
}
