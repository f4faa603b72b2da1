namespace CrmBlazor.Tests.Core.Live;

/// <summary>
/// Who is looking at what, without a browser: seats at places, what their watchers hear, and the messages between
/// servers (a second <see cref="Presence"/> stands for another server; the relay between them is the test's own hand).
/// Watchers run on the caller's thread, so no waiting is needed.
/// </summary>
public class PresenceTests
{
    private static readonly string Deal = PresencePlaces.Element(ElementRef.Deal(7));
    private readonly TestClock _clock = new();
    private readonly Presence _presence;

    public PresenceTests() => _presence = new Presence(_clock);

    [Fact]
    public void Join_ThenDispose_TheSeatIsAtItsPlaceOnlyUntilLeft_AndWatchersOfThePlaceHearBoth()
    {
        var heard = 0;
        using var watch = _presence.Watch(Deal, () => heard++);
        using var elsewhere = _presence.Watch(PresencePlaces.Board(1), () => Assert.Fail("another place"));

        var anna = _presence.Join(Deal, "u-anna", "Anna Nowak");
        var piotr = _presence.Join(Deal, "u-piotr", "Piotr Kowalski");

        Assert.Equal(["Anna Nowak", "Piotr Kowalski"], _presence.At(Deal).Select(e => e.UserName));
        Assert.All(_presence.At(Deal), e => Assert.Equal(PresenceActivity.Viewing, e.Activity));
        anna.Dispose();
        anna.Dispose();
        Assert.Equal(["Piotr Kowalski"], _presence.At(Deal).Select(e => e.UserName));
        Assert.Equal(3, heard);
        piotr.Dispose();
        Assert.Empty(_presence.At(Deal));
    }

    [Fact]
    public void Set_SaysWhatTheUserDoes_OnlyAChangeIsHeardAndSent()
    {
        var sent = new List<PresenceMessage>();
        _presence.Sent += sent.Add;
        var heard = 0;
        using var watch = _presence.Watch(Deal, () => heard++);
        using var seat = _presence.Join(Deal, "u-anna", "Anna");

        seat.Set(PresenceActivity.Editing);
        seat.Set(PresenceActivity.Editing);
        seat.Set(PresenceActivity.Moving, 42);

        Assert.Equal(new PresenceEntry(seat.Entry.SeatId, "u-anna", "Anna", Deal, PresenceActivity.Moving, 42), _presence.At(Deal).Single());
        Assert.Equal(3, heard);
        Assert.Equal([PresenceActivity.Viewing, PresenceActivity.Editing, PresenceActivity.Moving], sent.Select(m => m.Entries.Single().Activity));
        Assert.All(sent, m => Assert.False(m.Full));
    }

    [Fact]
    public void AwayAndBack_ATabWhoseConnectionIsDown_IsNotShown_AndWhatItDidMeanwhileShowsWhenItIsBack()
    {
        using var seat = _presence.Join(Deal, "u-anna", "Anna");

        seat.Away();
        seat.Set(PresenceActivity.Editing);
        Assert.Empty(_presence.At(Deal));

        seat.Back();
        Assert.Equal(PresenceActivity.Editing, _presence.At(Deal).Single().Activity);
        seat.Dispose();
        seat.Back();
        seat.Set(PresenceActivity.Viewing);
        Assert.Empty(_presence.At(Deal));
    }

    [Fact]
    public void Receive_AnotherServersSeats_AreShownWithOurs_ChangedAndLeftByItsMessages()
    {
        var other = new Presence(_clock);
        other.Sent += _presence.Receive;
        using var mine = _presence.Join(Deal, "u-anna", "Anna");
        var heard = 0;
        using var watch = _presence.Watch(Deal, () => heard++);

        var theirs = other.Join(Deal, "u-piotr", "Piotr");
        theirs.Set(PresenceActivity.Editing);

        Assert.Equal([("Anna", PresenceActivity.Viewing), ("Piotr", PresenceActivity.Editing)], _presence.At(Deal).Select(e => (e.UserName, e.Activity)));
        theirs.Dispose();
        Assert.Equal(["Anna"], _presence.At(Deal).Select(e => e.UserName));
        Assert.Equal(3, heard);
    }

    [Fact]
    public void Receive_OwnMessagesComingBack_AndAnotherServerClaimingOurSeat_AreIgnored()
    {
        var sent = new List<PresenceMessage>();
        _presence.Sent += sent.Add;
        using var seat = _presence.Join(Deal, "u-anna", "Anna");

        _presence.Receive(sent.Single());
        _presence.Receive(new PresenceMessage("elsewhere", [seat.Entry with { UserName = "Mallory" }], [], Full: false));
        _presence.Receive(new PresenceMessage("elsewhere", [], [seat.Entry.SeatId], Full: true));

        Assert.Equal("Anna", _presence.At(Deal).Single().UserName);
    }

    [Fact]
    public void Heartbeat_AFullMessageReplacesAllTheServersSeats_AndAServerNotHeardOfExpires()
    {
        var other = new Presence(_clock);
        var first = other.Join(Deal, "u-piotr", "Piotr");
        using var second = other.Join(PresencePlaces.Board(1), "u-marta", "Marta");
        _presence.Receive(other.Snapshot());
        Assert.Single(_presence.At(Deal));
        Assert.Single(_presence.At(PresencePlaces.Board(1)));

        // A leave that was lost on the way: the next heartbeat no longer has the seat.
        first.Dispose();
        _presence.Receive(other.Snapshot());
        Assert.Empty(_presence.At(Deal));
        Assert.Single(_presence.At(PresencePlaces.Board(1)));

        // Heard of within the lifetime: kept; then the server is silent (it died): gone.
        _clock.Now += Presence.RemoteLifetime;
        _presence.Expire();
        Assert.Single(_presence.At(PresencePlaces.Board(1)));
        _clock.Now += TimeSpan.FromMilliseconds(1);
        var heard = 0;
        using var watch = _presence.Watch(PresencePlaces.Board(1), () => heard++);
        _presence.Expire();
        Assert.Empty(_presence.At(PresencePlaces.Board(1)));
        Assert.Equal(1, heard);
    }

    [Fact]
    public void Snapshot_HoldsOnlyThisServersSeats()
    {
        using var mine = _presence.Join(Deal, "u-anna", "Anna");
        _presence.Receive(new PresenceMessage("elsewhere", [new PresenceEntry("s-1", "u-piotr", "Piotr", Deal, PresenceActivity.Viewing)], [], Full: false));

        var snapshot = _presence.Snapshot();

        Assert.True(snapshot.Full);
        Assert.Equal(_presence.ServerId, snapshot.ServerId);
        Assert.Equal([mine.Entry.SeatId], snapshot.Entries.Select(e => e.SeatId));
    }
}
