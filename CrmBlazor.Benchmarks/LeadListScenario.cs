using System.Diagnostics;
using CrmBlazor.Core.CustomFields;
using CrmBlazor.Core.Leads;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// Scenario 4: the leads list over 100,000 leads (each with an e-mail and a phone). The app starts on a fresh database,
/// the leads are added in one transaction, then LeadService.ListAsync is timed for the queries the list page makes.
/// Each lead holds a value of a list custom field (one of five options) and of a number field (decision 017), so the
/// custom-field filters are timed over 100,000 leads too.
/// </summary>
internal static class LeadListScenario
{
    public const int Leads = 100_000;
    private const int Warmup = 3;
    private const int Iterations = 30;

    public sealed record Result(IReadOnlyList<Summary> Timings, double InsertSeconds);

    public static async Task<Result> RunAsync()
    {
        Console.WriteLine($"[leads] starting the app, adding {Leads:N0} leads");
        await using var app = await CrmApp.StartAsync();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        var service = app.Services.GetRequiredService<LeadService>();
        string[] users;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            users = await db.Users.Select(u => u.Id).ToArrayAsync();
        }

        var (segment, seats) = await AddCustomFieldsAsync(contexts);
        var insert = Stopwatch.StartNew();
        await InsertAsync(contexts, users, segment, seats);
        var insertSeconds = insert.Elapsed.TotalSeconds;
        Console.WriteLine($"[leads] inserted {Leads:N0} leads with their e-mails and phones in {insertSeconds:0.0} s");
        // What the app's hourly maintenance (and the end of an import) does after a table grew: SQLite's planner statistics.
        await app.Services.GetRequiredService<PlannerStatistics>().RefreshAsync();

        var queries = new (string Name, LeadQuery Query)[]
        {
            ("first page, newest first", new LeadQuery()),
            ("page 2,000 of 25", new LeadQuery { Skip = 50_000 }),
            ("status filter", new LeadQuery { Status = LeadStatus.InProgress }),
            ("source + responsible + 30 days", new LeadQuery { Source = LeadSource.WebForm, ResponsibleUserId = users[0], CreatedFrom = DateTime.UtcNow.AddDays(-30) }),
            ("search text (name, company, e-mail)", new LeadQuery { Search = "firma4242" }),
            ("search phone", new LeadQuery { Search = "+48 600 042 424" }),
            ("sort by title", new LeadQuery { SortBy = LeadSort.Title, Descending = false }),
            ("sort by status (Settings' order)", new LeadQuery { SortBy = LeadSort.Status, Descending = false }),
            ("custom list field (1 of 5 options)", new LeadQuery { Custom = [new CustomFieldFilter(segment.Id) { OptionId = segment.Options[2].Id }] }),
            ("custom list field + status", new LeadQuery { Status = LeadStatus.New, Custom = [new CustomFieldFilter(segment.Id) { OptionId = segment.Options[0].Id }] }),
            ("custom number field range", new LeadQuery { Custom = [new CustomFieldFilter(seats) { NumberFrom = 10, NumberTo = 12 }] }),
        };
        var timings = new List<Summary>();
        foreach (var (name, query) in queries)
        {
            var samples = new Samples($"LeadService.ListAsync: {name}");
            for (var i = 0; i < Warmup + Iterations; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                var page = await service.ListAsync(query);
                if (i >= Warmup)
                {
                    samples.Add(Samples.Ms(t0, Stopwatch.GetTimestamp()));
                }
                if (page.Items.Count == 0)
                {
                    throw new InvalidOperationException($"The query '{name}' found nothing: the data set is wrong.");
                }
            }
            timings.Add(samples.Summarize());
        }
        return new Result(timings, insertSeconds);
    }

    /// <summary>A list field "Segment" with five options and a number field "Seats" on leads, added as an admin would.</summary>
    private static async Task<(CustomField Segment, int SeatsId)> AddCustomFieldsAsync(IDbContextFactory<CrmDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var segment = new CustomField
        {
            EntityKind = ElementKind.Lead, Code = "UF_SEGMENT", Type = CustomFieldType.List, NameEn = "Segment", NamePl = "Segment", ShowInList = true,
            Options = [.. Enumerable.Range(0, 5).Select(i => new CustomFieldOption { Label = $"Segment {i}", Sort = i })],
        };
        var seats = new CustomField { EntityKind = ElementKind.Lead, Code = "UF_SEATS", Type = CustomFieldType.Number, NameEn = "Seats", NamePl = "Miejsca", Sort = 1 };
        db.AddRange(segment, seats);
        await db.SaveChangesAsync();
        return (segment, seats.Id);
    }

    internal static async Task InsertAsync(IDbContextFactory<CrmDbContext> contexts, string[] users, CustomField? segment = null, int? seatsId = null)
    {
        var random = new Random(42);
        var now = DateTime.UtcNow;
        var sources = Enum.GetValues<LeadSource>();
        LeadStatus[] statuses = [LeadStatus.New, LeadStatus.InProgress, LeadStatus.Processed, LeadStatus.Converted, LeadStatus.Junk];
        await using var db = await contexts.CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync();
        for (var i = 0; i < Leads; i++)
        {
            var created = now.AddMinutes(-random.Next(0, 365 * 24 * 60));
            db.Leads.Add(new Lead
            {
                Title = $"Enquiry {i}",
                FirstName = $"Person{i}",
                LastName = "Nowak",
                CompanyName = $"Firma{i}",
                Emails = [new LeadEmail { Address = $"person{i}@firma{i}.pl" }],
                Phones = [new LeadPhone { Number = $"+48600{i:000000}" }],
                Source = sources[random.Next(sources.Length)],
                Status = statuses[random.Next(statuses.Length)],
                ResponsibleUserId = users[random.Next(users.Length)],
                CreatedAt = created,
                UpdatedAt = created,
                CustomValues = segment is null || seatsId is null ? [] :
                [
                    new LeadFieldValue { FieldId = segment.Id, OptionId = segment.Options[random.Next(segment.Options.Count)].Id },
                    new LeadFieldValue { FieldId = seatsId.Value, Number = random.Next(1, 500) },
                ],
            });
            if (i % 5_000 == 4_999)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        // SQLite: the WAL folded into the file; PostgreSQL: its statistics now rather than at autovacuum's next look.
        await db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite() ? "PRAGMA wal_checkpoint(TRUNCATE);" : "ANALYZE;");
    }
}
