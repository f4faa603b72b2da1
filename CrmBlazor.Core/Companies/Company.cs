namespace CrmBlazor.Core.Companies;

public class Company : Party
{
    /// <summary>The values of its custom fields (decision 017).</summary>
    public List<CompanyFieldValue> CustomValues { get; set; } = [];
    public required string Name { get; set; }
    public string? Website { get; set; }
    /// <summary>The company's home town (shown in lists and filtered on); addresses may name other cities.</summary>
    public string? City { get; set; }
    public List<CompanyPhone> Phones { get; set; } = [];
    public List<CompanyEmail> Emails { get; set; } = [];
    public List<CompanyAddress> Addresses { get; set; } = [];
}

public class CompanyPhone : PhoneEntry
{
    public int CompanyId { get; set; }
}

public class CompanyEmail : EmailEntry
{
    public int CompanyId { get; set; }
}

public class CompanyAddress : PostalAddress
{
    public int CompanyId { get; set; }
}
