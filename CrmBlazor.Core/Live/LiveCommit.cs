namespace CrmBlazor.Core.Live;

/// <summary>
/// The end of every use case that changes data: the one write path. The change and its timeline entries are saved in
/// one transaction, the events that describe them are made inside it (so they read what was just written) and stored
/// in the outbox in the same transaction, numbered by the database; they are delivered once it has committed
/// (decision 022). Nothing is published for a change that did not commit, and nothing that committed is lost.
/// </summary>
/// <remarks>
/// The events that outgoing webhooks want become delivery rows in the same transaction (<see cref="Webhooks.WebhookOutbox"/>),
/// sent afterwards by <see cref="Webhooks.WebhookDispatcher"/>.
/// </remarks>
public static class LiveCommit
{
    /// <summary>
    /// Saves <paramref name="db"/>'s changes in one transaction and publishes the events <paramref name="events"/> makes.
    /// <paramref name="afterKeys"/> runs once new rows have their keys (to link rows to each other) and is saved in the
    /// same transaction. False, with nothing saved or published, when another user changed or deleted a row first.
    /// </summary>
    public static Task<bool> SaveAndPublishAsync(this ILiveUpdates live, CrmDbContext db, Func<Task<IReadOnlyList<CrmEvent>>> events,
        CancellationToken ct, Action? afterKeys = null) =>
        live.SaveAndPublishAsync(db, events, ct, afterKeys, statements: null);

    /// <summary>
    /// The same, and <paramref name="statements"/> runs set-based statements (<c>ExecuteUpdate</c>, <c>ExecuteDelete</c>,
    /// raw SQL) in the transaction after the tracked changes are saved and before the events are made.
    /// </summary>
    public static Task<bool> SaveAndPublishAsync(this ILiveUpdates live, CrmDbContext db, Func<Task<IReadOnlyList<CrmEvent>>> events,
        CancellationToken ct, Action? afterKeys, Func<Task>? statements) =>
        live.SaveAndPublishAsync(db, events, ct, afterKeys, statements, beforeSave: null);

    /// <summary>
    /// The same, and <paramref name="beforeSave"/> runs in the transaction before the tracked changes are saved: for a
    /// change that must read or take something atomically with its commit (a web form's round-robin turn).
    /// </summary>
    public static async Task<bool> SaveAndPublishAsync(this ILiveUpdates live, CrmDbContext db, Func<Task<IReadOnlyList<CrmEvent>>> events,
        CancellationToken ct, Action? afterKeys, Func<Task>? statements, Func<Task>? beforeSave)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var activity = CrmMetrics.Source.StartActivity("LiveCommit");
        var commit = new Commit();
        try
        {
            if (!await commit.RunAsync(live, db, events, ct, afterKeys, statements, beforeSave))
            {
                return false;
            }
        }
        finally
        {
            if (commit.Committed)
            {
                // After the commit, whatever failed since and whatever the caller's token says now: what committed is
                // delivered (events committed here after it may be waiting for it: LiveUpdates.DeliverAsync).
                using (CrmMetrics.Source.StartActivity("LiveCommit.Deliver"))
                {
                    await live.DeliverAsync(commit.Events);
                }
            }
            else if (commit.Events.Count > 0)
            {
                // Numbered but not committed (or not known to be): nothing waits for it any longer.
                await live.AbandonAsync(commit.Events);
            }
        }
        if (commit.DeliveriesStored)
        {
            Webhooks.WebhookDirectory.Of(live).Stored();
        }
        CrmMetrics.CommitDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        activity?.SetTag("crm.events", commit.Events.Count);
        return true;
    }

    /// <summary>One use case's transaction: what it appended to the outbox, and whether it committed.</summary>
    private sealed class Commit
    {
        public IReadOnlyList<CrmEvent> Events { get; private set; } = [];
        public bool DeliveriesStored { get; private set; }
        public bool Committed { get; private set; }

        // False, with nothing saved, when another user changed or deleted a row first.
        public async Task<bool> RunAsync(ILiveUpdates live, CrmDbContext db, Func<Task<IReadOnlyList<CrmEvent>>> events, CancellationToken ct,
            Action? afterKeys, Func<Task>? statements, Func<Task>? beforeSave)
        {
            // SQLite: BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default), so a writer waits for SQLite's one write lock
            // here, in SQLite's busy handler (busy_timeout), and never fails later upgrading a read; users' writes go
            // before background ones (WriteTurns). PostgreSQL: concurrent.
            using var turn = await TurnAsync(db, ct);
            await using var transaction = await BeginAsync(db, turn, ct);
            // No savepoint around each save: a failure rolls the whole transaction back, and on PostgreSQL each
            // savepoint is two more round trips while the changed rows' locks are held.
            var savepoints = db.Database.AutoSavepointsEnabled;
            db.Database.AutoSavepointsEnabled = false;
            try
            {
                if (beforeSave is not null)
                {
                    await beforeSave();
                }
                using (CrmMetrics.Source.StartActivity("LiveCommit.Save"))
                {
                    await db.SaveChangesAsync(ct);
                }
                if (afterKeys is not null)
                {
                    afterKeys();
                    await db.SaveChangesAsync(ct);
                }
                if (statements is not null)
                {
                    await statements();
                }
                IReadOnlyList<CrmEvent> made;
                using (CrmMetrics.Source.StartActivity("LiveCommit.Events"))
                {
                    made = await events();
                }
                // Deliveries of outgoing webhooks are stored with the change, and sent after it.
                DeliveriesStored = await Webhooks.WebhookOutbox.AddAsync(db, live, made, ct);
                // The events themselves, numbered by the database (saving the deliveries too), then the commit.
                using (CrmMetrics.Source.StartActivity("LiveCommit.Append"))
                {
                    Events = await live.AppendAsync(db, made, ct);
                }
                using (CrmMetrics.Source.StartActivity("LiveCommit.Commit"))
                {
                    await transaction.CommitAsync(ct);
                    Committed = true;
                }
                return true;
            }
            catch (DbUpdateConcurrencyException)
            {
                return false;
            }
            finally
            {
                db.Database.AutoSavepointsEnabled = savepoints;
            }
        }
    }

    private static async ValueTask<WriteTurns.Turn?> TurnAsync(CrmDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            return null;
        }
        using (CrmMetrics.Source.StartActivity("LiveCommit.Turn"))
        {
            return WriteTurns.IsBackground ? await WriteTurns.BackgroundAsync(ct) : await WriteTurns.UserAsync();
        }
    }

    private static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginAsync(CrmDbContext db, WriteTurns.Turn? turn, CancellationToken ct)
    {
        using (CrmMetrics.Source.StartActivity("LiveCommit.Begin"))
        {
            try
            {
                return await db.Database.BeginTransactionAsync(ct);
            }
            finally
            {
                turn?.Began();
            }
        }
    }

    /// <summary><see cref="SaveAndPublishAsync(ILiveUpdates, CrmDbContext, Func{Task{IReadOnlyList{CrmEvent}}}, CancellationToken, Action?)"/> for a change with one event.</summary>
    public static Task<bool> SaveAndPublishAsync(this ILiveUpdates live, CrmDbContext db, Func<Task<CrmEvent>> change, CancellationToken ct) =>
        live.SaveAndPublishAsync(db, async () => [await change()], ct);

    /// <summary>The same, for an event made without reading the database.</summary>
    public static Task<bool> SaveAndPublishAsync(this ILiveUpdates live, CrmDbContext db, Func<CrmEvent> change, CancellationToken ct) =>
        live.SaveAndPublishAsync(db, () => Task.FromResult<IReadOnlyList<CrmEvent>>([change()]), ct);

    /// <summary>
    /// Publishes a notice that goes with no change of its own (caches to forget, counters to read again): stored in
    /// the outbox and delivered like every event, on every server.
    /// </summary>
    public static async Task PublishAsync(this ILiveUpdates live, IDbContextFactory<CrmDbContext> contextFactory, CrmEvent change, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        await live.SaveAndPublishAsync(db, () => change, ct);
    }
}
