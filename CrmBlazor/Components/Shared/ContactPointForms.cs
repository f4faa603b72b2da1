namespace CrmBlazor.Components.Shared;

/// <summary>The editable phones, e-mails and addresses of a lead, contact or company form.</summary>
/// <param name="defaultPhoneType">The type of a phone row the user adds: a lead's phone is a mobile, a contact's or company's a work phone.</param>
public sealed class ContactPointForms(PhoneType defaultPhoneType = PhoneType.Work)
{
    public List<PhoneForm> Phones { get; } = [];
    public List<EmailForm> Emails { get; } = [];
    public List<AddressForm> Addresses { get; } = [];

    public static ContactPointForms From(
        IEnumerable<PhoneInput> phones, IEnumerable<EmailInput> emails, IEnumerable<AddressInput> addresses, PhoneType defaultPhoneType = PhoneType.Work)
    {
        var forms = new ContactPointForms(defaultPhoneType);
        forms.Phones.AddRange(phones.Select(p => new PhoneForm { Number = p.Number, Type = p.Type }));
        forms.Emails.AddRange(emails.Select(e => new EmailForm { Address = e.Address, Type = e.Type }));
        forms.Addresses.AddRange(addresses.Select(a => new AddressForm { Type = a.Type, Street = a.Street, PostalCode = a.PostalCode, City = a.City, Country = a.Country }));
        return forms;
    }

    public void AddPhone() => Phones.Add(new PhoneForm { Type = defaultPhoneType });

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
