namespace CrmBlazor.Core.Mail;

/// <summary>How a connection to a mail server is secured (MailKit's <c>SecureSocketOptions</c>, by name).</summary>
public enum MailSecurity
{
    Auto = 0,
    None = 1,
    SslOnConnect = 2,
    StartTls = 3,
}

/// <summary>What the background reader last did with a mailbox.</summary>
public enum MailboxState
{
    NotStarted = 0,
    Reading = 1,
    Idle = 2,
    Polling = 3,
    Failing = 4,
    Disabled = 5,
}

/// <summary>
/// A mailbox the CRM reads (IMAP) and sends through (SMTP). Passwords are kept encrypted with ASP.NET Core Data
/// Protection (<see cref="MailSecrets"/>) and are never shown again.
/// </summary>
public class Mailbox : IVersioned
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The address messages are sent from and that replies come back to.</summary>
    public required string Address { get; set; }
    public required string ImapHost { get; set; }
    public int ImapPort { get; set; } = 993;
    public MailSecurity ImapSecurity { get; set; }
    public required string UserName { get; set; }
    public string ProtectedPassword { get; set; } = "";
    /// <summary>The folders read, separated by commas (INBOX when empty).</summary>
    public string Folders { get; set; } = "INBOX";
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public MailSecurity SmtpSecurity { get; set; }
    /// <summary>SMTP sign-in; the IMAP user and password when empty.</summary>
    public string? SmtpUserName { get; set; }
    public string? SmtpProtectedPassword { get; set; }
    /// <summary>Who gets the leads made from this mailbox and is told about new mail on them.</summary>
    public string? ResponsibleUserId { get; set; }
    /// <summary>A user's own mailbox: only they (and admins) manage it and send through it; null for the team's mailboxes.</summary>
    public string? OwnerUserId { get; set; }
    public bool Enabled { get; set; } = true;

    public MailboxState State { get; set; }
    public DateTime? LastReadAt { get; set; }
    public string? LastMessageSubject { get; set; }
    public DateTime? LastErrorAt { get; set; }
    public string? LastError { get; set; }
    public int Version { get; set; }

    public IReadOnlyList<string> FolderNames =>
        Folders.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } names ? names : ["INBOX"];
}

/// <summary>How far a folder has been read: its UIDVALIDITY and the highest UID filed under it.</summary>
public class MailFolderCursor
{
    public int Id { get; set; }
    public int MailboxId { get; set; }
    public required string Folder { get; set; }
    public long UidValidity { get; set; }
    public long LastUid { get; set; }
}

public enum MailDirection
{
    Incoming = 1,
    Outgoing = 2,
}

public enum MailDelivery
{
    Received = 0,
    Sending = 1,
    Sent = 2,
    Failed = 3,
}

/// <summary>
/// One e-mail on an element's timeline, incoming or outgoing. <see cref="MessageId"/> is unique: the same message
/// read twice (a restart, a second server, a second folder) is filed once.
/// </summary>
public class MailMessage
{
    public int Id { get; set; }
    public int? MailboxId { get; set; }
    public required string MessageId { get; set; }
    /// <summary>The Message-ID of the first message of the conversation.</summary>
    public required string ThreadId { get; set; }
    public string? InReplyTo { get; set; }
    public string? References { get; set; }
    public MailDirection Direction { get; set; }
    public MailDelivery Delivery { get; set; }
    public required string FromAddress { get; set; }
    public string? FromName { get; set; }
    public string To { get; set; } = "";
    public string? Cc { get; set; }
    public string? Bcc { get; set; }
    public string Subject { get; set; } = "";
    public string? TextBody { get; set; }
    public string? HtmlBody { get; set; }
    public DateTime At { get; set; }
    public ElementKind ElementKind { get; set; }
    public int ElementId { get; set; }
    public int? DealId { get; set; }
    public string? Folder { get; set; }
    public long? UidValidity { get; set; }
    public long? Uid { get; set; }
    public string? SentById { get; set; }
    /// <summary>The responsible user told about this incoming message, until they open it (their unread mail counter).</summary>
    public string? UnreadForUserId { get; set; }
    public string? Error { get; set; }
    public int Version { get; set; }
    public List<MailAttachment> Attachments { get; set; } = [];

    public ElementRef Element => new(ElementKind, ElementId);
}

/// <summary>A file that came with or went out with a message, kept in the <see cref="IMailFileStore"/>.</summary>
public class MailAttachment
{
    public int Id { get; set; }
    public int MailMessageId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string StoreKey { get; set; }
}

/// <summary>A message the reader could not file (unparseable, too large), kept aside with its error; reading went on.</summary>
public class MailRejected
{
    public int Id { get; set; }
    public int MailboxId { get; set; }
    public required string Folder { get; set; }
    public long UidValidity { get; set; }
    public long Uid { get; set; }
    public DateTime At { get; set; }
    public required string Error { get; set; }
    /// <summary>The raw message in the file store, for a person to look at.</summary>
    public string? StoreKey { get; set; }
}

public static class MailRules
{
    public const int NameMaxLength = 100;
    public const int HostMaxLength = 253;
    public const int AddressMaxLength = 320;
    public const int MessageIdMaxLength = 998;
    public const int SubjectMaxLength = 998;
    public const int ErrorMaxLength = 2000;
    public const int FileNameMaxLength = 255;
}
