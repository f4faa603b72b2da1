using System.Net;

namespace CrmBlazor.Tests.Api;

/// <summary><c>DELETE</c> of leads, contacts and companies over HTTP: If-Match required, 412 when stale, 204 into the recycle bin, then 404.</summary>
public sealed class RecycleBinApiTests(ApiApp app) : IClassFixture<ApiApp>
{
    [Theory]
    [InlineData("leads", "{\"title\":\"Bin lead\",\"phones\":[{\"number\":\"+48 601 234 567\"}],\"source\":\"Call\",\"status\":\"New\"}")]
    [InlineData("contacts", "{\"firstName\":\"Bin\",\"lastName\":\"Contact\"}")]
    [InlineData("companies", "{\"name\":\"Bin company\"}")]
    public async Task Delete_WithETags_MovesItIntoTheBin(string resource, string body)
    {
        using var client = await app.ClientAsync();
        var created = await client.SendAsync(HttpMethod.Post, $"/api/v1/{resource}", System.Text.Json.JsonDocument.Parse(body).RootElement);
        var id = (await created.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();

        await (await client.SendAsync(HttpMethod.Delete, $"/api/v1/{resource}/{id}")).AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await client.SendAsync(HttpMethod.Delete, $"/api/v1/{resource}/{id}", ifMatch: "\"999\"")).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, $"/api/v1/{resource}/{id}", ifMatch: created.ETag())).StatusCode);

        await (await client.GetAsync($"/api/v1/{resource}/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.SendAsync(HttpMethod.Delete, $"/api/v1/{resource}/{id}", ifMatch: created.ETag())).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
