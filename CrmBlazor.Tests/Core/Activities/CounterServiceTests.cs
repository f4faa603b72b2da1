using CrmBlazor.Tests.Core.Leads;

namespace CrmBlazor.Tests.Core.Activities;

/// <summary>
/// <see cref="CounterService.GetLatestAsync"/>: the user's open pages, all reloading their counters on the same event,
/// share one read, and a read never covers an event delivered after it began.
/// </summary>
public sealed class CounterServiceTests() : LeadTest(new TestDatabase())
{
    // Reads stay in progress until the test lets them go (Release), so "while a read runs" holds however slow the machine.
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CounterService Counters => Db.Get<CounterService>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Counters.BeforeSharedRead = () => _release.Task;
    }

    private void Release() => _release.TrySetResult();

    [Fact]
    public async Task GetLatestAsync_CallersWhileAReadRuns_ShareIt()
    {
        var first = Counters.GetLatestAsync(Anna.UserId);
        var second = Counters.GetLatestAsync(Anna.UserId);
        var piotr = Counters.GetLatestAsync(Piotr.UserId);

        Assert.Same(first, second);
        Assert.NotSame(first, piotr);
        Release();
        Assert.Equal(await Counters.GetAsync(Anna.UserId), await first);
    }

    [Fact]
    public async Task GetLatestAsync_AfterAnEventWasDelivered_ReadsAgain_AndSeesItsChange()
    {
        var before = Counters.GetLatestAsync(Anna.UserId);

        // A new lead for Anna commits and is delivered (the live sequence moves) while that read is still running.
        Assert.True((await Leads.CreateAsync(Valid() with { ResponsibleUserId = Anna.UserId, Status = LeadStatus.New }, Anna)).IsOk);
        var after = Counters.GetLatestAsync(Anna.UserId);

        Assert.NotSame(before, after);
        Release();
        Assert.Equal(1, (await after).NewLeads);
        await before;
    }

    [Fact]
    public async Task GetLatestAsync_ForAnEventNotYetCountedAsDelivered_DoesNotJoinAnEarlierRead()
    {
        // A page hears event N while LiveUpdates still hands it to other subscribers (its Sequence is not N yet).
        var heard = Db.Live.Sequence + 1;
        var before = Counters.GetLatestAsync(Anna.UserId);

        var after = Counters.GetLatestAsync(Anna.UserId, heard);

        Assert.NotSame(before, after);
        Assert.Same(after, Counters.GetLatestAsync(Anna.UserId, heard));
        Release();
        await Task.WhenAll(before, after);
    }

    [Fact]
    public async Task GetLatestAsync_OnceTheReadEnded_ReadsAgain()
    {
        Release();
        var first = Counters.GetLatestAsync(Anna.UserId);
        await first;

        Assert.NotSame(first, Counters.GetLatestAsync(Anna.UserId));
    }
}
