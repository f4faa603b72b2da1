using CrmBlazor.Core.Parties;

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

    /// <summary>Custom field values by code, edited in place by <c>CustomFieldsEditor</c>.</summary>
    public Dictionary<string, CustomValue> Custom { get; set; } = [];

    protected void Load(PartyInput input)
    {
        (ResponsibleUserId, Email, Phone) = (input.ResponsibleUserId, input.Email, input.Phone);
        Points = ContactPointForms.From(input.Phones, input.Emails, input.Addresses);
        Custom = new(input.Custom);
    }
}
