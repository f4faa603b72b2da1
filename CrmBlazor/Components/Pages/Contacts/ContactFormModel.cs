using CrmBlazor.Components.Shared;
using CrmBlazor.Core.Companies;
using CrmBlazor.Core.Contacts;

namespace CrmBlazor.Components.Pages.Contacts;

/// <summary>The contact form's editable state; the core gets it as a <see cref="ContactInput"/>.</summary>
public sealed class ContactFormModel
{
    public string FirstName { get; set; } = "";
    public string? LastName { get; set; }
    public Lookup? Company { get; set; }
    public string? Position { get; set; }
    public string? ResponsibleUserId { get; set; }
    /// <summary>The main e-mail and phone, for a form that offers one of each (a new contact, Complete lead).</summary>
    public string? Email { get; set; }
    public string? Phone { get; set; }
    /// <summary>Every phone, e-mail and address; a form with one main e-mail and phone keeps these as they came.</summary>
    public ContactPointForms Points { get; set; } = new();

    public static ContactFormModel From(ContactInput input, string? companyName) => new()
    {
        FirstName = input.FirstName,
        LastName = input.LastName,
        Company = input.CompanyId is { } id ? new Lookup(id, companyName ?? "") : null,
        Position = input.Position,
        ResponsibleUserId = input.ResponsibleUserId,
        Email = input.Email,
        Phone = input.Phone,
        Points = ContactPointForms.From(input.Phones, input.Emails, input.Addresses),
    };

    public ContactInput ToInput() => new()
    {
        FirstName = FirstName ?? "",
        LastName = LastName,
        CompanyId = Company?.Id,
        Position = Position,
        ResponsibleUserId = ResponsibleUserId,
        Email = Email,
        Phone = Phone,
        Phones = Points.PhoneInputs(),
        Emails = Points.EmailInputs(),
        Addresses = Points.AddressInputs(),
    };
}
