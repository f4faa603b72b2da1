namespace CrmBlazor.Components.Pages.Contacts;

/// <summary>The contact form's editable state; the core gets it as a <see cref="ContactInput"/>.</summary>
public sealed class ContactFormModel : PartyFormModel
{
    public string FirstName { get; set; } = "";
    public string? LastName { get; set; }
    public Lookup? Company { get; set; }
    public string? Position { get; set; }

    public static ContactFormModel From(ContactInput input, string? companyName)
    {
        var model = new ContactFormModel
        {
            FirstName = input.FirstName,
            LastName = input.LastName,
            Company = input.CompanyId is { } id ? new Lookup(id, companyName ?? "") : null,
            Position = input.Position,
        };
        model.Load(input);
        return model;
    }

    public ContactInput ToInput() => new()
    {
        FirstName = FirstName ?? "",
        LastName = LastName,
        CompanyId = Company?.Id,
        Position = Position,
        ResponsibleUserId = ResponsibleUserId,
        Email = Email, Phone = Phone,
        Phones = Points.PhoneInputs(), Emails = Points.EmailInputs(), Addresses = Points.AddressInputs(),
        Custom = new Dictionary<string, CustomValue>(Custom),
    };
}
