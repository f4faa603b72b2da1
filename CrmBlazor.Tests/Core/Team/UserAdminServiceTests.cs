namespace CrmBlazor.Tests.Core.Team;

/// <summary>Settings > Users and the profile: accounts, one-time links, deactivation, roles, reassignment.</summary>
public class UserAdminServiceTests : CoreTest
{
    public UserAdminServiceTests() : base(new TestDatabase())
    {
    }

    protected UserAdminServiceTests(TestDatabase db) : base(db)
    {
    }

    private UserAdminService Users => Db.Get<UserAdminService>();
    private ProfileService Profiles => Db.Get<ProfileService>();
    private AccessProfiles Access => Db.Get<AccessProfiles>();
    private Actor Admin { get; } = Actor.Create("admin-id", "Admin", CrmRoles.Admin);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Db.AddIdentityRolesAsync();
    }

    private async Task<string> AddAsync(string email, int roleId = BuiltInRoles.SalesId, int? departmentId = null)
    {
        var added = await Users.AddAsync(new NewUser(email, "Ewa " + email, roleId, departmentId), Admin);
        Assert.True(added.IsOk, string.Join(", ", added.Errors.Select(e => e.Field + " " + e.MessageKey)));
        Assert.True((await Profiles.SetPasswordAsync(added.Value!.UserId, added.Value.Token, "Start-2026!")).IsOk);
        return added.Value.UserId;
    }

    [Fact]
    public async Task AddAsync_NewUser_TheLinkSetsAPasswordOnceAndTheListFindsThem()
    {
        var added = await Users.AddAsync(new NewUser(" ewa@firma.pl ", "Ewa Nowak", BuiltInRoles.SalesOwnOnlyId, null), Admin);

        var set = await Profiles.SetPasswordAsync(added.Value!.UserId, added.Value.Token, "Start-2026!");
        var again = await Profiles.SetPasswordAsync(added.Value.UserId, added.Value.Token, "Other-2026!");
        var listed = await Users.ListAsync(new UserQuery(Search: "NOWAK"), Admin);

        Assert.True(set.IsOk);
        Assert.Equal(("Token", "Identity.InvalidToken"), (Assert.Single(again.Errors).Field, again.Errors[0].MessageKey));
        var row = Assert.Single(listed.Value!);
        Assert.Equal(("ewa@firma.pl", "Sales (own only)", true), (row.Email, row.RoleName, row.IsActive));
        Assert.Equal([CrmRoles.Sales], (await Access.GetActorAsync(row.Id))!.Roles);
    }

    [Fact]
    public async Task AddAsync_BadOrTakenEmailOrWeakPassword_ReportsTheField()
    {
        await AddAsync("taken@firma.pl");

        var bad = await Users.AddAsync(new NewUser("no-at", "X", BuiltInRoles.SalesId, null), Admin);
        var taken = await Users.AddAsync(new NewUser("taken@firma.pl", "X", BuiltInRoles.SalesId, null), Admin);
        var fresh = (await Users.AddAsync(new NewUser("weak@firma.pl", "X", BuiltInRoles.SalesId, null), Admin)).Value!;
        var weak = await Profiles.SetPasswordAsync(fresh.UserId, fresh.Token, "short");

        Assert.Equal(("Email", "Validation.Email"), (Assert.Single(bad.Errors).Field, bad.Errors[0].MessageKey));
        Assert.Contains(taken.Errors, e => e is { Field: "Email", MessageKey: "Identity.DuplicateEmail" });
        Assert.Contains(weak.Errors, e => e is { Field: "NewPassword", MessageKey: "Identity.PasswordTooShort" });
    }

    [Fact]
    public async Task AdminUseCases_NotAnAdmin_AreForbidden()
    {
        Assert.Equal(ResultStatus.Forbidden, (await Users.ListAsync(new UserQuery(), Manager)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Users.AddAsync(new NewUser("a@b.pl", "A", BuiltInRoles.AdminId, null), Anna)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Users.SetActiveAsync(Piotr.UserId, false, Manager)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Users.ChangeAsync(Anna.UserId, BuiltInRoles.AdminId, null, Anna)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Users.ResetPasswordAsync(Anna.UserId, Manager)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Users.ReassignAsync(Piotr.UserId, Anna.UserId, Anna)).Status);
    }

    [Fact]
    public async Task SetActiveAsync_Deactivated_HasNoActorANewStampAndIsLockedOutUntilReactivated()
    {
        var id = await AddAsync("leaving@firma.pl");
        Assert.NotNull(await Access.GetActorAsync(id));
        var stamp = await StampAsync(id);

        var off = await Users.SetActiveAsync(id, false, Admin);

        Assert.False(off.Value!.IsActive);
        Assert.Null(await Access.GetActorAsync(id));
        Assert.NotEqual(stamp, await StampAsync(id));
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            Assert.Equal(DateTimeOffset.MaxValue, (await db.Users.SingleAsync(u => u.Id == id)).LockoutEnd);
        }
        Assert.Single((await Users.ListAsync(new UserQuery(Active: false), Admin)).Value!);

        Assert.True((await Users.SetActiveAsync(id, true, Admin)).Value!.IsActive);
        Assert.NotNull(await Access.GetActorAsync(id));
    }

    [Fact]
    public async Task SetActiveAsync_Yourself_IsRefused()
    {
        var id = await AddAsync("boss@firma.pl", BuiltInRoles.AdminId);
        var me = (await Access.GetActorAsync(id))!;

        Assert.Equal(ResultStatus.Invalid, (await Users.SetActiveAsync(id, false, me)).Status);
    }

    [Fact]
    public async Task ChangeAsync_AnotherRoleAndDepartment_ApplyAtTheUsersNextActionAndMoveTheIdentityRole()
    {
        var id = await AddAsync("ewa@firma.pl");
        int department;
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            var d = new Department { Name = "Północ" };
            db.Departments.Add(d);
            await db.SaveChangesAsync();
            department = d.Id;
        }
        Assert.Equal(AccessScope.All, AccessPolicy.ScopeOf((await Access.GetActorAsync(id))!, AccessEntity.Deal, AccessAction.Read));

        var changed = await Users.ChangeAsync(id, BuiltInRoles.ManagerId, department, Admin);
        var manager = (await Access.GetActorAsync(id))!;
        await Users.ChangeAsync(id, BuiltInRoles.SalesOwnOnlyId, department, Admin);
        var ownOnly = (await Access.GetActorAsync(id))!;

        Assert.Equal(("Manager", "Północ"), (changed.Value!.RoleName, changed.Value.DepartmentName));
        Assert.Equal([CrmRoles.Manager], manager.Roles);
        Assert.Equal([CrmRoles.Sales], ownOnly.Roles);
        Assert.Equal(AccessScope.Own, AccessPolicy.ScopeOf(ownOnly, AccessEntity.Deal, AccessAction.Read));
        Assert.Single((await Users.ListAsync(new UserQuery(DepartmentId: department), Admin)).Value!);
        Assert.Single((await Users.ListAsync(new UserQuery(RoleId: BuiltInRoles.SalesOwnOnlyId), Admin)).Value!);
    }

    [Fact]
    public async Task ResetPasswordAsync_NewLink_SetsANewPasswordTheProfileCanChange()
    {
        var id = await AddAsync("ewa@firma.pl");
        var ticket = (await Users.ResetPasswordAsync(id, Admin)).Value!;
        var ewa = (await Access.GetActorAsync(id))!;

        Assert.True((await Profiles.SetPasswordAsync(id, ticket.Token, "Second-2026!")).IsOk);
        var wrong = await Profiles.ChangePasswordAsync("Start-2026!", "Third-2026!", ewa);
        var right = await Profiles.ChangePasswordAsync("Second-2026!", "Third-2026!", ewa);

        Assert.Equal(("CurrentPassword", "Identity.PasswordMismatch"), (Assert.Single(wrong.Errors).Field, wrong.Errors[0].MessageKey));
        Assert.True(right.IsOk);
    }

    [Fact]
    public async Task ProfileSaveAsync_NameAndLanguage_AreKeptAndEmptyNameIsInvalid()
    {
        var id = await AddAsync("ewa@firma.pl");
        var ewa = (await Access.GetActorAsync(id))!;

        var saved = await Profiles.SaveAsync(" Ewa Zielińska ", "pl", ewa);
        var empty = await Profiles.SaveAsync(" ", "pl", ewa);

        Assert.Equal(("Ewa Zielińska", "pl"), (saved.Value!.DisplayName, saved.Value.Language));
        Assert.Equal("DisplayName", Assert.Single(empty.Errors).Field);
        Assert.Equal("Ewa Zielińska", (await Access.GetActorAsync(id))!.DisplayName);
    }

    [Fact]
    public async Task ReassignAsync_LeavingUser_MovesOpenLeadsDealsAndPlannedActivitiesWithTimelineEntries()
    {
        var open = await Db.AddDealAsync(Piotr, Pipeline.NewStageId, "Open deal");
        var created = await Db.Get<LeadService>().CreateAsync(new LeadInput { Title = "Open lead", FirstName = "Jan", Emails = [new EmailInput("jan@firma.pl", EmailType.Work)], ResponsibleUserId = Piotr.UserId }, Piotr);
        Assert.True(created.IsOk, created.Status + string.Join(", ", created.Errors.Select(e => e.Field + " " + e.MessageKey)));
        var lead = created.Value!.Input;
        var activity = (await Db.Get<ActivityService>().PlanAsync(ElementRef.Deal(open.Id),
            new ActivityInput { Subject = "Call", Deadline = Db.Clock.GetUtcNow().UtcDateTime.AddDays(1), Direction = ActivityDirection.Outgoing }, Piotr)).Value!;
        var onLead = (await Db.Get<ActivityService>().PlanAsync(ElementRef.Lead(created.Value!.Id),
            new ActivityInput { Subject = "Call the lead", Deadline = Db.Clock.GetUtcNow().UtcDateTime.AddDays(2), Direction = ActivityDirection.Outgoing }, Piotr)).Value!;
        var annasDeal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Anna's deal");
        var moved = new TaskCompletionSource<DealChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = Db.Live.Subscribe(LiveTopics.Pipeline(Pipeline.PipelineId), e =>
        {
            if (e is DealChanged changed && changed.DealId == open.Id && changed.After?.ResponsibleUserId == Anna.UserId)
            {
                moved.TrySetResult(changed);
            }
            return Task.CompletedTask;
        });

        await using (var check = await Db.Factory.CreateDbContextAsync())
        {
            var l = await check.Leads.SingleAsync(x => x.Id == created.Value!.Id);
            Assert.Equal((Piotr.UserId, LeadStatus.New), (l.ResponsibleUserId, l.Status));
        }
        var result = await Users.ReassignAsync(Piotr.UserId, Anna.UserId, Admin);

        Assert.Equal(new Reassigned(1, 1, 2), result.Value);
        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.Equal(Anna.UserId, (await db.Deals.SingleAsync(d => d.Id == open.Id)).ResponsibleUserId);
        Assert.Equal(Anna.UserId, (await db.Leads.SingleAsync(l => l.Id == created.Value!.Id)).ResponsibleUserId);
        Assert.Equal(Anna.UserId, (await db.Activities.SingleAsync(a => a.Id == activity.Id)).ResponsibleUserId);
        var entries = await db.TimelineEntries.Where(t => t.Kind == TimelineKind.FieldChanged && t.Field == "Responsible").ToListAsync();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(("Piotr", "Anna"), (e.OldValue, e.NewValue)));
        // Each activity's change is on its element's timeline: which activity, from whom to whom.
        var reassigned = await db.TimelineEntries.Where(t => t.Kind == TimelineKind.ActivityReassigned).OrderBy(t => t.RelatedId).ToListAsync();
        Assert.Equal(
            [(ElementRef.Deal(open.Id), "Call", activity.Id), (ElementRef.Lead(created.Value!.Id), "Call the lead", onLead.Id)],
            reassigned.Select(e => (e.Element, e.Text, e.RelatedId!.Value)).OrderBy(e => e.Value).ToList());
        Assert.All(reassigned, e => Assert.Equal((nameof(Activity), "Piotr", "Anna", Admin.UserId), (e.RelatedKind, e.OldValue, e.NewValue, e.AuthorId)));
        var dealTimeline = await Db.Get<TimelineService>().ForElementAsync(ElementRef.Deal(open.Id), Admin, 0, 50);
        Assert.Contains(dealTimeline.Items, i => i.Kind == TimelineKind.ActivityReassigned && i.Text == "Call");
        Assert.Equal("Anna", (await moved.Task.WaitAsync(TimeSpan.FromSeconds(10))).After!.ResponsibleName);
        Assert.Equal(Anna.UserId, (await db.Deals.SingleAsync(d => d.Id == annasDeal.Id)).ResponsibleUserId);
    }

    private async Task<string?> StampAsync(string id)
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        return await db.Users.Where(u => u.Id == id).Select(u => u.SecurityStamp).SingleAsync();
    }
}

public sealed class PostgresUserAdminServiceTests(PostgresServer server) : UserAdminServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
