using System.Net;
using System.Text.Json;

namespace CrmBlazor.Tests.Api;

/// <summary>The PBX's register and finish calls over HTTP: they find or make the lead and write the call activities.</summary>
public sealed class CallsApiTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static string NewNumber() => "+48 22 " + Random.Shared.Next(100, 999) + " " + Random.Shared.Next(10, 99) + " " + Random.Shared.Next(10, 99);

    [Fact]
    public async Task RegisterUnknownNumber_MakesALeadWithSourceCall_ThenFinishMissed_WritesTheDoneCallAndPlansACallBack()
    {
        using var client = await app.ClientAsync("admin@demo.crm");
        var anna = await app.Server.ActorAsync("anna@demo.crm");
        var number = NewNumber();

        var registered = await (await client.SendAsync(HttpMethod.Post, "/api/v1/calls/register", new { number, userId = anna.UserId, direction = "Incoming" })).JsonAsync();
        Assert.True(registered.GetProperty("leadCreated").GetBoolean());
        Assert.Equal("Lead", registered.GetProperty("elementKind").GetString());
        var leadId = registered.GetProperty("elementId").GetInt32();
        var lead = await (await client.GetAsync($"/api/v1/leads/{leadId}")).JsonAsync();
        Assert.Equal("Call", lead.GetProperty("input").GetProperty("source").GetString());
        Assert.Equal(anna.UserId, lead.GetProperty("input").GetProperty("responsibleUserId").GetString());

        // The same caller again is the same lead, however the number is written.
        var again = await (await client.SendAsync(HttpMethod.Post, "/api/v1/calls/register", new { number = number.Replace(" ", "").Replace("+48", "0048"), userId = anna.UserId })).JsonAsync();
        Assert.False(again.GetProperty("leadCreated").GetBoolean());
        Assert.Equal(leadId, again.GetProperty("elementId").GetInt32());

        var finished = await (await client.SendAsync(HttpMethod.Post, "/api/v1/calls/finish",
            new { callId = registered.GetProperty("callId").GetString(), durationSeconds = 0, answered = false })).JsonAsync();
        var done = await (await client.GetAsync($"/api/v1/activities/{finished.GetProperty("activityId").GetInt32()}")).JsonAsync();
        Assert.Equal(("Done", "Call", leadId), (done.GetProperty("state").GetString(), done.GetProperty("type").GetString(), done.GetProperty("elementId").GetInt32()));
        Assert.StartsWith("Missed call", done.GetProperty("subject").GetString());
        var callBack = await (await client.GetAsync($"/api/v1/activities/{finished.GetProperty("callBackActivityId").GetInt32()}")).JsonAsync();
        Assert.Equal(("Planned", anna.UserId), (callBack.GetProperty("state").GetString(), callBack.GetProperty("responsibleUserId").GetString()));

        await (await client.SendAsync(HttpMethod.Post, "/api/v1/calls/finish",
            new { callId = registered.GetProperty("callId").GetString(), durationSeconds = 0, answered = false })).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task RegisterAContactsNumber_FindsTheContact_AndAnAnsweredCallKeepsItsDurationAndRecording()
    {
        using var client = await app.ClientAsync("manager@demo.crm");
        var manager = await app.Server.ActorAsync("manager@demo.crm");
        var number = NewNumber();
        var contact = await client.SendAsync(HttpMethod.Post, "/api/v1/contacts", new { firstName = "Caller", phones = new[] { new { number, type = "Work" } } });
        var contactId = (await contact.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();

        var registered = await (await client.SendAsync(HttpMethod.Post, "/api/v1/calls/register", new { number, userId = manager.UserId, direction = "Outgoing" })).JsonAsync();
        Assert.Equal(("Contact", contactId), (registered.GetProperty("elementKind").GetString(), registered.GetProperty("elementId").GetInt32()));
        var finished = await (await client.SendAsync(HttpMethod.Post, "/api/v1/calls/finish",
            new { callId = registered.GetProperty("callId").GetString(), durationSeconds = 125, answered = true, recordingUrl = "https://pbx.example/rec/1.mp3" })).JsonAsync();

        Assert.Equal(JsonValueKind.Null, finished.GetProperty("callBackActivityId").ValueKind);
        var done = await (await client.GetAsync($"/api/v1/activities/{finished.GetProperty("activityId").GetInt32()}")).JsonAsync();
        Assert.Equal((3, "https://pbx.example/rec/1.mp3", "Outgoing"), (done.GetProperty("durationMinutes").GetInt32(), done.GetProperty("description").GetString(), done.GetProperty("direction").GetString()));
    }

    [Fact]
    public async Task Register_BadNumberOrUnknownUser_Is422_AndForAnotherUserBySalesIs403()
    {
        using var anna = await app.ClientAsync("anna@demo.crm");
        var piotr = await app.Server.ActorAsync("piotr@demo.crm");

        var bad = await anna.SendAsync(HttpMethod.Post, "/api/v1/calls/register", new { number = "abc", userId = "nobody" });
        var errors = (await bad.JsonAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("Number", out _) && errors.TryGetProperty("UserId", out _));
        await (await anna.SendAsync(HttpMethod.Post, "/api/v1/calls/register", new { number = NewNumber(), userId = piotr.UserId })).AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
