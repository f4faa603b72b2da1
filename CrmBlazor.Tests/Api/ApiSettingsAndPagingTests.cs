using System.Net;
using System.Text.Json;
using CrmBlazor.Core.ApiTokens;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Api;

/// <summary>
/// Pipelines, stages and custom fields written through the API (admins only, as on the settings pages), and the keyset
/// lists of activities, timelines, comments and users: happy paths, 422 with each field's message, 401 and 403 per
/// role and scope, 404, 409, 412 on a stale ETag and 428 without one, 400 for a foreign cursor.
/// </summary>
public sealed class ApiSettingsAndPagingTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static async Task<(List<JsonElement> Items, JsonElement First)> WalkAsync(HttpClient client, string url)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        JsonElement first = default;
        do
        {
            var page = await (await client.GetAsync(url + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)))).JsonAsync();
            first = first.ValueKind == JsonValueKind.Undefined ? page : first;
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return (items, first);
    }

    [Fact]
    public async Task Pipelines_AdminCreatesRenamesAddsMovesEditsAndDeletesStages_AndDeletesThePipeline()
    {
        using var admin = await app.ClientAsync("admin@demo.crm");
        var name = $"API pipeline {Guid.NewGuid():N}"[..30];

        var created = await admin.SendAsync(HttpMethod.Post, "/api/v1/pipelines", new { name, openStageName = "Talk", wonStageName = "Signed", lostStageName = "Gone" });
        var pipeline = await created.JsonAsync(HttpStatusCode.Created);
        var id = pipeline.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/pipelines/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(["Talk", "Signed", "Gone"], pipeline.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var read = await admin.GetAsync($"/api/v1/pipelines/{id}");
        Assert.Equal(created.ETag(), read.ETag());
        Assert.Contains((await (await admin.GetAsync("/api/v1/pipelines")).JsonAsync()).EnumerateArray(), p => p.GetProperty("id").GetInt32() == id);

        await (await admin.SendAsync(HttpMethod.Put, $"/api/v1/pipelines/{id}", new { name = name + "!" })).AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        var renamed = await admin.SendAsync(HttpMethod.Put, $"/api/v1/pipelines/{id}", new { name = name + "!" }, read.ETag());
        Assert.Equal(name + "!", (await renamed.JsonAsync()).GetProperty("name").GetString());
        await (await admin.SendAsync(HttpMethod.Put, $"/api/v1/pipelines/{id}", new { name }, read.ETag())).AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        var added = await admin.SendAsync(HttpMethod.Post, $"/api/v1/pipelines/{id}/stages", new { name = "Offer", kind = "Open", color = "#123456" });
        var stage = await added.JsonAsync(HttpStatusCode.Created);
        var stageId = stage.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/stages/{stageId}", added.Headers.Location?.OriginalString);
        Assert.Equal(1, stage.GetProperty("sort").GetInt32()); // after the last open stage, before the closing ones
        var stages = await (await admin.GetAsync($"/api/v1/pipelines/{id}/stages")).JsonAsync();
        Assert.Equal(["Talk", "Offer", "Signed", "Gone"], stages.EnumerateArray().Select(s => s.GetProperty("name").GetString()));

        // Reordering is a change of the pipeline: its ETag is the precondition, a stale one is 412.
        await (await admin.SendAsync(HttpMethod.Post, $"/api/v1/pipelines/{id}/stages/{stageId}/move", new { toIndex = 0 }, renamed.ETag()))
            .AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        var current = await admin.GetAsync($"/api/v1/pipelines/{id}");
        var moved = await admin.SendAsync(HttpMethod.Post, $"/api/v1/pipelines/{id}/stages/{stageId}/move", new { toIndex = 0 }, current.ETag());
        Assert.Equal(["Offer", "Talk", "Signed", "Gone"], (await moved.JsonAsync()).GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        await (await admin.SendAsync(HttpMethod.Post, $"/api/v1/pipelines/{id}/stages/999999/move", new { toIndex = 0 }, moved.ETag())).AssertProblemAsync(HttpStatusCode.NotFound);

        var stageRead = await admin.GetAsync($"/api/v1/stages/{stageId}");
        var edited = await admin.SendAsync(HttpMethod.Put, $"/api/v1/stages/{stageId}", new { name = "Offer sent", kind = "Open", color = "#654321" }, stageRead.ETag());
        Assert.Equal("Offer sent", (await edited.JsonAsync()).GetProperty("name").GetString());
        await (await admin.SendAsync(HttpMethod.Put, $"/api/v1/stages/{stageId}", new { name = "Again", kind = "Open", color = "#654321" }, stageRead.ETag()))
            .AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        var badColour = await admin.SendAsync(HttpMethod.Put, $"/api/v1/stages/{stageId}", new { name = "", kind = "Open", color = "red" }, edited.ETag());
        await badColour.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        var errors = (await badColour.JsonAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors");
        Assert.Equal("Required.", errors.GetProperty("Name")[0].GetString());
        Assert.False(string.IsNullOrEmpty(errors.GetProperty("Color")[0].GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, $"/api/v1/stages/{stageId}", ifMatch: edited.ETag())).StatusCode);
        await (await admin.GetAsync($"/api/v1/stages/{stageId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        var beforeDelete = await admin.GetAsync($"/api/v1/pipelines/{id}");
        await (await admin.SendAsync(HttpMethod.Delete, $"/api/v1/pipelines/{id}")).AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, $"/api/v1/pipelines/{id}", ifMatch: beforeDelete.ETag())).StatusCode);
        await (await admin.GetAsync($"/api/v1/pipelines/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync($"/api/v1/pipelines/{id}/stages")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Pipelines_InvalidFields422_OthersThanAdmins403_NoToken401_Missing404()
    {
        using var admin = await app.ClientAsync("admin@demo.crm");
        using var readOnlyAdmin = await app.ClientAsync("admin@demo.crm", ApiTokenScope.ReadOnly);
        using var manager = await app.ClientAsync("manager@demo.crm");
        using var anna = await app.ClientAsync("anna@demo.crm");
        using var anonymous = ApiApp.Anonymous(app.Server);
        var body = new { name = $"Not allowed {Guid.NewGuid():N}"[..25], openStageName = "A", wonStageName = "B", lostStageName = "C" };

        var invalid = await admin.SendAsync(HttpMethod.Post, "/api/v1/pipelines", new { name = "", openStageName = "Same", wonStageName = "Same", lostStageName = "C" });
        var errors = (await invalid.JsonAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors");
        Assert.Equal("Required.", errors.GetProperty("Name")[0].GetString());
        Assert.False(string.IsNullOrEmpty(errors.GetProperty("WonStageName")[0].GetString()));

        await (await manager.SendAsync(HttpMethod.Post, "/api/v1/pipelines", body)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await anna.SendAsync(HttpMethod.Post, "/api/v1/pipelines", body)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await readOnlyAdmin.SendAsync(HttpMethod.Post, "/api/v1/pipelines", body)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(HttpMethod.Post, "/api/v1/pipelines", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/pipelines")).StatusCode);

        // Everyone reads them (the board's columns); only admins change them.
        var pipeline = (await (await anna.GetAsync("/api/v1/pipelines")).JsonAsync()).EnumerateArray().First(p => p.GetProperty("isDefault").GetBoolean());
        var id = pipeline.GetProperty("id").GetInt32();
        var read = await anna.GetAsync($"/api/v1/pipelines/{id}");
        await (await manager.SendAsync(HttpMethod.Put, $"/api/v1/pipelines/{id}", new { name = "Renamed" }, read.ETag())).AssertProblemAsync(HttpStatusCode.Forbidden);
        var stage = pipeline.GetProperty("stages")[0];
        var stageRead = await anna.GetAsync($"/api/v1/stages/{stage.GetProperty("id").GetInt32()}");
        await (await anna.SendAsync(HttpMethod.Put, $"/api/v1/stages/{stage.GetProperty("id").GetInt32()}", new { name = "X", kind = "Open" }, stageRead.ETag()))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await manager.SendAsync(HttpMethod.Post, $"/api/v1/pipelines/{id}/stages", new { name = "X", kind = "Open" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await manager.SendAsync(HttpMethod.Delete, $"/api/v1/stages/{stage.GetProperty("id").GetInt32()}", ifMatch: stageRead.ETag())).AssertProblemAsync(HttpStatusCode.Forbidden);

        await (await anna.GetAsync("/api/v1/pipelines/999999")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await anna.GetAsync("/api/v1/stages/999999")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.SendAsync(HttpMethod.Put, "/api/v1/pipelines/999999", new { name = "Nothing" }, "\"1\"")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.SendAsync(HttpMethod.Post, "/api/v1/pipelines/999999/stages", new { name = "Nothing", kind = "Open" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.SendAsync(HttpMethod.Delete, "/api/v1/stages/999999", ifMatch: "\"1\"")).AssertProblemAsync(HttpStatusCode.NotFound);

        // A pipeline with deals is deleted only with where they go: 422 naming the field.
        await app.Server.NewDealAsync($"Keeps the pipeline {Guid.NewGuid():N}");
        var withDeals = await admin.SendAsync(HttpMethod.Delete, $"/api/v1/pipelines/{id}", ifMatch: read.ETag());
        Assert.True((await withDeals.JsonAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors").TryGetProperty("MoveTo", out _));
    }

    [Fact]
    public async Task CustomFields_AdminCreatesReadsUpdatesMovesAndDeletes_WithETags_AndAnInUseFieldNeedsConfirm()
    {
        using var admin = await app.ClientAsync("admin@demo.crm");
        using var manager = await app.ClientAsync("manager@demo.crm");
        var code = "API_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

        var created = await admin.SendAsync(HttpMethod.Post, "/api/v1/custom-fields", new
        {
            entityKind = "Lead", code, type = "List", nameEn = $"Tier {code}", namePl = $"Poziom {code}",
            options = new[] { new { label = "Gold" }, new { label = "Silver" } },
        });
        var field = await created.JsonAsync(HttpStatusCode.Created);
        var id = field.GetProperty("id").GetInt32();
        Assert.Equal("UF_" + code, field.GetProperty("code").GetString());
        Assert.Equal($"/api/v1/custom-fields/{id}", created.Headers.Location?.OriginalString);
        var read = await manager.GetAsync($"/api/v1/custom-fields/{id}");
        Assert.Equal(created.ETag(), read.ETag());
        Assert.Contains((await (await manager.GetAsync("/api/v1/custom-fields/Lead")).JsonAsync()).EnumerateArray(), f => f.GetProperty("id").GetInt32() == id);

        var options = field.GetProperty("options").EnumerateArray().Select(o => new { id = (int?)o.GetProperty("id").GetInt32(), label = o.GetProperty("label").GetString()! }).ToArray();
        var change = new { type = "List", nameEn = $"Tier {code}!", namePl = $"Poziom {code}", options };
        await (await admin.SendAsync(HttpMethod.Put, $"/api/v1/custom-fields/{id}", change)).AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await manager.SendAsync(HttpMethod.Put, $"/api/v1/custom-fields/{id}", change, read.ETag())).AssertProblemAsync(HttpStatusCode.Forbidden);
        var updated = await admin.SendAsync(HttpMethod.Put, $"/api/v1/custom-fields/{id}", change, read.ETag());
        Assert.Equal($"Tier {code}!", (await updated.JsonAsync()).GetProperty("nameEn").GetString());
        await (await admin.SendAsync(HttpMethod.Put, $"/api/v1/custom-fields/{id}", change, read.ETag())).AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        var invalid = await admin.SendAsync(HttpMethod.Put, $"/api/v1/custom-fields/{id}", change with { nameEn = "" }, updated.ETag());
        Assert.Equal("Required.", (await invalid.JsonAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors").GetProperty("NameEn")[0].GetString());

        await (await admin.SendAsync(HttpMethod.Post, $"/api/v1/custom-fields/{id}/move", new { delta = -1 }, read.ETag())).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        var moved = await admin.SendAsync(HttpMethod.Post, $"/api/v1/custom-fields/{id}/move", new { delta = -1 }, updated.ETag());
        await moved.JsonAsync();

        // A lead holds a value: deleting the field is 409 until confirmed.
        var gold = options[0].id!.Value;
        var lead = await manager.SendAsync(HttpMethod.Post, "/api/v1/leads", new
        {
            title = $"Tiered {code}", phones = new[] { new { number = "+48 601 234 321", type = "Mobile" } }, source = "Manual", status = "New",
            custom = new Dictionary<string, object> { ["UF_" + code] = new { options = new[] { gold } } },
        });
        await lead.JsonAsync(HttpStatusCode.Created);
        var current = await admin.GetAsync($"/api/v1/custom-fields/{id}");
        Assert.Equal(1, (await current.JsonAsync()).GetProperty("inUse").GetInt32());
        await (await admin.SendAsync(HttpMethod.Delete, $"/api/v1/custom-fields/{id}", ifMatch: current.ETag())).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await admin.SendAsync(HttpMethod.Delete, $"/api/v1/custom-fields/{id}?confirm=true", ifMatch: read.ETag())).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, $"/api/v1/custom-fields/{id}?confirm=true", ifMatch: current.ETag())).StatusCode);
        await (await manager.GetAsync($"/api/v1/custom-fields/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CustomFields_InvalidFields422_OthersThanAdmins403_NoToken401_Missing404()
    {
        using var admin = await app.ClientAsync("admin@demo.crm");
        using var anna = await app.ClientAsync("anna@demo.crm");
        using var anonymous = ApiApp.Anonymous(app.Server);
        var body = new { entityKind = "Deal", code = "NOPE", type = "Text", nameEn = "Nope", namePl = "Nie" };

        var invalid = await admin.SendAsync(HttpMethod.Post, "/api/v1/custom-fields", new { entityKind = "Deal", code = "bad code!", type = "Number", nameEn = "", namePl = "Zła", isMultiple = true });
        var errors = (await invalid.JsonAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors");
        Assert.Equal("Required.", errors.GetProperty("NameEn")[0].GetString());
        Assert.False(string.IsNullOrEmpty(errors.GetProperty("Code")[0].GetString()));
        Assert.False(string.IsNullOrEmpty(errors.GetProperty("IsMultiple")[0].GetString()));

        await (await anna.SendAsync(HttpMethod.Post, "/api/v1/custom-fields", body)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(HttpMethod.Post, "/api/v1/custom-fields", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/custom-fields/Deal")).StatusCode);
        await (await anna.GetAsync("/api/v1/custom-fields/999999")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.SendAsync(HttpMethod.Put, "/api/v1/custom-fields/999999", body, "\"1\"")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.SendAsync(HttpMethod.Delete, "/api/v1/custom-fields/999999", ifMatch: "\"1\"")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.SendAsync(HttpMethod.Post, "/api/v1/custom-fields/999999/move", new { delta = 1 }, "\"1\"")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Activities_SortAndKeysetPaging_WithTotalOnlyWhenAsked_AndAForeignCursorIs400()
    {
        using var client = await app.ClientAsync("manager@demo.crm");
        var (deal, _) = await app.Server.NewDealAsync($"Activities {Guid.NewGuid():N}");
        var subject = $"Paged {Guid.NewGuid():N}"[..20];
        for (var i = 0; i < 5; i++)
        {
            var planned = await client.SendAsync(HttpMethod.Post, "/api/v1/activities", new
            {
                elementKind = "Deal", elementId = deal.Id,
                activity = new { type = "Task", subject = $"{subject} {i}", deadline = new DateTime(2031, 1, 1 + i % 2, 9, 0, 0, DateTimeKind.Utc) },
            });
            await planned.JsonAsync(HttpStatusCode.Created);
        }

        // Planned in 2031, they are the latest deadlines: the first three pages of two, newest first, ties by the id.
        var items = new List<JsonElement>();
        string? next = null;
        JsonElement first = default;
        for (var page = 0; page < 3; page++)
        {
            var read = await (await client.GetAsync("/api/v1/activities?sort=Deadline&descending=true&limit=2&includeTotal=true"
                + (next is null ? "" : "&cursor=" + Uri.EscapeDataString(next)))).JsonAsync();
            first = page == 0 ? read : first;
            items.AddRange(read.GetProperty("items").EnumerateArray());
            next = read.GetProperty("nextCursor").GetString();
        }
        Assert.True(first.GetProperty("total").GetInt32() >= 5);
        Assert.Equal([3, 1, 4, 2, 0], items.Take(5).Select(a => int.Parse(a.GetProperty("subject").GetString()![^1..], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(items.Take(5), a => Assert.StartsWith(subject, a.GetProperty("subject").GetString(), StringComparison.Ordinal));
        Assert.All(items.Take(5), a => Assert.Equal(deal.Title, a.GetProperty("elementTitle").GetString()));

        var byId = await (await client.GetAsync("/api/v1/activities?sort=Id&limit=1")).JsonAsync();
        Assert.Equal(JsonValueKind.Null, byId.GetProperty("total").ValueKind);
        var cursor = byId.GetProperty("nextCursor").GetString();
        await (await client.GetAsync($"/api/v1/activities?sort=Deadline&cursor={cursor}")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync("/api/v1/activities?cursor=garbage")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TimelineAndComments_KeysetPaging_Missing404_Unreadable403()
    {
        using var client = await app.ClientAsync("manager@demo.crm");
        var (deal, _) = await app.Server.NewDealAsync($"Timeline {Guid.NewGuid():N}");
        for (var i = 0; i < 5; i++)
        {
            await (await client.SendAsync(HttpMethod.Post, $"/api/v1/timeline/Deal/{deal.Id}/comments", new { text = $"Note {i}" })).JsonAsync(HttpStatusCode.Created);
        }

        var (comments, first) = await WalkAsync(client, $"/api/v1/timeline/Deal/{deal.Id}/comments?limit=2&includeTotal=true");
        Assert.Equal(5, first.GetProperty("total").GetInt32());
        Assert.Equal(["Note 4", "Note 3", "Note 2", "Note 1", "Note 0"], comments.Select(c => c.GetProperty("text").GetString()));
        var (oldest, _) = await WalkAsync(client, $"/api/v1/timeline/Deal/{deal.Id}?descending=false&limit=2");
        Assert.Equal("Created", oldest[0].GetProperty("kind").GetString());
        Assert.Equal(6, oldest.Count);
        var (onlyComments, _) = await WalkAsync(client, $"/api/v1/timeline/Deal/{deal.Id}?entryKind=Comment&sort=Id&descending=false&limit=3");
        Assert.Equal(comments.Select(c => c.GetProperty("id").GetInt64()).Order(), onlyComments.Select(c => c.GetProperty("id").GetInt64()));

        var page = await (await client.GetAsync($"/api/v1/timeline/Deal/{deal.Id}/comments?limit=1")).JsonAsync();
        await (await client.GetAsync($"/api/v1/timeline/Deal/{deal.Id}/comments?sort=Id&cursor={page.GetProperty("nextCursor").GetString()}"))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync("/api/v1/timeline/Deal/999999/comments")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/api/v1/timeline/Deal/999999")).AssertProblemAsync(HttpStatusCode.NotFound);

        var email = $"api-own-{Guid.NewGuid():N}@test.crm";
        using (var scope = app.Server.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
            var user = new CrmUser { UserName = email, Email = email, DisplayName = "Own Api", EmailConfirmed = true, AccessRoleId = BuiltInRoles.SalesOwnOnlyId };
            Assert.True((await users.CreateAsync(user, "Own-Only-123!")).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, CrmRoles.Sales)).Succeeded);
        }
        using var own = await ApiApp.ClientAsync(app.Server, email, ApiTokenScope.ReadOnly);
        await (await own.GetAsync($"/api/v1/timeline/Deal/{deal.Id}/comments")).AssertProblemAsync(HttpStatusCode.Forbidden);
        using var anonymous = ApiApp.Anonymous(app.Server);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/timeline/Deal/{deal.Id}/comments")).StatusCode);
    }

    [Fact]
    public async Task Leads_KeysetPaging_BySortWithTies_AndAForeignCursorIs400()
    {
        using var client = await app.ClientAsync("manager@demo.crm");
        var tag = Guid.NewGuid().ToString("N")[..10];
        foreach (var (title, n) in new[] { ("B", 1), ("A", 2), ("B", 3), ("A", 4) })
        {
            await (await client.SendAsync(HttpMethod.Post, "/api/v1/leads", new
            {
                title = $"{tag} {title}", phones = new[] { new { number = $"+48 601 234 5{n}{n}", type = "Mobile" } }, source = "Manual", status = "New",
            })).JsonAsync(HttpStatusCode.Created);
        }

        var (byTitle, first) = await WalkAsync(client, $"/api/v1/leads?search={tag}&sort=Title&descending=false&limit=1&includeTotal=true");
        Assert.Equal(4, first.GetProperty("total").GetInt32());
        var rows = byTitle.Select(l => (Title: l.GetProperty("title").GetString()!, Id: l.GetProperty("id").GetInt32())).ToList();
        Assert.Equal(rows.OrderBy(r => r.Title, StringComparer.Ordinal).ThenBy(r => r.Id), rows);
        var (newest, _) = await WalkAsync(client, $"/api/v1/leads?search={tag}&limit=3");
        Assert.Equal(rows.Select(r => r.Id).OrderDescending(), newest.Select(l => l.GetProperty("id").GetInt32()));
        await (await client.GetAsync($"/api/v1/leads?search={tag}&sort=Status&cursor={first.GetProperty("nextCursor").GetString()}")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Users_KeysetPaging_SearchAndSort_AndAForeignCursorIs400()
    {
        using var client = await app.ClientAsync("anna@demo.crm", ApiTokenScope.ReadOnly);

        var (byName, first) = await WalkAsync(client, "/api/v1/users?limit=2&includeTotal=true");
        Assert.Equal(first.GetProperty("total").GetInt32(), byName.Count);
        Assert.Equal(byName.Count, byName.Select(u => u.GetProperty("id").GetString()).Distinct().Count());
        Assert.Contains(byName, u => u.GetProperty("email").GetString() == "anna@demo.crm");
        var (byEmail, _) = await WalkAsync(client, "/api/v1/users?sort=Email&descending=true&limit=3");
        Assert.Equal(byName.Count, byEmail.Count);

        var found = await (await client.GetAsync("/api/v1/users?search=anna@demo")).JsonAsync();
        Assert.Equal("anna@demo.crm", Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("email").GetString());
        await (await client.GetAsync($"/api/v1/users?sort=Email&cursor={first.GetProperty("nextCursor").GetString()}")).AssertProblemAsync(HttpStatusCode.BadRequest);
        using var anonymous = ApiApp.Anonymous(app.Server);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/users")).StatusCode);
    }
}
