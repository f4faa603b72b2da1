using MailKit.Net.Imap;
using MailKit.Net.Smtp;

namespace CrmBlazor.Core.Mail;

/// <summary>A mailbox as the settings page edits it: passwords are write-only (empty keeps the stored one).</summary>
public sealed record MailboxInput
{
    public string Name { get; init; } = "";
    public string Address { get; init; } = "";
    public string ImapHost { get; init; } = "";
    public int ImapPort { get; init; } = 993;
    public MailSecurity ImapSecurity { get; init; }
    public string UserName { get; init; } = "";
    public string? Password { get; init; }
    public string Folders { get; init; } = "INBOX";
    public string? SmtpHost { get; init; }
    public int SmtpPort { get; init; } = 587;
    public MailSecurity SmtpSecurity { get; init; }
    public string? SmtpUserName { get; init; }
    public string? SmtpPassword { get; init; }
    public string? ResponsibleUserId { get; init; }
    public bool Enabled { get; init; } = true;
    /// <summary>A new mailbox is the signed-in user's own (always so for users who are not admins).</summary>
    public bool Personal { get; init; }
}

/// <summary>A mailbox as the settings page lists it, with what its reader last did; never its passwords.</summary>
public sealed record MailboxView(int Id, string Name, string Address, string ImapHost, int ImapPort, MailSecurity ImapSecurity, string UserName,
    string Folders, string? SmtpHost, int SmtpPort, MailSecurity SmtpSecurity, string? SmtpUserName, string? ResponsibleUserId, string? OwnerUserId, bool Enabled,
    MailboxState State, DateTime? LastReadAt, string? LastMessageSubject, DateTime? LastErrorAt, string? LastError, int KeptAside, int Version);

/// <summary>
/// Mailboxes: admins manage the team's ones, and any user may connect their own (<see cref="AccessPolicy.MayManageMailbox"/>):
/// list, save, and "test connection" with the server's own answer.
/// </summary>
public sealed class MailboxService(IDbContextFactory<CrmDbContext> contextFactory, ILiveUpdates live, MailSecrets secrets)
{
    public async Task<Result<IReadOnlyList<MailboxView>>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var rejected = await db.MailRejected.GroupBy(r => r.MailboxId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var admin = AccessPolicy.MayManageSettings(actor);
        var boxes = await db.Mailboxes.AsNoTracking().Where(m => admin || m.OwnerUserId == actor.UserId).OrderBy(m => m.Name).ToListAsync(ct);
        return Result<IReadOnlyList<MailboxView>>.Ok([.. boxes.Select(m => View(m, rejected.GetValueOrDefault(m.Id)))]);
    }

    public async Task<Result<MailboxView>> SaveAsync(int? mailboxId, int expectedVersion, MailboxInput input, Actor actor, CancellationToken ct = default)
    {
        var v = new Validator()
            .Required(nameof(input.Name), input.Name).MaxLength(nameof(input.Name), input.Name, MailRules.NameMaxLength)
            .Required(nameof(input.Address), input.Address).Email(nameof(input.Address), input.Address)
            .Required(nameof(input.ImapHost), input.ImapHost).MaxLength(nameof(input.ImapHost), input.ImapHost, MailRules.HostMaxLength)
            .Required(nameof(input.UserName), input.UserName).MaxLength(nameof(input.UserName), input.UserName, MailRules.AddressMaxLength)
            .MaxLength(nameof(input.SmtpHost), input.SmtpHost, MailRules.HostMaxLength);
        if (input.ImapPort is < 1 or > 65535)
        {
            v.Add(nameof(input.ImapPort), "Validation.Range", 1, 65535);
        }
        if (input.SmtpPort is < 1 or > 65535)
        {
            v.Add(nameof(input.SmtpPort), "Validation.Range", 1, 65535);
        }
        if (mailboxId is null && string.IsNullOrEmpty(input.Password))
        {
            v.Add(nameof(input.Password), "Validation.Required");
        }
        if (v.Errors.Count > 0)
        {
            return Result<MailboxView>.Invalid([.. v.Errors]);
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        Mailbox mailbox;
        if (mailboxId is { } id)
        {
            var found = await db.Mailboxes.FirstOrDefaultAsync(m => m.Id == id, ct);
            if (found is null)
            {
                return Result<MailboxView>.NotFound();
            }
            if (!AccessPolicy.MayManageMailbox(actor, found.OwnerUserId))
            {
                return Result<MailboxView>.Forbidden();
            }
            if (found.Version != expectedVersion)
            {
                return Result<MailboxView>.Conflict(View(found, 0), "Error.EditConflict");
            }
            mailbox = found;
        }
        else
        {
            // Users who are not admins connect only their own mailbox.
            var personal = input.Personal || !AccessPolicy.MayManageSettings(actor);
            mailbox = new Mailbox { Name = "", Address = "", ImapHost = "", UserName = "", OwnerUserId = personal ? actor.UserId : null };
            db.Mailboxes.Add(mailbox);
        }
        mailbox.Name = input.Name.Trim();
        mailbox.Address = input.Address.Trim().ToLowerInvariant();
        mailbox.ImapHost = input.ImapHost.Trim();
        mailbox.ImapPort = input.ImapPort;
        mailbox.ImapSecurity = input.ImapSecurity;
        mailbox.UserName = input.UserName.Trim();
        mailbox.Folders = string.Join(",", input.Folders.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).DefaultIfEmpty("INBOX"));
        mailbox.SmtpHost = Validator.Clean(input.SmtpHost);
        mailbox.SmtpPort = input.SmtpPort;
        mailbox.SmtpSecurity = input.SmtpSecurity;
        mailbox.SmtpUserName = Validator.Clean(input.SmtpUserName);
        // An own mailbox's leads and mail go to its owner.
        mailbox.ResponsibleUserId = mailbox.OwnerUserId ?? Validator.Clean(input.ResponsibleUserId);
        mailbox.Enabled = input.Enabled;
        if (!string.IsNullOrEmpty(input.Password))
        {
            mailbox.ProtectedPassword = secrets.Protect(input.Password);
        }
        if (!string.IsNullOrEmpty(input.SmtpPassword))
        {
            mailbox.SmtpProtectedPassword = secrets.Protect(input.SmtpPassword);
        }
        mailbox.Version++;
        await live.SaveAndPublishAsync(db, () => Task.FromResult<IReadOnlyList<CrmEvent>>([]), ct);
        return Result<MailboxView>.Ok(View(mailbox, 0));
    }

    /// <summary>Signs in to the IMAP server (and the SMTP server when there is one): null when both answer, else the server's own error.</summary>
    public async Task<Result<string?>> TestConnectionAsync(int mailboxId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var mailbox = await db.Mailboxes.AsNoTracking().FirstOrDefaultAsync(m => m.Id == mailboxId, ct);
        if (mailbox is null)
        {
            return Result<string?>.NotFound();
        }
        if (!AccessPolicy.MayManageMailbox(actor, mailbox.OwnerUserId))
        {
            return Result<string?>.Forbidden();
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            using var imap = new ImapClient();
            await imap.ConnectAsync(mailbox.ImapHost, mailbox.ImapPort, MailReader.Secure(mailbox.ImapSecurity), timeout.Token);
            await imap.AuthenticateAsync(mailbox.UserName, secrets.Unprotect(mailbox.ProtectedPassword), timeout.Token);
            await imap.DisconnectAsync(true, timeout.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return Result<string?>.Ok($"IMAP: {ex.Message}");
        }
        if (mailbox.SmtpHost is { } smtpHost)
        {
            try
            {
                using var smtp = new SmtpClient();
                await smtp.ConnectAsync(smtpHost, mailbox.SmtpPort, MailReader.Secure(mailbox.SmtpSecurity), timeout.Token);
                await MailSender.SignInAsync(smtp, mailbox, secrets, timeout.Token);
                await smtp.DisconnectAsync(true, timeout.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                return Result<string?>.Ok($"SMTP: {ex.Message}");
            }
        }
        return Result<string?>.Ok(null);
    }

    /// <summary>The reader's report: what state it is in, and the last error (null clears it).</summary>
    public async Task ReportAsync(int mailboxId, MailboxState state, string? error, DateTime now, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.State, state)
            .SetProperty(m => m.LastError, m => error == null ? m.LastError : error)
            .SetProperty(m => m.LastErrorAt, m => error == null ? m.LastErrorAt : now), ct);
    }

    /// <summary>The enabled mailboxes the reader should watch.</summary>
    public async Task<IReadOnlyList<int>> EnabledIdsAsync(CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await db.Mailboxes.Where(m => m.Enabled).OrderBy(m => m.Id).Select(m => m.Id).ToListAsync(ct);
    }

    private static MailboxView View(Mailbox m, int keptAside) =>
        new(m.Id, m.Name, m.Address, m.ImapHost, m.ImapPort, m.ImapSecurity, m.UserName, m.Folders, m.SmtpHost, m.SmtpPort, m.SmtpSecurity,
            m.SmtpUserName, m.ResponsibleUserId, m.OwnerUserId, m.Enabled, m.State, m.LastReadAt, m.LastMessageSubject, m.LastErrorAt, m.LastError, keptAside, m.Version);
}
