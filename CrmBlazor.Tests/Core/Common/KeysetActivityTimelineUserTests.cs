namespace CrmBlazor.Tests.Core.Common;

/// <summary>
/// The API's keyset lists of activities, an element's timeline and the users (decision 014): every sort and direction
/// pages through all rows in (key, id) order, ties broken by the id; a page is one query; the access policy filters in
/// SQL exactly as the offset lists of the pages do; a cursor of another sort is refused.
/// </summary>
public class KeysetActivityTimelineUserTests(TestDatabase? db = null) : CoreTest(db)
{
    private static async Task<List<TRow>> AllAsync<TRow>(Func<string?, Task<KeysetPage<TRow>>> read)
    {
        var rows = new List<TRow>();
        string? cursor = null;
        do
        {
            var page = await read(cursor);
            rows.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return rows;
    }

    private sealed record ActivityKeys(int Id, DateTime Deadline, DateTime CreatedAt, DateTime UpdatedAt, DateTime? CompletedAt);

    /// <summary>Seven activities on Anna's and Piotr's deals, deadlines and creation times in pairs, some done.</summary>
    private async Task<List<ActivityRow>> AddActivitiesAsync()
    {
        var activities = Db.Get<ActivityService>();
        var annas = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Anna's deal");
        var piotrs = await Db.AddDealAsync(Piotr, Pipeline.NewStageId, "Piotr's deal");
        var rows = new List<ActivityRow>();
        for (var i = 0; i < 7; i++)
        {
            if (i % 2 == 0)
            {
                Db.Clock.Now = Db.Clock.Now.AddTicks(12_345_671);
            }
            var owner = i % 3 == 0 ? Piotr : Anna;
            var planned = await activities.PlanAsync(ElementRef.Deal(i % 2 == 0 ? piotrs.Id : annas.Id), new ActivityInput
            {
                Type = ActivityType.Task, Subject = $"Task {i}", Deadline = new DateTime(2026, 11, 10 + i / 2, 9, 0, 0, DateTimeKind.Utc), ResponsibleUserId = owner.UserId,
            }, owner);
            Assert.True(planned.IsOk, planned.Status.ToString());
            rows.Add(planned.Value!);
        }
        return rows;
    }

    private async Task<List<ActivityKeys>> ActivityKeysAsync()
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        return await db.Activities.Select(a => new ActivityKeys(a.Id, a.Deadline, a.CreatedAt, a.UpdatedAt, a.CompletedAt)).ToListAsync();
    }

    private static List<int> Expected<TKey>(IEnumerable<ActivityKeys> rows, Func<ActivityKeys, TKey> key, bool descending) =>
        (descending ? rows.OrderByDescending(key).ThenByDescending(r => r.Id) : rows.OrderBy(key).ThenBy(r => r.Id)).Select(r => r.Id).ToList();

    [Fact]
    public async Task Activities_EverySortAndDirection_PageThroughAllInKeyThenIdOrder_OneQueryAPage()
    {
        await AddActivitiesAsync();
        var service = Db.Get<ActivityService>();
        var keys = await ActivityKeysAsync();
        var query = new ActivityQuery { MineOnly = false, Period = ActivityPeriod.Open };
        foreach (var descending in new[] { false, true })
        {
            foreach (var (sort, key) in new (ActivitySort, Func<ActivityKeys, DateTime>)[]
            {
                (ActivitySort.Deadline, r => r.Deadline), (ActivitySort.CreatedAt, r => r.CreatedAt), (ActivitySort.UpdatedAt, r => r.UpdatedAt),
                (ActivitySort.CompletedAt, r => r.CompletedAt ?? r.Deadline),
            })
            {
                var rows = await AllAsync(c => service.ListAsync(query, sort, descending, new KeysetRequest(c, 2), Manager));
                Assert.Equal(Expected(keys, key, descending), rows.Select(r => r.Id).ToList());
            }
            var byId = await AllAsync(c => service.ListAsync(query, ActivitySort.Id, descending, new KeysetRequest(c, 3), Manager));
            Assert.Equal(Expected(keys, r => r.Id, descending), byId.Select(r => r.Id).ToList());
        }

        Db.Commands.Start();
        var first = await service.ListAsync(query, ActivitySort.Deadline, false, new KeysetRequest(null, 2), Manager);
        var second = await service.ListAsync(query, ActivitySort.Deadline, false, new KeysetRequest(first.NextCursor, 2), Manager);
        Db.Commands.Enabled = false;
        Assert.Equal(2, Db.Commands.Count);
        Assert.Null(first.Total);
        Assert.Equal(2, second.Items.Count);
    }

    [Fact]
    public async Task Activities_RowsMatchTheOffsetList_AndTheAccessPolicyFiltersInSql()
    {
        await AddActivitiesAsync();
        var service = Db.Get<ActivityService>();
        foreach (var actor in new[] { Anna, Piotr, Manager })
        {
            var query = new ActivityQuery { MineOnly = false, Period = ActivityPeriod.Open, Take = 200 };
            var offset = await service.ListAsync(query, actor);
            var keyset = await AllAsync(c => service.ListAsync(query, ActivitySort.Deadline, false, new KeysetRequest(c, 2), actor));
            // The same rows (titles, names, versions) as the pages' list, in the same order.
            Assert.Equal(offset.Items, keyset);
            var total = await service.ListAsync(query, ActivitySort.Deadline, false, new KeysetRequest(null, 2, IncludeTotal: true), actor);
            Assert.Equal(offset.Total, total.Total);
        }
        // Anna (activities: own) sees hers, those she planned and those on her deal, never Piotr's on Piotr's deal.
        var annas = await AllAsync(c => service.ListAsync(new ActivityQuery { MineOnly = false }, ActivitySort.Id, false, new KeysetRequest(c, 50), Anna));
        Assert.DoesNotContain(annas, a => a.ResponsibleUserId == Piotr.UserId && a.ElementTitle == "Piotr's deal");
        Assert.Contains(annas, a => a.ResponsibleUserId == Piotr.UserId && a.ElementTitle == "Anna's deal");
        Assert.Equal("Anna", annas.First(a => a.ResponsibleUserId == Anna.UserId).ResponsibleName);
        Assert.Equal(7, (await service.ListAsync(new ActivityQuery { MineOnly = false }, ActivitySort.Id, false, new KeysetRequest(null, 50, IncludeTotal: true), Manager)).Total);
    }

    [Fact]
    public async Task Activities_DoneByCompletion_AndACursorOfAnotherSortIsRefused()
    {
        var planned = await AddActivitiesAsync();
        var service = Db.Get<ActivityService>();
        foreach (var row in planned.Take(3))
        {
            Db.Clock.Now = Db.Clock.Now.AddMinutes(1);
            Assert.True((await service.CompleteAsync(row.Id, row.Version, Manager)).IsOk);
        }
        var done = await AllAsync(c => service.ListAsync(new ActivityQuery { MineOnly = false, Period = ActivityPeriod.Done }, ActivitySort.CompletedAt, true,
            new KeysetRequest(c, 2), Manager));
        Assert.Equal(planned.Take(3).Select(r => r.Id).Reverse(), done.Select(r => r.Id));
        Assert.All(done, r => Assert.Equal(DateTimeKind.Utc, r.CompletedAt!.Value.Kind));

        var page = await service.ListAsync(new ActivityQuery { MineOnly = false }, ActivitySort.Deadline, false, new KeysetRequest(null, 1), Manager);
        await Assert.ThrowsAsync<KeysetCursorException>(() =>
            service.ListAsync(new ActivityQuery { MineOnly = false }, ActivitySort.CreatedAt, false, new KeysetRequest(page.NextCursor, 1), Manager));
        await Assert.ThrowsAsync<KeysetCursorException>(() =>
            service.ListAsync(new ActivityQuery { MineOnly = false }, ActivitySort.Deadline, true, new KeysetRequest(page.NextCursor, 1), Manager));
    }

    [Fact]
    public async Task Timeline_ByTimeAndId_PagesThroughAllWithTies_CommentsOnly_OneQueryAPage()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Commented");
        var timeline = Db.Get<TimelineService>();
        for (var i = 0; i < 5; i++)
        {
            if (i % 2 == 0)
            {
                Db.Clock.Now = Db.Clock.Now.AddTicks(12_345_671);
            }
            Assert.True((await timeline.AddCommentAsync(ElementRef.Deal(deal.Id), $"Comment {i}", i % 2 == 0 ? Anna : Piotr)).IsOk);
        }
        var offset = await timeline.ForElementAsync(ElementRef.Deal(deal.Id), Manager, 0, 200);
        Assert.Equal(6, offset.Total); // created + five comments

        var newest = await AllAsync(c => timeline.ForElementAsync(ElementRef.Deal(deal.Id), null, TimelineSort.At, true, new KeysetRequest(c, 2), Manager));
        Assert.Equal(offset.Items, newest);
        var oldest = await AllAsync(c => timeline.ForElementAsync(ElementRef.Deal(deal.Id), null, TimelineSort.At, false, new KeysetRequest(c, 2), Manager));
        Assert.Equal(offset.Items.Reverse(), oldest);
        var byId = await AllAsync(c => timeline.ForElementAsync(ElementRef.Deal(deal.Id), null, TimelineSort.Id, false, new KeysetRequest(c, 4), Manager));
        Assert.Equal(offset.Items.Select(e => e.Id).Order(), byId.Select(e => e.Id));

        var comments = await AllAsync(c => timeline.ForElementAsync(ElementRef.Deal(deal.Id), TimelineKind.Comment, TimelineSort.At, true, new KeysetRequest(c, 2), Manager));
        Assert.Equal(["Comment 4", "Comment 3", "Comment 2", "Comment 1", "Comment 0"], comments.Select(c => c.Text));
        Assert.All(comments, c => Assert.Equal("Commented", c.ElementTitle));
        Assert.Equal("Piotr", comments[1].AuthorName);

        Db.Commands.Start();
        var first = await timeline.ForElementAsync(ElementRef.Deal(deal.Id), TimelineKind.Comment, TimelineSort.At, true, new KeysetRequest(null, 2), Manager);
        await timeline.ForElementAsync(ElementRef.Deal(deal.Id), TimelineKind.Comment, TimelineSort.At, true, new KeysetRequest(first.NextCursor, 2), Manager);
        Db.Commands.Enabled = false;
        Assert.Equal(2, Db.Commands.Count);
        Assert.Equal(5, (await timeline.ForElementAsync(ElementRef.Deal(deal.Id), TimelineKind.Comment, TimelineSort.At, true,
            new KeysetRequest(null, 2, IncludeTotal: true), Manager)).Total);
        await Assert.ThrowsAsync<KeysetCursorException>(() =>
            timeline.ForElementAsync(ElementRef.Deal(deal.Id), null, TimelineSort.Id, true, new KeysetRequest(first.NextCursor, 2), Manager));
    }

    [Fact]
    public async Task Timeline_OfAnElementTheRoleDoesNotRead_IsEmpty()
    {
        var deal = await Db.AddDealAsync(Piotr, Pipeline.NewStageId, "Piotr's");
        Assert.True((await Db.Get<TimelineService>().AddCommentAsync(ElementRef.Deal(deal.Id), "Mine", Piotr)).IsOk);
        var role = BuiltInRoles.Defaults().First(r => r.Id == BuiltInRoles.SalesOwnOnlyId);
        var ownOnly = Anna with
        {
            Access = new AccessProfile(role.Id, role.Name, role.Grants.ToDictionary(g => (g.Entity, g.Action), g => g.Scope), new HashSet<string> { Anna.UserId }),
        };

        var page = await Db.Get<TimelineService>().ForElementAsync(ElementRef.Deal(deal.Id), null, TimelineSort.At, true, new KeysetRequest(null, 50, IncludeTotal: true), ownOnly);

        Assert.Empty(page.Items);
        Assert.Equal(0, page.Total);
    }

    [Fact]
    public async Task Leads_EverySortAndDirection_PageThroughAllInKeyThenIdOrder_AsTheRoleReads()
    {
        var leads = Db.Get<LeadService>();
        string[] titles = ["B", "A", "B", "C", "A", "B"];
        for (var i = 0; i < titles.Length; i++)
        {
            if (i % 2 == 0)
            {
                Db.Clock.Now = Db.Clock.Now.AddTicks(12_345_671);
            }
            var created = await leads.CreateAsync(new LeadInput
            {
                Title = titles[i], CompanyName = i % 3 == 0 ? null : titles[(i + 1) % titles.Length], Status = i % 2 == 0 ? LeadStatus.New : LeadStatus.InProgress,
                Emails = [new($"{(char)('z' - i)}@example.com")], ResponsibleUserId = i % 2 == 0 ? Anna.UserId : Piotr.UserId,
            }, i % 2 == 0 ? Anna : Piotr);
            Assert.True(created.IsOk, created.Status.ToString());
        }
        var all = (await leads.ListAsync(new LeadQuery { Take = 200 }, Manager)).Items;
        Assert.Equal(6, all.Count);
        foreach (var descending in new[] { false, true })
        {
            foreach (var (sort, key) in new (LeadSort, Func<LeadRow, string>)[]
            {
                (LeadSort.Title, r => r.Title), (LeadSort.Company, r => r.CompanyName ?? ""), (LeadSort.Email, r => r.Email ?? ""),
                (LeadSort.Status, r => ((int)r.Status).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                (LeadSort.CreatedAt, r => r.CreatedAt.Ticks.ToString("D20", System.Globalization.CultureInfo.InvariantCulture)),
            })
            {
                var rows = await AllAsync(c => leads.ListAsync(new LeadQuery { SortBy = sort, Descending = descending }, new KeysetRequest(c, 2), Manager));
                var expected = descending
                    ? all.OrderByDescending(key, StringComparer.Ordinal).ThenByDescending(r => r.Id)
                    : all.OrderBy(key, StringComparer.Ordinal).ThenBy(r => r.Id);
                Assert.Equal(expected.Select(r => r.Id), rows.Select(r => r.Id));
            }
        }
        var total = await leads.ListAsync(new LeadQuery { SortBy = LeadSort.Title }, new KeysetRequest(null, 2, IncludeTotal: true), Manager);
        Assert.Equal(6, total.Total);
        await Assert.ThrowsAsync<KeysetCursorException>(() => leads.ListAsync(new LeadQuery { SortBy = LeadSort.Company }, new KeysetRequest(total.NextCursor, 2), Manager));
        // The role's read scope filters in SQL as the pages' list does.
        var role = BuiltInRoles.Defaults().First(r => r.Id == BuiltInRoles.SalesOwnOnlyId);
        var ownOnly = Anna with
        {
            Access = new AccessProfile(role.Id, role.Name, role.Grants.ToDictionary(g => (g.Entity, g.Action), g => g.Scope), new HashSet<string> { Anna.UserId }),
        };
        var annas = await AllAsync(c => leads.ListAsync(new LeadQuery(), new KeysetRequest(c, 1), ownOnly));
        Assert.Equal((await leads.ListAsync(new LeadQuery { Take = 200 }, ownOnly)).Items.Select(r => r.Id).Order(), annas.Select(r => r.Id).Order());
        Assert.Equal(3, annas.Count);
    }

    [Fact]
    public async Task Users_ByNameAndEmail_PageThroughAllWithTies_AndSearch()
    {
        await Db.AddUserAsync("Anna2", CrmRoles.Sales);
        await Db.AddUserAsync("Zofia", CrmRoles.Sales);
        var users = Db.Get<UserDirectory>();
        var all = await users.GetUsersAsync();
        foreach (var descending in new[] { false, true })
        {
            var byName = await AllAsync(c => users.ListAsync(null, UserSort.Name, descending, new KeysetRequest(c, 2)));
            Assert.Equal(all.Count, byName.Count);
            Assert.Equal(all.Count, byName.Select(u => u.Id).Distinct().Count());
            var names = byName.Select(u => u.DisplayName).ToList();
            Assert.Equal(descending ? names.OrderDescending(StringComparer.Ordinal) : names.Order(StringComparer.Ordinal), names);
            var byEmail = await AllAsync(c => users.ListAsync(null, UserSort.Email, descending, new KeysetRequest(c, 1)));
            Assert.Equal(all.Count, byEmail.Select(u => u.Id).Distinct().Count());
        }
        var found = await users.ListAsync("ANNA", UserSort.Name, false, new KeysetRequest(null, 1, IncludeTotal: true));
        Assert.Equal(2, found.Total);
        Assert.Equal("Anna", Assert.Single(found.Items).DisplayName);
        Assert.Equal("Anna2", Assert.Single((await users.ListAsync("anna", UserSort.Name, false, new KeysetRequest(found.NextCursor, 1))).Items).DisplayName);
        await Assert.ThrowsAsync<KeysetCursorException>(() => users.ListAsync(null, UserSort.Email, false, new KeysetRequest(found.NextCursor, 1)));
    }
}

public sealed class PostgresKeysetActivityTimelineUserTests(PostgresServer server)
    : KeysetActivityTimelineUserTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
