using System.Globalization;

namespace CrmBlazor.Tests.Core.Deals;

public class DealFilterTests(TestDatabase? db = null) : CoreTest(db)
{
    private async Task<string[]> TitlesAsync(DealFilter filter, Actor? actor = null)
    {
        var board = await Db.Boards.GetBoardAsync(Pipeline.PipelineId, actor ?? Manager, filter);
        return board!.Columns.SelectMany(c => c.Cards).Select(c => c.Title).Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public async Task GetBoardAsync_Filters_RunInSqlOnCardsCountsAndSums()
    {
        var company = (await Db.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput { Name = "Żuraw Logistyka" }, Anna)).Value!;
        var annas = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Anna small", 100m);
        await Db.AddDealAsync(Anna, Pipeline.ProposalStageId, "Anna big", 9000m);
        await Db.AddDealAsync(Piotr, Pipeline.NewStageId, "Piotr licence", 500m);
        var withCompany = await Db.Deals.CreateAsync(new DealInput { Title = "Crane rental", Amount = 700m, Currency = "PLN", StageId = Pipeline.NewStageId, CompanyId = company.Id, ResponsibleUserId = Piotr.UserId }, Piotr);
        Assert.True(withCompany.IsOk, string.Join(", ", withCompany.Errors));

        Assert.Equal(["Anna big", "Anna small"], await TitlesAsync(new DealFilter { Mine = true }, Anna));
        Assert.Equal(["Crane rental", "Piotr licence"], await TitlesAsync(new DealFilter { ResponsibleUserId = Piotr.UserId }));
        Assert.Equal(["Crane rental"], await TitlesAsync(new DealFilter { Party = "żuraw" }));
        // Every word of the name, folded, in any order; a word of the title is not a party's name.
        Assert.Equal(["Crane rental"], await TitlesAsync(new DealFilter { Party = "logistyka ZURAW" }));
        Assert.Empty(await TitlesAsync(new DealFilter { Party = "crane" }));
        Assert.Equal(["Crane rental"], await TitlesAsync(new DealFilter { Search = "zuraw" }));
        Assert.Equal(["Anna small"], await TitlesAsync(new DealFilter { Search = "small", Mine = true }, Anna));
        Assert.Equal(["Crane rental", "Piotr licence"], await TitlesAsync(new DealFilter { AmountFrom = 500m, AmountTo = 700m }));
        Assert.Equal(["Anna big", "Anna small", "Crane rental", "Piotr licence"], await TitlesAsync(new DealFilter { CreatedFrom = DateOnly.FromDateTime(Db.Clock.Now.UtcDateTime) }));
        Assert.Empty(await TitlesAsync(new DealFilter { CreatedTo = DateOnly.FromDateTime(Db.Clock.Now.UtcDateTime).AddDays(-2) }));

        var board = await Db.Boards.GetBoardAsync(Pipeline.PipelineId, Anna, new DealFilter { Mine = true });
        var first = board!.Columns.Single(c => c.Stage.Id == Pipeline.NewStageId);
        Assert.Equal(1, first.Count);
        Assert.Equal(100m, Assert.Single(first.Totals).Amount);
        Assert.Equal(annas.Id, Assert.Single(first.Cards).Id);
    }

    [Fact]
    public async Task GetBoardAsync_PartyFilter_FindsTheContactsNameFoldedAndLeavesABinnedContactOut()
    {
        var contacts = Db.Get<ContactService>();
        var jan = (await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Jan", LastName = "Wróbel", ResponsibleUserId = Piotr.UserId }, Piotr)).Value!;
        var ewa = (await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Ewa", LastName = "Wróbel", ResponsibleUserId = Piotr.UserId }, Piotr)).Value!;
        foreach (var (title, contactId) in new[] { ("Boxes", jan.Id), ("Crates", ewa.Id) })
        {
            var deal = await Db.Deals.CreateAsync(new DealInput { Title = title, Amount = 1m, Currency = "PLN", StageId = Pipeline.NewStageId, ContactId = contactId, ResponsibleUserId = Piotr.UserId }, Piotr);
            Assert.True(deal.IsOk, string.Join(", ", deal.Errors));
        }

        Assert.Equal(["Boxes", "Crates"], await TitlesAsync(new DealFilter { Party = "wrobel" }));
        Assert.Equal(["Boxes"], await TitlesAsync(new DealFilter { Party = "wróbel jan" }));
        var binned = await Db.Get<RecycleBinService>().DeleteAsync(ElementRef.Contact(ewa.Id), ewa.Version, Manager);
        Assert.True(binned.IsOk, string.Join(", ", binned.Errors));
        Assert.Equal(["Boxes"], await TitlesAsync(new DealFilter { Party = "wrobel" }));
    }

    [Fact]
    public async Task GetBoardAsync_ActivityAndStaleFilters()
    {
        var overdue = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Overdue");
        var planned = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Planned");
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Nothing");
        var now = Db.Clock.Now.UtcDateTime;
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            db.Activities.Add(new Activity { Subject = "Call", ResponsibleUserId = Anna.UserId, CreatedById = Anna.UserId, ElementKind = ElementKind.Deal, ElementId = overdue.Id, Deadline = now.AddHours(-1), State = ActivityState.Planned });
            db.Activities.Add(new Activity { Subject = "Meet", ResponsibleUserId = Anna.UserId, CreatedById = Anna.UserId, ElementKind = ElementKind.Deal, ElementId = planned.Id, Deadline = now.AddDays(1), State = ActivityState.Planned });
            await db.SaveChangesAsync();
        }

        Assert.Equal(["Overdue"], await TitlesAsync(new DealFilter { Activity = DealActivityFilter.Overdue }));
        Assert.Equal(["Nothing"], await TitlesAsync(new DealFilter { Activity = DealActivityFilter.NonePlanned }));
        Assert.Empty(await TitlesAsync(new DealFilter { StaleDays = 3 }));
        Db.Clock.Now = Db.Clock.Now.AddDays(4);
        Assert.Equal(["Nothing", "Overdue", "Planned"], await TitlesAsync(new DealFilter { StaleDays = 3 }));
    }

    [Fact]
    public async Task GetBoardAsync_CustomFieldFilters_ListOptionNumberRangeAndYesNo_RunInSql()
    {
        var admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
        var fields = Db.Get<CustomFieldService>();
        var size = (await fields.SaveAsync(null, 0, new CustomFieldInput { EntityKind = ElementKind.Deal, Code = "size", Type = CustomFieldType.List, NameEn = "Size", NamePl = "Rozmiar",
            Options = [new(null, "Small"), new(null, "Large")] }, admin)).Value!;
        var seats = (await fields.SaveAsync(null, 0, new CustomFieldInput { EntityKind = ElementKind.Deal, Code = "seats", Type = CustomFieldType.Number, NameEn = "Seats", NamePl = "Miejsca" }, admin)).Value!;
        var vip = (await fields.SaveAsync(null, 0, new CustomFieldInput { EntityKind = ElementKind.Deal, Code = "vip", Type = CustomFieldType.YesNo, NameEn = "VIP", NamePl = "VIP" }, admin)).Value!;
        async Task AddAsync(string title, int option, decimal number, bool flag)
        {
            var result = await Db.Deals.CreateAsync(new DealInput { Title = title, Amount = 100m, Currency = "PLN", StageId = Pipeline.NewStageId, ResponsibleUserId = Anna.UserId,
                Custom = new Dictionary<string, CustomValue> { [size.Code] = new() { Options = [option] }, [seats.Code] = new() { Number = number }, [vip.Code] = new() { Flag = flag } } }, Anna);
            Assert.True(result.IsOk, string.Join(", ", result.Errors.Select(e => $"{e.Field} {e.MessageKey}")));
        }
        await AddAsync("Small fleet", size.Options[0].Id, 5, false);
        await AddAsync("Large fleet", size.Options[1].Id, 50, true);
        await AddAsync("Large office", size.Options[1].Id, 8, false);
        // As the address writes them (DealFilterQuery): cf{id}=... through CustomFieldFilterText.
        DealFilter Filter(params (CustomFieldView Field, string Text)[] texts) => new()
        {
            Custom = new CustomFilterSet(CustomFieldFilterText.Filters([size, seats, vip], texts.ToDictionary(t => t.Field.Id, t => (string?)t.Text))),
        };

        Assert.Equal(["Large fleet", "Large office"], await TitlesAsync(Filter((size, size.Options[1].Id.ToString(CultureInfo.InvariantCulture)))));
        Assert.Equal(["Large office", "Small fleet"], await TitlesAsync(Filter((seats, "..10"))));
        Assert.Equal(["Large fleet"], await TitlesAsync(Filter((vip, "yes"))));
        Assert.Equal(["Large office"], await TitlesAsync(Filter((size, size.Options[1].Id.ToString(CultureInfo.InvariantCulture)), (vip, "no"))));
        // "No" is every deal without a "yes": one never ticked too.
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Unticked");
        Assert.Equal(["Large office", "Small fleet", "Unticked"], await TitlesAsync(Filter((vip, "no"))));
        Assert.Empty(await TitlesAsync(Filter((seats, "100..")) with { Mine = true }, Anna));
        // Compared by value, whatever order the fields came in: a board reads again only when its filter changed.
        Assert.Equal(Filter((vip, "yes"), (seats, "1..2")), Filter((seats, "1..2"), (vip, "yes")));
        Assert.NotEqual(Filter((vip, "yes")), Filter((vip, "no")));
        Assert.True(new DealFilter { Custom = CustomFilterSet.Empty }.IsEmpty);
    }

    /// <summary>
    /// A filter that keeps more than <see cref="DealBoardService.FewDeals"/> deals is read differently (counts and sums in
    /// the database, a query per column in its index's order, "no activity planned" as all less the planned) from one that
    /// keeps few (read once, counted here): both give what the deals say, for a role that reads every deal and for one
    /// that reads only its own (counted in parts, decision 024).
    /// </summary>
    [Fact]
    public async Task GetBoardAsync_ManyOrFewMatches_ColumnsCountsAndSumsAreThoseOfTheMatchingDeals()
    {
        var many = DealBoardService.FewDeals + 100;
        var now = Db.Clock.Now.UtcDateTime;
        var activities = new List<Activity>();
        for (var i = 0; i < many; i++)
        {
            var deal = await Db.AddDealAsync(i % 5 == 0 ? Piotr : Anna, i % 3 == 0 ? Pipeline.ProposalStageId : Pipeline.NewStageId,
                i % 7 == 0 ? $"Beta {i}" : $"Alpha {i}", 100m + i);
            if (i % 10 is 3 or 5)
            {
                activities.Add(new Activity { Subject = "Call", ResponsibleUserId = Anna.UserId, CreatedById = Anna.UserId, ElementKind = ElementKind.Deal, ElementId = deal.Id,
                    Deadline = i % 20 is 3 or 5 ? now.AddHours(-1) : now.AddDays(1), State = ActivityState.Planned });
            }
        }
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            db.Activities.AddRange(activities);
            await db.SaveChangesAsync();
        }
        var planned = activities.Select(a => a.ElementId).ToHashSet();
        var overdue = activities.Where(a => a.Deadline < now).Select(a => a.ElementId).ToHashSet();
        await using var read = await Db.Factory.CreateDbContextAsync();
        var deals = await read.Deals.Where(d => d.PipelineId == Pipeline.PipelineId)
            .Select(d => new { d.Id, d.StageId, d.Rank, d.Title, d.Amount, d.ResponsibleUserId }).ToListAsync();

        (DealFilter Filter, Func<int, string, string?, string, bool> Keeps)[] cases =
        [
            (new DealFilter { Search = "alpha" }, (_, title, _, _) => title.StartsWith("Alpha", StringComparison.Ordinal)),
            (new DealFilter { Search = "beta" }, (_, title, _, _) => title.StartsWith("Beta", StringComparison.Ordinal)),
            (new DealFilter { Activity = DealActivityFilter.NonePlanned }, (id, _, _, _) => !planned.Contains(id)),
            (new DealFilter { Activity = DealActivityFilter.Overdue }, (id, _, _, _) => overdue.Contains(id)),
            (new DealFilter { Mine = true, Search = "alpha" }, (_, title, user, me) => user == me && title.StartsWith("Alpha", StringComparison.Ordinal)),
            (new DealFilter { ResponsibleUserId = Anna.UserId, Activity = DealActivityFilter.NonePlanned }, (id, _, user, _) => user == Anna.UserId && !planned.Contains(id)),
            (new DealFilter { ResponsibleUserId = Anna.UserId, Search = "alpha" }, (_, title, user, _) => user == Anna.UserId && title.StartsWith("Alpha", StringComparison.Ordinal)),
        ];
        Assert.Contains(cases, c => deals.Count(d => c.Keeps(d.Id, d.Title, d.ResponsibleUserId, Anna.UserId)) > DealBoardService.FewDeals);
        Assert.Contains(cases, c => deals.Count(d => c.Keeps(d.Id, d.Title, d.ResponsibleUserId, Anna.UserId)) is > 0 and <= DealBoardService.FewDeals);

        // Anna with the shipped "own only" role: she reads her deals and the unassigned, counted per part.
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == Anna.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.AccessRoleId, BuiltInRoles.SalesOwnOnlyId));
        }
        Db.Get<AccessProfiles>().Invalidate();
        var ownOnly = (await Db.Get<AccessProfiles>().GetActorAsync(Anna.UserId))!;
        Assert.True(deals.Count(d => d.ResponsibleUserId == Anna.UserId && !planned.Contains(d.Id)) > DealBoardService.FewDeals);
        (Actor Actor, Func<string?, bool> Reads)[] actors = [(Manager, _ => true), (ownOnly, user => user is null || user == Anna.UserId)];
        foreach (var ((actor, reads), (filter, keeps)) in actors.SelectMany(a => cases.Select(c => (a, c))))
        {
            var board = (await Db.Boards.GetBoardAsync(Pipeline.PipelineId, actor, filter))!;
            foreach (var column in board.Columns)
            {
                var expected = deals.Where(d => d.StageId == column.Stage.Id && reads(d.ResponsibleUserId) && keeps(d.Id, d.Title, d.ResponsibleUserId, actor.UserId))
                    .OrderBy(d => d.Rank, StringComparer.Ordinal).ThenBy(d => d.Id).ToList();
                Assert.True(expected.Count == column.Count, $"{actor.DisplayName}, {filter}: {column.Stage.Name} counts {column.Count}, the deals say {expected.Count}");
                Assert.Equal(expected.Sum(d => d.Amount), column.Totals.Sum(t => t.Amount));
                Assert.Equal(expected.Take(Db.Boards.PageSize).Select(d => d.Id), column.Cards.Select(c => c.Id));
            }
        }
    }

    [Fact]
    public async Task GetColumnPageAsync_KeepsTheFilter()
    {
        for (var i = 0; i < Db.Boards.PageSize + 3; i++)
        {
            await Db.AddDealAsync(i % 2 == 0 ? Anna : Piotr, Pipeline.NewStageId, $"Deal {i:00}");
        }
        var filter = new DealFilter { Mine = true };
        var board = await Db.Boards.GetBoardAsync(Pipeline.PipelineId, Anna, filter);
        var column = board!.Columns.Single(c => c.Stage.Id == Pipeline.NewStageId);
        var more = await Db.Boards.GetColumnPageAsync(Pipeline.NewStageId, column.Cards[^1], Anna, filter);

        Assert.Equal(column.Count, column.Cards.Count + more.Count);
        Assert.All(column.Cards.Concat(more), c => Assert.Equal(Anna.UserId, c.ResponsibleUserId));
    }
}

public sealed class PostgresDealFilterTests(PostgresServer server)
    : DealFilterTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
