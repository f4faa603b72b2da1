namespace CrmBlazor.Components.Mail;

/// <summary>The e-mail form is wider than the edit forms: a body to write.</summary>
public static class MailDialogs
{
    public static readonly DialogOptions Options = new() { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };
}
