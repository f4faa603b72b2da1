namespace CrmBlazor.Core.Common;

public enum PhoneType
{
    Work,
    Mobile,
    Home,
    Other,
}

public enum EmailType
{
    Work,
    Personal,
    Other,
}

public sealed record PhoneInput(string Number, PhoneType Type = PhoneType.Work);

public sealed record EmailInput(string Address, EmailType Type = EmailType.Work);

public sealed record AddressInput
{
    public AddressType Type { get; init; }
    public string? Street { get; init; }
    public string? PostalCode { get; init; }
    public string? City { get; init; }
    public string? Country { get; init; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Street) && string.IsNullOrWhiteSpace(PostalCode) && string.IsNullOrWhiteSpace(City) && string.IsNullOrWhiteSpace(Country);
}

public enum AddressType
{
    Office,
    Delivery,
    Billing,
    Home,
    Other,
}

/// <summary>
/// The phones, e-mails and addresses of a contact or company: validated like a lead's (each error named
/// <c>Phones[i]</c>, <c>Emails[i]</c>, <c>Addresses[i].City</c>), normalized (E.164, lower case) and without repeats.
/// </summary>
/// <summary>A phone number of a lead, a contact or a company (each has its own table, with its own owner key).</summary>
public abstract class PhoneEntry
{
    public int Id { get; set; }
    /// <summary>E.164 (see <see cref="PhoneNumberFormat"/>).</summary>
    public required string Number { get; set; }
    public PhoneType Type { get; set; }
}

/// <summary>An e-mail address of a lead, a contact or a company.</summary>
public abstract class EmailEntry
{
    public int Id { get; set; }
    /// <summary>Lower-cased, so duplicates match whatever case was typed.</summary>
    public required string Address { get; set; }
    public EmailType Type { get; set; }
}

/// <summary>A postal address of a contact or a company.</summary>
public abstract class PostalAddress
{
    public int Id { get; set; }
    public AddressType Type { get; set; }
    public string? Street { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    public string? Country { get; set; }
}

public static class ContactPoints
{
    public const int MaxPhones = 10;
    public const int MaxEmails = 10;
    public const int MaxAddresses = 5;
    public const int StreetMaxLength = 200;
    public const int CityMaxLength = 100;
    public const int PostalCodeMaxLength = 20;
    public const int CountryMaxLength = 100;

    internal static void Validate(Validator v, string prefix, IReadOnlyList<PhoneInput> phones, IReadOnlyList<EmailInput> emails, IReadOnlyList<AddressInput> addresses, string region)
    {
        for (var i = 0; i < phones.Count; i++)
        {
            v.Phone($"{prefix}Phones[{i}]", phones[i].Number, region);
        }
        for (var i = 0; i < emails.Count; i++)
        {
            v.Email($"{prefix}Emails[{i}]", emails[i].Address).MaxLength($"{prefix}Emails[{i}]", emails[i].Address, 254);
        }
        for (var i = 0; i < addresses.Count; i++)
        {
            var a = addresses[i];
            var field = $"{prefix}Addresses[{i}].";
            v.MaxLength(field + nameof(AddressInput.Street), a.Street, StreetMaxLength)
                .MaxLength(field + nameof(AddressInput.PostalCode), a.PostalCode, PostalCodeMaxLength)
                .MaxLength(field + nameof(AddressInput.City), a.City, CityMaxLength)
                .MaxLength(field + nameof(AddressInput.Country), a.Country, CountryMaxLength);
            if (!a.IsBlank && string.IsNullOrWhiteSpace(a.City) && string.IsNullOrWhiteSpace(a.Street))
            {
                v.Add(field + nameof(AddressInput.City), "Validation.AddressNeedsCity");
            }
        }
        if (phones.Count(p => !string.IsNullOrWhiteSpace(p.Number)) > MaxPhones)
        {
            v.Add(prefix + "Phones", "Validation.TooMany", MaxPhones);
        }
        if (emails.Count(e => !string.IsNullOrWhiteSpace(e.Address)) > MaxEmails)
        {
            v.Add(prefix + "Emails", "Validation.TooMany", MaxEmails);
        }
        if (addresses.Count(a => !a.IsBlank) > MaxAddresses)
        {
            v.Add(prefix + "Addresses", "Validation.TooMany", MaxAddresses);
        }
    }

    /// <summary>Valid, non-blank phones in E.164, first occurrence of each number kept.</summary>
    internal static List<PhoneInput> NormalizePhones(IEnumerable<PhoneInput> phones, string region) =>
        phones.Select(p => (Number: PhoneNumberFormat.Normalize(p.Number, region), p.Type))
            .Where(p => p.Number is not null)
            .DistinctBy(p => p.Number)
            .Select(p => new PhoneInput(p.Number!, p.Type))
            .ToList();

    internal static List<EmailInput> NormalizeEmails(IEnumerable<EmailInput> emails) =>
        emails.Where(e => !string.IsNullOrWhiteSpace(e.Address))
            .Select(e => new EmailInput(e.Address.Trim().ToLowerInvariant(), e.Type))
            .DistinctBy(e => e.Address)
            .ToList();

    internal static List<AddressInput> NormalizeAddresses(IEnumerable<AddressInput> addresses) =>
        addresses.Where(a => !a.IsBlank)
            .Select(a => a with
            {
                Street = Validator.Clean(a.Street),
                PostalCode = Validator.Clean(a.PostalCode),
                City = Validator.Clean(a.City),
                Country = Validator.Clean(a.Country),
            })
            .ToList();
}
