namespace CrmBlazor.Components.Shared;

/// <summary>What the forms of a contact and a company share: the responsible user and the ways to reach them.</summary>
public abstract class PartyFormModel
{
    public string? ResponsibleUserId { get; set; }

    /// <summary>The main e-mail and phone, for a form that offers one of each (a new record, Complete lead).</summary>
    public string? Email { get; set; }

    public string? Phone { get; set; }

    /// <summary>Every phone, e-mail and address; a form with one main e-mail and phone keeps these as they came.</summary>
    public ContactPointForms Points { get; set; } = new();

    protected void Load(string? responsibleUserId, string? email, string? phone, IEnumerable<PhoneInput> phones, IEnumerable<EmailInput> emails, IEnumerable<AddressInput> addresses)
    {
        (ResponsibleUserId, Email, Phone) = (responsibleUserId, email, phone);
        Points = ContactPointForms.From(phones, emails, addresses);
    }
}
