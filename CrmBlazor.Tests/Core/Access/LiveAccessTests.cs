using System.Text.Json.Serialization;

namespace CrmBlazor.Tests.Core.Access;

/// <summary>
/// <see cref="AccessPolicy.Shown"/> over the events the services really publish: a receiver hears only what its role
/// reads; a deal or contact given away arrives without its data; a role change reaches every server as
/// <see cref="AccessChanged"/> and drops the cached profiles. On SQLite and PostgreSQL.
/// </summary>
public class LiveAccessTests : CoreTest
{
    public LiveAccessTests() : this(new TestDatabase())
    {
    }

    protected LiveAccessTests(TestDatabase db) : base(db)
    {
    }

    private async Task<Actor> OwnOnlyAsync(Actor user)
    {
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == user.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessRoleId, BuiltInRoles.SalesOwnOnlyId));
        }
        Db.Get<AccessProfiles>().Invalidate();
        return (await Db.Get<AccessProfiles>().GetActorAsync(user.UserId))!;
    }

    [Fact]
    public void EveryEventType_HasARule()
    {
        var types = typeof(CrmEvent).GetCustomAttributes(typeof(JsonDerivedTypeAttribute), false).Cast<JsonDerivedTypeAttribute>().Select(a => a.DerivedType);
        Assert.All(types, t => Assert.Contains(t, AccessPolicy.LiveEventTypes));
    }

    [Fact]
    public async Task DealEvents_AreShownOnlyToReaders_AndADealGivenAwayLeavesWithoutItsNewData()
    {
        var anna = await OwnOnlyAsync(Anna);
        using var log = new EventLog(Db.Live);
        var piotrs = await Db.AddDealAsync(Piotr, Pipeline.NewStageId, "Piotr's deal");
        var annas = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Anna's deal");
        var given = await Db.Deals.UpdateAsync(annas.Id, annas.Version, new DealInput
        {
            Title = annas.Title, Amount = annas.Amount, Currency = annas.Currency, StageId = annas.StageId, ResponsibleUserId = Piotr.UserId,
        }, Manager);
        Assert.True(given.IsOk);
        var deals = log.Events.OfType<DealChanged>().ToList();

        Assert.Null(AccessPolicy.Shown(deals.Single(d => d.DealId == piotrs.Id), anna));
        Assert.Same(deals.First(d => d.DealId == annas.Id), AccessPolicy.Shown(deals.First(d => d.DealId == annas.Id), anna));
        var left = Assert.IsType<DealChanged>(AccessPolicy.Shown(deals.Last(d => d.DealId == annas.Id), anna));
        Assert.Null(left.After);
        Assert.Equal(Anna.UserId, left.Before!.ResponsibleUserId);
        // Sales reads every deal: Piotr hears all of it, the manager too.
        Assert.All(deals, d => Assert.Same(d, AccessPolicy.Shown(d, Piotr)));
        Assert.All(deals, d => Assert.Same(d, AccessPolicy.Shown(d, Manager)));
    }

    [Fact]
    public async Task ActivityAndCommentEvents_CarryTheirElementsOwner_AndReachOnlyItsReaders()
    {
        var anna = await OwnOnlyAsync(Anna);
        using var log = new EventLog(Db.Live);
        var piotrs = await Db.AddDealAsync(Piotr, Pipeline.NewStageId, "Piotr's deal");
        var planned = await Db.Get<ActivityService>().PlanAsync(ElementRef.Deal(piotrs.Id), new ActivityInput
        {
            Type = ActivityType.Task, Subject = "Private task", Description = "secret", Deadline = Db.Clock.Now.UtcDateTime.AddDays(1), ResponsibleUserId = Piotr.UserId,
        }, Piotr);
        Assert.True(planned.IsOk);
        var comment = await Db.Get<TimelineService>().AddCommentAsync(ElementRef.Deal(piotrs.Id), "a remark", Piotr);
        Assert.True(comment.IsOk, $"{comment.Status} {comment.MessageKey} {string.Join(",", comment.Errors?.Select(e => e.Field + e.MessageKey) ?? [])}");

        var activity = log.Events.OfType<ActivityChanged>().Single();
        Assert.Equal(Piotr.UserId, activity.ElementResponsibleUserId);
        Assert.Null(AccessPolicy.Shown(activity, anna));
        var timeline = log.Events.OfType<TimelineChanged>().Single();
        Assert.Equal(Piotr.UserId, timeline.ElementResponsibleUserId);
        Assert.Null(AccessPolicy.Shown(timeline, anna));
        // The built-in Sales role reads the deal but not Piotr's personal activity: it hears that one changed, not what.
        var toSales = Assert.IsType<ActivityChanged>(AccessPolicy.Shown(activity, Anna));
        Assert.Null(toSales.After);
        Assert.Equal(activity.DealNextActivityAt, toSales.DealNextActivityAt);
        Assert.Same(activity, AccessPolicy.Shown(activity, Piotr));
        Assert.Same(activity, AccessPolicy.Shown(activity, Manager));
    }

    [Fact]
    public async Task AContactGivenAway_IsHiddenFromItsFormerReader_AndALeadOfAnotherIsNotHeard()
    {
        var anna = await OwnOnlyAsync(Anna);
        using var log = new EventLog(Db.Live);
        var contacts = Db.Get<ContactService>();
        var contact = (await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Ola", ResponsibleUserId = Anna.UserId }, Manager)).Value!;
        Assert.True((await contacts.SaveAsync(contact.Id, contact.Version, new ContactInput { FirstName = "Ola", ResponsibleUserId = Piotr.UserId }, Manager)).IsOk);
        var lead = await Db.Get<LeadService>().CreateAsync(new LeadInput { Title = "Piotr's lead", Emails = [new("p.lead@example.com")], ResponsibleUserId = Piotr.UserId }, Piotr);
        Assert.True(lead.IsOk);

        var changes = log.Events.OfType<ElementChanged>().ToList();
        Assert.Same(changes[0], AccessPolicy.Shown(changes[0], anna));
        var hidden = Assert.IsType<ElementHidden>(AccessPolicy.Shown(changes[1], anna));
        Assert.Equal(ElementRef.Contact(contact.Id), hidden.Element);
        Assert.Contains(LiveTopics.Contacts, hidden.Topics);
        Assert.Null(AccessPolicy.Shown(log.Events.OfType<LeadChanged>().Single(), anna));
        Assert.NotNull(AccessPolicy.Shown(log.Events.OfType<LeadChanged>().Single(), Anna));
    }

    [Fact]
    public async Task ARoleChange_PublishesAccessChanged_AndARelayedOneDropsTheCachedProfiles()
    {
        await Db.AddIdentityRolesAsync();
        var profiles = Db.Get<AccessProfiles>();
        Assert.NotEqual(BuiltInRoles.SalesOwnOnlyId, (await profiles.GetActorAsync(Anna.UserId))!.Access?.RoleId);
        using var log = new EventLog(Db.Live);
        var admin = Actor.Create("admin", "Admin", CrmRoles.Admin);
        Assert.True((await Db.Get<UserAdminService>().ChangeAsync(Anna.UserId, BuiltInRoles.SalesOwnOnlyId, null, admin)).IsOk);
        Assert.Single(log.Events.OfType<AccessChanged>());
        Assert.Equal(BuiltInRoles.SalesOwnOnlyId, (await profiles.GetActorAsync(Anna.UserId))!.Access!.RoleId);

        // Another server changed it back: its event arrives from the outbox, and this server's copy is dropped at once.
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == Anna.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessRoleId, BuiltInRoles.SalesId));
        }
        Assert.Equal(BuiltInRoles.SalesOwnOnlyId, (await profiles.GetActorAsync(Anna.UserId))!.Access!.RoleId);
        await using (var other = Db.SecondServer())
        {
            await other.Live.PublishAsync(other.Factory, new AccessChanged { ActorId = "admin", ActorName = "Admin", OccurredAt = DateTime.UtcNow });
        }
        await Db.Live.CatchUpAsync();
        Assert.Equal(BuiltInRoles.SalesId, (await profiles.GetActorAsync(Anna.UserId))!.Access!.RoleId);
    }
}

public sealed class PostgresLiveAccessTests(PostgresServer server) : LiveAccessTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
