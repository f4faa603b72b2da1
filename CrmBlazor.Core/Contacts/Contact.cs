namespace CrmBlazor.Core.Contacts;

public class Contact : Party
{
    /// <summary>The values of its custom fields (decision 017).</summary>
    public List<ContactFieldValue> CustomValues { get; set; } = [];
    public required string FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Position { get; set; }
    public int? CompanyId { get; set; }
    public Company? Company { get; set; }
    public List<ContactPhone> Phones { get; set; } = [];
    public List<ContactEmail> Emails { get; set; } = [];
    public List<ContactAddress> Addresses { get; set; } = [];

    public string FullName => string.IsNullOrWhiteSpace(LastName) ? FirstName : $"{FirstName} {LastName}";
}

public class ContactPhone : PhoneEntry
{
    public int ContactId { get; set; }
}

public class ContactEmail : EmailEntry
{
    public int ContactId { get; set; }
}

public class ContactAddress : PostalAddress
{
    public int ContactId { get; set; }
}
