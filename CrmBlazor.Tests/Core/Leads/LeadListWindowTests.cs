namespace CrmBlazor.Tests.Core.Leads;

/// <summary>
/// The live lead list's page (<see cref="LeadListWindow"/>): a change applied from its lead's row gives exactly the
/// page a fresh read gives, and where the page alone cannot tell, it asks to be read again.
/// </summary>
public class LeadListWindowTests(TestDatabase? db = null) : LeadTest(db ?? new TestDatabase())
{
    private LeadInput Named(string title, LeadStatus status = LeadStatus.New) => Valid(title) with { Status = status, ResponsibleUserId = Anna.UserId };

    /// <summary>Applies <paramref name="change"/> as the lead list does: true when applied, false when the page must be read again.</summary>
    private async Task<bool> ApplyAsync(LeadListWindow window, CrmEvent change, Actor reader)
    {
        switch (window.Consider(change))
        {
            case LeadListStep.Nothing:
                return true;
            case LeadListStep.Reload:
                return false;
            default:
                var lead = (LeadChanged)change;
                var rows = await Leads.RowsAsync(window.Query, [lead.LeadId], reader);
                return window.Apply(lead, rows.GetValueOrDefault(lead.LeadId));
        }
    }

    private async Task AssertAsFreshAsync(LeadListWindow window, Actor reader)
    {
        var fresh = await Leads.ListAsync(window.Query, reader);
        Assert.Equal(fresh.Total, window.Total);
        Assert.Equal(fresh.Items.Select(r => (r.Id, r.Title, r.Status, r.Version)), window.Items.Select(r => (r.Id, r.Title, r.Status, r.Version)));
    }

    private static LeadChanged Last(EventLog log)
    {
        lock (log.Events)
        {
            return log.Events.OfType<LeadChanged>().Last();
        }
    }

    [Fact]
    public async Task NewLead_OnTheFirstPage_GoesOnTopAndTheLastRowDropsOff_AsAFreshRead()
    {
        for (var i = 0; i < 3; i++)
        {
            await AddLeadAsync(Named($"Old {i}"));
            Db.Clock.Now += TimeSpan.FromMinutes(1);
        }
        var window = await Leads.ListLiveAsync(new LeadQuery { Take = 2 }, Manager);
        using var log = new EventLog(Db.Live);

        var added = await AddLeadAsync(Named("Brand new"));

        Assert.Equal(LeadListStep.ReadRow, window.Consider(Last(log)));
        Assert.True(await ApplyAsync(window, Last(log), Manager));
        Assert.Equal(["Brand new", "Old 2"], window.Items.Select(r => r.Title));
        Assert.Equal(added.Id, window.Items[0].Id);
        Assert.Equal(4, window.Total);
        await AssertAsFreshAsync(window, Manager);
    }

    [Fact]
    public async Task EventAlreadyInTheSnapshot_ChangesNothing()
    {
        using var log = new EventLog(Db.Live);
        await AddLeadAsync(Named("Before the read"));

        var window = await Leads.ListLiveAsync(new LeadQuery(), Manager);

        Assert.Equal(LeadListStep.Nothing, window.Consider(Last(log)));
        Assert.Equal(1, window.Total);
    }

    [Fact]
    public async Task ChangesOfAFilteredPage_ApplyExactly_OrAskForARead()
    {
        var open = new LeadQuery { Status = LeadStatus.New, Take = 3 };
        for (var i = 0; i < 4; i++)
        {
            await AddLeadAsync(Named($"Open {i}"));
            Db.Clock.Now += TimeSpan.FromMinutes(1);
        }
        var window = await Leads.ListLiveAsync(open, Manager);
        using var log = new EventLog(Db.Live);

        // A new lead the filter leaves out: nothing changes.
        await AddLeadAsync(Named("In progress", LeadStatus.InProgress));
        Assert.True(await ApplyAsync(window, Last(log), Manager));
        await AssertAsFreshAsync(window, Manager);

        // A lead on the page edited within the filter: replaced in place.
        var shown = window.Items[1];
        var edited = await Leads.UpdateAsync(shown.Id, shown.Version, Named("Open renamed"), Manager);
        Assert.True(edited.IsOk);
        Assert.True(await ApplyAsync(window, Last(log), Manager));
        Assert.Equal("Open renamed", window.Items[1].Title);
        await AssertAsFreshAsync(window, Manager);

        // A lead on the page edited out of the filter: the next page's first row moves up, so the page is read again.
        var leaving = window.Items[0];
        Assert.True((await Leads.UpdateAsync(leaving.Id, leaving.Version, Named("Open 3", LeadStatus.InProgress), Manager)).IsOk);
        Assert.False(await ApplyAsync(window, Last(log), Manager));

        // A lead on another page edited: with a filter it may have entered or left the list, so the page is read again.
        var fresh = await Leads.ListLiveAsync(open with { Take = 2 }, Manager);
        var others = await Leads.ListAsync(open with { Skip = 2, Take = 2 }, Manager);
        Assert.True((await Leads.UpdateAsync(others.Items[0].Id, others.Items[0].Version, Named("Open 0 renamed"), Manager)).IsOk);
        Assert.Equal(LeadListStep.Reload, fresh.Consider(Last(log)));
    }

    [Fact]
    public async Task NewLead_WhereThePageCannotPlaceIt_AsksForARead_OrOnlyCounts()
    {
        for (var i = 0; i < 4; i++)
        {
            await AddLeadAsync(Named($"Lead {i}"));
            Db.Clock.Now += TimeSpan.FromMinutes(1);
        }
        var secondPage = await Leads.ListLiveAsync(new LeadQuery { Skip = 2, Take = 2 }, Manager);
        var oldestFirst = await Leads.ListLiveAsync(new LeadQuery { Descending = false, Take = 2 }, Manager);
        var byTitle = await Leads.ListLiveAsync(new LeadQuery { SortBy = LeadSort.Title }, Manager);
        using var log = new EventLog(Db.Live);

        await AddLeadAsync(Named("Newest"));

        // Newest first, second page: every row moves one down, one comes from the first page.
        Assert.False(await ApplyAsync(secondPage, Last(log), Manager));
        // Oldest first: the new lead is last, after a full first page; only the count changes.
        Assert.True(await ApplyAsync(oldestFirst, Last(log), Manager));
        await AssertAsFreshAsync(oldestFirst, Manager);
        Assert.Equal(5, oldestFirst.Total);
        // By title: the database's collation places it.
        Assert.Equal(LeadListStep.Reload, byTitle.Consider(Last(log)));
    }

    [Fact]
    public async Task UnfilteredList_EditOfALeadOnAnotherPage_ChangesNothing()
    {
        for (var i = 0; i < 3; i++)
        {
            await AddLeadAsync(Named($"Lead {i}"));
            Db.Clock.Now += TimeSpan.FromMinutes(1);
        }
        var window = await Leads.ListLiveAsync(new LeadQuery { Take = 2 }, Manager);
        var oldest = (await Leads.ListAsync(new LeadQuery { Skip = 2, Take = 1 }, Manager)).Items.Single();
        using var log = new EventLog(Db.Live);

        Assert.True((await Leads.UpdateAsync(oldest.Id, oldest.Version, Named("Lead 0 renamed", LeadStatus.InProgress), Manager)).IsOk);

        Assert.Equal(LeadListStep.Nothing, window.Consider(Last(log)));
        await AssertAsFreshAsync(window, Manager);
    }

    [Fact]
    public async Task RowsAsync_OnlyTheLeadsTheListShows()
    {
        var open = await AddLeadAsync(Named("Open one"));
        var busy = await AddLeadAsync(Named("Busy one", LeadStatus.InProgress));

        var rows = await Leads.RowsAsync(new LeadQuery { Status = LeadStatus.New }, [open.Id, busy.Id, 999_999], Manager);

        Assert.Equal([open.Id], rows.Keys);
        Assert.Equal("Open one", rows[open.Id].Title);
    }

    [Fact]
    public void Answers_TheSameQueryOnly()
    {
        var query = new LeadQuery { Status = LeadStatus.New, Custom = [new CustomFieldFilter(3) { OptionId = 7 }], Columns = ["size"], Skip = 25 };
        var window = new LeadListWindow(query, [], 0, 0);

        Assert.True(window.Answers(query with { Custom = [new CustomFieldFilter(3) { OptionId = 7 }], Columns = ["size"] }));
        Assert.False(window.Answers(query with { Skip = 0 }));
        Assert.False(window.Answers(query with { Custom = [new CustomFieldFilter(3) { OptionId = 8 }] }));
        Assert.False(window.Answers(query with { Columns = [] }));
    }
}

public sealed class PostgresLeadListWindowTests(PostgresServer server) : LeadListWindowTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
