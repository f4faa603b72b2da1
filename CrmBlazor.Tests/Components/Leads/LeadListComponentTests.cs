using Bunit;
using CrmBlazor.Components.Pages.Leads;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Components.Leads;

/// <summary>The lead list kept live from the events of other users' changes (new leads on top, edits in place, a filter kept), over a real database.</summary>
public sealed class LeadListComponentTests : TeamComponentTest
{
    public LeadListComponentTests() => Context.Services.AddSingleton(Db.Get<ListColumnService>());

    private LeadService Leads => Db.Get<LeadService>();

    protected override Actor SignedIn => Manager;

    private static LeadInput Lead(string title, LeadStatus status = LeadStatus.New) => new()
    {
        Title = title,
        FirstName = "Grace",
        LastName = "Miller",
        Emails = [new EmailInput($"{Guid.NewGuid():N}@example.com")],
        Source = LeadSource.Manual,
        Status = status,
        Currency = "EUR",
    };

    private async Task<LeadDetails> AddAsync(string title, LeadStatus status = LeadStatus.New)
    {
        var result = await Leads.CreateAsync(Lead(title, status), Anna);
        Assert.True(result.IsOk, string.Join(", ", result.Errors.Select(e => $"{e.Field} {e.MessageKey}")));
        Db.Clock.Now += TimeSpan.FromMinutes(1);
        return result.Value!;
    }

    private static IReadOnlyList<string> Titles(IRenderedComponent<LeadList> list) =>
        [.. list.FindAll("[data-testid=leads-grid] tbody [data-lead-id]").Select(a => a.TextContent.Trim())];

    [Fact]
    public async Task OtherUsersNewAndEditedLeads_ShowLive_NewestOnTopAndEditsInPlace()
    {
        await AddAsync("First lead");
        var second = await AddAsync("Second lead");
        var list = Context.Render<LeadList>();
        list.WaitForAssertion(() => Assert.Equal(["Second lead", "First lead"], Titles(list)), TimeSpan.FromSeconds(10));

        await AddAsync("Third lead");
        await AddAsync("Fourth lead");
        list.WaitForAssertion(() => Assert.Equal(["Fourth lead", "Third lead", "Second lead", "First lead"], Titles(list)), TimeSpan.FromSeconds(10));

        Assert.True((await Leads.UpdateAsync(second.Id, second.Version, Lead("Second lead renamed", LeadStatus.InProgress), Anna)).IsOk);
        list.WaitForAssertion(() => Assert.Equal(["Fourth lead", "Third lead", "Second lead renamed", "First lead"], Titles(list)), TimeSpan.FromSeconds(10));
        // The count follows too ("1-4 of 4"), without the page being read again.
        list.WaitForAssertion(() => Assert.Contains(list.FindAll(".mud-table-pagination-caption"), c => c.TextContent.Contains("of 4", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task CreatedColumn_ShowsTheTeamsTimeZone_NotTheServers()
    {
        var lead = await AddAsync("Zoned lead");
        ShowsTeamTime(Context.Render<LeadList>(), "[data-testid=leads-grid] tbody td", lead.CreatedAt);
    }

    [Fact]
    public async Task LeadLeavingTheSearchedList_IsGoneLive_AndANewOneTheSearchLeavesOutNeverShows()
    {
        await AddAsync("Keep one");
        var leaving = await AddAsync("Keep two");
        await AddAsync("Something else");
        var list = Context.Render<LeadList>();
        list.WaitForAssertion(() => Assert.Equal(3, Titles(list).Count), TimeSpan.FromSeconds(10));
        list.Find(".filter-search input").Input("keep");
        list.WaitForAssertion(() => Assert.Equal(["Keep two", "Keep one"], Titles(list)), TimeSpan.FromSeconds(10));

        await AddAsync("Other newcomer");
        Assert.True((await Leads.UpdateAsync(leaving.Id, leaving.Version, Lead("Gone two"), Anna)).IsOk);
        await AddAsync("Keep newcomer");

        list.WaitForAssertion(() => Assert.Equal(["Keep newcomer", "Keep one"], Titles(list)), TimeSpan.FromSeconds(10));
    }
}
