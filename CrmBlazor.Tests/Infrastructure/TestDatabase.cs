using System.Data.Common;
using CrmBlazor.Core;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// A real SQLite database in a temporary file, migrated like the app's, with the Core services over it.
/// Counts the SQL commands it runs, so tests can hold a use case to its query budget.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly ScratchDirectory _directory = new("crm-test-");
    private readonly ServiceProvider _services;
    private readonly string? _postgres;
    private readonly string _sqliteFile;

    /// <summary>A SQLite file when <paramref name="postgres"/> is null; otherwise that PostgreSQL database.</summary>
    public TestDatabase(string? postgres = null) : this(postgres, sqliteFile: null)
    {
    }

    private TestDatabase(string? postgres, string? sqliteFile)
    {
        _postgres = postgres;
        _sqliteFile = sqliteFile ?? Path.Combine(_directory.Path, "crm.db");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Crm"] = postgres ?? $"Data Source={_sqliteFile}",
                ["Crm:DatabaseProvider"] = postgres is null ? "Sqlite" : "Postgres",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddCrmCore(configuration, _directory.Path);
        // Accounts and passwords (users admin, profiles) as the web app registers them.
        services.AddDataProtection();
        services.AddIdentityCore<CrmUser>(options => CrmIdentity.Configure(options, configuration))
            .AddRoles<Microsoft.AspNetCore.Identity.IdentityRole>()
            .AddEntityFrameworkStores<CrmDbContext>()
            .AddDefaultTokenProviders();
        // Core registers the context factory; the counter joins its options.
        services.ConfigureDbContext<CrmDbContext>(options => options.AddInterceptors(Commands));
        services.ConfigureDbContext<CrmBlazor.Core.Data.Postgres.PostgresCrmDbContext>(options => options.AddInterceptors(Commands));
        _services = services.BuildServiceProvider();
        using var db = Factory.CreateDbContext();
        db.Database.Migrate();
    }

    /// <summary>
    /// Another server on this same database (SQLite file or PostgreSQL database): its own Core services, live updates
    /// and clock, as a second app server has. Dispose it before this one.
    /// </summary>
    public TestDatabase SecondServer() => new(_postgres, _sqliteFile);

    public CommandCounter Commands { get; } = new();
    public TestClock Clock { get; } = new();
    public IDbContextFactory<CrmDbContext> Factory => _services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
    public LiveUpdates Live => (LiveUpdates)_services.GetRequiredService<ILiveUpdates>();
    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();
    public DealService Deals => Get<DealService>();
    public DealBoardService Boards => Get<DealBoardService>();

    /// <summary>The Identity roles Admin, Manager and Sales, as start-up creates them.</summary>
    public async Task AddIdentityRolesAsync()
    {
        await using var db = await Factory.CreateDbContextAsync();
        foreach (var role in CrmRoles.All)
        {
            db.Roles.Add(new Microsoft.AspNetCore.Identity.IdentityRole(role) { NormalizedName = role.ToUpperInvariant() });
        }
        await db.SaveChangesAsync();
    }

    public async Task<Actor> AddUserAsync(string name, string role)
    {
        await using var db = await Factory.CreateDbContextAsync();
        var email = $"{name.ToLowerInvariant()}@test.crm";
        var user = new CrmUser { UserName = email, Email = email, DisplayName = name, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant() };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return Actor.Create(user.Id, name, role);
    }

    /// <summary>A pipeline with stages New, Proposal, Won and Lost, and a second pipeline with one stage.</summary>
    public async Task<TestPipeline> AddPipelineAsync()
    {
        await using var db = await Factory.CreateDbContextAsync();
        var pipeline = new Pipeline
        {
            Name = "Sales",
            IsDefault = true,
            Stages =
            [
                new() { Name = "New", Color = "#42a5f5", Sort = 0 },
                new() { Name = "Proposal", Color = "#9ccc65", Sort = 1 },
                new() { Name = "Won", Color = "#43a047", Kind = StageKind.Won, Sort = 2 },
                new() { Name = "Lost", Color = "#e53935", Kind = StageKind.Lost, Sort = 3 },
            ],
        };
        var other = new Pipeline { Name = "Other", Sort = 1, Stages = [new() { Name = "Elsewhere", Color = "#000", Sort = 0 }] };
        db.Pipelines.AddRange(pipeline, other);
        await db.SaveChangesAsync();
        return new TestPipeline(pipeline.Id, pipeline.Stages[0].Id, pipeline.Stages[1].Id, pipeline.Stages[2].Id, pipeline.Stages[3].Id, other.Stages[0].Id);
    }

    public async Task<DealCard> AddDealAsync(Actor actor, int stageId, string title, decimal amount = 1000m, string currency = "PLN")
    {
        var result = await Deals.CreateAsync(new DealInput { Title = title, Amount = amount, Currency = currency, StageId = stageId }, actor);
        Assert.True(result.IsOk, $"creating {title}: {result.Status} {string.Join(", ", result.Errors.Select(e => e.Field + " " + e.MessageKey))}");
        return result.Value!;
    }

    /// <summary>The first lost reason, or a new one named "Set by the test" when there is none (closing as lost takes one).</summary>
    public async Task<int> AnyLostReasonAsync()
    {
        await using var db = await Factory.CreateDbContextAsync();
        var reason = await db.LostReasons.OrderBy(r => r.Id).FirstOrDefaultAsync();
        if (reason is null)
        {
            reason = new LostReason { Name = "Set by the test", Sort = 99 };
            db.LostReasons.Add(reason);
            await db.SaveChangesAsync();
        }
        return reason.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _directory.Dispose();
    }
}

public sealed record TestPipeline(int PipelineId, int NewStageId, int ProposalStageId, int WonStageId, int LostStageId, int OtherPipelineStageId);

/// <summary>Counts the SQL commands sent to the database while <see cref="Enabled"/>.</summary>
public sealed class CommandCounter : DbCommandInterceptor
{
    private int _count;

    public bool Enabled { get; set; }
    public int Count => _count;

    /// <summary>Makes every command whose text matches fail, as a database that refuses a write would.</summary>
    public Func<string, bool>? FailWhen { get; set; }

    /// <summary>What a command matched by <see cref="FailWhen"/> throws (a busy database, say); an <see cref="InvalidOperationException"/> when null.</summary>
    public Func<Exception>? Failure { get; set; }
    public List<string> Texts { get; } = [];

    private ReadBarrier? _readBarrier;

    /// <summary>
    /// Holds each of the next <paramref name="parties"/> queries, once the database has executed it, until all of them
    /// have been executed: use cases run at once then all read the same state before any of them can write.
    /// </summary>
    public void HoldNextReads(int parties) => _readBarrier = new ReadBarrier(parties);

    public void Start()
    {
        _count = 0;
        Texts.Clear();
        Enabled = true;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Recorded(command, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Recorded(command, result));

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        if (_readBarrier is { } barrier)
        {
            await barrier.ArriveAsync(() => _readBarrier = null).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Recorded(command, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Recorded(command, result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Recorded(command, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Recorded(command, result));

    /// <summary>Records the command about to run and lets it run as EF Core would have.</summary>
    private T Recorded<T>(DbCommand command, T result)
    {
        Record(command);
        return result;
    }

    private void Record(DbCommand command)
    {
        if (FailWhen?.Invoke(command.CommandText) == true)
        {
            throw Failure?.Invoke() ?? new InvalidOperationException($"Injected failure: {command.CommandText[..Math.Min(60, command.CommandText.Length)]}");
        }
        if (Enabled)
        {
            Interlocked.Increment(ref _count);
            lock (Texts)
            {
                Texts.Add(command.CommandText);
            }
        }
    }
}

/// <summary>Lets the first <c>parties</c> arrivals through together, once the last of them has arrived; later arrivals pass.</summary>
internal sealed class ReadBarrier(int parties)
{
    private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public Task ArriveAsync(Action disarm)
    {
        var arrived = Interlocked.Increment(ref _arrived);
        if (arrived == parties)
        {
            disarm();
            _allArrived.SetResult();
        }
        return arrived <= parties ? _allArrived.Task : Task.CompletedTask;
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class TestClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Collects the events published while a test runs.</summary>
public sealed class EventLog : IDisposable
{
    private readonly IDisposable _subscription;

    public EventLog(ILiveUpdates live) => _subscription = live.SubscribeAll(e =>
    {
        lock (Events)
        {
            Events.Add(e);
        }
        return Task.CompletedTask;
    });

    public List<CrmEvent> Events { get; } = [];

    public void Dispose() => _subscription.Dispose();
}
