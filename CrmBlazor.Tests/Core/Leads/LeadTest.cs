namespace CrmBlazor.Tests.Core.Leads;

/// <summary>A Core test about leads: a valid lead's input, and adding one.</summary>
public abstract class LeadTest(TestDatabase db) : CoreTest(db)
{
    protected LeadService Leads => Db.Get<LeadService>();

    protected static LeadInput Valid(string title = "Business card from the fair") => new()
    {
        Title = title,
        FirstName = "Grace",
        LastName = "Miller",
        CompanyName = "Miller & Sons",
        Phones = [new PhoneInput("601 234 567", PhoneType.Mobile)],
        Emails = [new EmailInput("Grace@MillerAndSons.co.uk")],
        Website = "millerandsons.co.uk",
        Source = LeadSource.Manual,
        ExpectedAmount = 8500m,
        Currency = "EUR",
    };

    protected async Task<LeadDetails> AddLeadAsync(LeadInput? input = null, Actor? actor = null)
    {
        var result = await Leads.CreateAsync(input ?? Valid(), actor ?? Anna);
        Assert.True(result.IsOk, string.Join(", ", result.Errors.Select(e => $"{e.Field} {e.MessageKey}")));
        return result.Value!;
    }
}
