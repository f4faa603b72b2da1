using Xunit.Abstractions;

namespace CrmBlazor.Tests.Core.Team;

/// <summary>
/// Every scope of a role against records of five owners (the user, nobody, a colleague of the same department, a user
/// of a department below it, a user of another department), through the Core services that read them (lists, pickers,
/// the deal board, element pages), through the live events pages and hub connections hear (AccessPolicy.Shown) and
/// through the policy for every entity and action; and the writes (add, edit, delete of leads, contacts, deals and
/// activities) through the Core services. Prints how many cases each part checked.
/// </summary>
public class AccessMatrixTests : CoreTest
{
    private readonly ITestOutputHelper _output;

    public AccessMatrixTests(ITestOutputHelper output) : this(new TestDatabase(), output)
    {
    }

    protected AccessMatrixTests(TestDatabase db, ITestOutputHelper output) : base(db) => _output = output;

    private static readonly string[] Owners = ["self", "nobody", "colleague", "below", "other"];

    private static bool Reaches(AccessScope scope, string owner) => scope switch
    {
        AccessScope.All => true,
        AccessScope.Department => owner is not "other",
        AccessScope.Own => owner is "self" or "nobody",
        _ => false,
    };

    [Fact]
    public async Task EveryScope_OnRecordsOfEveryOwner_ReachesExactlyWhatItShould()
    {
        var (admin, team, me, ownerIds) = await TeamAsync();

        // One lead, contact, company and deal per owner, made by an admin, named after the owner; their live events kept.
        var records = new Dictionary<(AccessEntity, string), int>();
        using var log = new EventLog(Db.Live);
        foreach (var owner in Owners)
        {
            var responsible = ownerIds[owner] ?? me.UserId;
            var lead = await Db.Get<LeadService>().CreateAsync(new LeadInput { Title = "L-" + owner, FirstName = owner, Emails = [new EmailInput($"{owner}@lead.pl")], ResponsibleUserId = responsible }, admin);
            var contact = await Db.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = "C-" + owner, ResponsibleUserId = responsible }, admin);
            var company = await Db.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput { Name = "F-" + owner, ResponsibleUserId = responsible }, admin);
            var deal = await Db.Deals.CreateAsync(new DealInput { Title = "D-" + owner, Amount = 100, Currency = "PLN", StageId = Pipeline.NewStageId, ResponsibleUserId = responsible }, admin);
            records[(AccessEntity.Lead, owner)] = lead.Value!.Id;
            records[(AccessEntity.Contact, owner)] = contact.Value!.Id;
            records[(AccessEntity.Company, owner)] = company.Value!.Id;
            records[(AccessEntity.Deal, owner)] = deal.Value!.Id;
        }
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            await db.Leads.Where(l => l.Title == "L-nobody").ExecuteUpdateAsync(s => s.SetProperty(l => l.ResponsibleUserId, (string?)null));
            await db.Contacts.Where(c => c.FirstName == "C-nobody").ExecuteUpdateAsync(s => s.SetProperty(c => c.ResponsibleUserId, (string?)null));
            await db.Companies.Where(c => c.Name == "F-nobody").ExecuteUpdateAsync(s => s.SetProperty(c => c.ResponsibleUserId, (string?)null));
            await db.Deals.Where(d => d.Title == "D-nobody").ExecuteUpdateAsync(s => s.SetProperty(d => d.ResponsibleUserId, (string?)null));
        }

        log.Dispose();
        // The live event of each record as its owner has it (made with the owner set; "nobody" as an unassigned copy).
        CrmEvent EventOf(AccessEntity entity, string owner)
        {
            var id = records[(entity, owner)];
            CrmEvent made = entity switch
            {
                AccessEntity.Lead => log.Events.OfType<LeadChanged>().Single(e => e.LeadId == id),
                AccessEntity.Deal => log.Events.OfType<DealChanged>().Single(e => e.DealId == id),
                _ => log.Events.OfType<ElementChanged>().Single(e => e.Element == new ElementRef(entity == AccessEntity.Contact ? ElementKind.Contact : ElementKind.Company, id)),
            };
            return (owner, made) switch
            {
                ("nobody", LeadChanged l) => l with { Row = l.Row with { ResponsibleUserId = null } },
                ("nobody", DealChanged d) => d with { After = d.After! with { ResponsibleUserId = null } },
                ("nobody", ElementChanged c) => c with { ResponsibleUserId = null },
                _ => made,
            };
        }

        var cases = 0;
        var access = Db.Get<RecordAccess>();
        foreach (var scope in Enum.GetValues<AccessScope>())
        {
            var actor = await ActorWithScopeAsync(team, admin, me, "Scope " + scope, scope);

            var leads = (await Db.Get<LeadService>().ListAsync(new LeadQuery { Take = 100 }, actor)).Items.Select(l => l.Id).ToHashSet();
            var contacts = (await Db.Get<ContactService>().ListAsync(new ContactQuery { Take = 100 }, actor)).Items.Select(c => c.Id).ToHashSet();
            var companies = (await Db.Get<CompanyService>().ListAsync(new CompanyQuery { Take = 100 }, actor)).Items.Select(c => c.Id).ToHashSet();
            var companyPicker = (await Db.Get<CompanyService>().SearchAsync("F-", actor, 100)).Select(c => c.Id).ToHashSet();
            var board = (await Db.Boards.GetBoardAsync(Pipeline.PipelineId, actor))!;
            var cards = board.Columns.SelectMany(c => c.Cards).Select(c => c.Id).ToHashSet();
            var column = board.Columns.Single(c => c.Stage.Id == Pipeline.NewStageId);
            // History, exports (the role's export scope is the same as its read scope here) and duplicate hints.
            var history = (await Db.Get<TimelineService>().HistoryAsync(new HistoryQuery { Take = 200 }, actor)).Items.Select(i => new ElementRef(i.ElementKind, i.ElementId)).ToHashSet();
            var exported = new Dictionary<AccessEntity, HashSet<int>>
            {
                [AccessEntity.Lead] = await IdsAsync(Db.Get<LeadService>().StreamAsync(new LeadQuery(), actor), r => r.Id),
                [AccessEntity.Contact] = await IdsAsync(Db.Get<ContactService>().StreamAsync(new ContactQuery(), actor), r => r.Id),
                [AccessEntity.Company] = await IdsAsync(Db.Get<CompanyService>().StreamAsync(new CompanyQuery(), actor), r => r.Id),
                [AccessEntity.Deal] = await IdsAsync(Db.Get<DealQueryService>().StreamAsync(Pipeline.PipelineId, actor), r => r.Id),
            };

            foreach (var owner in Owners)
            {
                var expected = Reaches(scope, owner);
                var because = $"{scope} scope, record of {owner}";
                Assert.True(expected == leads.Contains(records[(AccessEntity.Lead, owner)]), "lead list: " + because);
                Assert.True(expected == contacts.Contains(records[(AccessEntity.Contact, owner)]), "contact list: " + because);
                Assert.True(expected == companies.Contains(records[(AccessEntity.Company, owner)]), "company list: " + because);
                Assert.True(expected == companyPicker.Contains(records[(AccessEntity.Company, owner)]), "company picker: " + because);
                Assert.True(expected == cards.Contains(records[(AccessEntity.Deal, owner)]), "deal board: " + because);
                cases += 5;
                foreach (var (entity, kind) in new[] { (AccessEntity.Lead, ElementKind.Lead), (AccessEntity.Contact, ElementKind.Contact), (AccessEntity.Company, ElementKind.Company), (AccessEntity.Deal, ElementKind.Deal) })
                {
                    Assert.True(expected == await access.MayReadAsync(new ElementRef(kind, records[(entity, owner)]), actor), $"{kind} page: {because}");
                    cases++;
                }
                foreach (var (entity, kind) in new[] { (AccessEntity.Lead, ElementKind.Lead), (AccessEntity.Contact, ElementKind.Contact), (AccessEntity.Company, ElementKind.Company), (AccessEntity.Deal, ElementKind.Deal) })
                {
                    var element = new ElementRef(kind, records[(entity, owner)]);
                    Assert.True(expected == (await Db.Get<TimelineService>().ForElementAsync(element, actor, 0, 10)).Total > 0, $"{kind} timeline: {because}");
                    Assert.True(expected == history.Contains(element), $"{kind} in History: {because}");
                    Assert.True(expected == exported[entity].Contains(element.Id), $"{kind} export: {because}");
                    cases += 3;
                }
                // A duplicate hint of a lead the scope does not read says only that one exists.
                var hint = Assert.Single((await Db.Get<DuplicateFinder>().FindAsync(new DuplicateProbe([$"{owner}@lead.pl"], [], null), actor)));
                Assert.True(expected == !hint.Hidden, "duplicate hint: " + because);
                Assert.True(expected ? hint.Id == records[(AccessEntity.Lead, owner)] && hint.Name == "L-" + owner : hint.Id == 0 && hint.Name.Length == 0, "duplicate hint details: " + because);
                cases += 2;
                // Live events (what pages and hub connections hear): only of records the scope reads.
                foreach (var entity in new[] { AccessEntity.Lead, AccessEntity.Contact, AccessEntity.Company, AccessEntity.Deal })
                {
                    Assert.True(expected == (AccessPolicy.Shown(EventOf(entity, owner), actor) is not null), $"{entity} live event: {because}");
                    cases++;
                }
                foreach (var entity in BuiltInRoles.Entities)
                {
                    foreach (var action in BuiltInRoles.Actions)
                    {
                        Assert.True(expected == AccessPolicy.May(actor, entity, action, ownerIds[owner]), $"{entity} {action}: {because}");
                        cases++;
                    }
                }
            }
            // Counts and sums of the column are over the readable deals only.
            var readable = Owners.Count(o => Reaches(scope, o));
            Assert.Equal(readable, column.Count);
            Assert.Equal(readable == 0 ? 0m : readable * 100m, column.Totals.Sum(t => t.Amount));
            cases += 2;
        }
        _output.WriteLine($"Access matrix: {cases} cases checked.");
        Console.WriteLine($"Access matrix: {cases} cases checked.");
        Assert.True(cases > 900);
    }

    [Fact]
    public async Task EveryScope_AddEditAndDeleteThroughTheServices_ReachExactlyTheOwnersTheyShould()
    {
        var (admin, team, me, ownerIds) = await TeamAsync();
        var leads = Db.Get<LeadService>();
        var contacts = Db.Get<ContactService>();
        var activities = Db.Get<ActivityService>();
        var bin = Db.Get<RecycleBinService>();
        // Activities are planned on an unassigned deal, which every scope but none reads (planning on an element the
        // actor may not read is refused: WriteScopeTests): only the activity's responsible user decides.
        var created = Ok(await Db.Deals.CreateAsync(new DealInput { Title = "Element", Amount = 1, Currency = "PLN", StageId = Pipeline.NewStageId, ResponsibleUserId = ownerIds["other"] }, admin));
        var element = Ok(await Db.Deals.UpdateAsync(created.Id, created.Version, new DealInput { Title = "Element", Amount = 1, Currency = "PLN", StageId = Pipeline.NewStageId, ResponsibleUserId = null }, admin));
        ActivityInput Call(string subject, string? responsible) =>
            new() { Subject = subject, Deadline = Db.Clock.GetUtcNow().UtcDateTime.AddDays(1), Direction = ActivityDirection.Outgoing, ResponsibleUserId = responsible };

        var cases = 0;
        foreach (var scope in Enum.GetValues<AccessScope>())
        {
            var actor = await ActorWithScopeAsync(team, admin, me, "Write " + scope, scope);
            foreach (var owner in Owners)
            {
                var expected = Reaches(scope, owner);
                var because = $"{scope} scope, record of {owner}";
                var responsible = ownerIds[owner];
                var tag = $"{scope}-{owner}".ToLowerInvariant();
                void Check<T>(Result<T> result, string what)
                {
                    Assert.True(expected ? result.IsOk : result.Status == ResultStatus.Forbidden, $"{what}: {because} ({result.Status} {result.MessageKey})");
                    cases++;
                }

                // Add, for the owner (for nobody: no responsible user chosen, so the user's own).
                Check(await leads.CreateAsync(new LeadInput { Title = "AL-" + tag, FirstName = tag, Emails = [new EmailInput($"al-{tag}@w.pl")], ResponsibleUserId = responsible }, actor), "lead add");
                Check(await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "AC-" + tag, ResponsibleUserId = responsible }, actor), "contact add");
                Check(await Db.Deals.CreateAsync(new DealInput { Title = "AD-" + tag, Amount = 1, Currency = "PLN", StageId = Pipeline.NewStageId, ResponsibleUserId = responsible }, actor), "deal add");
                Check(await activities.PlanAsync(ElementRef.Deal(element.Id), Call("AA-" + tag, responsible), actor), "activity add");

                // Records of the owner, made by an admin (unassigned ones made as the user's, then unassigned).
                var lead = Ok(await leads.CreateAsync(new LeadInput { Title = "L-" + tag, FirstName = tag, Emails = [new EmailInput($"l-{tag}@w.pl")], ResponsibleUserId = responsible ?? me.UserId }, admin));
                var contact = Ok(await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "C-" + tag, ResponsibleUserId = responsible ?? me.UserId }, admin));
                var deal = Ok(await Db.Deals.CreateAsync(new DealInput { Title = "D-" + tag, Amount = 1, Currency = "PLN", StageId = Pipeline.NewStageId, ResponsibleUserId = responsible ?? me.UserId }, admin));
                var activity = responsible is null ? null : Ok(await activities.PlanAsync(ElementRef.Deal(element.Id), Call("A-" + tag, responsible), admin));
                if (responsible is null)
                {
                    await using var db = await Db.Factory.CreateDbContextAsync();
                    await db.Leads.Where(l => l.Id == lead.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.ResponsibleUserId, (string?)null));
                    await db.Contacts.Where(c => c.Id == contact.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.ResponsibleUserId, (string?)null));
                    await db.Deals.Where(d => d.Id == deal.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.ResponsibleUserId, (string?)null));
                }

                // Edit, keeping the owner.
                var leadNow = (await leads.GetAsync(lead.Id))!;
                Check(await leads.UpdateAsync(lead.Id, leadNow.Version, leadNow.Input with { Title = "EL-" + tag }, actor), "lead edit");
                Check(await contacts.SaveAsync(contact.Id, (await contacts.GetAsync(contact.Id))!.Version, new ContactInput { FirstName = "EC-" + tag, ResponsibleUserId = responsible }, actor), "contact edit");
                Check(await Db.Deals.UpdateAsync(deal.Id, (await Db.Deals.GetForEditAsync(deal.Id))!.Version,
                    new DealInput { Title = "ED-" + tag, Amount = 1, Currency = "PLN", StageId = Pipeline.NewStageId, ResponsibleUserId = responsible }, actor), "deal edit");
                if (activity is not null)
                {
                    Check(await activities.UpdateAsync(activity.Id, activity.Version, Call("EA-" + tag, responsible), actor), "activity edit");
                }

                // Delete (leads and contacts into the recycle bin).
                Check(await bin.DeleteAsync(ElementRef.Lead(lead.Id), (await leads.GetAsync(lead.Id))!.Version, actor), "lead delete");
                Check(await bin.DeleteAsync(ElementRef.Contact(contact.Id), (await contacts.GetAsync(contact.Id))!.Version, actor), "contact delete");
                Check(await Db.Deals.DeleteAsync(deal.Id, (await Db.Deals.GetForEditAsync(deal.Id))!.Version, actor), "deal delete");
                if (activity is not null)
                {
                    Check(await activities.DeleteAsync(activity.Id, (await activities.GetAsync(activity.Id))!.Version, actor), "activity delete");
                }
            }
        }
        _output.WriteLine($"Access matrix (writes): {cases} cases checked.");
        Console.WriteLine($"Access matrix (writes): {cases} cases checked.");
        Assert.Equal(4 * (5 * 12 - 2), cases);
    }

    /// <summary>
    /// An admin, the team service, the user under test (department Sprzedaż) and the owners' user ids: the user, nobody, a
    /// colleague (Sprzedaż), a user of a department below it (Północ) and one of another department (Wsparcie).
    /// </summary>
    private async Task<(Actor Admin, TeamSettingsService Team, Actor Me, Dictionary<string, string?> OwnerIds)> TeamAsync()
    {
        var admin = Actor.Create("admin", "Admin", CrmRoles.Admin);
        var team = Db.Get<TeamSettingsService>();
        var sales = (await team.SaveDepartmentAsync(null, 0, new DepartmentInput("Sprzedaż", null, null), admin)).Value!;
        var north = (await team.SaveDepartmentAsync(null, 0, new DepartmentInput("Północ", sales.Id, null), admin)).Value!;
        var support = (await team.SaveDepartmentAsync(null, 0, new DepartmentInput("Wsparcie", null, null), admin)).Value!;
        var me = await Db.AddUserAsync("Ja", CrmRoles.Sales);
        var colleague = await Db.AddUserAsync("Kolega", CrmRoles.Sales);
        var below = await Db.AddUserAsync("Niżej", CrmRoles.Sales);
        var other = await Db.AddUserAsync("Obcy", CrmRoles.Sales);
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == me.UserId || u.Id == colleague.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DepartmentId, sales.Id));
            await db.Users.Where(u => u.Id == below.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DepartmentId, north.Id));
            await db.Users.Where(u => u.Id == other.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DepartmentId, support.Id));
        }
        return (admin, team, me, new Dictionary<string, string?> { ["self"] = me.UserId, ["nobody"] = null, ["colleague"] = colleague.UserId, ["below"] = below.UserId, ["other"] = other.UserId });
    }

    /// <summary><paramref name="me"/> given a new role of <paramref name="scope"/> for every entity and action, as their next use case loads it.</summary>
    private async Task<Actor> ActorWithScopeAsync(TeamSettingsService team, Actor admin, Actor me, string name, AccessScope scope)
    {
        var role = (await team.SaveRoleAsync(null, 0, new AccessRoleInput(name, CrmRoles.Sales,
            BuiltInRoles.Entities.SelectMany(e => BuiltInRoles.Actions.Select(a => (e, a))).ToDictionary(k => k, _ => scope)), admin)).Value!;
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == me.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessRoleId, role.Id));
        }
        Db.Get<AccessProfiles>().Invalidate();
        return (await Db.Get<AccessProfiles>().GetActorAsync(me.UserId))!;
    }

    private static T Ok<T>(Result<T> result)
    {
        Assert.True(result.IsOk, $"{result.Status} {result.MessageKey} {string.Join(", ", result.Errors.Select(e => e.Field + ": " + e.MessageKey))}");
        return result.Value!;
    }

    private static async Task<HashSet<int>> IdsAsync<T>(IAsyncEnumerable<T> rows, Func<T, int> id)
    {
        var ids = new HashSet<int>();
        await foreach (var row in rows)
        {
            ids.Add(id(row));
        }
        return ids;
    }
}

public sealed class PostgresAccessMatrixTests(PostgresServer server, ITestOutputHelper output)
    : AccessMatrixTests(new TestDatabase(server.NewDatabase()), output), IClassFixture<PostgresServer>;
