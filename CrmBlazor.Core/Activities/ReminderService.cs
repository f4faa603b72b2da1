namespace CrmBlazor.Core.Activities;

/// <summary>
/// Reminders before a deadline. Each planned activity with a reminder has its <see cref="Activity.RemindAt"/>; the
/// web app's reminder loop (one per server) sleeps until the next one (<see cref="NextDueAsync"/>) and calls
/// <see cref="SendDueAsync"/>, which claims each due reminder with a conditional UPDATE (<c>ReminderSentAt IS NULL</c>)
/// and publishes an <see cref="ActivityReminder"/> for the claimed ones only, through the one write path. So with
/// several servers, and after a restart, a reminder is published once: the server whose UPDATE changed the row.
/// </summary>
/// <remarks>
/// A reminder whose activity is done, or whose deadline passed more than <see cref="LateLimit"/> ago (the server was
/// down), is dropped unsent: the counters already call the activity overdue. Like every event, a claimed reminder is
/// published right after its commit; a server that dies between the two loses that one notice (never sends it twice).
/// </remarks>
public sealed class ReminderService(IDbContextFactory<CrmDbContext> contextFactory, ILiveUpdates live, TimeProvider clock)
{
    /// <summary>How long after its deadline a reminder that could not be sent (no server ran) is still sent.</summary>
    public static readonly TimeSpan LateLimit = TimeSpan.FromMinutes(5);

    /// <summary>How many due reminders one transaction claims.</summary>
    public const int BatchSize = 100;

    /// <summary>
    /// Sets <paramref name="activity"/>'s <see cref="Activity.RemindAt"/> from its deadline and reminder choice. A new
    /// time (or <paramref name="again"/>, when a done activity is planned again) makes the reminder one still to send,
    /// written even if the row in memory already says so: a server may have claimed the old time meanwhile.
    /// </summary>
    internal static void Schedule(CrmDbContext db, Activity activity, bool again = false)
    {
        DateTime? remindAt = activity.ReminderMinutes is { } minutes
            ? DateTime.SpecifyKind(activity.Deadline, DateTimeKind.Utc).AddMinutes(-minutes)
            : null;
        if (remindAt == activity.RemindAt && !again)
        {
            return;
        }
        activity.RemindAt = remindAt;
        activity.ReminderSentAt = null;
        var entry = db.Entry(activity);
        if (entry.State is not EntityState.Added and not EntityState.Detached)
        {
            entry.Property(a => a.ReminderSentAt).IsModified = true;
        }
    }

    /// <summary>The time of the next reminder still to send after <paramref name="now"/>, or null when none is planned.</summary>
    public async Task<DateTime?> NextDueAsync(DateTime now, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var next = await db.Activities.AsNoTracking()
            .Where(a => a.ReminderSentAt == null && a.RemindAt > now && a.State == ActivityState.Planned)
            .OrderBy(a => a.RemindAt)
            .Select(a => a.RemindAt)
            .FirstOrDefaultAsync(ct);
        return next is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null;
    }

    /// <summary>
    /// Claims and publishes every reminder due at the clock's now (see the class remarks); drops the ones too late or of
    /// done activities. Returns the activities this call reminded of (another server's claims are not among them).
    /// </summary>
    public async Task<IReadOnlyList<int>> SendDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var sent = new List<int>();
        await DropStaleAsync(now, ct);
        while (true)
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            var due = await db.Activities.AsNoTracking()
                .Where(a => a.ReminderSentAt == null && a.RemindAt <= now && a.State == ActivityState.Planned)
                .OrderBy(a => a.RemindAt).ThenBy(a => a.Id)
                .Select(a => new { a.Id, a.RemindAt })
                .Take(BatchSize).ToListAsync(ct);
            if (due.Count == 0)
            {
                return sent;
            }
            var claimed = new List<int>();
            await live.SaveAndPublishAsync(db, async () =>
            {
                if (claimed.Count == 0)
                {
                    return [];
                }
                var activities = await db.Activities.AsNoTracking().Where(a => claimed.Contains(a.Id)).OrderBy(a => a.Id).ToListAsync(ct);
                var titles = await ElementDirectory.TitlesAsync(db, activities.Select(a => a.Element), ct);
                return [.. activities.Select(a => new ActivityReminder
                {
                    ActivityId = a.Id,
                    UserId = a.ResponsibleUserId,
                    Type = a.Type,
                    Subject = a.Subject,
                    Deadline = DateTime.SpecifyKind(a.Deadline, DateTimeKind.Utc),
                    Element = a.Element,
                    ElementTitle = titles.GetValueOrDefault(a.Element),
                    ActorId = "",
                    ActorName = "",
                    OccurredAt = now,
                })];
            }, ct, afterKeys: null, statements: async () =>
            {
                foreach (var reminder in due)
                {
                    // The claim: only the server whose UPDATE finds the reminder unsent, at the time it read, sends it.
                    var changed = await db.Activities
                        .Where(a => a.Id == reminder.Id && a.ReminderSentAt == null && a.RemindAt == reminder.RemindAt && a.State == ActivityState.Planned)
                        .ExecuteUpdateAsync(s => s.SetProperty(a => a.ReminderSentAt, now), ct);
                    if (changed == 1)
                    {
                        claimed.Add(reminder.Id);
                    }
                }
            });
            sent.AddRange(claimed);
            if (due.Count < BatchSize)
            {
                return sent;
            }
        }
    }

    /// <summary>
    /// Marks as handled, unsent, the due reminders of done activities and those whose deadline passed over
    /// <see cref="LateLimit"/> ago, so the due ones stay few (planning a done activity again schedules its reminder anew).
    /// </summary>
    private async Task DropStaleAsync(DateTime now, CancellationToken ct)
    {
        var late = now - LateLimit;
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        await db.Activities
            .Where(a => a.ReminderSentAt == null && a.RemindAt <= now && (a.State != ActivityState.Planned || a.Deadline < late))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ReminderSentAt, now), ct);
    }
}

/// <summary>
/// A reminder before <see cref="Deadline"/> of an activity, for its responsible user (<see cref="UserId"/>) only:
/// their open pages show a notice and, if they allowed it, the browser's notification.
/// </summary>
public sealed record ActivityReminder : CrmEvent
{
    public required int ActivityId { get; init; }
    public required string UserId { get; init; }
    public required ActivityType Type { get; init; }
    public required string Subject { get; init; }
    public required DateTime Deadline { get; init; }
    public required ElementRef Element { get; init; }
    public string? ElementTitle { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Topics => [LiveTopics.User(UserId)];
}
