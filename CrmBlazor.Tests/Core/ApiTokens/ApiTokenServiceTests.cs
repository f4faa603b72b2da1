using CrmBlazor.Core.ApiTokens;

namespace CrmBlazor.Tests.Core.ApiTokens;

public class ApiTokenServiceTests : IAsyncLifetime
{
    private readonly TestDatabase _db;
    private Actor _anna = default!;
    private Actor _piotr = default!;
    private Actor _admin = default!;

    public ApiTokenServiceTests() => _db = new TestDatabase();

    protected ApiTokenServiceTests(TestDatabase db) => _db = db;

    private ApiTokenService Tokens => _db.Get<ApiTokenService>();

    public async Task InitializeAsync()
    {
        _anna = await _db.AddUserAsync("Anna", CrmRoles.Sales);
        _piotr = await _db.AddUserAsync("Piotr", CrmRoles.Sales);
        _admin = await _db.AddUserAsync("Ada", CrmRoles.Admin);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Create_ReturnsTheSecretOnce_StoresOnlyItsHash_AndTheSecretAuthenticates()
    {
        var created = (await Tokens.CreateAsync(new ApiTokenInput { Name = " PBX ", Scope = ApiTokenScope.ReadWrite, Days = 30 }, _anna)).Value!;

        Assert.StartsWith($"crm_{created.Token.Prefix}_", created.Secret);
        Assert.Equal("PBX", created.Token.Name);
        await using (var db = await _db.Factory.CreateDbContextAsync())
        {
            var stored = await db.Set<ApiToken>().SingleAsync();
            Assert.Equal(ApiTokenService.HashOf(created.Secret), stored.Hash);
            Assert.DoesNotContain(created.Secret[^20..], stored.Hash + stored.Prefix + stored.Name);
        }
        Assert.Equal(new ApiTokenIdentity(created.Token.Id, _anna.UserId, ApiTokenScope.ReadWrite, "anna@test.crm"), await Tokens.AuthenticateAsync(created.Secret));
        Assert.Equal(_db.Clock.Now.UtcDateTime, Assert.Single(await Tokens.ListAsync(_anna)).LastUsedAt);
    }

    [Theory]
    [InlineData("", 30, "Name", "Validation.Required")]
    [InlineData("X", 0, "Days", "ApiToken.Days")]
    [InlineData("X", 367, "Days", "ApiToken.Days")]
    public async Task Create_BadField_ReportsThatField(string name, int days, string field, string key)
    {
        var result = await Tokens.CreateAsync(new ApiTokenInput { Name = name, Days = days }, _anna);

        Assert.Equal((field, key), (Assert.Single(result.Errors).Field, result.Errors[0].MessageKey));
    }

    [Fact]
    public async Task Authenticate_WrongSecretSamePrefix_ExpiredOrRevoked_IsNull()
    {
        var created = (await Tokens.CreateAsync(new ApiTokenInput { Name = "A", Days = 1 }, _anna)).Value!;
        var forged = created.Secret[..^4] + (created.Secret.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        Assert.Null(await Tokens.AuthenticateAsync(forged));
        Assert.Null(await Tokens.AuthenticateAsync("crm_"));
        Assert.Null(await Tokens.AuthenticateAsync("not-a-token"));

        _db.Clock.Now = _db.Clock.Now.AddDays(1);
        Assert.Null(await Tokens.AuthenticateAsync(created.Secret));

        var other = (await Tokens.CreateAsync(new ApiTokenInput { Name = "B" }, _anna)).Value!;
        Assert.True((await Tokens.RevokeAsync(other.Token.Id, _anna)).IsOk);
        Assert.Null(await Tokens.AuthenticateAsync(other.Secret));
    }

    [Fact]
    public async Task ListAndRevoke_OwnTokensForEveryone_AllTokensOnlyForAdmins()
    {
        var annas = (await Tokens.CreateAsync(new ApiTokenInput { Name = "Anna's" }, _anna)).Value!;
        await Tokens.CreateAsync(new ApiTokenInput { Name = "Piotr's" }, _piotr);

        Assert.Equal(["Anna's"], (await Tokens.ListAsync(_anna, everyone: true)).Select(t => t.Name));
        Assert.Equal(["Piotr's", "Anna's"], (await Tokens.ListAsync(_admin, everyone: true)).Select(t => t.Name));
        Assert.Equal(ResultStatus.Forbidden, (await Tokens.RevokeAsync(annas.Token.Id, _piotr)).Status);
        Assert.NotNull(await Tokens.AuthenticateAsync(annas.Secret));
        Assert.True((await Tokens.RevokeAsync(annas.Token.Id, _admin)).IsOk);
        Assert.Null(await Tokens.AuthenticateAsync(annas.Secret));
    }
}

public sealed class PostgresApiTokenServiceTests(PostgresServer server) : ApiTokenServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
