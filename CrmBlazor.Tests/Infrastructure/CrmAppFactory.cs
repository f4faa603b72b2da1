using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// The real app on Kestrel at 127.0.0.1 on a free port, with its own temporary SQLite database seeded with the demo
/// team and data, as a user gets it from <c>dotnet run</c>.
/// </summary>
public sealed class CrmAppFactory : WebApplicationFactory<Program>
{
    private readonly ScratchDirectory _directory = new("crm-app-");
    private readonly string _databasePath;
    private readonly string? _redis;
    private readonly string? _postgres;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="postgres">A PostgreSQL connection string (shared by several servers); a private SQLite file when null.</param>
    /// <param name="redis">A Redis connection string, to run as one of several servers.</param>
    /// <param name="settings">Settings over the tests' defaults (for example low sign-in rate limits).</param>
    /// <param name="services">Services a test adds to the app (for example a <see cref="CircuitLog"/>).</param>
    public CrmAppFactory(string? postgres = null, string? redis = null, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        _settings = settings ?? new Dictionary<string, string>();
        _services = services;
        _databasePath = _directory.File("crm.db");
        _postgres = postgres;
        _redis = redis;
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public string BaseUrl { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Crm:DatabaseProvider", _postgres is null ? "Sqlite" : "Postgres");
        builder.UseSetting("ConnectionStrings:Crm", _postgres ?? $"Data Source={_databasePath}");
        builder.UseSetting("ConnectionStrings:Redis", _redis ?? "");
        builder.UseSetting("Crm:LiveRelay:Key", "the-test-servers-shared-relay-key-0123456789");
        builder.UseSetting("Crm:SeedDemoData", "true");
        builder.UseSetting("Crm:Lockout:MaxFailedAttempts", "3");
        // Every browser test signs in from 127.0.0.1: the per-address limit would soon refuse them.
        builder.UseSetting("Crm:SignIn:PerIpLimit", "10000");
        builder.UseSetting("Crm:SignIn:PerAccountLimit", "10000");
        // Browser tests fill web forms faster than a person could, from 127.0.0.1 again and again.
        builder.UseSetting("Crm:WebForms:MinFillSeconds", "0");
        builder.UseSetting("Crm:WebForms:PerIpLimit", "10000");
        // Open pages notice a sign-out elsewhere within a second.
        builder.UseSetting("Crm:SignIn:RevalidateSeconds", "1");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Mail attachments go to the test's own folder, not the project's (deleted with it).
        builder.UseSetting("Crm:Mail:FileDirectory", _directory.File("mail-files"));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_services is { } services)
        {
            builder.ConfigureServices(services);
        }
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task<Actor> ActorAsync(string email)
    {
        await using var db = await Get<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var roles = await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToArrayAsync();
        return Actor.Create(user.Id, user.DisplayName, roles);
    }

    /// <summary>A fresh deal of the default pipeline's first stage, so each test works on cards no other test touches.</summary>
    public async Task<(DealCard Deal, BoardView Board)> NewDealAsync(string title, string responsibleEmail = "manager@demo.crm")
    {
        var board = (await Get<DealBoardService>().GetBoardAsync(null))!;
        var actor = await ActorAsync(responsibleEmail);
        var result = await Get<DealService>().CreateAsync(
            new DealInput { Title = title, Amount = 1234m, Currency = "PLN", StageId = board.Columns[0].Stage.Id, ResponsibleUserId = actor.UserId }, actor);
        Assert.True(result.IsOk);
        return (result.Value!, board);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}
