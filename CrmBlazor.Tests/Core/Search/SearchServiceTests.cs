using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Core.Search;

public class SearchServiceTests(TestDatabase? db = null) : CoreTest(db)
{
    private SearchService Search => Db.Get<SearchService>();
    private ContactService Contacts => Db.Get<ContactService>();
    private CompanyService Companies => Db.Get<CompanyService>();
    private LeadService Leads => Db.Get<LeadService>();

    private async Task<ContactRow> AddContactAsync(string first, string? last = null, string? phone = null, string? email = null, int? companyId = null, Actor? actor = null) =>
        (await Contacts.SaveAsync(null, 0, new ContactInput
        {
            FirstName = first,
            LastName = last,
            CompanyId = companyId,
            Phones = phone is null ? [] : [new PhoneInput(phone, PhoneType.Mobile)],
            Emails = email is null ? [] : [new EmailInput(email)],
            ResponsibleUserId = (actor ?? Anna).UserId,
        }, actor ?? Anna)).Value!;

    private static IReadOnlyList<SearchHit> Hits(IReadOnlyList<SearchGroup> groups, SearchKind kind) =>
        groups.SingleOrDefault(g => g.Kind == kind)?.Hits ?? [];

    [Theory]
    [InlineData("601 234")]
    [InlineData("601234567")]
    [InlineData("+48 601-234")]
    [InlineData("234 567")]
    public async Task SearchAsync_PartOfAPhone_FindsTheContact(string typed)
    {
        var contact = await AddContactAsync("Jan", "Nowak", phone: "+48 601 234 567");
        await AddContactAsync("Ewa", "Inna", phone: "+48 500 100 200");

        var groups = await Search.SearchAsync(typed, Anna);

        var hit = Assert.Single(Hits(groups, SearchKind.Contact));
        Assert.Equal(contact.Id, hit.Id);
        Assert.Equal($"/contacts/{contact.Id}", hit.Path);
    }

    [Theory]
    [InlineData("zajac")]
    [InlineData("ZAJĄC")]
    [InlineData("Łódź")]
    [InlineData("lodz")]
    public async Task SearchAsync_WithOrWithoutDiacritics_FindsBoth(string typed)
    {
        var company = (await Companies.SaveAsync(null, 0, new CompanyInput { Name = "Zając i syn", City = "Łódź" }, Anna)).Value!;

        var groups = await Search.SearchAsync(typed, Anna);

        Assert.Equal(company.Id, Assert.Single(Hits(groups, SearchKind.Company)).Id);
    }

    [Fact]
    public async Task SearchAsync_RanksNameMatchesFirst_ThenOtherFields()
    {
        var company = (await Companies.SaveAsync(null, 0, new CompanyInput { Name = "Kowalczyk Transport" }, Anna)).Value!;
        var inCompany = await AddContactAsync("Zofia", "Wiśniewska", companyId: company.Id);
        var wordStart = await AddContactAsync("Jan", "Kowal");
        var inside = await AddContactAsync("Adam", "Nowakowalski");
        var exact = await AddContactAsync("Kowal");

        var hits = Hits(await Search.SearchAsync("kowal", Anna), SearchKind.Contact);

        Assert.Equal([exact.Id, wordStart.Id, inside.Id, inCompany.Id], hits.Select(h => h.Id).ToArray());
        Assert.Equal("Kowalczyk Transport", hits[3].Detail);
    }

    [Fact]
    public async Task SearchAsync_GroupsByKind_EveryWordMustMatch_AndSaysWhenThereIsMore()
    {
        await AddContactAsync("Marek", "Lis", email: "marek.lis@firma.pl");
        var lead = await Leads.CreateAsync(new LeadInput
        {
            Title = "Marek z targów", FirstName = "Marek", CompanyName = "Lis Sp. z o.o.", Emails = [new EmailInput("biuro@lis.example")], ResponsibleUserId = Anna.UserId,
        }, Anna);
        Assert.True(lead.IsOk, string.Join(", ", lead.Errors));
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Marek Lis: 10 licencji");
        for (var i = 0; i < 4; i++)
        {
            await AddContactAsync("Marek", $"Lisowski {i}");
        }

        var groups = await Search.SearchAsync("marek lis", Anna, perKind: 3);

        Assert.Equal([SearchKind.Contact, SearchKind.Deal, SearchKind.Lead], groups.Select(g => g.Kind).ToArray());
        var contacts = groups[0];
        Assert.Equal(3, contacts.Hits.Count);
        Assert.True(contacts.HasMore);
        Assert.Equal("Marek Lis", contacts.Hits[0].Title);
        Assert.Equal(deal.Id, Assert.Single(groups[1].Hits).Id);
        Assert.Empty(Hits(await Search.SearchAsync("marek lis nieznany", Anna), SearchKind.Contact));
        Assert.Single(Hits(await Search.SearchAsync("marek.lis@firma", Anna), SearchKind.Contact));
    }

    [Fact]
    public async Task SearchAsync_FollowsChanges_InTheSameSave()
    {
        var contact = await AddContactAsync("Stary", phone: "+48 601 234 567");
        var company = (await Companies.SaveAsync(null, 0, new CompanyInput { Name = "Alfa" }, Anna)).Value!;
        var withCompany = await AddContactAsync("Basia", companyId: company.Id);

        var renamed = (await Contacts.SaveAsync(contact.Id, contact.Version, new ContactInput { FirstName = "Nowy", Phones = [new PhoneInput("+48 777 888 999")], ResponsibleUserId = Anna.UserId }, Anna)).Value!;
        await Companies.SaveAsync(company.Id, company.Version, new CompanyInput { Name = "Omega" }, Anna);

        Assert.Empty(await Search.SearchAsync("stary", Anna));
        Assert.Empty(await Search.SearchAsync("601 234", Anna));
        Assert.Equal(renamed.Id, Assert.Single(Hits(await Search.SearchAsync("777 888", Anna), SearchKind.Contact)).Id);
        var basia = Assert.Single(Hits(await Search.SearchAsync("basia", Anna), SearchKind.Contact));
        Assert.Equal(withCompany.Id, basia.Id);
        Assert.Equal("Omega", basia.Detail);
        Assert.Single(Hits(await Search.SearchAsync("omega", Anna), SearchKind.Contact));
    }

    [Fact]
    public async Task SearchAsync_OwnReadScope_FindsOnlyOwnAndUnassigned_ProductsNeedCatalogRead()
    {
        await AddContactAsync("Wspólny", "Annowy", actor: Anna);
        await AddContactAsync("Wspólny", "Piotrowy", actor: Piotr);
        await Db.AddDealAsync(Piotr, Pipeline.NewStageId, "Wspólny projekt");
        await Db.Get<ProductService>().SaveAsync(null, 0, new ProductInput { Name = "Wspólny abonament", Unit = "szt.", Currency = "PLN", Price = 10m }, Manager);
        var ownOnly = Anna with
        {
            Access = new AccessProfile(99, "Own", new Dictionary<(AccessEntity, AccessAction), AccessScope>
            {
                [(AccessEntity.Contact, AccessAction.Read)] = AccessScope.Own,
                [(AccessEntity.Deal, AccessAction.Read)] = AccessScope.Own,
            }, new HashSet<string> { Anna.UserId }),
        };

        var everyone = await Search.SearchAsync("wspolny", Manager);
        var own = await Search.SearchAsync("wspolny", ownOnly);

        Assert.Equal(2, Hits(everyone, SearchKind.Contact).Count);
        Assert.Single(Hits(everyone, SearchKind.Deal));
        Assert.Single(Hits(everyone, SearchKind.Product));
        Assert.Equal("Wspólny Annowy", Assert.Single(Hits(own, SearchKind.Contact)).Title);
        Assert.Empty(Hits(own, SearchKind.Deal));
        Assert.Empty(Hits(own, SearchKind.Product));
    }

    [Fact]
    public async Task SearchAsync_ShortTermsAndLikeCharacters_AreLiteral()
    {
        await AddContactAsync("Al", "100% Zysk");
        await AddContactAsync("Alicja", "Bez");

        Assert.Equal(2, Hits(await Search.SearchAsync("al", Anna), SearchKind.Contact).Count);
        Assert.Equal("Al 100% Zysk", Assert.Single(Hits(await Search.SearchAsync("0%", Anna), SearchKind.Contact)).Title);
        Assert.Empty(await Search.SearchAsync("\"", Anna));
        Assert.Empty(await Search.SearchAsync("   ", Anna));
    }

    [Fact]
    public async Task SearchAsync_AWordOfATimelineComment_FindsItsElement_EditedAndDeletedCommentsNoLonger()
    {
        var timeline = Db.Get<TimelineService>();
        var created = await Leads.CreateAsync(new LeadInput { Title = "Zapytanie ze strony", FirstName = "Ewa", Emails = [new EmailInput("ewa@example.pl")], ResponsibleUserId = Anna.UserId }, Anna);
        Assert.True(created.IsOk, $"{created.Status} {created.MessageKey} {string.Join(", ", created.Errors)}");
        var lead = created.Value!;
        var contact = await AddContactAsync("Jan", "Nowak");
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Licencje roczne");
        Assert.True((await timeline.AddCommentAsync(ElementRef.Lead(lead.Id), "Chce wycenę **hulajnóg** na przyszły tydzień", Anna)).IsOk);
        var onContact = (await timeline.AddCommentAsync(ElementRef.Contact(contact.Id), "Prefers the Gdynia warehouse", Anna)).Value!;
        var onDeal = (await timeline.AddCommentAsync(ElementRef.Deal(deal.Id), "Budget approved by the zarząd", Anna)).Value!;

        Assert.Equal(lead.Id, Assert.Single(Hits(await Search.SearchAsync("hulajnog", Anna), SearchKind.Lead)).Id);
        Assert.Equal(contact.Id, Assert.Single(Hits(await Search.SearchAsync("gdynia warehouse", Anna), SearchKind.Contact)).Id);
        var dealHit = Assert.Single(Hits(await Search.SearchAsync("zarzad", Anna), SearchKind.Deal));
        Assert.Equal((deal.Id, "Licencje roczne"), (dealHit.Id, dealHit.Title));

        // Edited: the old words no longer find it, the new ones do. Deleted: nothing of it is found.
        Assert.True((await timeline.EditCommentAsync(onContact.Id, onContact.Version, "Prefers the Sopot office", Anna)).IsOk);
        Assert.True((await timeline.DeleteCommentAsync(onDeal.Id, onDeal.Version, Anna)).IsOk);

        Assert.Empty(await Search.SearchAsync("gdynia", Anna));
        Assert.Equal(contact.Id, Assert.Single(Hits(await Search.SearchAsync("sopot", Anna), SearchKind.Contact)).Id);
        Assert.Empty(await Search.SearchAsync("zarzad", Anna));
        Assert.Equal(deal.Id, Assert.Single(Hits(await Search.SearchAsync("licencje", Anna), SearchKind.Deal)).Id);
    }

    [Fact]
    public async Task SearchAsync_ByAComment_FindsOnlyElementsTheUserMayRead()
    {
        var timeline = Db.Get<TimelineService>();
        var annas = await AddContactAsync("Ala", "Annowa", actor: Anna);
        var piotrs = await AddContactAsync("Ola", "Piotrowa", actor: Piotr);
        await timeline.AddCommentAsync(ElementRef.Contact(annas.Id), "Rozmowa o flocie", Anna);
        await timeline.AddCommentAsync(ElementRef.Contact(piotrs.Id), "Rozmowa o flocie", Piotr);
        var ownOnly = Anna with
        {
            Access = new AccessProfile(99, "Own", new Dictionary<(AccessEntity, AccessAction), AccessScope>
            {
                [(AccessEntity.Contact, AccessAction.Read)] = AccessScope.Own,
            }, new HashSet<string> { Anna.UserId }),
        };

        Assert.Equal(2, Hits(await Search.SearchAsync("flocie", Manager), SearchKind.Contact).Count);
        Assert.Equal(annas.Id, Assert.Single(Hits(await Search.SearchAsync("flocie", ownOnly), SearchKind.Contact)).Id);
    }

    [Fact]
    public async Task BuildMissingAsync_IndexesElementsSavedBeforeTheIndex()
    {
        var contact = await AddContactAsync("Dawny", "Klient", phone: "+48 601 234 567");
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            await db.SearchEntries.ExecuteDeleteAsync();
            Assert.Empty(await Search.SearchAsync("dawny", Anna));
            await SearchService.BuildMissingAsync(db, default);
        }

        Assert.Equal(contact.Id, Assert.Single(Hits(await Search.SearchAsync("601234", Anna), SearchKind.Contact)).Id);
    }

    [Fact]
    public async Task BuildMissingAsync_IndexesTheElementsComments()
    {
        var contact = await AddContactAsync("Dawny", "Klient");
        await Db.Get<TimelineService>().AddCommentAsync(ElementRef.Contact(contact.Id), "Pytał o serwis klimatyzacji", Anna);
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            await db.SearchEntries.ExecuteDeleteAsync();
            await SearchService.BuildMissingAsync(db, default);
        }

        Assert.Equal(contact.Id, Assert.Single(Hits(await Search.SearchAsync("klimatyzacji", Anna), SearchKind.Contact)).Id);
    }

    [Fact]
    public async Task Migration_SearchKeys_GivesOldRowsTheirKindsKeys_AndTheIndexStaysKept()
    {
        var contact = await AddContactAsync("Dawny", "Zając");
        var lead = (await Leads.CreateAsync(new LeadInput { Title = "Zając pyta o ofertę", FirstName = "Adam", Emails = [new EmailInput("adam@zajac.example")], ResponsibleUserId = Anna.UserId }, Anna)).Value!;
        await using var db = await Db.Factory.CreateDbContextAsync();
        var rows = await db.SearchEntries.AsNoTracking().OrderBy(e => e.Kind).ToListAsync();
        var migrations = db.Database.GetMigrations().ToList();
        var migrator = db.GetInfrastructure().GetRequiredService<IMigrator>();
        await db.Database.OpenConnectionAsync();
        // Back to the database before the keys by kind, its rows numbered as that model generated them: then forward.
        await migrator.MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith("_SearchKeys", StringComparison.Ordinal)) - 1]);
        Assert.Equal(0, await db.SearchEntries.CountAsync());
        var number = 0;
        foreach (var row in rows)
        {
            number++;
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "SearchEntries" ("Id", "Kind", "ElementId", "ResponsibleUserId", "Title", "Detail", "Name", "Text")
                VALUES ({number}, {(int)row.Kind}, {row.ElementId}, {row.ResponsibleUserId}, {row.Title}, {row.Detail}, {row.Name}, {row.Text})
                """);
        }
        await migrator.MigrateAsync();

        var keys = await db.SearchEntries.AsNoTracking().OrderBy(e => e.Kind).Select(e => new { e.Id, e.Kind, e.ElementId }).ToListAsync();
        Assert.Equal(rows.Select(r => SearchEntry.KeyOf(r.Kind, r.ElementId)), keys.Select(k => k.Id));
        var groups = await Search.SearchAsync("zajac", Anna);
        Assert.Equal(contact.Id, Assert.Single(Hits(groups, SearchKind.Contact)).Id);
        Assert.Equal(lead.Id, Assert.Single(Hits(groups, SearchKind.Lead)).Id);
        // The full-text index follows new rows again.
        var later = await AddContactAsync("Nowy", "Zając");
        Assert.Contains(later.Id, Hits(await Search.SearchAsync("zajac", Anna), SearchKind.Contact).Select(h => h.Id));
    }

    [Fact]
    public async Task SearchAsync_AWordOfSeveralKinds_EachGroupHoldsOnlyItsKind()
    {
        var contact = await AddContactAsync("Marta", "Sosnowska");
        var company = (await Companies.SaveAsync(null, 0, new CompanyInput { Name = "Sosnowska Meble" }, Anna)).Value!;
        var lead = (await Leads.CreateAsync(new LeadInput { Title = "Meble do biura", LastName = "Sosnowska", Emails = [new EmailInput("biuro@meble.example")], ResponsibleUserId = Anna.UserId }, Anna)).Value!;

        var groups = await Search.SearchAsync("sosnowska", Anna);

        Assert.Equal(contact.Id, Assert.Single(Hits(groups, SearchKind.Contact)).Id);
        Assert.Equal(company.Id, Assert.Single(Hits(groups, SearchKind.Company)).Id);
        Assert.Equal(lead.Id, Assert.Single(Hits(groups, SearchKind.Lead)).Id);
        // The lead list's text filter takes the ids from the same match, narrowed to leads.
        Assert.Equal(lead.Id, Assert.Single((await Leads.ListAsync(new LeadQuery { Search = "sosnowska" }, Anna)).Items).Id);
    }
}

public sealed class PostgresSearchServiceTests(PostgresServer server)
    : SearchServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
