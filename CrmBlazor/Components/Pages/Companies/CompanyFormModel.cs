using CrmBlazor.Components.Shared;
using CrmBlazor.Core.Companies;

namespace CrmBlazor.Components.Pages.Companies;

/// <summary>The company form's editable state; the core gets it as a <see cref="CompanyInput"/>.</summary>
public sealed class CompanyFormModel
{
    public string Name { get; set; } = "";
    public string? Website { get; set; }
    public string? City { get; set; }
    public string? ResponsibleUserId { get; set; }
    /// <summary>The main e-mail and phone, for a form that offers one of each (a new company).</summary>
    public string? Email { get; set; }
    public string? Phone { get; set; }
    /// <summary>Every phone, e-mail and address; a form with one main e-mail and phone keeps these as they came.</summary>
    public ContactPointForms Points { get; set; } = new();

    public static CompanyFormModel From(CompanyInput input) => new()
    {
        Name = input.Name,
        Website = input.Website,
        City = input.City,
        ResponsibleUserId = input.ResponsibleUserId,
        Email = input.Email,
        Phone = input.Phone,
        Points = ContactPointForms.From(input.Phones, input.Emails, input.Addresses),
    };

    public CompanyInput ToInput() => new()
    {
        Name = Name ?? "",
        Website = Website,
        City = City,
        ResponsibleUserId = ResponsibleUserId,
        Email = Email,
        Phone = Phone,
        Phones = Points.PhoneInputs(),
        Emails = Points.EmailInputs(),
        Addresses = Points.AddressInputs(),
    };
}
