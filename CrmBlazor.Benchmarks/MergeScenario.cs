using System.Diagnostics;
using CrmBlazor.Core.Activities;
using Activity = CrmBlazor.Core.Activities.Activity;
using CrmBlazor.Core.Contacts;
using CrmBlazor.Core.Merging;
using CrmBlazor.Core.Timeline;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// Issue 18: merging two contacts that have 1,000 timeline entries each (and five deals and five activities each), as the
/// merge chooser does it (<see cref="MergeService.MergeAsync"/>, one transaction through the write path), in a database
/// that already holds 100,000 other contacts' timeline entries (200,000 rows in all), so a statement that scans the
/// timeline shows. Each sample is a fresh pair.
/// </summary>
internal static class MergeScenario
{
    public const int EntriesEach = 1_000;
    public const int OtherEntries = 200_000;
    private const int Warmup = 3;
    private const int Iterations = 25;

    public sealed record Result(Summary Timing, int TimelineRows, int EntriesMovedEach);

    public static async Task<Result> RunAsync()
    {
        Console.WriteLine($"[merge] starting the app, adding {OtherEntries:N0} timeline entries of other contacts");
        await using var app = await CrmApp.StartAsync();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        var merges = app.Services.GetRequiredService<MergeService>();
        var manager = await app.ActorAsync("manager@demo.crm");
        var stageId = (await app.Services.GetRequiredService<DealBoardService>().GetBoardAsync(null))!.Columns[0].Stage.Id;
        var pipelineId = (await app.Services.GetRequiredService<PipelineService>().GetPipelinesAsync()).Single(p => p.IsDefault).Id;

        // The others: 2,000 contacts with 100 entries each.
        for (var i = 0; i < OtherEntries / 100; i++)
        {
            await AddContactAsync(contexts, manager.UserId, $"Inny{i}", 100, stageId, pipelineId, deals: 0);
        }
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }

        var samples = new Samples($"MergeService.MergeAsync: two contacts with {EntriesEach:N0} timeline entries each");
        var moved = 0;
        for (var i = 0; i < Warmup + Iterations; i++)
        {
            var survivor = await AddContactAsync(contexts, manager.UserId, $"Duplikat{i}", EntriesEach, stageId, pipelineId, deals: 5);
            var other = await AddContactAsync(contexts, manager.UserId, $"Duplikat{i}", EntriesEach, stageId, pipelineId, deals: 5);
            var candidates = await merges.CandidatesAsync(ElementKind.Contact, [survivor, other], manager);
            var request = new MergeRequest(ElementKind.Contact, survivor, [other], candidates.ToDictionary(c => c.Id, c => c.Version),
                new Dictionary<string, int> { [nameof(Contact.LastName)] = other });
            var t0 = Stopwatch.GetTimestamp();
            var result = await merges.MergeAsync(request, manager);
            var elapsed = Samples.Ms(t0, Stopwatch.GetTimestamp());
            if (!result.IsOk)
            {
                throw new InvalidOperationException($"The merge was refused: {result.Status} {result.MessageKey}");
            }
            moved = result.Value!.TimelineEntries;
            if (i >= Warmup)
            {
                samples.Add(elapsed);
            }
        }
        int rows;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            rows = await db.TimelineEntries.CountAsync();
        }
        return new Result(samples.Summarize(), rows, moved);
    }

    /// <summary>A contact with a phone and an e-mail, <paramref name="entries"/> timeline entries (comments and field changes), <paramref name="deals"/> deals and as many activities.</summary>
    private static async Task<int> AddContactAsync(IDbContextFactory<CrmDbContext> contexts, string userId, string name, int entries, int stageId, int pipelineId, int deals)
    {
        await using var db = await contexts.CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var now = DateTime.UtcNow;
        var contact = new Contact
        {
            FirstName = name,
            LastName = "Kowalski",
            Phones = [new ContactPhone { Number = $"+48602{Random.Shared.Next(0, 999_999):000000}" }],
            Emails = [new ContactEmail { Address = $"{name.ToLowerInvariant()}.{Guid.NewGuid():N}@example.com" }],
            ResponsibleUserId = userId,
        };
        db.Contacts.Add(contact);
        await db.SaveChangesAsync();
        for (var e = 0; e < entries; e++)
        {
            db.TimelineEntries.Add(e % 2 == 0
                ? new TimelineEntry { ElementKind = ElementKind.Contact, ElementId = contact.Id, Kind = TimelineKind.Comment, At = now.AddMinutes(-e), AuthorId = userId, Text = $"Rozmowa {e} z klientem" }
                : new TimelineEntry { ElementKind = ElementKind.Contact, ElementId = contact.Id, Kind = TimelineKind.FieldChanged, At = now.AddMinutes(-e), AuthorId = userId, Field = "Position", OldValue = "A", NewValue = "B" });
        }
        for (var d = 0; d < deals; d++)
        {
            var deal = new Deal
            {
                Title = $"{name} deal {d}", Amount = 1000, Currency = "PLN", PipelineId = pipelineId, StageId = stageId, Rank = $"z{d}",
                ContactId = contact.Id, ResponsibleUserId = userId, StageEnteredAt = now,
            };
            db.Deals.Add(deal);
            db.Activities.Add(new Activity
            {
                Type = ActivityType.Task, Subject = $"Call back {name} {d}", Deadline = now.AddDays(d + 1), ResponsibleUserId = userId, CreatedById = userId,
                ElementKind = ElementKind.Contact, ElementId = contact.Id, State = ActivityState.Planned, CreatedAt = now, UpdatedAt = now,
            });
        }
        await db.SaveChangesAsync();
        return contact.Id;
    }
}
