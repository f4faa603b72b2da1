using MailKit;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Mail;

/// <summary>
/// The background reader: one loop per enabled mailbox (new ones are picked up every minute). Each loop reads the
/// mailbox (<see cref="MailReader"/>), then waits with IMAP IDLE where the server offers it and polls otherwise; when
/// the server is down it backs off, doubling the wait up to <c>Crm:Mail:MaxBackOffSeconds</c>, and reports the error on
/// the mailbox. The rules live in Core; this is only the scheduling.
/// </summary>
public sealed class MailReaderWorker(
    MailReader reader,
    MailboxService mailboxes,
    TimeProvider clock,
    IOptions<CrmBlazor.Core.CrmOptions> options,
    ILogger<MailReaderWorker> logger) : BackgroundService
{
    private readonly Dictionary<int, Task> _loops = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Mail.ReaderEnabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var id in await mailboxes.EnabledIdsAsync(stoppingToken))
                {
                    if (!_loops.TryGetValue(id, out var loop) || loop.IsCompleted)
                    {
                        _loops[id] = Task.Run(() => RunAsync(id, stoppingToken), stoppingToken);
                    }
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not list the mailboxes to read");
            }
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(_loops.Values).ContinueWith(_ => { }, CancellationToken.None);
    }

    private async Task RunAsync(int mailboxId, CancellationToken ct)
    {
        var backOff = TimeSpan.FromSeconds(5);
        var mail = options.Value.Mail;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var mailbox = await reader.LoadAsync(mailboxId, ct);
                if (!mailbox.Enabled)
                {
                    await mailboxes.ReportAsync(mailboxId, MailboxState.Disabled, null, Now, ct);
                    return;
                }
                using var client = await reader.ConnectAsync(mailbox, ct);
                backOff = TimeSpan.FromSeconds(5);
                while (!ct.IsCancellationRequested && client.IsConnected)
                {
                    await mailboxes.ReportAsync(mailboxId, MailboxState.Reading, null, Now, ct);
                    await reader.ReadAsync(client, mailbox, ct);
                    var idles = client.Capabilities.HasFlag(MailKit.Net.Imap.ImapCapabilities.Idle);
                    await mailboxes.ReportAsync(mailboxId, idles ? MailboxState.Idle : MailboxState.Polling, null, Now, ct);
                    // Servers drop an IDLE after about 30 minutes: come back every 9 to re-read and re-idle.
                    if (!await MailReader.WaitForMailAsync(client, TimeSpan.FromMinutes(9), ct))
                    {
                        await Task.Delay(TimeSpan.FromSeconds(Math.Max(5, mail.PollSeconds)), clock, ct);
                    }
                    mailbox = await reader.LoadAsync(mailboxId, ct);
                    if (!mailbox.Enabled)
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or MailKit.Security.AuthenticationException
                                       or ProtocolException or CommandException or ServiceNotConnectedException or InvalidOperationException
                                       or Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                logger.LogWarning(ex, "Mailbox {Mailbox}: reading failed, next try in {Seconds} s", mailboxId, backOff.TotalSeconds);
                try
                {
                    await mailboxes.ReportAsync(mailboxId, MailboxState.Failing, ex.Message, Now, ct);
                    await Task.Delay(backOff, clock, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                backOff = TimeSpan.FromSeconds(Math.Min(backOff.TotalSeconds * 2, Math.Max(5, mail.MaxBackOffSeconds)));
            }
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
