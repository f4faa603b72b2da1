using CrmBlazor.Tests.Core.Leads;

namespace CrmBlazor.Tests.Core.Common;

/// <summary>Possible duplicates among leads, contacts and companies.</summary>
public sealed class DuplicateFinderTests() : LeadTest(new TestDatabase())
{
    [Fact]
    public async Task FindAsync_SameEmailPhoneOrCompanyTypedDifferently_FindsLeadsContactsAndCompanies()
    {
        var lead = await AddLeadAsync();
        var contact = (await Db.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = "Grace", Phone = "+48 601 234 567" }, Anna)).Value!;
        var company = (await Db.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput { Name = "MILLER & SONS" }, Anna)).Value!;
        await AddLeadAsync(Valid("Unrelated") with { CompanyName = "Other", Phones = [new("602 000 111")], Emails = [new("x@other.pl")] });

        var matches = await Db.Get<DuplicateFinder>().FindAsync(new DuplicateProbe(["GRACE@millerandsons.co.uk"], ["0048601234567"], "miller & sons"));

        Assert.Contains(matches, m => m is { Kind: ElementKind.Lead, Reason: MatchReason.Email } && m.Id == lead.Id);
        Assert.Contains(matches, m => m is { Kind: ElementKind.Contact, Reason: MatchReason.Phone } && m.Id == contact.Id);
        Assert.Contains(matches, m => m is { Kind: ElementKind.Company, Reason: MatchReason.CompanyName } && m.Id == company.Id);
        Assert.DoesNotContain(matches, m => m.Name == "Unrelated");
        Assert.Empty(await Db.Get<DuplicateFinder>().FindAsync(new DuplicateProbe(["grace@millerandsons.co.uk"], [], null, ExcludeLeadId: lead.Id)));
    }
}
