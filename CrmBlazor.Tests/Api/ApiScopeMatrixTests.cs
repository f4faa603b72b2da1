using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CrmBlazor.Tests.Api;

/// <summary>
/// The access matrix over HTTP (issue 11): for each scope of a role (none, own, department, all) a user of it reads,
/// through the REST API (lists, single records, timelines) and the CSV exports, exactly the leads, contacts, companies
/// and deals of the owners the scope reaches: themselves, nobody, a colleague of their department, a user of a
/// department below it, a user of another department. Prints how many cases it checked.
/// </summary>
public sealed class ApiScopeMatrixTests(ApiApp app, ITestOutputHelper output) : IClassFixture<ApiApp>
{
    private static readonly string[] Owners = ["self", "nobody", "colleague", "below", "other"];

    private static bool Reaches(AccessScope scope, string owner) => scope switch
    {
        AccessScope.All => true,
        AccessScope.Department => owner is not "other",
        AccessScope.Own => owner is "self" or "nobody",
        _ => false,
    };

    private async Task<string> NewUserAsync(string name, int? departmentId, int? roleId = null)
    {
        var email = $"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@matrix.crm";
        using (var scope = app.Server.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
            var user = new CrmUser { UserName = email, Email = email, DisplayName = name, EmailConfirmed = true, DepartmentId = departmentId, AccessRoleId = roleId };
            Assert.True((await users.CreateAsync(user, BrowserFixture.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, CrmRoles.Sales)).Succeeded);
        }
        return email;
    }

    [Fact]
    public async Task EveryScope_ThroughTheApiAndTheExports_ReadsExactlyWhatItShould()
    {
        var server = app.Server;
        var admin = await server.ActorAsync("admin@demo.crm");
        var team = server.Get<TeamSettingsService>();
        var run = Guid.NewGuid().ToString("N")[..8];
        var top = (await team.SaveDepartmentAsync(null, 0, new DepartmentInput("Top " + run, null, null), admin)).Value!;
        var below = (await team.SaveDepartmentAsync(null, 0, new DepartmentInput("Below " + run, top.Id, null), admin)).Value!;
        var elsewhere = (await team.SaveDepartmentAsync(null, 0, new DepartmentInput("Elsewhere " + run, null, null), admin)).Value!;
        var owners = new Dictionary<string, string?>
        {
            ["colleague"] = (await server.ActorAsync(await NewUserAsync("Colleague", top.Id))).UserId,
            ["below"] = (await server.ActorAsync(await NewUserAsync("Below", below.Id))).UserId,
            ["other"] = (await server.ActorAsync(await NewUserAsync("Other", elsewhere.Id))).UserId,
            ["nobody"] = null,
        };
        var stageId = (await server.Get<DealBoardService>().GetBoardAsync(null))!.Columns[0].Stage.Id;
        var contexts = server.Get<IDbContextFactory<CrmDbContext>>();

        var cases = 0;
        foreach (var scope in Enum.GetValues<AccessScope>())
        {
            var role = (await team.SaveRoleAsync(null, 0, new AccessRoleInput($"Matrix {scope} {run}", CrmRoles.Sales,
                BuiltInRoles.Entities.SelectMany(e => BuiltInRoles.Actions.Select(a => (e, a))).ToDictionary(k => k, _ => scope)), admin)).Value!;
            var email = await NewUserAsync("Me", top.Id, role.Id);
            var me = await server.ActorAsync(email);
            owners["self"] = me.UserId;

            // One lead, contact, company and deal per owner, named after the scope and the owner, with unique words to search.
            var tag = $"m{run}{scope}".ToLowerInvariant();
            var ids = new Dictionary<(ElementKind, string), int>();
            foreach (var owner in Owners)
            {
                var responsible = owners[owner] ?? me.UserId;
                ids[(ElementKind.Lead, owner)] = Ok(await server.Get<LeadService>().CreateAsync(
                    new LeadInput { Title = $"{tag} lead {owner}", FirstName = owner, Emails = [new EmailInput($"{tag}-{owner}@lead.pl")], ResponsibleUserId = responsible }, admin)).Id;
                ids[(ElementKind.Contact, owner)] = Ok(await server.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = tag, LastName = "contact " + owner, ResponsibleUserId = responsible }, admin)).Id;
                ids[(ElementKind.Company, owner)] = Ok(await server.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput { Name = $"{tag} company {owner}", ResponsibleUserId = responsible }, admin)).Id;
                ids[(ElementKind.Deal, owner)] = Ok(await server.Get<DealService>().CreateAsync(new DealInput { Title = $"{tag} deal {owner}", Amount = 1, Currency = "PLN", StageId = stageId, ResponsibleUserId = responsible }, admin)).Id;
            }
            await using (var db = await contexts.CreateDbContextAsync())
            {
                var nobody = ids.Where(i => i.Key.Item2 == "nobody").ToDictionary(i => i.Key.Item1, i => i.Value);
                await db.Leads.Where(l => l.Id == nobody[ElementKind.Lead]).ExecuteUpdateAsync(s => s.SetProperty(l => l.ResponsibleUserId, (string?)null));
                await db.Contacts.Where(c => c.Id == nobody[ElementKind.Contact]).ExecuteUpdateAsync(s => s.SetProperty(c => c.ResponsibleUserId, (string?)null));
                await db.Companies.Where(c => c.Id == nobody[ElementKind.Company]).ExecuteUpdateAsync(s => s.SetProperty(c => c.ResponsibleUserId, (string?)null));
                await db.Deals.Where(d => d.Id == nobody[ElementKind.Deal]).ExecuteUpdateAsync(s => s.SetProperty(d => d.ResponsibleUserId, (string?)null));
            }
            server.Get<AccessProfiles>().Invalidate();

            using var api = await ApiApp.ClientAsync(server, email, CrmBlazor.Core.ApiTokens.ApiTokenScope.ReadOnly);
            using var browser = await server.SignedInClientAsync(email);
            var lists = new Dictionary<ElementKind, HashSet<int>>
            {
                [ElementKind.Lead] = await IdsAsync(api, $"/api/v1/leads?search={tag}&limit=200"),
                [ElementKind.Contact] = await IdsAsync(api, $"/api/v1/contacts?search={tag}&limit=200"),
                [ElementKind.Company] = await IdsAsync(api, $"/api/v1/companies?search={tag}&limit=200"),
                [ElementKind.Deal] = await IdsAsync(api, $"/api/v1/deals?search={tag}&limit=200"),
            };
            var exports = new Dictionary<ElementKind, string>
            {
                [ElementKind.Lead] = await browser.GetStringAsync($"/api/export/leads.csv?search={tag}"),
                [ElementKind.Contact] = await browser.GetStringAsync($"/api/export/contacts.csv?search={tag}"),
                [ElementKind.Company] = await browser.GetStringAsync($"/api/export/companies.csv?search={tag}"),
                [ElementKind.Deal] = await browser.GetStringAsync("/api/export/deals.csv"),
            };

            foreach (var owner in Owners)
            {
                var expected = Reaches(scope, owner);
                foreach (var kind in new[] { ElementKind.Lead, ElementKind.Contact, ElementKind.Company, ElementKind.Deal })
                {
                    var id = ids[(kind, owner)];
                    var because = $"{scope} scope, {kind} of {owner}";
                    var path = kind switch { ElementKind.Lead => "leads", ElementKind.Contact => "contacts", ElementKind.Company => "companies", _ => "deals" };
                    Assert.True(expected == lists[kind].Contains(id), "API list: " + because);
                    var single = await api.GetAsync($"/api/v1/{path}/{id}");
                    Assert.True(single.StatusCode == (expected ? HttpStatusCode.OK : HttpStatusCode.Forbidden), $"API GET {(int)single.StatusCode}: {because}");
                    var timeline = await api.GetAsync($"/api/v1/timeline/{kind}/{id}");
                    Assert.True(timeline.StatusCode == (expected ? HttpStatusCode.OK : HttpStatusCode.Forbidden), $"API timeline {(int)timeline.StatusCode}: {because}");
                    var word = kind == ElementKind.Contact ? "contact " + owner : $"{tag} {kind.ToString().ToLowerInvariant()} {owner}";
                    Assert.True(expected == exports[kind].Contains(word, StringComparison.Ordinal), "CSV export: " + because);
                    cases += 4;
                }
            }
        }
        output.WriteLine($"Access matrix over HTTP: {cases} cases checked.");
        Console.WriteLine($"Access matrix over HTTP: {cases} cases checked.");
        Assert.Equal(4 * 5 * 4 * 4, cases);
    }

    [Fact]
    public async Task AddScope_APostOfANewRecord_IsRefusedWith403AsARefusedEditIs()
    {
        var server = app.Server;
        var admin = await server.ActorAsync("admin@demo.crm");
        var team = server.Get<TeamSettingsService>();
        var run = Guid.NewGuid().ToString("N")[..8];
        Dictionary<(AccessEntity, AccessAction), AccessScope> Scopes(AccessScope add) =>
            BuiltInRoles.Entities.SelectMany(e => BuiltInRoles.Actions.Select(a => (e, a))).ToDictionary(k => k, k => k.a == AccessAction.Add ? add : AccessScope.All);
        var noAdd = (await team.SaveRoleAsync(null, 0, new AccessRoleInput($"No add {run}", CrmRoles.Sales, Scopes(AccessScope.None)), admin)).Value!;
        var ownAdd = (await team.SaveRoleAsync(null, 0, new AccessRoleInput($"Own add {run}", CrmRoles.Sales, Scopes(AccessScope.Own)), admin)).Value!;
        var noAddEmail = await NewUserAsync("NoAdd", null, noAdd.Id);
        var ownAddEmail = await NewUserAsync("OwnAdd", null, ownAdd.Id);
        var other = (await server.ActorAsync(await NewUserAsync("Other", null))).UserId;
        var stageId = (await server.Get<DealBoardService>().GetBoardAsync(null))!.Columns[0].Stage.Id;
        var dealId = Ok(await server.Get<DealService>().CreateAsync(new DealInput { Title = $"a{run} deal", Amount = 1, Currency = "PLN", StageId = stageId, ResponsibleUserId = other }, admin)).Id;
        server.Get<AccessProfiles>().Invalidate();

        object[] Bodies(string? responsible) =>
        [
            new LeadInput { Title = $"a{run} lead", FirstName = "Jan", Emails = [new EmailInput($"a{run}@lead.pl")], ResponsibleUserId = responsible },
            new ContactInput { FirstName = $"a{run}", ResponsibleUserId = responsible },
            new CompanyInput { Name = $"a{run} company", ResponsibleUserId = responsible },
            new DealInput { Title = $"a{run} new deal", Amount = 1, Currency = "PLN", StageId = stageId, ResponsibleUserId = responsible },
            new { ElementKind = ElementKind.Deal, ElementId = dealId, Activity = new ActivityInput { Subject = "Call", Deadline = DateTime.UtcNow.AddDays(1), Direction = ActivityDirection.Outgoing, ResponsibleUserId = responsible } },
        ];
        string[] paths = ["leads", "contacts", "companies", "deals", "activities"];

        using (var refused = await ApiApp.ClientAsync(server, noAddEmail))
        {
            foreach (var (path, body) in paths.Zip(Bodies(null)))
            {
                var response = await refused.SendAsync(HttpMethod.Post, $"/api/v1/{path}", body);
                await response.AssertProblemAsync(HttpStatusCode.Forbidden);
            }
        }
        using var own = await ApiApp.ClientAsync(server, ownAddEmail);
        foreach (var (path, body) in paths.Zip(Bodies(other)))
        {
            await (await own.SendAsync(HttpMethod.Post, $"/api/v1/{path}", body)).AssertProblemAsync(HttpStatusCode.Forbidden);
        }
        foreach (var (path, body) in paths.Zip(Bodies(null)))
        {
            var created = await own.SendAsync(HttpMethod.Post, $"/api/v1/{path}", body);
            Assert.True(created.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        }
    }

    private static T Ok<T>(Result<T> result)
    {
        Assert.True(result.IsOk, $"{result.Status} {result.MessageKey} {string.Join(", ", result.Errors.Select(e => e.Field + ": " + e.MessageKey))}");
        return result.Value!;
    }

    private static async Task<HashSet<int>> IdsAsync(HttpClient client, string url)
    {
        var page = await (await client.GetAsync(url)).JsonAsync();
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToHashSet();
    }
}
