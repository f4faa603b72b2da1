using System.Net;
using CrmBlazor.Core.ApiTokens;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Api;

/// <summary>
/// The API acts with the caller's role record, as the pages do: a "Sales (own only)" user's token lists and reads only
/// their own and unassigned records (403 for another's, its timeline too).
/// </summary>
public sealed class ApiScopeTests(ApiApp app) : IClassFixture<ApiApp>
{
    [Fact]
    public async Task OwnOnlyUsersToken_ListsAndReadsOnlyTheirOwnRecords()
    {
        var email = $"api-own-{Guid.NewGuid():N}@test.crm";
        using (var scope = app.Server.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
            var user = new CrmUser { UserName = email, Email = email, DisplayName = "Own Api", EmailConfirmed = true, AccessRoleId = BuiltInRoles.SalesOwnOnlyId };
            Assert.True((await users.CreateAsync(user, "Own-Only-123!")).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, CrmRoles.Sales)).Succeeded);
        }
        var own = await app.Server.ActorAsync(email);
        var manager = await app.Server.ActorAsync("manager@demo.crm");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var mine = (await app.Server.Get<LeadService>().CreateAsync(new LeadInput { Title = $"Mine {suffix}", ResponsibleUserId = own.UserId, Emails = [new($"m{suffix}@example.com")] }, own)).Value!;
        var theirs = (await app.Server.Get<LeadService>().CreateAsync(new LeadInput { Title = $"Theirs {suffix}", ResponsibleUserId = manager.UserId, Emails = [new($"t{suffix}@example.com")] }, manager)).Value!;
        var pipeline = (await app.Server.Get<PipelineService>().GetPipelinesAsync()).Single(p => p.IsDefault);
        var stage = (await app.Server.Get<PipelineService>().GetStagesAsync(pipeline.Id)).First(s => s.Kind == StageKind.Open).Id;
        var myDeal = (await app.Server.Get<DealService>().CreateAsync(new DealInput { Title = $"My deal {suffix}", Amount = 1, Currency = "PLN", StageId = stage, ResponsibleUserId = own.UserId }, own)).Value!;
        var theirDeal = (await app.Server.Get<DealService>().CreateAsync(new DealInput { Title = $"Their deal {suffix}", Amount = 1, Currency = "PLN", StageId = stage, ResponsibleUserId = manager.UserId }, manager)).Value!;
        using var client = await ApiApp.ClientAsync(app.Server, email, ApiTokenScope.ReadOnly);

        var leads = await (await client.GetAsync($"/api/v1/leads?search={suffix}")).JsonAsync();
        Assert.Equal([mine.Id], leads.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetInt32()));
        var deals = await (await client.GetAsync($"/api/v1/deals?search={suffix}")).JsonAsync();
        Assert.Equal([myDeal.Id], deals.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetInt32()));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/leads/{mine.Id}")).StatusCode);
        await (await client.GetAsync($"/api/v1/leads/{theirs.Id}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync($"/api/v1/deals/{theirDeal.Id}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync($"/api/v1/timeline/Lead/{theirs.Id}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/timeline/Lead/{mine.Id}")).StatusCode);
    }
}
