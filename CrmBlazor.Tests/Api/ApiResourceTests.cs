using System.Net;
using System.Text.Json;

namespace CrmBlazor.Tests.Api;

/// <summary>Each resource of <c>/api/v1</c> over HTTP against the real app: create, read, list, update with and without the current ETag, delete.</summary>
public sealed class ApiResourceTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static readonly object[] Reach = [new { number = "+48 601 234 567", type = "Mobile" }];

    [Fact]
    public async Task Leads_CreateReadListUpdateWithETags_AndJunk()
    {
        using var client = await app.ClientAsync();
        var title = $"API lead {Guid.NewGuid():N}";

        var created = await client.SendAsync(HttpMethod.Post, "/api/v1/leads", new { title, phones = Reach, source = "Call", status = "New" });
        var lead = await created.JsonAsync(HttpStatusCode.Created);
        var id = lead.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/leads/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("\"" + lead.GetProperty("version").GetInt32() + "\"", created.ETag());

        var read = await client.GetAsync($"/api/v1/leads/{id}");
        Assert.Equal(title, (await read.JsonAsync()).GetProperty("input").GetProperty("title").GetString());
        var list = await (await client.GetAsync($"/api/v1/leads?search={Uri.EscapeDataString(title)}&source=Call")).JsonAsync();
        Assert.Equal(id, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt32());

        var change = new { title = title + " (changed)", phones = Reach, source = "Call", status = "InProgress" };
        await (await client.SendAsync(HttpMethod.Put, $"/api/v1/leads/{id}", change)).AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await client.SendAsync(HttpMethod.Put, $"/api/v1/leads/{id}", change, "\"999\"")).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        var updated = await client.SendAsync(HttpMethod.Put, $"/api/v1/leads/{id}", change, read.ETag());
        Assert.Equal("InProgress", (await updated.JsonAsync()).GetProperty("input").GetProperty("status").GetString());
        Assert.NotEqual(read.ETag(), updated.ETag());
        await (await client.SendAsync(HttpMethod.Put, $"/api/v1/leads/{id}", change, read.ETag())).AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        var junk = await client.SendAsync(HttpMethod.Post, $"/api/v1/leads/{id}/junk", new { reason = "Spam", comment = "robot" }, updated.ETag());
        Assert.Equal(id, (await junk.JsonAsync()).GetProperty("leadId").GetInt32());
        Assert.Equal("Junk", (await (await client.GetAsync($"/api/v1/leads/{id}")).JsonAsync()).GetProperty("input").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Leads_InvalidFields_Answer422WithEachFieldsMessage()
    {
        using var client = await app.ClientAsync();

        var response = await client.SendAsync(HttpMethod.Post, "/api/v1/leads", new { title = "", source = "Call", status = "New" });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        var errors = (await response.JsonAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors");
        Assert.Equal("Required.", errors.GetProperty("Title")[0].GetString());
        Assert.False(string.IsNullOrEmpty(errors.GetProperty("Phones")[0].GetString()));
    }

    [Fact]
    public async Task Deals_CreateReadListUpdateMoveCloseReopenDelete()
    {
        using var client = await app.ClientAsync();
        var stages = (await (await client.GetAsync("/api/v1/pipelines")).JsonAsync()).EnumerateArray()
            .First(p => p.GetProperty("isDefault").GetBoolean()).GetProperty("stages").EnumerateArray().ToList();
        var open = stages.Where(s => s.GetProperty("kind").GetString() == "Open").Select(s => s.GetProperty("id").GetInt32()).ToList();
        var won = stages.First(s => s.GetProperty("kind").GetString() == "Won").GetProperty("id").GetInt32();
        var title = $"API deal {Guid.NewGuid():N}";

        var created = await client.SendAsync(HttpMethod.Post, "/api/v1/deals", new { title, amount = 100m, currency = "PLN", stageId = open[0] });
        var id = (await created.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var read = await client.GetAsync($"/api/v1/deals/{id}");
        Assert.Equal(title, (await read.JsonAsync()).GetProperty("input").GetProperty("title").GetString());
        Assert.Equal(created.ETag(), read.ETag());

        var first = await (await client.GetAsync($"/api/v1/deals?search={Uri.EscapeDataString(title)}&limit=1")).JsonAsync();
        Assert.Equal(id, Assert.Single(first.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt32());
        var page1 = await (await client.GetAsync("/api/v1/deals?limit=2")).JsonAsync();
        var page2 = await (await client.GetAsync($"/api/v1/deals?limit=2&cursor={page1.GetProperty("nextCursor").GetString()}")).JsonAsync();
        Assert.Empty(Ids(page1).Intersect(Ids(page2)));
        Assert.True(Ids(page2).Min() > Ids(page1).Max());

        var change = new { title = title + "!", amount = 200m, currency = "PLN", stageId = open[0] };
        await (await client.SendAsync(HttpMethod.Put, $"/api/v1/deals/{id}", change)).AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        var updated = await client.SendAsync(HttpMethod.Put, $"/api/v1/deals/{id}", change, read.ETag());
        Assert.Equal(200m, (await updated.JsonAsync()).GetProperty("amount").GetDecimal());
        await (await client.SendAsync(HttpMethod.Put, $"/api/v1/deals/{id}", change, read.ETag())).AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        var moved = await client.SendAsync(HttpMethod.Post, $"/api/v1/deals/{id}/move", new { stageId = open[1] }, updated.ETag());
        Assert.Equal(open[1], (await moved.JsonAsync()).GetProperty("stageId").GetInt32());
        var closed = await client.SendAsync(HttpMethod.Post, $"/api/v1/deals/{id}/close", new { stageId = won, finalAmount = 250m }, moved.ETag());
        Assert.Equal(won, (await closed.JsonAsync()).GetProperty("stageId").GetInt32());
        var reopened = await client.SendAsync(HttpMethod.Post, $"/api/v1/deals/{id}/reopen", new { stageId = open[0] }, closed.ETag());
        Assert.Equal(open[0], (await reopened.JsonAsync()).GetProperty("stageId").GetInt32());

        await (await client.SendAsync(HttpMethod.Delete, $"/api/v1/deals/{id}", ifMatch: closed.ETag())).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, $"/api/v1/deals/{id}", ifMatch: reopened.ETag())).StatusCode);
        await (await client.GetAsync($"/api/v1/deals/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deals_MoveThroughTheApi_PublishesTheSameLiveEventABoardApplies()
    {
        using var client = await app.ClientAsync();
        var (deal, board) = await app.Server.NewDealAsync($"Live {Guid.NewGuid():N}");
        var heard = new TaskCompletionSource<DealChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = app.Server.Get<ILiveUpdates>().SubscribeAll(change =>
        {
            if (change is DealChanged { Kind: DealChangeKind.Moved } moved && moved.DealId == deal.Id)
            {
                heard.TrySetResult(moved);
            }
            return Task.CompletedTask;
        });

        var response = await client.SendAsync(HttpMethod.Post, $"/api/v1/deals/{deal.Id}/move", new { stageId = board.Columns[1].Stage.Id }, $"\"{deal.Version}\"");

        await response.JsonAsync();
        var change = await heard.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains(LiveTopics.Pipeline(deal.PipelineId), change.Topics);
        Assert.Equal(board.Columns[1].Stage.Id, change.After!.StageId);
    }

    [Fact]
    public async Task Deals_ProductLines_ReplaceTheLinesAndTheAmount()
    {
        using var client = await app.ClientAsync();
        var stage = (await (await client.GetAsync("/api/v1/pipelines")).JsonAsync())[0].GetProperty("stages")[0].GetProperty("id").GetInt32();
        var created = await client.SendAsync(HttpMethod.Post, "/api/v1/deals", new { title = "Lines", amount = 1m, currency = "PLN", stageId = stage });
        var id = (await created.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();

        var saved = await client.SendAsync(HttpMethod.Put, $"/api/v1/deals/{id}/products",
            new { lines = new[] { new { name = "Consulting", unit = "h", quantity = 10m, unitPrice = 100m, taxRate = 0m } } }, created.ETag());

        Assert.Single((await saved.JsonAsync()).GetProperty("lines").EnumerateArray());
        var deal = await (await client.GetAsync($"/api/v1/deals/{id}")).JsonAsync();
        Assert.Equal(1000m, deal.GetProperty("input").GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task ContactsAndCompanies_CreateReadListUpdateWithETags()
    {
        using var client = await app.ClientAsync();
        var name = $"Firma {Guid.NewGuid():N}";

        var company = await client.SendAsync(HttpMethod.Post, "/api/v1/companies", new { name, city = "Gdańsk" });
        var companyId = (await company.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var contact = await client.SendAsync(HttpMethod.Post, "/api/v1/contacts", new { firstName = "Ewa", lastName = name, companyId, phones = Reach });
        var contactId = (await contact.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();

        Assert.Equal(name, (await (await client.GetAsync($"/api/v1/companies/{companyId}")).JsonAsync()).GetProperty("input").GetProperty("name").GetString());
        var list = await (await client.GetAsync($"/api/v1/contacts?companyId={companyId}")).JsonAsync();
        Assert.Equal(contactId, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt32());
        Assert.Single((await (await client.GetAsync($"/api/v1/companies?search={Uri.EscapeDataString(name)}")).JsonAsync()).GetProperty("items").EnumerateArray());

        var change = new { firstName = "Ewelina", lastName = name, companyId, phones = Reach };
        await (await client.SendAsync(HttpMethod.Put, $"/api/v1/contacts/{contactId}", change)).AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await client.SendAsync(HttpMethod.Put, $"/api/v1/contacts/{contactId}", change, "\"77\"")).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        var updated = await client.SendAsync(HttpMethod.Put, $"/api/v1/contacts/{contactId}", change, contact.ETag());
        Assert.Equal("Ewelina", (await updated.JsonAsync()).GetProperty("input").GetProperty("firstName").GetString());
        var companyUpdated = await client.SendAsync(HttpMethod.Put, $"/api/v1/companies/{companyId}", new { name = name + " SA" }, company.ETag());
        Assert.Equal(name + " SA", (await companyUpdated.JsonAsync()).GetProperty("input").GetProperty("name").GetString());
        var invalid = await client.SendAsync(HttpMethod.Put, $"/api/v1/companies/{companyId}", new { name = "" }, companyUpdated.ETag());
        Assert.True((await invalid.JsonAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors").TryGetProperty("Name", out _));
    }

    [Fact]
    public async Task Activities_PlanReadListUpdateCompleteDelete()
    {
        using var client = await app.ClientAsync();
        var lead = await client.SendAsync(HttpMethod.Post, "/api/v1/leads", new { title = "For activities", phones = Reach, source = "Manual", status = "New" });
        var leadId = (await lead.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var activity = new { type = "Call", subject = "Call back", deadline = DateTime.UtcNow.AddDays(1), durationMinutes = 5, direction = "Outgoing" };

        var planned = await client.SendAsync(HttpMethod.Post, "/api/v1/activities", new { elementKind = "Lead", elementId = leadId, activity });
        var id = (await planned.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        Assert.Equal("Call back", (await (await client.GetAsync($"/api/v1/activities/{id}")).JsonAsync()).GetProperty("subject").GetString());
        Assert.Contains(id, Ids(await (await client.GetAsync("/api/v1/activities?elementKind=Lead&limit=200")).JsonAsync()));

        var change = activity with { subject = "Call back soon" };
        await (await client.SendAsync(HttpMethod.Put, $"/api/v1/activities/{id}", change)).AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        var updated = await client.SendAsync(HttpMethod.Put, $"/api/v1/activities/{id}", change, planned.ETag());
        Assert.Equal("Call back soon", (await updated.JsonAsync()).GetProperty("subject").GetString());
        await (await client.SendAsync(HttpMethod.Post, $"/api/v1/activities/{id}/complete", ifMatch: planned.ETag())).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        var done = await client.SendAsync(HttpMethod.Post, $"/api/v1/activities/{id}/complete", ifMatch: updated.ETag());
        Assert.Equal("Done", (await done.JsonAsync()).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, $"/api/v1/activities/{id}", ifMatch: done.ETag())).StatusCode);
        await (await client.GetAsync($"/api/v1/activities/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Comments_AddListEditDelete_OnlyTheirAuthorChangesThem()
    {
        using var client = await app.ClientAsync();
        using var anna = await app.ClientAsync("anna@demo.crm");
        var lead = await client.SendAsync(HttpMethod.Post, "/api/v1/leads", new { title = "For comments", phones = Reach, source = "Manual", status = "New" });
        var leadId = (await lead.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();

        var added = await client.SendAsync(HttpMethod.Post, $"/api/v1/timeline/Lead/{leadId}/comments", new { text = "First **note**" });
        var id = (await added.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var timeline = await (await client.GetAsync($"/api/v1/timeline/Lead/{leadId}")).JsonAsync();
        Assert.Contains(timeline.GetProperty("items").EnumerateArray(), e => e.GetProperty("id").GetInt64() == id);

        await (await anna.SendAsync(HttpMethod.Put, $"/api/v1/comments/{id}", new { text = "Hijacked" }, added.ETag())).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.SendAsync(HttpMethod.Put, $"/api/v1/comments/{id}", new { text = "x" })).AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        var edited = await client.SendAsync(HttpMethod.Put, $"/api/v1/comments/{id}", new { text = "Edited" }, added.ETag());
        Assert.Equal("Edited", (await edited.JsonAsync()).GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, $"/api/v1/comments/{id}", ifMatch: edited.ETag())).StatusCode);
    }

    [Fact]
    public async Task PipelinesAndUsers_AreListed()
    {
        using var client = await app.ClientAsync("anna@demo.crm", CrmBlazor.Core.ApiTokens.ApiTokenScope.ReadOnly);

        var pipelines = await (await client.GetAsync("/api/v1/pipelines")).JsonAsync();
        var users = await (await client.GetAsync("/api/v1/users")).JsonAsync();

        Assert.Contains(pipelines.EnumerateArray(), p => p.GetProperty("stages").GetArrayLength() > 0);
        Assert.Contains(users.GetProperty("items").EnumerateArray(), u => u.GetProperty("email").GetString() == "anna@demo.crm");
        var stages = await (await client.GetAsync($"/api/v1/pipelines/{pipelines[0].GetProperty("id").GetInt32()}/stages")).JsonAsync();
        Assert.Equal(pipelines[0].GetProperty("stages").GetArrayLength(), stages.GetArrayLength());
    }

    [Fact]
    public async Task CustomFields_AreListed_AndALeadIsWrittenAndReadWithItsValues()
    {
        var admin = await app.Server.ActorAsync("admin@demo.crm");
        var field = await app.Server.Get<CustomFieldService>().SaveAsync(null, 0, new CustomFieldInput
        {
            EntityKind = ElementKind.Lead, Code = "apinote", Type = CustomFieldType.Text, NameEn = "API note", NamePl = "Notatka API",
        }, admin);
        Assert.True(field.IsOk, string.Join(", ", field.Errors.Select(e => e.Field + " " + e.MessageKey)));
        var code = field.Value!.Code;
        using var client = await app.ClientAsync("manager@demo.crm");

        var fields = await (await client.GetAsync("/api/v1/custom-fields/Lead")).JsonAsync();
        Assert.Contains(fields.EnumerateArray(), f => f.GetProperty("code").GetString() == code && f.GetProperty("type").GetString() == "Text");
        var created = await client.SendAsync(HttpMethod.Post, "/api/v1/leads", new
        {
            title = "With a note", phones = new[] { new { number = "+48 601 234 999", type = "Mobile" } }, source = "Manual", status = "New",
            custom = new Dictionary<string, object> { [code] = new { text = "Hello from the API" } },
        });
        var id = (await created.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var read = await (await client.GetAsync($"/api/v1/leads/{id}")).JsonAsync();
        Assert.Equal("Hello from the API", read.GetProperty("input").GetProperty("custom").GetProperty(code).GetProperty("text").GetString());
    }

    private async Task<CustomFieldView> CustomFieldAsync(ElementKind kind, string code, CustomFieldType type, params string[] options)
    {
        var admin = await app.Server.ActorAsync("admin@demo.crm");
        var saved = await app.Server.Get<CustomFieldService>().SaveAsync(null, 0, new CustomFieldInput
        {
            EntityKind = kind, Code = code, Type = type, NameEn = $"API {code}", NamePl = $"API PL {code}",
            Options = [.. options.Select(o => new CustomFieldOptionInput(null, o))],
        }, admin);
        Assert.True(saved.IsOk, string.Join(", ", saved.Errors.Select(e => $"{e.Field} {e.MessageKey}")));
        return saved.Value!;
    }

    [Theory]
    [InlineData("contacts", ElementKind.Contact)]
    [InlineData("companies", ElementKind.Company)]
    public async Task ContactsAndCompanies_CustomValues_WrittenAndReadByCode_BadValuesAre422NamingTheField(string resource, ElementKind kind)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var seats = await CustomFieldAsync(kind, $"UF_SEATS{suffix}", CustomFieldType.Number);
        var tier = await CustomFieldAsync(kind, $"UF_TIER{suffix}", CustomFieldType.List, "Gold", "Silver");
        var gold = tier.Options[0].Id;
        using var client = await app.ClientAsync();
        object Body(Dictionary<string, object> custom) => kind == ElementKind.Contact ? new { firstName = $"API {suffix}", custom } : new { name = $"API {suffix}", custom };

        var created = await client.SendAsync(HttpMethod.Post, $"/api/v1/{resource}",
            Body(new() { [seats.Code] = new { number = 12.5m }, [tier.Code] = new { options = new[] { gold } } }));
        var id = (await created.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var read = await client.GetAsync($"/api/v1/{resource}/{id}");
        var custom = (await read.JsonAsync()).GetProperty("input").GetProperty("custom");
        Assert.Equal(12.5m, custom.GetProperty(seats.Code).GetProperty("number").GetDecimal());
        Assert.Equal(gold, Assert.Single(custom.GetProperty(tier.Code).GetProperty("options").EnumerateArray()).GetInt32());

        // An update changes the values it names and keeps the others.
        var updated = await client.SendAsync(HttpMethod.Put, $"/api/v1/{resource}/{id}", Body(new() { [seats.Code] = new { number = 3 } }), read.ETag());
        var after = (await updated.JsonAsync()).GetProperty("input").GetProperty("custom");
        Assert.Equal(3m, after.GetProperty(seats.Code).GetProperty("number").GetDecimal());
        Assert.Equal(gold, Assert.Single(after.GetProperty(tier.Code).GetProperty("options").EnumerateArray()).GetInt32());

        // Bad values: 422, each named by its field's code, and nothing saved.
        var bad = await client.SendAsync(HttpMethod.Put, $"/api/v1/{resource}/{id}",
            Body(new() { [seats.Code] = new { text = "many" }, [tier.Code] = new { options = new[] { int.MaxValue } }, ["UF_NOSUCH" + suffix] = new { text = "x" } }), updated.ETag());
        await bad.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        var errors = (await bad.JsonAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors");
        Assert.All(new[] { seats.Code, tier.Code, "UF_NOSUCH" + suffix }, code => Assert.False(string.IsNullOrEmpty(errors.GetProperty(code)[0].GetString())));
        var still = await client.GetAsync($"/api/v1/{resource}/{id}");
        Assert.Equal(updated.ETag(), still.ETag());
        Assert.Equal(3m, (await still.JsonAsync()).GetProperty("input").GetProperty("custom").GetProperty(seats.Code).GetProperty("number").GetDecimal());
    }

    [Fact]
    public async Task Deals_AreReadWithTheirCustomValues()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var seats = await CustomFieldAsync(ElementKind.Deal, $"UF_SEATS{suffix}", CustomFieldType.Number);
        using var client = await app.ClientAsync();
        var stageId = (await (await client.GetAsync("/api/v1/pipelines")).JsonAsync()).EnumerateArray()
            .First(p => p.GetProperty("isDefault").GetBoolean()).GetProperty("stages")[0].GetProperty("id").GetInt32();

        var created = await client.SendAsync(HttpMethod.Post, "/api/v1/deals", new
        {
            title = $"Custom {suffix}", amount = 100m, currency = "PLN", stageId, custom = new Dictionary<string, object> { [seats.Code] = new { number = 7 } },
        });
        var id = (await created.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var read = await (await client.GetAsync($"/api/v1/deals/{id}")).JsonAsync();

        Assert.Equal(7m, read.GetProperty("input").GetProperty("custom").GetProperty(seats.Code).GetProperty("number").GetDecimal());
    }

    [Fact]
    public async Task DealsContactsAndCompanies_SortWithKeysetCursors_StableUnderTies()
    {
        using var client = await app.ClientAsync();
        var stageId = (await (await client.GetAsync("/api/v1/pipelines")).JsonAsync()).EnumerateArray()
            .First(p => p.GetProperty("isDefault").GetBoolean()).GetProperty("stages")[0].GetProperty("id").GetInt32();
        var tag = Guid.NewGuid().ToString("N");
        var dealIds = new List<(int Id, decimal Amount)>();
        foreach (var amount in new[] { 300m, 100m, 300m, 200m, 100m, 300m })
        {
            var created = await client.SendAsync(HttpMethod.Post, "/api/v1/deals", new { title = $"Sorted {tag}", amount, currency = "PLN", stageId });
            dealIds.Add(((await created.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32(), amount));
        }

        async Task<(List<int> Ids, JsonElement First)> WalkAsync(string url)
        {
            var ids = new List<int>();
            JsonElement? first = null;
            string? cursor = null;
            do
            {
                var page = await (await client.GetAsync(url + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)))).JsonAsync();
                first ??= page;
                ids.AddRange(Ids(page));
                cursor = page.GetProperty("nextCursor").GetString();
            }
            while (cursor is not null);
            return (ids, first.Value);
        }

        var (byAmountDown, firstPage) = await WalkAsync($"/api/v1/deals?search={tag}&sort=Amount&descending=true&limit=2&includeTotal=true");
        Assert.Equal(dealIds.OrderByDescending(d => d.Amount).ThenByDescending(d => d.Id).Select(d => d.Id), byAmountDown);
        Assert.Equal(6, firstPage.GetProperty("total").GetInt32());
        var (byAmountUp, upFirst) = await WalkAsync($"/api/v1/deals?search={tag}&sort=Amount&limit=4");
        Assert.Equal(dealIds.OrderBy(d => d.Amount).ThenBy(d => d.Id).Select(d => d.Id), byAmountUp);
        Assert.Equal(JsonValueKind.Null, upFirst.GetProperty("total").ValueKind);

        // A cursor belongs to its sort and direction: another one is a 400 problem, not a wrong page.
        var cursorOfAmount = firstPage.GetProperty("nextCursor").GetString();
        await (await client.GetAsync($"/api/v1/deals?search={tag}&sort=Title&cursor={cursorOfAmount}")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync($"/api/v1/deals?cursor=garbage")).AssertProblemAsync(HttpStatusCode.BadRequest);

        var contactIds = new List<int>();
        foreach (var first in new[] { "Zofia", "Adam", "Zofia" })
        {
            var created = await client.SendAsync(HttpMethod.Post, "/api/v1/contacts", new { firstName = first, lastName = $"Sorted{tag}" });
            contactIds.Add((await created.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32());
        }
        var (contactsByName, _) = await WalkAsync($"/api/v1/contacts?search=Sorted{tag}&sort=Name&descending=true&limit=1");
        Assert.Equal([contactIds[2], contactIds[0], contactIds[1]], contactsByName);

        var companyIds = new List<int>();
        foreach (var suffix in new[] { "B", "A", "B" })
        {
            var created = await client.SendAsync(HttpMethod.Post, "/api/v1/companies", new { name = $"Sorted {tag} {suffix}" });
            companyIds.Add((await created.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32());
        }
        var (companiesByName, _) = await WalkAsync($"/api/v1/companies?search={tag}&sort=Name&limit=2");
        Assert.Equal([companyIds[1], companyIds[0], companyIds[2]], companiesByName);
        var (companiesNewestFirst, _) = await WalkAsync($"/api/v1/companies?search={tag}&sort=CreatedAt&descending=true&limit=2");
        Assert.Equal(companyIds.OrderByDescending(i => i), companiesNewestFirst);
    }

    private static IEnumerable<int> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToList();
}
