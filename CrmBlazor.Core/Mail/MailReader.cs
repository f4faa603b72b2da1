using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CrmBlazor.Core.Mail;

/// <summary>What one pass over a mailbox did.</summary>
public sealed record MailReadPass(int Filed, int LeadsCreated, int AlreadyFiled, int Ignored, int KeptAside);

/// <summary>
/// Reads a mailbox's folders over IMAP: the messages above the remembered UID of each folder (all of them again when
/// the folder's UIDVALIDITY changed, the Message-ID keeping each filed once), fetched in batches of <see cref="BatchSize"/>
/// (one IMAP FETCH each) and filed by <see cref="MailIntakeService.FileBatchAsync"/>, whose transactions move the cursor.
/// Its writes are background writes (<see cref="WriteTurns"/>). <see cref="WaitForMailAsync"/> waits with IMAP IDLE where
/// the server offers it.
/// </summary>
public sealed class MailReader(
    IDbContextFactory<CrmDbContext> contextFactory,
    MailIntakeService intake,
    MailSecrets secrets,
    IOptions<CrmOptions> options,
    ILogger<MailReader> logger)
{
    /// <summary>
    /// How many messages one FETCH and one filing (its bulk lookups) take. The filing commits them in slices of
    /// <see cref="MailIntakeService.CommitSize"/>: a transaction holds SQLite's one write lock, and batches of 50 in one
    /// transaction made a move wait p95 250 ms (decision 018).
    /// </summary>
    public const int BatchSize = 10;

    public async Task<ImapClient> ConnectAsync(Mailbox mailbox, CancellationToken ct)
    {
        var client = new ImapClient();
        try
        {
            await client.ConnectAsync(mailbox.ImapHost, mailbox.ImapPort, Secure(mailbox.ImapSecurity), ct);
            await client.AuthenticateAsync(mailbox.UserName, secrets.Unprotect(mailbox.ProtectedPassword), ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Connects, reads every folder once and disconnects.</summary>
    public async Task<MailReadPass> ReadOnceAsync(int mailboxId, CancellationToken ct = default)
    {
        var mailbox = await LoadAsync(mailboxId, ct);
        using var client = await ConnectAsync(mailbox, ct);
        var pass = await ReadAsync(client, mailbox, ct);
        await client.DisconnectAsync(true, ct);
        return pass;
    }

    /// <summary>Reads every folder of the mailbox on a signed-in client.</summary>
    public async Task<MailReadPass> ReadAsync(ImapClient client, Mailbox mailbox, CancellationToken ct = default)
    {
        // Filing is background work: on SQLite a user's save goes before the reader's next transaction (decision 018).
        using var background = WriteTurns.Background();
        var counts = new int[5];
        // A backlog is filed in the background: the reader rests before each piece of its work until its work has been
        // Crm:Mail:IntakeShare of the time, so the users' own saves and pages keep the machine (decision 018).
        var pace = new IntakePace(options.Value.Mail.IntakeShare);
        foreach (var name in mailbox.FolderNames)
        {
            var folder = name.Equals("INBOX", StringComparison.OrdinalIgnoreCase) ? client.Inbox : await client.GetFolderAsync(name, ct);
            await folder.OpenAsync(FolderAccess.ReadOnly, ct);
            var cursor = await CursorAsync(mailbox.Id, folder.FullName, folder.UidValidity, ct);
            var uids = await folder.SearchAsync(SearchQuery.All, ct);
            var waiting = uids.Where(u => u.Id > cursor.LastUid).OrderBy(u => u.Id).ToList();
            pace.Restart();
            foreach (var chunk in waiting.Chunk(BatchSize))
            {
                await pace.RestAsync(ct);
                // One FETCH for the whole batch, then one filing (bulk lookups, then short transactions that move the cursor).
                var raws = new Dictionary<uint, byte[]>();
                await ((ImapFolder)folder).GetStreamsAsync(chunk, async (_, _, uid, stream, token) =>
                {
                    using var buffer = new MemoryStream();
                    await stream.CopyToAsync(buffer, token);
                    raws[uid.Id] = buffer.ToArray();
                }, ct);
                // The rest counts the reader's own work (parsing, filing), not the wait for the IMAP server.
                pace.Restart();
                var items = new List<MailBatchItem>();
                foreach (var uid in chunk)
                {
                    var source = new MailSource(mailbox.Id, folder.FullName, folder.UidValidity, uid.Id);
                    var raw = raws.GetValueOrDefault(uid.Id);
                    if (raw is null)
                    {
                        continue; // expunged meanwhile
                    }
                    try
                    {
                        items.Add(new MailBatchItem(source, Parse(raw), raw, null));
                    }
                    catch (Exception ex) when (ex is FormatException or ParseException)
                    {
                        logger.LogWarning(ex, "Mailbox {Mailbox}: message {Uid} in {Folder} kept aside", mailbox.Id, uid.Id, folder.FullName);
                        items.Add(new MailBatchItem(source, null, raw, ex.Message));
                    }
                }
                var filed = items.Count == 0 ? null : await intake.FileBatchAsync(mailbox.Id, cursor.Id, items, pace, ct);
                if (filed is not null)
                {
                    for (var i = 0; i < counts.Length; i++)
                    {
                        counts[i] += filed[i];
                    }
                    continue;
                }
                // Another server filed some of these meanwhile (or nothing could be fetched): one message at a time.
                foreach (var item in items)
                {
                    await FileOneAsync(item, counts, ct);
                    await AdvanceAsync(cursor.Id, item.Source.Uid, ct);
                }
                if (chunk.Length > 0)
                {
                    await AdvanceAsync(cursor.Id, chunk[^1].Id, ct);
                }
            }
            await folder.CloseAsync(false, ct);
        }
        return new MailReadPass(counts[0], counts[1], counts[2], counts[3], counts[4]);
    }

    private async Task FileOneAsync(MailBatchItem item, int[] counts, CancellationToken ct)
    {
        try
        {
            if (item.Message is null)
            {
                throw new FormatException(item.ParseError);
            }
            var result = await intake.FileAsync(item.Message, item.Source, ct);
            counts[(int)result.Outcome]++;
        }
        catch (Exception ex) when (ex is FormatException or ParseException or MailFileTooLargeException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Mailbox {Mailbox}: message {Uid} in {Folder} kept aside", item.Source.MailboxId, item.Source.Uid, item.Source.Folder);
            await intake.KeepAsideAsync(item.Source, item.Raw, ex.Message, ct);
            counts[4]++;
        }
    }

    /// <summary>
    /// Waits until the INBOX reports new mail (IMAP IDLE, for at most <paramref name="idleLimit"/>), or returns false at
    /// once when the server does not offer IDLE and the caller should poll.
    /// </summary>
    public static async Task<bool> WaitForMailAsync(ImapClient client, TimeSpan idleLimit, CancellationToken ct)
    {
        if (!client.Capabilities.HasFlag(ImapCapabilities.Idle))
        {
            return false;
        }
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly, ct);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        done.CancelAfter(idleLimit);
        void OnCountChanged(object? sender, EventArgs e) => done.Cancel();
        client.Inbox.CountChanged += OnCountChanged;
        try
        {
            await client.IdleAsync(done.Token, ct);
        }
        finally
        {
            client.Inbox.CountChanged -= OnCountChanged;
        }
        return true;
    }

    /// <summary>A message MimeKit can read; a message with no header at all is refused as unparseable.</summary>
    public static MimeMessage Parse(byte[] raw)
    {
        using var stream = new MemoryStream(raw);
        var parser = new MimeParser(stream, MimeFormat.Entity);
        var message = parser.ParseMessage();
        if (message.Headers.Count == 0 || (message.From.Count == 0 && message.Sender is null))
        {
            throw new FormatException("The message has no sender (From) header.");
        }
        return message;
    }

    public static SecureSocketOptions Secure(MailSecurity security) => security switch
    {
        MailSecurity.None => SecureSocketOptions.None,
        MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.Auto,
    };

    public async Task<Mailbox> LoadAsync(int mailboxId, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == mailboxId, ct);
    }

    private async Task<MailFolderCursor> CursorAsync(int mailboxId, string folder, uint uidValidity, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var cursor = await db.MailFolderCursors.FirstOrDefaultAsync(c => c.MailboxId == mailboxId && c.Folder == folder, ct);
        if (cursor is null)
        {
            cursor = new MailFolderCursor { MailboxId = mailboxId, Folder = folder, UidValidity = uidValidity };
            db.MailFolderCursors.Add(cursor);
        }
        else if (cursor.UidValidity != uidValidity)
        {
            // The server renumbered the folder: read it all again; Message-IDs already filed are skipped.
            cursor.UidValidity = uidValidity;
            cursor.LastUid = 0;
        }
        await db.SaveChangesAsync(ct);
        return cursor;
    }

    private async Task AdvanceAsync(int cursorId, long uid, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        // Never backwards: a second server reading the same folder may have gone further.
        await db.MailFolderCursors.Where(c => c.Id == cursorId && c.LastUid < uid).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUid, uid), ct);
    }
}
