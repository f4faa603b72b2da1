namespace CrmBlazor.Components.Pages.Contacts;

/// <summary>The fields a <see cref="ContactForm"/> shows besides the name.</summary>
[Flags]
public enum ContactFields
{
    None = 0,
    Company = 1,
    Position = 2,
    /// <summary>One main e-mail and phone.</summary>
    MainReach = 4,
    Responsible = 8,
    /// <summary>Every phone, e-mail and address.</summary>
    ContactPoints = 16,

    NewContact = Company | Position | MainReach,
    Page = Company | Position | Responsible | ContactPoints,
    CompleteLead = MainReach,
}
