using System.Collections.Concurrent;

namespace CrmBlazor.Core.Activities;

/// <summary>
/// What needs a user's attention right now: their planned activities that are overdue or due today (in the team's
/// time zone), the new leads assigned to them that nobody has worked yet, and the e-mails they were told about and have not opened.
/// Three indexed queries.
/// </summary>
public sealed class CounterService(IDbContextFactory<CrmDbContext> contextFactory, CrmTime time, ILiveUpdates live)
{
    // The read of each user's counters in progress, and the sequence it covers: every event up to it had committed when it began.
    private readonly ConcurrentDictionary<string, (long After, Task<Counters> Read)> _reading = new(StringComparer.Ordinal);

    /// <summary>
    /// The user's counters read after the event <paramref name="heard"/> (its sequence) and every event delivered on
    /// this server so far. Callers that ask while such a read is running share it: the user's open pages all reload
    /// their counters on the same event (a mail batch for a user with 25 tabs open is one read, not 25), and each
    /// still gets counters that include the change it heard of. (<see cref="ILiveUpdates.Sequence"/> moves only once
    /// an event has been handed to every subscriber, so a caller passes the last it heard.)
    /// </summary>
    public Task<Counters> GetLatestAsync(string userId, long heard = 0)
    {
        var after = Math.Max(live.Sequence, heard);
        if (_reading.TryGetValue(userId, out var running) && running.After >= after && !running.Read.IsCompleted)
        {
            return running.Read; // began after the caller's event was delivered, so after it committed
        }
        var read = ReadSharedAsync(userId);
        var entry = (after, read);
        _reading[userId] = entry;
        _ = read.ContinueWith(_ => _reading.TryRemove(KeyValuePair.Create(userId, entry)), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return read;
    }

    /// <summary>Tests only: awaited before each shared read, so a test can hold reads in progress.</summary>
    internal Func<Task>? BeforeSharedRead { get; set; }

    // On the thread pool, so the callers that come meanwhile find it running (SQLite's reads complete synchronously).
    private Task<Counters> ReadSharedAsync(string userId) => Task.Run(async () =>
    {
        if (BeforeSharedRead is { } wait)
        {
            await wait();
        }
        return await GetAsync(userId);
    });

    public async Task<Counters> GetAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var now = time.UtcNow;
        var (_, dayEnd) = time.DayOf(now);
        var due = await db.Activities.AsNoTracking()
            .Where(a => a.ResponsibleUserId == userId && a.State == ActivityState.Planned && a.Deadline < dayEnd)
            .GroupBy(a => new { Overdue = a.Deadline < now, a.ElementKind })
            .Select(g => new { g.Key.Overdue, g.Key.ElementKind, Count = g.Count() })
            .ToListAsync(ct);
        var newLeads = await db.Leads.AsNoTracking().CountAsync(l => l.ResponsibleUserId == userId && l.Status == LeadStatus.New, ct);
        var unreadMail = await db.MailMessages.AsNoTracking().CountAsync(m => m.UnreadForUserId == userId, ct);
        return new Counters(
            Overdue: due.Where(d => d.Overdue).Sum(d => d.Count),
            DueToday: due.Where(d => !d.Overdue).Sum(d => d.Count),
            NewLeads: newLeads,
            LeadActivities: due.Where(d => d.ElementKind == ElementKind.Lead).Sum(d => d.Count),
            DealActivities: due.Where(d => d.ElementKind == ElementKind.Deal).Sum(d => d.Count)) { UnreadMail = unreadMail };
    }
}
