namespace CrmBlazor.Tests.Core.Mail;

/// <summary>The reader's rests while it files a backlog (<see cref="IntakePace"/>, decision 018), on a clock the test moves.</summary>
public class IntakePaceTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AtAFifthOfTheTime_EachRestIsFourTimesTheWorkSinceTheLast_AndNeitherTheRestNorAServerWaitCountsAsWork()
    {
        var clock = new ManualClock();
        var pace = new IntakePace(0.2, clock);
        Assert.True(pace.RestAsync(CancellationToken.None).IsCompleted); // nothing worked yet

        clock.Advance(TimeSpan.FromMilliseconds(10)); // a piece of work
        await RestsForAsync(clock, pace, TimeSpan.FromMilliseconds(40));

        // The rest just taken is not work: the next piece starts from its end.
        clock.Advance(TimeSpan.FromMilliseconds(2));
        await RestsForAsync(clock, pace, TimeSpan.FromMilliseconds(8));

        // A wait for the IMAP server, then 5 ms of parsing: 20 ms of rest, not 220.
        clock.Advance(TimeSpan.FromMilliseconds(50));
        pace.Restart();
        clock.Advance(TimeSpan.FromMilliseconds(5));
        await RestsForAsync(clock, pace, TimeSpan.FromMilliseconds(20));
    }

    // The rest begun now ends exactly when the clock has moved by `expected`: not a millisecond before.
    private static async Task RestsForAsync(ManualClock clock, IntakePace pace, TimeSpan expected)
    {
        var rest = pace.RestAsync(CancellationToken.None);
        clock.Advance(expected - TimeSpan.FromMilliseconds(1));
        Assert.False(rest.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await rest.WaitAsync(Limit);
    }

    [Fact]
    public void AtTheWholeTime_ItNeverRests_AndAShareBelowTheLeastIsRaisedToIt()
    {
        var clock = new ManualClock();
        var pace = new IntakePace(1, clock);
        pace.Restart();
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(pace.RestAsync(CancellationToken.None).IsCompleted);
        Assert.Equal(0, clock.ActiveTimers);

        Assert.Equal(MailOptions.MinIntakeShare, new IntakePace(0, clock).Share);
    }
}
