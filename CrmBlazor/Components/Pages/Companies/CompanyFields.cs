namespace CrmBlazor.Components.Pages.Companies;

/// <summary>The fields a <see cref="CompanyForm"/> shows besides the name.</summary>
[Flags]
public enum CompanyFields
{
    None = 0,
    Website = 1,
    City = 2,
    /// <summary>One main e-mail and phone.</summary>
    MainReach = 4,
    Responsible = 8,
    /// <summary>Every phone, e-mail and address.</summary>
    ContactPoints = 16,

    NewCompany = MainReach | Website | City,
    Page = Website | City | Responsible | ContactPoints,
    CompleteLead = Website,
}
