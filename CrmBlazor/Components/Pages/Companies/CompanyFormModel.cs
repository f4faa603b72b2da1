namespace CrmBlazor.Components.Pages.Companies;

/// <summary>The company form's editable state; the core gets it as a <see cref="CompanyInput"/>.</summary>
public sealed class CompanyFormModel : PartyFormModel
{
    public string Name { get; set; } = "";
    public string? Website { get; set; }
    public string? City { get; set; }

    public static CompanyFormModel From(CompanyInput input)
    {
        var model = new CompanyFormModel { Name = input.Name, Website = input.Website, City = input.City };
        model.Load(input);
        return model;
    }

    public CompanyInput ToInput() => new()
    {
        Name = Name ?? "",
        Website = Website,
        City = City,
        ResponsibleUserId = ResponsibleUserId,
        Email = Email, Phone = Phone,
        Phones = Points.PhoneInputs(), Emails = Points.EmailInputs(), Addresses = Points.AddressInputs(),
        Custom = new Dictionary<string, CustomValue>(Custom),
    };
}
