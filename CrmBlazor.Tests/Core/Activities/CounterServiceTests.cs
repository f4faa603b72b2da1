using CrmBlazor.Tests.Core.Leads;

namespace CrmBlazor.Tests.Core.Activities;

/// <summary>
/// <see cref="CounterService.GetLatestAsync"/>: the user's open pages, all reloading their counters on the same event,
/// share one read, and a read never covers an event delivered after it began.
/// </summary>
public sealed class CounterServiceTests() : LeadTest(new TestDatabase())
{
    private CounterService Counters => Db.Get<CounterService>();

    [Fact]
    public async Task GetLatestAsync_CallersWhileAReadRuns_ShareIt()
    {
        var first = Counters.GetLatestAsync(Anna.UserId);
        var second = Counters.GetLatestAsync(Anna.UserId);
        var piotr = Counters.GetLatestAsync(Piotr.UserId);

        Assert.Same(first, second);
        Assert.NotSame(first, piotr);
        Assert.Equal(await Counters.GetAsync(Anna.UserId), await first);
    }

    [Fact]
    public async Task GetLatestAsync_AfterAnEventWasDelivered_ReadsAgain_AndSeesItsChange()
    {
        var before = Counters.GetLatestAsync(Anna.UserId);

        // A new lead for Anna commits and is delivered (the live sequence moves) while that read may still run.
        Assert.True((await Leads.CreateAsync(Valid() with { ResponsibleUserId = Anna.UserId, Status = LeadStatus.New }, Anna)).IsOk);
        var after = Counters.GetLatestAsync(Anna.UserId);

        Assert.NotSame(before, after);
        Assert.Equal(1, (await after).NewLeads);
        await before;
    }

    [Fact]
    public async Task GetLatestAsync_OnceTheReadEnded_ReadsAgain()
    {
        var first = Counters.GetLatestAsync(Anna.UserId);
        await first;

        Assert.NotSame(first, Counters.GetLatestAsync(Anna.UserId));
    }
}
