using System.Diagnostics;
using CrmBlazor.Core.Contacts;
using CrmBlazor.Core.Leads;
using CrmBlazor.Core.Search;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// Issue 18: search everywhere over 100,000 leads, 100,000 contacts and 100,000 deals. The deals come from
/// <see cref="DealGenerator"/> (raw INSERTs, so the index is built for them and the demo data once, as at the first
/// start of an older database: <see cref="SearchService.BuildMissingAsync"/>); the leads and contacts are saved through
/// EF, so the context's save keeps their index rows as the app does. People have one of 24 first names and 48 surnames
/// (with Polish letters), their own company, e-mail and phone. <see cref="SearchService.SearchAsync"/> is then timed for
/// words, e-mails and partial phones as the top bar asks (five hits per kind), as a manager (reads all) and as a sales
/// user whose role reads only their own records (issue 11's "own" scope).
/// </summary>
internal static class SearchScenario
{
    public const int Each = 100_000;
    private const int Warmup = 3;
    private const int Iterations = 40;

    private static readonly string[] FirstNames =
    [
        "Anna", "Piotr", "Katarzyna", "Tomasz", "Małgorzata", "Paweł", "Agnieszka", "Michał", "Ewa", "Krzysztof", "Joanna", "Marcin",
        "Zofia", "Łukasz", "Magdalena", "Jakub", "Barbara", "Grzegorz", "Aleksandra", "Mateusz", "Dorota", "Wojciech", "Natalia", "Adam",
    ];

    private static readonly string[] Surnames =
    [
        "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak",
        "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Wojciechowski", "Kwiatkowski", "Krawczyk", "Kaczmarek", "Piotrowski", "Grabowski",
        "Zając", "Pawłowski", "Michalski", "Król", "Wieczorek", "Jabłoński", "Wróbel", "Nowakowski", "Majewski", "Olszewski",
        "Stępień", "Malinowski", "Jaworski", "Adamczyk", "Dudek", "Nowicki", "Pawlak", "Górski", "Witkowski", "Walczak",
        "Sikora", "Baran", "Rutkowski", "Michalak", "Szewczyk", "Ostrowski", "Tomaszewski", "Pietrzak",
    ];

    public sealed record Result(IReadOnlyList<Summary> Timings, double InsertSeconds, double IndexSeconds, long IndexRows);

    public static async Task<Result> RunAsync()
    {
        Console.WriteLine($"[search] starting the app, adding {Each:N0} deals, {Each:N0} leads and {Each:N0} contacts");
        await using var app = await CrmApp.StartAsync();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        var search = app.Services.GetRequiredService<SearchService>();
        string[] users;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            users = await db.Users.Select(u => u.Id).ToArrayAsync();
            // The demo data's rows go too: the start-up rebuild (below) then indexes everything, deals included.
            await db.SearchEntries.ExecuteDeleteAsync();
        }
        var insert = Stopwatch.StartNew();
        var (_, dealSeconds) = await DealGenerator.FillDefaultPipelineAsync(app.Services, Each);
        Console.WriteLine($"[search] inserted {Each:N0} deals in {dealSeconds:0.0} s");
        var index = Stopwatch.StartNew();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await SearchService.BuildMissingAsync(db, CancellationToken.None);
        }
        var indexSeconds = index.Elapsed.TotalSeconds;
        Console.WriteLine($"[search] index of the deals and the demo data built in {indexSeconds:0.0} s");
        await InsertPeopleAsync(contexts, users);
        var insertSeconds = insert.Elapsed.TotalSeconds;
        long rows;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            rows = await db.SearchEntries.LongCountAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        // What the app's hourly maintenance does after the tables grew: SQLite's planner statistics.
        await app.Services.GetRequiredService<PlannerStatistics>().RefreshAsync();
        Console.WriteLine($"[search] all inserted and indexed in {insertSeconds:0.0} s; {rows:N0} index rows");

        var manager = await app.ActorAsync("manager@demo.crm");
        var ownOnly = await OwnOnlyAsync(app);
        (string Name, string Query)[] queries =
        [
            ("word: a surname, folded (zajac)", "zajac"),
            ("two words: first name and surname", "zofia wozniak"),
            ("word: a company", "firma4242"),
            ("word: a deal's title", "audyt"),
            ("e-mail, whole", "osoba4242@firma4242.pl"),
            ("e-mail, its start", "osoba4242@"),
            ("partial phone of a lead (600 042 4)", "600 042 4"),
            ("partial phone of a contact (+48 601 023)", "+48 601 023"),
            ("deal number (#4242)", "#4242"),
        ];
        var timings = new List<Summary>();
        foreach (var (who, actor) in new[] { ("manager", manager), ("own-only sales", ownOnly) })
        {
            foreach (var (name, query) in queries)
            {
                var samples = new Samples($"SearchAsync, {who}: {name}");
                for (var i = 0; i < Warmup + Iterations; i++)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    var groups = await search.SearchAsync(query, actor);
                    if (i >= Warmup)
                    {
                        samples.Add(Samples.Ms(t0, Stopwatch.GetTimestamp()));
                    }
                    if (who == "manager" && groups.Count == 0)
                    {
                        throw new InvalidOperationException($"The search '{query}' found nothing: the data set is wrong.");
                    }
                }
                timings.Add(samples.Summarize());
            }
        }
        return new Result(timings, insertSeconds, indexSeconds, rows);
    }

    /// <summary>Anna with a role whose every scope is "own": she reads her own and unassigned records only.</summary>
    private static async Task<Actor> OwnOnlyAsync(CrmApp app)
    {
        var admin = Actor.Create(await app.UserIdAsync("admin@demo.crm"), "Admin", CrmRoles.Admin);
        var team = app.Services.GetRequiredService<CrmBlazor.Core.Team.TeamSettingsService>();
        var scopes = CrmBlazor.Core.Access.BuiltInRoles.Entities
            .SelectMany(e => CrmBlazor.Core.Access.BuiltInRoles.Actions.Select(a => (e, a)))
            .ToDictionary(k => k, _ => CrmBlazor.Core.Access.AccessScope.Own);
        var role = (await team.SaveRoleAsync(null, 0, new CrmBlazor.Core.Team.AccessRoleInput("Own only", CrmRoles.Sales, scopes), admin)).Value
            ?? throw new InvalidOperationException("Could not add the role.");
        var anna = await app.UserIdAsync("anna@demo.crm");
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == anna).ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessRoleId, role.Id));
        }
        app.Services.GetRequiredService<CrmBlazor.Core.Team.AccessProfiles>().Invalidate();
        return await app.ActorAsync("anna@demo.crm");
    }

    /// <summary>The leads and contacts, saved through EF in batches (each save keeps its index rows, in its transaction).</summary>
    private static async Task InsertPeopleAsync(IDbContextFactory<CrmDbContext> contexts, string[] users)
    {
        var random = new Random(18);
        var now = DateTime.UtcNow;
        for (var batch = 0; batch < Each; batch += 5_000)
        {
            await using var db = await contexts.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = batch; i < batch + 5_000; i++)
            {
                var created = now.AddMinutes(-random.Next(0, 365 * 24 * 60));
                db.Leads.Add(new Lead
                {
                    Title = $"Zapytanie {i}",
                    FirstName = FirstNames[random.Next(FirstNames.Length)],
                    LastName = Surnames[random.Next(Surnames.Length)],
                    CompanyName = $"Firma{i}",
                    Emails = [new LeadEmail { Address = $"osoba{i}@firma{i}.pl" }],
                    Phones = [new LeadPhone { Number = $"+48600{i:000000}" }],
                    Source = LeadSource.WebForm,
                    Status = LeadStatus.New,
                    ResponsibleUserId = users[random.Next(users.Length)],
                    CreatedAt = created,
                    UpdatedAt = created,
                });
                var first = FirstNames[random.Next(FirstNames.Length)];
                var last = Surnames[random.Next(Surnames.Length)];
                db.Contacts.Add(new Contact
                {
                    FirstName = first,
                    LastName = last,
                    Position = "Kierownik",
                    Email = $"kontakt{i}@klient{i}.pl",
                    Phone = $"+48601{i:000000}",
                    Emails = [new ContactEmail { Address = $"kontakt{i}@klient{i}.pl" }],
                    Phones = [new ContactPhone { Number = $"+48601{i:000000}" }],
                    ResponsibleUserId = users[random.Next(users.Length)],
                    CreatedAt = created,
                    UpdatedAt = created,
                });
            }
            await db.SaveChangesAsync();
        }
    }
}
