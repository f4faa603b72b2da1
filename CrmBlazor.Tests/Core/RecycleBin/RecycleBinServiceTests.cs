namespace CrmBlazor.Tests.Core.RecycleBin;

/// <summary>Deleting leads, contacts and companies into the recycle bin, who sees the bin, undo, and the 30 days (decision 020).</summary>
public class RecycleBinServiceTests(TestDatabase? db = null) : CoreTest(db)
{
    private RecycleBinService Bin => Db.Get<RecycleBinService>();
    private ContactService Contacts => Db.Get<ContactService>();
    private CompanyService Companies => Db.Get<CompanyService>();
    private LeadService Leads => Db.Get<LeadService>();
    private ActivityService Activities => Db.Get<ActivityService>();
    private TimelineService Timeline => Db.Get<TimelineService>();

    private async Task<ContactRow> AddContactAsync(Actor owner, string name, string phone = "+48 601 234 567", int? companyId = null)
    {
        var saved = await Contacts.SaveAsync(null, 0, new ContactInput { FirstName = name, Phone = phone, Email = $"{name.ToLowerInvariant()}@bin.test", CompanyId = companyId }, owner);
        Assert.True(saved.IsOk, saved.Status.ToString());
        return saved.Value!;
    }

    private Task<Result<ActivityRow>> PlanAsync(ElementRef element, Actor actor) => Activities.PlanAsync(element, new ActivityInput
    {
        Type = ActivityType.Task,
        Subject = "Send the offer",
        Deadline = Db.Clock.Now.UtcDateTime.AddDays(1),
        ResponsibleUserId = actor.UserId,
    }, actor);

    /// <summary>
    /// The bin's index holds deleted rows only (decision 020): with a plain one, SQLite answered every list's
    /// <c>DeletedAt IS NULL</c> through it and sorted all the rows in a temporary B-tree.
    /// </summary>
    [Fact]
    public async Task Lists_DoNotReadThroughTheBinsIndex_WhichHoldsOnlyDeletedRows()
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        foreach (var type in new[] { typeof(Lead), typeof(Contact), typeof(Company) })
        {
            var index = db.Model.FindEntityType(type)!.GetIndexes().Single(i => i.Properties is [{ Name: "DeletedAt" }]);
            Assert.Equal("\"DeletedAt\" IS NOT NULL", index.GetFilter());
        }
        if (!db.Database.IsSqlite())
        {
            return; // PostgreSQL plans by its statistics; the index's definition above is what matters there
        }
        foreach (var (table, order) in new[] { ("Leads", "\"CreatedAt\" DESC"), ("Contacts", "\"LastName\", \"FirstName\""), ("Companies", "\"Name\"") })
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var explain = connection.CreateCommand();
            explain.CommandText = $"EXPLAIN QUERY PLAN SELECT \"Id\" FROM \"{table}\" WHERE \"DeletedAt\" IS NULL ORDER BY {order} LIMIT 25 OFFSET 5000";
            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(reader.GetOrdinal("detail")));
                }
            }
            Assert.NotEmpty(plan);
            Assert.DoesNotContain(plan, p => p.Contains("DeletedAt", StringComparison.Ordinal) || p.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task DeleteContact_HidesItEverywhere_AndUndoBringsItBackWithItsActivitiesAndDeals()
    {
        var contact = await AddContactAsync(Anna, "Zofia");
        var element = ElementRef.Contact(contact.Id);
        var deal = (await Db.Deals.CreateAsync(new DealInput { Title = "Zofia's deal", Amount = 100, Currency = "PLN", StageId = Pipeline.NewStageId, ContactId = contact.Id }, Anna)).Value!;
        Assert.True((await PlanAsync(element, Anna)).IsOk);

        var preview = (await Bin.PreviewAsync(element, Anna))!;
        Assert.Equal(("Zofia", 1, 1), (preview.Title, preview.Deals, preview.Activities));
        using var log = new EventLog(Db.Live);
        var deleted = await Bin.DeleteAsync(element, preview.Version, Anna);

        Assert.True(deleted.IsOk, deleted.Status.ToString());
        Assert.Null(await Contacts.GetAsync(contact.Id));
        Assert.Empty((await Contacts.ListAsync(new ContactQuery())).Items);
        Assert.Empty(await Contacts.SearchAsync("Zof"));
        // The search everywhere too (Zofia's deal is still found: it stays).
        Assert.DoesNotContain(await Db.Get<SearchService>().SearchAsync("Zofia", Anna), g => g.Kind == SearchKind.Contact);
        Assert.Empty(await Db.Get<DuplicateFinder>().FindAsync(new DuplicateProbe(["zofia@bin.test"], ["601234567"], null)));
        Assert.Empty((await Activities.ListAsync(new ActivityQuery { MineOnly = false }, Anna)).Items);
        var dealNow = (await Db.Get<DealQueryService>().GetDetailsAsync(deal.Id))!;
        Assert.Equal(((int?)null, (string?)null), (dealNow.Input.ContactId, dealNow.ContactName));
        var removed = Assert.IsType<ElementsRemoved>(Assert.Single(log.Events));
        Assert.Contains(LiveTopics.Contacts, removed.Topics);
        Assert.Contains(LiveTopics.Pipeline(Pipeline.PipelineId), removed.Topics);
        Assert.Equal("Zofia", Assert.Single((await Bin.ListAsync(Anna)).Items).Title);

        var restored = await Bin.RestoreAsync(element, Anna);

        Assert.True(restored.IsOk, restored.Status.ToString());
        Assert.NotNull(await Contacts.GetAsync(contact.Id));
        Assert.Contains((await Db.Get<SearchService>().SearchAsync("Zofia", Anna)).SelectMany(g => g.Hits), h => h.Id == contact.Id);
        Assert.Single((await Activities.ListAsync(new ActivityQuery { MineOnly = false }, Anna)).Items);
        Assert.Equal(contact.Id, (await Db.Get<DealQueryService>().GetDetailsAsync(deal.Id))!.Input.ContactId);
        Assert.Empty((await Bin.ListAsync(Anna)).Items);
        var kinds = (await Timeline.ForElementAsync(element, 0, 50)).Items.Select(i => i.Kind).ToList();
        Assert.Contains(TimelineKind.Deleted, kinds);
        Assert.Contains(TimelineKind.Restored, kinds);
    }

    [Fact]
    public async Task Delete_NeedsTheRolesDeletePermissionAndTheCurrentVersion()
    {
        var contact = await AddContactAsync(Anna, "Jan");
        var element = ElementRef.Contact(contact.Id);

        Assert.Equal(ResultStatus.Forbidden, (await Bin.DeleteAsync(element, contact.Version, Piotr)).Status);
        var edited = await Contacts.SaveAsync(contact.Id, contact.Version, new ContactInput { FirstName = "Janek" }, Anna);
        Assert.Equal(ResultStatus.Conflict, (await Bin.DeleteAsync(element, contact.Version, Anna)).Status);
        Assert.True((await Bin.DeleteAsync(element, edited.Value!.Version, Manager)).IsOk);
        Assert.Equal(ResultStatus.NotFound, (await Bin.DeleteAsync(element, edited.Value.Version + 1, Manager)).Status);
    }

    [Fact]
    public async Task Bin_IsPerUser_AnAdminSeesAll_AndOnlyTheyRestore()
    {
        var admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
        var lead = (await Leads.CreateAsync(new LeadInput { Title = "Lead in the bin", Phones = [new("+48 601 555 666")] }, Anna)).Value!;
        var company = (await Companies.SaveAsync(null, 0, new CompanyInput { Name = "Firma w koszu" }, Manager)).Value!;
        Assert.True((await Bin.DeleteAsync(ElementRef.Lead(lead.Id), lead.Version, Anna)).IsOk);
        Assert.True((await Bin.DeleteAsync(ElementRef.Company(company.Id), company.Version, Manager)).IsOk);

        Assert.Equal(["Lead in the bin"], (await Bin.ListAsync(Anna)).Items.Select(i => i.Title));
        Assert.Empty((await Bin.ListAsync(Piotr)).Items);
        Assert.Equal(2, (await Bin.ListAsync(admin)).Total);
        Assert.Empty((await Leads.ListAsync(new LeadQuery())).Items);
        Assert.Equal(ResultStatus.Forbidden, (await Bin.RestoreAsync(ElementRef.Lead(lead.Id), Piotr)).Status);
        Assert.True((await Bin.RestoreAsync(ElementRef.Company(company.Id), admin)).IsOk);
        Assert.Equal(["Firma w koszu"], (await Companies.ListAsync(new CompanyQuery())).Items.Select(c => c.Name));
    }

    [Fact]
    public async Task After30Days_NoUndo_AndThePurgeRemovesItForGood()
    {
        var company = (await Companies.SaveAsync(null, 0, new CompanyInput { Name = "Old firm" }, Anna)).Value!;
        var contact = await AddContactAsync(Anna, "Kasia", companyId: company.Id);
        Assert.True((await Bin.DeleteAsync(ElementRef.Company(company.Id), company.Version, Anna)).IsOk);
        Assert.Null((await Contacts.GetAsync(contact.Id))!.Input.CompanyId);

        Db.Clock.Now += TimeSpan.FromDays(31);

        Assert.Empty((await Bin.ListAsync(Anna)).Items);
        Assert.Equal(ResultStatus.NotFound, (await Bin.RestoreAsync(ElementRef.Company(company.Id), Anna)).Status);
        Assert.Equal(1, await Bin.PurgeExpiredAsync());
        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.False(await db.Companies.IgnoreQueryFilters().AnyAsync(c => c.Id == company.Id));
        Assert.False(await db.TimelineEntries.AnyAsync(e => e.ElementKind == ElementKind.Company && e.ElementId == company.Id));
        Assert.Null((await db.Contacts.SingleAsync(c => c.Id == contact.Id)).CompanyId);
    }

    [Fact]
    public async Task DeletingAnActivityOrAComment_IsRecordedOnTheTimeline()
    {
        var contact = await AddContactAsync(Anna, "Ola");
        var element = ElementRef.Contact(contact.Id);
        var activity = (await PlanAsync(element, Anna)).Value!;
        var comment = (await Timeline.AddCommentAsync(element, "secret remark", Anna)).Value!;

        Assert.True((await Activities.DeleteAsync(activity.Id, activity.Version, Anna)).IsOk);
        Assert.True((await Timeline.DeleteCommentAsync(comment.Id, comment.Version, Anna)).IsOk);

        var items = (await Timeline.ForElementAsync(element, 0, 50)).Items;
        Assert.Equal("Send the offer", Assert.Single(items, i => i.Kind == TimelineKind.ActivityDeleted).Text);
        Assert.Null(Assert.Single(items, i => i.Kind == TimelineKind.CommentDeleted).Text);
        Assert.DoesNotContain(items, i => i.Text == "secret remark");
    }
}

public sealed class PostgresRecycleBinServiceTests(PostgresServer server) : RecycleBinServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
