using CrmBlazor.Core.Common;

namespace CrmBlazor.Components.Shared;

/// <summary>The editable phones, e-mails and addresses of a contact or company form.</summary>
public sealed class ContactPointForms
{
    public List<PhoneForm> Phones { get; } = [];
    public List<EmailForm> Emails { get; } = [];
    public List<AddressForm> Addresses { get; } = [];

    public static ContactPointForms From(IEnumerable<PhoneInput> phones, IEnumerable<EmailInput> emails, IEnumerable<AddressInput> addresses)
    {
        var forms = new ContactPointForms();
        forms.Phones.AddRange(phones.Select(p => new PhoneForm { Number = p.Number, Type = p.Type }));
        forms.Emails.AddRange(emails.Select(e => new EmailForm { Address = e.Address, Type = e.Type }));
        forms.Addresses.AddRange(addresses.Select(a => new AddressForm { Type = a.Type, Street = a.Street, PostalCode = a.PostalCode, City = a.City, Country = a.Country }));
        return forms;
    }

    public List<PhoneInput> PhoneInputs() => Phones.Select(p => new PhoneInput(p.Number ?? "", p.Type)).ToList();

    public List<EmailInput> EmailInputs() => Emails.Select(e => new EmailInput(e.Address ?? "", e.Type)).ToList();

    public List<AddressInput> AddressInputs() =>
        Addresses.Select(a => new AddressInput { Type = a.Type, Street = a.Street, PostalCode = a.PostalCode, City = a.City, Country = a.Country }).ToList();

    public sealed class PhoneForm
    {
        public string? Number { get; set; }
        public PhoneType Type { get; set; } = PhoneType.Work;
    }

    public sealed class EmailForm
    {
        public string? Address { get; set; }
        public EmailType Type { get; set; } = EmailType.Work;
    }

    public sealed class AddressForm
    {
        public AddressType Type { get; set; }
        public string? Street { get; set; }
        public string? PostalCode { get; set; }
        public string? City { get; set; }
        public string? Country { get; set; }
    }
}
