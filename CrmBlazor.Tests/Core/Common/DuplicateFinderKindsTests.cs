using CrmBlazor.Tests.Core.Leads;

namespace CrmBlazor.Tests.Core.Common;

/// <summary>Every way <see cref="DuplicateFinder"/> matches, one kind and reason at a time.</summary>
public sealed class DuplicateFinderKindsTests() : LeadTest(new TestDatabase())
{
    private DuplicateFinder Finder => Db.Get<DuplicateFinder>();

    [Fact]
    public async Task FindAsync_NothingToLookFor_FindsNothing()
    {
        await AddLeadAsync(Valid() with { CompanyName = null });

        Assert.Empty(await Finder.FindAsync(new DuplicateProbe([" "], ["not a phone"], "  ")));
    }

    [Fact]
    public async Task FindAsync_LeadByPhone_ExceptTheLeadItself()
    {
        var lead = await AddLeadAsync(Valid() with { Emails = [], CompanyName = null });

        var match = Assert.Single(await Finder.FindAsync(new DuplicateProbe([], ["+48 601 234 567"], null)));
        Assert.Equal(new DuplicateMatch(ElementKind.Lead, lead.Id, lead.Input.Title, MatchReason.Phone, "+48601234567"), match);
        Assert.Empty(await Finder.FindAsync(new DuplicateProbe([], ["601234567"], null, ExcludeLeadId: lead.Id)));
    }

    [Fact]
    public async Task FindAsync_ContactByEmailAndByPhone_NamedInFull()
    {
        var contacts = Db.Get<ContactService>();
        var full = (await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Grace", LastName = "Miller", Email = "grace@miller.pl" }, Anna)).Value!;
        var first = (await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Jan", Phone = "602 111 222" }, Anna)).Value!;

        var matches = await Finder.FindAsync(new DuplicateProbe(["Grace@Miller.pl"], ["602111222"], null));

        Assert.Equal(
            [
                new DuplicateMatch(ElementKind.Contact, full.Id, "Grace Miller", MatchReason.Email, "grace@miller.pl"),
                new DuplicateMatch(ElementKind.Contact, first.Id, "Jan", MatchReason.Phone, "+48602111222"),
            ],
            matches);
    }

    [Fact]
    public async Task FindAsync_CompanyByEmailAndByPhone()
    {
        var companies = Db.Get<CompanyService>();
        var byEmail = (await companies.SaveAsync(null, 0, new CompanyInput { Name = "Bałtyk", Email = "biuro@baltyk.pl" }, Anna)).Value!;
        var byPhone = (await companies.SaveAsync(null, 0, new CompanyInput { Name = "Wisła", Phone = "22 555 66 77" }, Anna)).Value!;

        var matches = await Finder.FindAsync(new DuplicateProbe(["biuro@baltyk.pl"], ["+48 22 555 66 77"], null));

        Assert.Equal(
            [
                new DuplicateMatch(ElementKind.Company, byEmail.Id, "Bałtyk", MatchReason.Email, "biuro@baltyk.pl"),
                new DuplicateMatch(ElementKind.Company, byPhone.Id, "Wisła", MatchReason.Phone, "+48225556677"),
            ],
            matches);
    }

    [Fact]
    public async Task FindAsync_LeadsOfTheSameCompany_ExceptTheLeadItselfAndLeadsWithoutOne()
    {
        var first = await AddLeadAsync(Valid("First") with { Phones = [], Emails = [new("first@example.com")] });
        var second = await AddLeadAsync(Valid("Second") with { Phones = [], Emails = [new("second@example.com")] });
        await AddLeadAsync(Valid("No company") with { Phones = [], Emails = [new("none@example.com")], CompanyName = null });

        var matches = await Finder.FindAsync(new DuplicateProbe([], [], "MILLER & SONS", ExcludeLeadId: first.Id));

        var match = Assert.Single(matches);
        Assert.Equal(new DuplicateMatch(ElementKind.Lead, second.Id, "Second", MatchReason.CompanyName, "Miller & Sons"), match);
    }
}
