using System.Net;
using System.Text.RegularExpressions;
using CrmBlazor.Core.Seeding;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// The real CrmBlazor app, started in this process on a real Kestrel socket at 127.0.0.1 with its own temporary
/// SQLite database (migrated and seeded with the demo team and data by the app itself, as on a first start).
/// </summary>
internal sealed partial class CrmApp : WebApplicationFactory<Program>
{
    private readonly ScratchDirectory _directory = new("crm-bench-");

    private readonly bool _queuedLiveUpdates;

    private readonly IReadOnlyDictionary<string, string> _settings;

    private CrmApp(bool queuedLiveUpdates, IReadOnlyDictionary<string, string>? settings)
    {
        _queuedLiveUpdates = queuedLiveUpdates;
        _settings = settings ?? new Dictionary<string, string>();
    }

    public string DatabasePath => _directory.File("crm.db");

    public Uri BaseAddress { get; private set; } = default!;

    /// <param name="queuedLiveUpdates">Swap in the <see cref="QueuedLiveUpdates"/> what-if for the app's ILiveUpdates.</param>
    /// <param name="settings">Configuration of a scenario's own (for example a rate limit it must not meet).</param>
    public static async Task<CrmApp> StartAsync(bool queuedLiveUpdates = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        var app = new CrmApp(queuedLiveUpdates, settings);
        app.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        // The app greets an operator on start ("Press Ctrl+C to stop"); not useful in the middle of a benchmark.
        var console = Console.Out;
        Console.SetOut(TextWriter.Null);
        try
        {
            app.StartServer();
        }
        finally
        {
            Console.SetOut(console);
        }
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("The server reports no address.");
        app.BaseAddress = new Uri(addresses.Single().TrimEnd('/') + "/");

        // Make sure the app really uses the temporary database, not a crm.db next to the app (or the scenario's PostgreSQL).
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        if (!db.Database.IsSqlite())
        {
            return app;
        }
        var dataSource = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (!string.Equals(Path.GetFullPath(dataSource), app.DatabasePath, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The app uses {dataSource}, not the benchmark's database {app.DatabasePath}.");
        }
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Crm", $"Data Source={DatabasePath}");
        builder.UseSetting("ConnectionStrings:Redis", "");
        builder.UseSetting("Crm:SeedDemoData", "true");
        // The API scenarios send more requests a minute than one token may by default.
        builder.UseSetting("Crm:Api:PermitsPerMinute", "1000000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging =>
        {
            // Request and query logging to the console would be measured along with the app.
            logging.SetMinimumLevel(LogLevel.Warning);
            logging.AddFilter("Microsoft", LogLevel.Warning);
            logging.AddFilter("CrmBlazor", LogLevel.Warning);
        });
        builder.ConfigureTestServices(services =>
        {
            // There is no browser: JavaScript interop of the pages the benchmark renders answers at once (see NoBrowserJsRuntime).
            services.AddScoped<IJSRuntime, NoBrowserJsRuntime>();
            if (_queuedLiveUpdates)
            {
                services.AddSingleton<QueuedLiveUpdates>();
                services.AddSingleton<ILiveUpdates>(sp => sp.GetRequiredService<QueuedLiveUpdates>());
            }
        });
    }

    /// <summary>Signs in through the real sign-in form and returns the cookies (crm.auth among them).</summary>
    public async Task<CookieContainer> SignInAsync(string email, string password = CrmDatabaseInitializer.DemoPassword)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        var page = await http.GetStringAsync("account/login");
        var hidden = HiddenInput().Matches(page)
            .Select(m => (Name: Attribute(m.Value, "name"), Value: Attribute(m.Value, "value")))
            .Where(f => f.Name is not null)
            .ToDictionary(f => f.Name!, f => f.Value ?? "");
        if (!hidden.ContainsKey("__RequestVerificationToken") || !hidden.ContainsKey("_handler"))
        {
            throw new InvalidOperationException("The sign-in page has no antiforgery token or form handler field.");
        }
        var form = new Dictionary<string, string>(hidden)
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        };
        using var response = await http.PostAsync("account/login", new FormUrlEncodedContent(form));
        if (cookies.GetCookies(BaseAddress)["crm.auth"] is null)
        {
            throw new InvalidOperationException($"Signing in as {email} failed: HTTP {(int)response.StatusCode}, no crm.auth cookie.");
        }
        return cookies;
    }

    /// <summary>
    /// Makes the demo team department-scoped (issue 11): the manager, Anna and Piotr in one department, and Anna and
    /// Piotr given a role whose every scope is "department" (they read their department's and unassigned records only;
    /// the admin's deals are outside it). With <paramref name="scopedEmails"/>, only those users get the role; the others
    /// keep the built-in Sales role (reads all).
    /// </summary>
    public async Task ScopeToDepartmentAsync(params string[] scopedEmails)
    {
        var admin = Actor.Create(await UserIdAsync("admin@demo.crm"), "Admin", CrmRoles.Admin);
        var team = Services.GetRequiredService<CrmBlazor.Core.Team.TeamSettingsService>();
        var department = (await team.SaveDepartmentAsync(null, 0, new CrmBlazor.Core.Team.DepartmentInput("Benchmark department", null, null), admin)).Value
            ?? throw new InvalidOperationException("Could not add the department.");
        var scopes = CrmBlazor.Core.Access.BuiltInRoles.Entities
            .SelectMany(e => CrmBlazor.Core.Access.BuiltInRoles.Actions.Select(a => (e, a)))
            .ToDictionary(k => k, _ => CrmBlazor.Core.Access.AccessScope.Department);
        var role = (await team.SaveRoleAsync(null, 0, new CrmBlazor.Core.Team.AccessRoleInput("Department", CrmRoles.Sales, scopes), admin)).Value
            ?? throw new InvalidOperationException("Could not add the role.");
        string[] members = [await UserIdAsync("manager@demo.crm"), await UserIdAsync("anna@demo.crm"), await UserIdAsync("piotr@demo.crm")];
        string[] scoped = scopedEmails.Length == 0 ? [members[1], members[2]] : [.. await Task.WhenAll(scopedEmails.Select(UserIdAsync))];
        await using var db = await Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        await db.Users.Where(u => members.Contains(u.Id)).ExecuteUpdateAsync(s => s.SetProperty(u => u.DepartmentId, department.Id));
        await db.Users.Where(u => scoped.Contains(u.Id)).ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessRoleId, role.Id));
        Services.GetRequiredService<CrmBlazor.Core.Team.AccessProfiles>().Invalidate();
    }

    /// <summary>The actor of <paramref name="email"/> as a signed-in page has it: with their role's scopes and department team.</summary>
    public async Task<Actor> ActorAsync(string email) =>
        await Services.GetRequiredService<CrmBlazor.Core.Team.AccessProfiles>().GetActorAsync(await UserIdAsync(email))
            ?? throw new InvalidOperationException($"No user {email}.");

    public async Task<string> UserIdAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>().FindByEmailAsync(email)
            ?? throw new InvalidOperationException($"No user {email}.");
        return user.Id;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $@"\b{name}=""([^""]*)""");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    [GeneratedRegex(@"<input\b[^>]*\btype=""hidden""[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}
