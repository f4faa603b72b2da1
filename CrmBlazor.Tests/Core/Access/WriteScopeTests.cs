namespace CrmBlazor.Tests.Core.Access;

/// <summary>
/// The add scope (issue 11): every use case that adds a lead, contact, company, deal, activity or product asks the role's
/// add scope for the user the new record gets; and a lead's edit and "Complete lead" ask the lead's edit scope, not the
/// deal's. Against real SQLite and PostgreSQL.
/// </summary>
public class WriteScopeTests(TestDatabase? db = null) : CoreTest(db)
{
    /// <summary><paramref name="actor"/> acting with a role whose scopes <paramref name="scope"/> gives, their department being <paramref name="team"/>.</summary>
    private static Actor WithScopes(Actor actor, Func<AccessEntity, AccessAction, AccessScope> scope, params string[] team) => actor with
    {
        Access = new AccessProfile(99, "Test",
            BuiltInRoles.Entities.SelectMany(e => BuiltInRoles.Actions.Select(a => (e, a))).ToDictionary(k => k, k => scope(k.e, k.a)),
            new HashSet<string>([actor.UserId, .. team])),
    };

    private static Func<AccessEntity, AccessAction, AccessScope> AllBut(AccessAction action, AccessScope scope) => (_, a) => a == action ? scope : AccessScope.All;

    private static LeadInput Lead(string title, string? responsible = null) =>
        new() { Title = title, FirstName = title, Emails = [new EmailInput(title.ToLowerInvariant().Replace(' ', '.') + "@firma.pl", EmailType.Work)], ResponsibleUserId = responsible };

    private ActivityInput Call(string? responsible = null) =>
        new() { Subject = "Call", Deadline = Db.Clock.GetUtcNow().UtcDateTime.AddDays(1), Direction = ActivityDirection.Outgoing, ResponsibleUserId = responsible };

    [Fact]
    public async Task Add_RoleWithoutAnyAddScope_IsRefusedForEveryEntityWithAClearMessageAndNothingIsSaved()
    {
        var deal = await Db.AddDealAsync(Manager, Pipeline.NewStageId, "Existing");
        var anna = WithScopes(Anna, AllBut(AccessAction.Add, AccessScope.None));

        var lead = await Db.Get<LeadService>().CreateAsync(Lead("New lead"), anna);
        var contact = await Db.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = "Jan" }, anna);
        var company = await Db.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput { Name = "Acme" }, anna);
        var newDeal = await Db.Deals.CreateAsync(new DealInput { Title = "New deal", Amount = 1, Currency = "PLN", StageId = Pipeline.NewStageId }, anna);
        var activity = await Db.Get<ActivityService>().PlanAsync(ElementRef.Deal(deal.Id), Call(), anna);
        var product = await Db.Get<ProductService>().SaveAsync(null, 0, new ProductInput { Name = "Widget", Unit = "pc", Price = 1, Currency = "PLN" }, anna);

        Assert.Equal(
            [(ResultStatus.Forbidden, "Access.AddRole"), (ResultStatus.Forbidden, "Access.AddRole"), (ResultStatus.Forbidden, "Access.AddRole"),
             (ResultStatus.Forbidden, "Access.AddRole"), (ResultStatus.Forbidden, "Access.AddRole"), (ResultStatus.Forbidden, "Product.Forbidden")],
            new (ResultStatus, string?)[] { (lead.Status, lead.MessageKey), (contact.Status, contact.MessageKey), (company.Status, company.MessageKey),
                (newDeal.Status, newDeal.MessageKey), (activity.Status, activity.MessageKey), (product.Status, product.MessageKey) });
        await using var check = await Db.Factory.CreateDbContextAsync();
        Assert.Equal((0, 0, 0, 1, 0, 0), (await check.Leads.CountAsync(), await check.Contacts.CountAsync(), await check.Companies.CountAsync(),
            await check.Deals.CountAsync(), await check.Activities.CountAsync(), await check.Products.CountAsync()));
        // The same role may still edit: the add scope alone refused.
        Assert.True((await Db.Deals.UpdateAsync(deal.Id, deal.Version, new DealInput { Title = "Renamed", Amount = 1, Currency = "PLN", StageId = Pipeline.NewStageId, ResponsibleUserId = Manager.UserId }, anna)).IsOk);
    }

    [Fact]
    public async Task Add_OwnScope_AddsForItselfButNotForAnotherUser()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Anna's");
        var anna = WithScopes(Anna, AllBut(AccessAction.Add, AccessScope.Own));

        var forPiotr = new[]
        {
            (await Db.Get<LeadService>().CreateAsync(Lead("For Piotr", Piotr.UserId), anna)).MessageKey,
            (await Db.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = "Jan", ResponsibleUserId = Piotr.UserId }, anna)).MessageKey,
            (await Db.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput { Name = "Acme", ResponsibleUserId = Piotr.UserId }, anna)).MessageKey,
            (await Db.Deals.CreateAsync(new DealInput { Title = "For Piotr", Amount = 1, Currency = "PLN", StageId = Pipeline.NewStageId, ResponsibleUserId = Piotr.UserId }, anna)).MessageKey,
            (await Db.Get<ActivityService>().PlanAsync(ElementRef.Deal(deal.Id), Call(Piotr.UserId), anna)).MessageKey,
        };
        Assert.All(forPiotr, key => Assert.Equal("Access.AddNotYours", key));

        var lead = await Db.Get<LeadService>().CreateAsync(Lead("Mine"), anna);
        var contact = await Db.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = "Ewa", ResponsibleUserId = Anna.UserId }, anna);
        var company = await Db.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput { Name = "Beta" }, anna);
        var newDeal = await Db.Deals.CreateAsync(new DealInput { Title = "Mine", Amount = 1, Currency = "PLN", StageId = Pipeline.NewStageId }, anna);
        var activity = await Db.Get<ActivityService>().PlanAsync(ElementRef.Deal(deal.Id), Call(), anna);
        Assert.True(lead.IsOk && contact.IsOk && company.IsOk && newDeal.IsOk && activity.IsOk);
        Assert.Equal(Anna.UserId, lead.Value!.Input.ResponsibleUserId);
        Assert.Equal(Anna.UserId, newDeal.Value!.ResponsibleUserId);
        Assert.Equal(Anna.UserId, activity.Value!.ResponsibleUserId);
    }

    [Fact]
    public async Task PlanActivity_OnAnElementTheActorMayNotRead_IsRefusedAndNothingIsSaved()
    {
        var managers = await Db.AddDealAsync(Manager, Pipeline.NewStageId, "Manager's");
        var annas = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Anna's");
        var anna = WithScopes(Anna, (_, _) => AccessScope.Own);

        var refused = await Db.Get<ActivityService>().PlanAsync(ElementRef.Deal(managers.Id), Call(), anna);

        Assert.Equal((ResultStatus.Forbidden, "Access.NotReadable"), (refused.Status, refused.MessageKey));
        Assert.True((await Db.Get<ActivityService>().PlanAsync(ElementRef.Deal(annas.Id), Call(), anna)).IsOk);
        await using var check = await Db.Factory.CreateDbContextAsync();
        Assert.Equal([annas.Id], await check.Activities.Select(a => a.ElementId).ToListAsync());
    }

    [Fact]
    public async Task Add_DepartmentScope_AddsForTheTeamOnly()
    {
        var anna = WithScopes(Anna, AllBut(AccessAction.Add, AccessScope.Department), Piotr.UserId);

        Assert.True((await Db.Get<LeadService>().CreateAsync(Lead("For Piotr", Piotr.UserId), anna)).IsOk);
        var outside = await Db.Get<LeadService>().CreateAsync(Lead("For Marta", Manager.UserId), anna);
        Assert.Equal((ResultStatus.Forbidden, "Access.AddNotYourTeam"), (outside.Status, outside.MessageKey));
        var deal = await Db.Deals.CreateAsync(new DealInput { Title = "For Marta", Amount = 1, Currency = "PLN", StageId = Pipeline.NewStageId, ResponsibleUserId = Manager.UserId }, anna);
        Assert.Equal((ResultStatus.Forbidden, "Access.AddNotYourTeam"), (deal.Status, deal.MessageKey));
    }

    [Fact]
    public async Task CompleteLead_NewContactCompanyOrDeal_NeedsTheirAddScope()
    {
        var lead = (await Db.Get<LeadService>().CreateAsync(Lead("Convert me"), Anna)).Value!;
        var anna = WithScopes(Anna, (e, a) => (e, a) == (AccessEntity.Contact, AccessAction.Add) ? AccessScope.None : AccessScope.All);
        var conversions = Db.Get<LeadConversionService>();

        var refused = await conversions.CompleteAsync(new CompleteLead(lead.Id, lead.Version, new ContactChoice(null, new ContactInput { FirstName = "Convert" }), null, null), anna);
        Assert.Equal((ResultStatus.Forbidden, "Access.AddRole"), (refused.Status, refused.MessageKey));

        var deal = await conversions.CompleteAsync(new CompleteLead(lead.Id, lead.Version, null, null,
            new DealInput { Title = "Convert me", Amount = 1, Currency = "PLN", StageId = Pipeline.NewStageId }), anna);
        Assert.True(deal.IsOk, deal.Status + " " + deal.MessageKey);
    }

    [Fact]
    public async Task LeadEdit_AndCompleteLead_AskTheLeadsEditScope_NotTheDeals()
    {
        var leads = Db.Get<LeadService>();
        var piotrsLead = (await leads.CreateAsync(Lead("Piotr's lead", Piotr.UserId), Manager)).Value!;
        var piotrsDeal = await Db.AddDealAsync(Piotr, Pipeline.NewStageId, "Piotr's deal");
        // Edits every lead but only its own deals...
        var leadEditor = WithScopes(Anna, (e, a) => (e, a) == (AccessEntity.Deal, AccessAction.Edit) ? AccessScope.Own : AccessScope.All);
        // ...and the other way round.
        var dealEditor = WithScopes(Anna, (e, a) => (e, a) == (AccessEntity.Lead, AccessAction.Edit) ? AccessScope.Own : AccessScope.All);

        var refusedLead = await leads.UpdateAsync(piotrsLead.Id, piotrsLead.Version, piotrsLead.Input with { Title = "By the deal editor" }, dealEditor);
        Assert.Equal(ResultStatus.Forbidden, refusedLead.Status);
        var refusedJunk = await Db.Get<LeadConversionService>().MarkJunkAsync(new MarkLeadJunk(piotrsLead.Id, piotrsLead.Version, JunkReason.Other, null), dealEditor);
        Assert.Equal(ResultStatus.Forbidden, refusedJunk.Status);
        var refusedComplete = await Db.Get<LeadConversionService>().CompleteAsync(new CompleteLead(piotrsLead.Id, piotrsLead.Version, null, null,
            new DealInput { Title = "From the lead", Amount = 1, Currency = "PLN", StageId = Pipeline.NewStageId }), dealEditor);
        Assert.Equal(ResultStatus.Forbidden, refusedComplete.Status);
        Assert.True((await Db.Deals.UpdateAsync(piotrsDeal.Id, piotrsDeal.Version,
            new DealInput { Title = "By the deal editor", Amount = 1, Currency = "PLN", StageId = Pipeline.NewStageId, ResponsibleUserId = Piotr.UserId }, dealEditor)).IsOk);

        var edited = await leads.UpdateAsync(piotrsLead.Id, piotrsLead.Version, piotrsLead.Input with { Title = "By the lead editor" }, leadEditor);
        Assert.True(edited.IsOk, edited.Status + " " + edited.MessageKey);
        var completed = await Db.Get<LeadConversionService>().CompleteAsync(new CompleteLead(piotrsLead.Id, edited.Value!.Version, null, null,
            new DealInput { Title = "From the lead", Amount = 1, Currency = "PLN", StageId = Pipeline.NewStageId, ResponsibleUserId = Anna.UserId }), leadEditor);
        Assert.True(completed.IsOk, completed.Status + " " + completed.MessageKey);
        var current = await Db.Deals.GetForEditAsync(piotrsDeal.Id);
        Assert.Equal(ResultStatus.Forbidden, (await Db.Deals.UpdateAsync(piotrsDeal.Id, current!.Version,
            new DealInput { Title = "By the lead editor", Amount = 1, Currency = "PLN", StageId = Pipeline.NewStageId, ResponsibleUserId = Piotr.UserId }, leadEditor)).Status);
    }

    [Fact]
    public async Task Delete_AsksTheDeleteScope_NotTheEditScope()
    {
        var deal = await Db.AddDealAsync(Piotr, Pipeline.NewStageId, "Piotr's");
        var activity = (await Db.Get<ActivityService>().PlanAsync(ElementRef.Deal(deal.Id), Call(), Piotr)).Value!;
        var editsAll = WithScopes(Anna, AllBut(AccessAction.Delete, AccessScope.Own));

        Assert.Equal(ResultStatus.Forbidden, (await Db.Get<ActivityService>().DeleteAsync(activity.Id, activity.Version, editsAll)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Db.Deals.DeleteAsync(deal.Id, deal.Version, editsAll)).Status);
        Assert.True((await Db.Get<ActivityService>().UpdateAsync(activity.Id, activity.Version, Call(Piotr.UserId) with { Subject = "Edited" }, editsAll)).IsOk);
    }
}

public sealed class PostgresWriteScopeTests(PostgresServer server) : WriteScopeTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
