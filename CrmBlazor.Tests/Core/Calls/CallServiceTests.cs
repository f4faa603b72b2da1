using CrmBlazor.Core.Calls;

namespace CrmBlazor.Tests.Core.Calls;

public class CallServiceTests : CoreTest
{
    public CallServiceTests() : base(new TestDatabase())
    {
    }

    protected CallServiceTests(TestDatabase db) : base(db)
    {
    }

    private CallService Calls => Db.Get<CallService>();

    [Fact]
    public async Task Register_UnknownNumber_MakesACallLeadForTheUser_AndRingsOnlyTheirTopic()
    {
        using var log = new EventLog(Db.Live);

        var registered = (await Calls.RegisterAsync(new RegisterCall("601 234 567", Anna.UserId), Manager)).Value!;

        Assert.True(registered.LeadCreated);
        var lead = (await Db.Get<LeadService>().GetAsync(registered.ElementId))!;
        Assert.Equal((LeadSource.Call, Anna.UserId, "+48601234567"), (lead.Input.Source, lead.Input.ResponsibleUserId, lead.Input.Phones.Single().Number));
        var ring = Assert.Single(log.Events.OfType<IncomingCall>());
        Assert.Equal([LiveTopics.User(Anna.UserId)], ring.Topics);
        Assert.Equal(("+48601234567", registered.CallId, ElementKind.Lead, registered.ElementId), (ring.Number, ring.CallId, ring.ElementKind, ring.ElementId));
    }

    [Fact]
    public async Task Register_AContactsNumber_FindsTheContactBeforeALeadWithIt()
    {
        Assert.True((await Db.Get<LeadService>().CreateAsync(new LeadInput { Title = "Old lead", Phones = [new PhoneInput("+48 602 111 222", PhoneType.Mobile)] }, Anna)).IsOk);
        var contact = (await Db.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = "Ola", Phones = [new PhoneInput("602111222", PhoneType.Work)] }, Anna)).Value!;

        var registered = (await Calls.RegisterAsync(new RegisterCall("0048 602 111 222", Anna.UserId, ActivityDirection.Outgoing), Anna)).Value!;

        Assert.Equal((ElementKind.Contact, contact.Id, false), (registered.ElementKind, registered.ElementId, registered.LeadCreated));
    }

    [Fact]
    public async Task Finish_Missed_WritesADoneCallAndPlansACallBack_AndOnlyOnce()
    {
        var registered = (await Calls.RegisterAsync(new RegisterCall("+48 603 000 111", Anna.UserId), Anna)).Value!;

        var finished = (await Calls.FinishAsync(new FinishCall(registered.CallId, 0, Answered: false), Anna)).Value!;

        var activities = Db.Get<ActivityService>();
        var done = (await activities.GetAsync(finished.ActivityId))!;
        var back = (await activities.GetAsync(finished.CallBackActivityId!.Value))!;
        Assert.Equal((ActivityState.Done, ActivityType.Call, ActivityDirection.Incoming, ElementKind.Lead), (done.State, done.Type, done.Direction, done.ElementKind));
        Assert.Equal((ActivityState.Planned, Anna.UserId), (back.State, back.ResponsibleUserId));
        Assert.Equal(ResultStatus.Conflict, (await Calls.FinishAsync(new FinishCall(registered.CallId, 0, false), Anna)).Status);
    }

    [Fact]
    public async Task RegisterOrFinish_ForAnotherUserBySales_IsForbidden_BadInputInvalid()
    {
        Assert.Equal(ResultStatus.Forbidden, (await Calls.RegisterAsync(new RegisterCall("+48 604 000 111", Piotr.UserId), Anna)).Status);
        var invalid = await Calls.RegisterAsync(new RegisterCall("12", "nobody"), Anna);
        Assert.Equal(["Number", "UserId"], invalid.Errors.Select(e => e.Field).Order());
        var registered = (await Calls.RegisterAsync(new RegisterCall("+48 604 000 112", Piotr.UserId), Manager)).Value!;
        Assert.Equal(ResultStatus.Forbidden, (await Calls.FinishAsync(new FinishCall(registered.CallId, 10, true), Anna)).Status);
        Assert.Equal("RecordingUrl", Assert.Single((await Calls.FinishAsync(new FinishCall(registered.CallId, 10, true, "ftp://x"), Piotr)).Errors).Field);
    }
}

public sealed class PostgresCallServiceTests(PostgresServer server) : CallServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
