namespace CrmBlazor.Core.Mail;

/// <summary>
/// A reusable e-mail: a name, a subject and a body (Markdown, see <see cref="MailFormatting"/>) with placeholders
/// (<see cref="MailPlaceholders"/>). Shared with the team (no owner, admins manage it) or personal (its owner's only).
/// </summary>
public class MailTemplate : IVersioned
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    /// <summary>A personal template's owner; null for the team's shared templates.</summary>
    public string? OwnerUserId { get; set; }
    public int Version { get; set; }
}

/// <summary>A user's e-mail signature (Markdown), put in by the <c>{{user.signature}}</c> placeholder.</summary>
public class MailSignature
{
    public required string UserId { get; set; }
    public string Body { get; set; } = "";
}

public static class MailTemplateRules
{
    public const int NameMaxLength = 100;
    public const int BodyMaxLength = 20_000;
    public const int SignatureMaxLength = 2_000;
}
