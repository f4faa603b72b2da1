using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace CrmBlazor.Core.Live;

/// <summary>The one path by which committed changes reach everyone who shows them.</summary>
/// <remarks>
/// Events are stored in the outbox (<see cref="LiveEventRecord"/>) in the transaction of their change, numbered there
/// by the database, and delivered from it, in sequence order, to this server's subscribers (pages, hub connections):
/// at once by the writer after its commit (<see cref="DeliverAsync"/>), and by <see cref="CatchUpAsync"/> for what
/// other servers or processes committed. Decision 022.
/// </remarks>
public interface ILiveUpdates
{
    /// <summary>
    /// Wakes <paramref name="handler"/> for events of <paramref name="topic"/> until the returned handle is disposed: on
    /// the thread pool, one event at a time, in delivery order.
    /// </summary>
    IDisposable Subscribe(string topic, Func<CrmEvent, Task> handler);

    /// <summary>
    /// The same, but <paramref name="handler"/> gets every event that arrived since its last call at once (in delivery
    /// order; one call at a time): a burst of events (a batch of mail, an import) costs a subscriber one call, not one
    /// per event. For pages, which then make one trip to their renderer for the whole batch.
    /// </summary>
    IDisposable SubscribeBatches(string topic, Func<IReadOnlyList<CrmEvent>, Task> handler) =>
        Subscribe(topic, change => handler([change]));

    /// <summary>Wakes <paramref name="handler"/> for every event (for forwarders such as the SignalR hub).</summary>
    IDisposable SubscribeAll(Func<CrmEvent, Task> handler);

    /// <summary>The sequence number of the last event delivered on this server.</summary>
    long Sequence { get; }

    /// <summary>
    /// Stores <paramref name="events"/> in the outbox inside <paramref name="db"/>'s open transaction and answers them
    /// with the sequences the database gave them. On PostgreSQL it first takes the outbox's transaction lock, so
    /// sequences are given in commit order (a reader that sees event N sees every event before it).
    /// </summary>
    Task<IReadOnlyList<CrmEvent>> AppendAsync(CrmDbContext db, IReadOnlyList<CrmEvent> events, CancellationToken ct);

    /// <summary>
    /// After the commit of <paramref name="committed"/> (numbered by <see cref="AppendAsync"/>): delivers every event up
    /// to the last of them that this server has not delivered yet, in sequence order, reading from the outbox only
    /// what another server committed in between (or a writer here that did not deliver its own). When the number just
    /// before them is a writer's here that committed a moment earlier and has not delivered yet, they are left to that
    /// writer, which delivers them right after its own.
    /// </summary>
    Task DeliverAsync(IReadOnlyList<CrmEvent> committed);

    /// <summary>
    /// <paramref name="appended"/> (numbered by <see cref="AppendAsync"/>) will not be delivered by its writer: its
    /// transaction did not commit, or the writer cannot tell. Later events are then no longer held back for it.
    /// </summary>
    Task AbandonAsync(IReadOnlyList<CrmEvent> appended);

    /// <summary>Delivers whatever the outbox holds past <see cref="Sequence"/> (other servers' and processes' events).</summary>
    Task CatchUpAsync(CancellationToken ct = default);

    /// <summary>
    /// Tells <paramref name="handler"/> the last sequence of each commit made on this server, after its delivery (the
    /// Redis relay wakes the other servers with it).
    /// </summary>
    IDisposable OnCommitted(Action<long> handler);
}

/// <summary>
/// In-process fan-out with keyed subscriptions, fed from the outbox. Dispatching never waits for subscribers: a slow
/// page must not slow down the user who made the change. Thread-safe; holds no per-user state.
/// </summary>
public sealed class LiveUpdates(ILogger<LiveUpdates> logger, IDbContextFactory<CrmDbContext>? contextFactory = null) : ILiveUpdates
{
    /// <summary>How long the outbox keeps events (for catch-up after a drop); older ones are pruned hourly.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    /// <summary>The most events one catch-up read delivers; it reads again while there are more.</summary>
    internal const int ReadBatch = 500;

    /// <summary>The key of PostgreSQL's transaction-level advisory lock that orders the outbox's appends.</summary>
    internal const long OutboxLockKey = 0x43524D4C495645; // "CRMLIVE"

    private const string AllTopics = "*";
    // Delivery has two locks. _sync, held only for moments and never across an await, orders every dispatch: what is
    // delivered here, up to where (_delivered), and the events committed here waiting for an earlier number. _reading,
    // an async gate, lets one caller at a time read the outbox (other servers' events, numbers nobody here handed over).
    // A writer whose events follow on from what was delivered dispatches them under _sync and is done: no wait for a
    // gate that hands over through the thread pool (which, under load, is what delivery waited for).
    private readonly Lock _sync = new();
    private readonly SemaphoreSlim _reading = new(1, 1);
    // Numbers appended on this server whose writers have not handed their events over yet (committing, or just
    // committed), with when: a writer that commits after them leaves its events to them instead of reading the outbox.
    private readonly ConcurrentDictionary<long, long> _appending = new();
    // Under _sync: events committed on this server and not delivered yet because an earlier number was not.
    private readonly SortedDictionary<long, CrmEvent> _pending = [];
    // The last sequence delivered here; -1 until known (the outbox's last at start, or a first writer's).
    private long _delivered = -1;
    private ImmutableList<Action<long>> _committed = [];
    private ImmutableDictionary<string, ImmutableList<Subscription>> _subscriptions =
        ImmutableDictionary<string, ImmutableList<Subscription>>.Empty.WithComparers(StringComparer.Ordinal);

    public IDisposable Subscribe(string topic, Func<CrmEvent, Task> handler) =>
        Add(topic == AllTopics ? new Subscription(this, topic, handler, null, null) : new Subscription(this, topic, null, null, handler));

    public IDisposable SubscribeBatches(string topic, Func<IReadOnlyList<CrmEvent>, Task> handler) =>
        Add(topic == AllTopics ? throw new ArgumentException("Forwarders of every event use SubscribeAll.", nameof(topic)) : new Subscription(this, topic, null, handler, null));

    public IDisposable SubscribeAll(Func<CrmEvent, Task> handler) => Subscribe(AllTopics, handler);

    private Subscription Add(Subscription subscription)
    {
        ImmutableInterlocked.AddOrUpdate(ref _subscriptions, subscription.Topic, [subscription], (_, list) => list.Add(subscription));
        return subscription;
    }

    public long Sequence => Math.Max(0, Interlocked.Read(ref _delivered));

    public async Task<IReadOnlyList<CrmEvent>> AppendAsync(CrmDbContext db, IReadOnlyList<CrmEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return events;
        }
        var payloads = events.Select(e => System.Text.Json.JsonSerializer.Serialize(e with { Sequence = 0 }, LiveEventRecord.Json)).ToList();
        IReadOnlyList<long> sequences;
        if (db.Database.IsNpgsql())
        {
            sequences = await AppendToPostgresAsync(db, payloads, ct);
        }
        else
        {
            // One writer at a time (BEGIN IMMEDIATE): the times rise with the numbers, as pruning by time expects.
            var now = DateTime.UtcNow;
            var records = payloads.Select(payload => new LiveEventRecord { CommittedAt = now, Payload = payload }).ToList();
            db.LiveEvents.AddRange(records);
            await db.SaveChangesAsync(ct);
            sequences = [.. records.Select(r => r.Sequence)];
        }
        var now64 = Environment.TickCount64;
        foreach (var sequence in sequences)
        {
            _appending[sequence] = now64;
        }
        return [.. events.Select((e, i) => e with { Sequence = sequences[i] })];
    }

    // PostgreSQL: the outbox's advisory lock, held to the commit, makes the appends of concurrent writers, and so
    // their sequences, follow commit order (decision 022). Every round trip while it is held keeps the next writer
    // waiting, so one statement takes the lock and stores the rows (the lock's one-row CTE is read before any row is
    // made), and the commit is the only trip after it. The time is the database's, read under the lock, so it rises
    // with the numbers (pruning deletes by time and keeps what follows). The changes still waiting to be saved
    // (outgoing webhooks' deliveries) are saved before the lock.
    private static async Task<IReadOnlyList<long>> AppendToPostgresAsync(CrmDbContext db, IReadOnlyList<string> payloads, CancellationToken ct)
    {
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(ct);
        }
        var rows = payloads.ToArray();
        var sequences = await db.Database.SqlQuery<long>($"""
            WITH locked AS MATERIALIZED (SELECT pg_advisory_xact_lock({OutboxLockKey}))
            INSERT INTO "LiveEvents" ("CommittedAt", "Payload")
            SELECT clock_timestamp(), e.payload FROM locked, unnest({rows}) WITH ORDINALITY AS e(payload, place) ORDER BY e.place
            RETURNING "Sequence" AS "Value"
            """).ToListAsync(ct);
        // Numbered as inserted, in the events' order, one after another under the lock.
        sequences.Sort();
        return sequences;
    }

    /// <summary>
    /// How long a number appended here is left to its own writer to deliver (with the events committed after it) before
    /// a later writer reads it from the outbox instead: that writer failed between its commit and its delivery. The
    /// follower's catch-up (every second) delivers them too. The tests change it.
    /// </summary>
    internal TimeSpan HandOverWait { get; set; } = TimeSpan.FromSeconds(1);

    public async Task AbandonAsync(IReadOnlyList<CrmEvent> appended)
    {
        foreach (var change in appended)
        {
            _appending.TryRemove(change.Sequence, out _);
        }
        long? target;
        lock (_sync)
        {
            target = ReadTargetLocked(-1); // what waited for it, past it
        }
        if (target is { } through)
        {
            try
            {
                await ReadThroughAsync(through).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Not the caller's failure (its own is on its way up): the follower's catch-up delivers them instead.
                logger.LogError(ex, "Reading the outbox after an abandoned event failed");
            }
        }
    }

    public async Task DeliverAsync(IReadOnlyList<CrmEvent> committed)
    {
        if (committed.Count == 0)
        {
            return;
        }
        var last = committed[^1].Sequence;
        if (Interlocked.Read(ref _delivered) < last)
        {
            long? target;
            lock (_sync)
            {
                if (_delivered < 0)
                {
                    _delivered = committed[0].Sequence - 1; // nothing delivered here yet: start at this commit
                }
                foreach (var change in committed)
                {
                    if (change.Sequence > _delivered)
                    {
                        _pending[change.Sequence] = change;
                    }
                    _appending.TryRemove(change.Sequence, out _);
                }
                DrainLocked();
                target = ReadTargetLocked(last);
            }
            if (target is { } through)
            {
                using (CrmMetrics.Source.StartActivity("LiveCommit.ReadOutbox"))
                {
                    await ReadThroughAsync(through).ConfigureAwait(false);
                }
            }
        }
        foreach (var handler in _committed)
        {
            try
            {
                handler(last);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "A handler of committed events failed");
            }
        }
    }

    public async Task CatchUpAsync(CancellationToken ct = default)
    {
        if (contextFactory is null)
        {
            return;
        }
        await _reading.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await DeliverStoredAsync(long.MaxValue, ct).ConfigureAwait(false);
        }
        finally
        {
            _reading.Release();
        }
    }

    public IDisposable OnCommitted(Action<long> handler)
    {
        ImmutableInterlocked.Update(ref _committed, list => list.Add(handler));
        return new Unregister(() => ImmutableInterlocked.Update(ref _committed, list => list.Remove(handler)));
    }

    /// <summary>The last sequence in the outbox as <paramref name="db"/> sees it (in a snapshot: the last event it holds).</summary>
    public static async Task<long> LastSequenceAsync(CrmDbContext db, CancellationToken ct) =>
        await db.LiveEvents.MaxAsync(e => (long?)e.Sequence, ct) ?? 0;

    /// <summary>
    /// The stored events after <paramref name="after"/>, in order, from at most <paramref name="take"/> rows; null when
    /// the outbox no longer holds all of them (pruned: the reader must load afresh). A row that cannot be read (an event
    /// of a newer version of the app) is skipped, as delivery skips it, and still counted in <see cref="StoredEvents.Last"/>.
    /// </summary>
    public static async Task<StoredEvents?> ReadAfterAsync(CrmDbContext db, long after, int take, CancellationToken ct)
    {
        if (await db.LiveEvents.MinAsync(e => (long?)e.Sequence, ct) is { } first && after + 1 < first)
        {
            return null; // pruned (or the next number was a rolled-back transaction's: the reader loads afresh too)
        }
        var rows = await db.LiveEvents.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(take).ToListAsync(ct);
        var events = new List<CrmEvent>(rows.Count);
        foreach (var row in rows)
        {
            try
            {
                events.Add(row.Read());
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException)
            {
                // Skipped, as delivery skips it (and logs it there).
            }
        }
        return new StoredEvents(events, rows.Count > 0 ? rows[^1].Sequence : after, rows.Count);
    }

    /// <summary>Removes outbox rows older than <paramref name="before"/>, always keeping the last (it holds the sequence).</summary>
    public static async Task<int> PruneAsync(CrmDbContext db, DateTime before, CancellationToken ct)
    {
        var last = await LastSequenceAsync(db, ct);
        return await db.LiveEvents.Where(e => e.CommittedAt < before && e.Sequence < last).ExecuteDeleteAsync(ct);
    }

    /// <summary>Sets where delivery starts: the outbox's last event (called once at start, before any page opens).</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        if (contextFactory is null)
        {
            return;
        }
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var last = await LastSequenceAsync(db, ct);
        lock (_sync)
        {
            if (_delivered < 0)
            {
                _delivered = last;
            }
        }
    }

    /// <summary>Dispatches <paramref name="change"/> (numbered) to this server's subscribers; for tests and benchmarks.</summary>
    public void Publish(CrmEvent change) => Dispatch(change);

    public int SubscriberCount(string topic) => _subscriptions.TryGetValue(topic, out var list) ? list.Count : 0;

    // Under _sync, after DrainLocked: up to where the outbox must be read for what is left (this writer's events up to
    // `last`, and every event committed here that waits), or null when nothing is left or the number missing first is
    // one a writer here appended a moment ago. That writer committed just before (decision 022) and is on its way: it
    // delivers what waits after its own, and the writers that left their events to it are done (no read, no wait).
    // Other servers' numbers, numbers of transactions that rolled back, and a writer that never came are read from the
    // outbox, or stepped over; stepping over up to the target is safe, as the target itself has committed.
    private long? ReadTargetLocked(long last)
    {
        var target = Math.Max(last, _pending.Count > 0 ? _pending.Keys.Last() : -1);
        if (_delivered >= target)
        {
            return null;
        }
        var young = _appending.TryGetValue(_delivered + 1, out var appendedAt)
            && Environment.TickCount64 - appendedAt < (long)HandOverWait.TotalMilliseconds;
        return young ? null : target;
    }

    // Under _sync: delivers the events committed here in sequence order, as far as they follow on from what was
    // delivered.
    private void DrainLocked()
    {
        while (_pending.Count > 0 && _pending.First() is var (sequence, change) && sequence <= _delivered + 1)
        {
            _pending.Remove(sequence);
            if (sequence > _delivered)
            {
                Dispatch(change);
                Interlocked.Exchange(ref _delivered, sequence);
            }
        }
        if (!_appending.IsEmpty)
        {
            foreach (var (sequence, _) in _appending)
            {
                if (sequence <= _delivered)
                {
                    _appending.TryRemove(sequence, out _); // delivered from the outbox before its writer came
                }
            }
        }
    }

    // Delivers every number up to `through`: the events committed here from memory, the rest read from the outbox
    // (stepped over when it does not hold them: their transactions rolled back). Once a number after them committed,
    // every earlier number has committed or rolled back (decision 022), so what the outbox lacks never comes.
    private async Task ReadThroughAsync(long through)
    {
        await _reading.WaitAsync().ConfigureAwait(false);
        try
        {
            if (contextFactory is null)
            {
                lock (_sync)
                {
                    Interlocked.Exchange(ref _delivered, Math.Max(_delivered, through)); // no outbox here (tests): step over
                    DrainLocked();
                }
                return;
            }
            await DeliverStoredAsync(through, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _reading.Release();
        }
    }

    // Under _reading: delivers the stored events after _delivered up to and including `through` (for a finite
    // `through`, stepping over numbers the outbox does not hold), with the events committed here between them.
    private async Task DeliverStoredAsync(long through, CancellationToken ct)
    {
        await using var db = await contextFactory!.CreateDbContextAsync(ct);
        lock (_sync)
        {
            DrainLocked();
        }
        if (Interlocked.Read(ref _delivered) < 0)
        {
            var last = Math.Min(through, await LastSequenceAsync(db, ct));
            lock (_sync)
            {
                if (_delivered < 0)
                {
                    _delivered = last;
                }
                DrainLocked();
            }
            return;
        }
        while (true)
        {
            var from = Interlocked.Read(ref _delivered);
            if (from >= through)
            {
                return;
            }
            var rows = await db.LiveEvents.AsNoTracking().Where(e => e.Sequence > from && e.Sequence <= through)
                .OrderBy(e => e.Sequence).Take(ReadBatch).ToListAsync(ct);
            lock (_sync)
            {
                foreach (var row in rows)
                {
                    if (row.Sequence <= _delivered)
                    {
                        continue; // delivered from memory meanwhile
                    }
                    CrmEvent change;
                    try
                    {
                        change = row.Read() with { IsRemote = true };
                    }
                    catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException)
                    {
                        logger.LogError(ex, "Skipped live event {Sequence}: it could not be read", row.Sequence);
                        Interlocked.Exchange(ref _delivered, row.Sequence);
                        continue;
                    }
                    Dispatch(change);
                    Interlocked.Exchange(ref _delivered, row.Sequence);
                    DrainLocked();
                }
                if (rows.Count < ReadBatch && through != long.MaxValue)
                {
                    // A number given to a transaction that rolled back is never stored: step over it.
                    Interlocked.Exchange(ref _delivered, Math.Max(_delivered, through));
                }
                DrainLocked();
            }
            if (rows.Count < ReadBatch)
            {
                return;
            }
        }
    }

    private void Dispatch(CrmEvent change)
    {
        var snapshot = _subscriptions;
        if (snapshot.TryGetValue(AllTopics, out var everything))
        {
            Dispatch(everything, change);
        }
        foreach (var topic in change.Topics)
        {
            if (snapshot.TryGetValue(topic, out var list))
            {
                Dispatch(list, change);
            }
        }
    }

    private void Dispatch(ImmutableList<Subscription> subscriptions, CrmEvent change)
    {
        foreach (var subscription in subscriptions)
        {
            if (subscription.Handler is null)
            {
                // A page re-renders inside its handler: it runs on the thread pool, so the user who saved never waits
                // for other users' pages, from the subscription's own queue, so a burst is one trip, not one per event.
                subscription.Post(change);
                continue;
            }
            try
            {
                var task = subscription.Handler(change);
                if (!task.IsCompletedSuccessfully)
                {
                    _ = ObserveAsync(task, subscription.Topic);
                }
            }
            catch (Exception ex)
            {
                Failed(ex, subscription.Topic);
            }
        }
    }

    private async Task ObserveAsync(Task task, string topic)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Failed(ex, topic);
        }
    }

    private void Failed(Exception ex, string topic) => logger.LogError(ex, "A subscriber of {Topic} failed", topic);

    private void Remove(Subscription subscription) =>
        ImmutableInterlocked.AddOrUpdate(ref _subscriptions, subscription.Topic, [], (_, list) => list.Remove(subscription));

    private sealed class Unregister(Action remove) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                remove();
            }
        }
    }

    /// <summary>
    /// One subscriber. Forwarders that subscribe to everything (the hub, the Redis relay) have a <c>Handler</c>: it runs
    /// inline, in publish order, and only hands the event on. Keyed subscribers (pages) have a handler of batches, or of
    /// each event: events wait in the subscription's queue and one drain at a time on the thread pool hands over all
    /// that waited (or each in turn), so a subscriber is never called twice at once and a burst costs it one work item,
    /// whatever its size.
    /// </summary>
    private sealed class Subscription(LiveUpdates owner, string topic, Func<CrmEvent, Task>? handler,
        Func<IReadOnlyList<CrmEvent>, Task>? batches, Func<CrmEvent, Task>? each) : IDisposable
    {
        // A plain queue under its own lock, not a ConcurrentQueue: an open page holds some 18 subscriptions, and a
        // ConcurrentQueue's first segment (32 slots, a padded head and tail) cost every page about 14 KB for them.
        private readonly Queue<CrmEvent> _queue = new();
        private int _draining;
        private int _disposed;
        public string Topic { get; } = topic;
        public Func<CrmEvent, Task>? Handler { get; } = handler;

        public void Post(CrmEvent change)
        {
            lock (_queue)
            {
                _queue.Enqueue(change);
            }
            if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static subscription => _ = subscription.DrainAsync(), this, preferLocal: false);
            }
        }

        private async Task DrainAsync()
        {
            while (true)
            {
                List<CrmEvent> batch;
                lock (_queue)
                {
                    batch = [.. _queue];
                    _queue.Clear();
                    if (batch.Count > 32)
                    {
                        _queue.TrimExcess(); // a burst's array is not kept for good
                    }
                }
                if (batches is not null && batch.Count > 0 && Volatile.Read(ref _disposed) == 0)
                {
                    try
                    {
                        await batches(batch).ConfigureAwait(false);
                    }
                    catch (Exception ex)
                    {
                        owner.Failed(ex, Topic);
                    }
                }
                for (var i = 0; each is not null && i < batch.Count && Volatile.Read(ref _disposed) == 0; i++)
                {
                    try
                    {
                        await each(batch[i]).ConfigureAwait(false);
                    }
                    catch (Exception ex)
                    {
                        owner.Failed(ex, Topic);
                    }
                }
                // Done, unless an event came after the last dequeue and its Post saw this drain still running. A full
                // fence: the check of the queue below must not be read before the flag is cleared.
                Interlocked.Exchange(ref _draining, 0);
                bool empty;
                lock (_queue)
                {
                    empty = _queue.Count == 0;
                }
                if (empty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
                {
                    return;
                }
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(this);
                lock (_queue)
                {
                    _queue.Clear();
                }
            }
        }
    }
}

/// <summary>What <see cref="LiveUpdates.ReadAfterAsync"/> read: the readable events, the last sequence the rows covered, and how many rows.</summary>
public sealed record StoredEvents(IReadOnlyList<CrmEvent> Events, long Last, int Rows);
