namespace CrmBlazor.Core.Live;

/// <summary>
/// On SQLite, users' writes go before background writes (the mail reader's, marked by <see cref="Background"/>) for
/// SQLite's one write lock (decision 018). A user's write that finds a background transaction of this process running
/// waits for its end and goes on at once (not at the next step of SQLite's busy handler, which sleeps 1, 2, 5, 10... ms
/// between tries). A background write does not begin while a user's write is waiting to begin. Users' writes
/// never wait for each other here: among them SQLite's lock decides, as before (decision 022). Background transactions
/// are short (<see cref="Mail.MailIntakeService.CommitSize"/> messages each), so a user's save waits at most about one.
/// </summary>
/// <remarks>
/// The turns are the process's (one SQLite database per server in production; tests with several databases in one
/// process share them, which only orders their writes).
/// </remarks>
public static class WriteTurns
{
    private static readonly AsyncLocal<bool> InBackground = new();
    private static int _usersWaiting;
    private static TaskCompletionSource? _background;

    /// <summary>Whether the calling flow's writes are background writes (<see cref="Background"/>).</summary>
    public static bool IsBackground => InBackground.Value;

    /// <summary>
    /// Marks the writes of the calling flow (and of what it calls and awaits) as background writes until disposed;
    /// in an async method, until it returns at the latest.
    /// </summary>
    public static IDisposable Background()
    {
        var before = InBackground.Value;
        InBackground.Value = true;
        return new BackgroundScope(before);
    }

    private sealed class BackgroundScope(bool before) : IDisposable
    {
        public void Dispose() => InBackground.Value = before;
    }

    /// <summary>A user's write, before its transaction begins; <see cref="Turn.Began"/> once it has.</summary>
    public static async ValueTask<Turn> UserAsync()
    {
        Interlocked.Increment(ref _usersWaiting);
        if (Volatile.Read(ref _background) is { } running)
        {
            await running.Task.ConfigureAwait(false); // only ever set to a result: no failure to undo the count for
        }
        return new Turn(null);
    }

    /// <summary>A background write, before its transaction begins: waits while a user's write is waiting to begin.</summary>
    public static async ValueTask<Turn> BackgroundAsync(CancellationToken ct)
    {
        while (true)
        {
            while (Volatile.Read(ref _usersWaiting) > 0)
            {
                await Task.Delay(1, ct);
            }
            var mine = new TaskCompletionSource();
            Interlocked.Exchange(ref _background, mine);
            if (Volatile.Read(ref _usersWaiting) == 0)
            {
                return new Turn(mine);
            }
            // A user's write came meanwhile: it goes first.
            Interlocked.CompareExchange(ref _background, null, mine);
            mine.SetResult();
        }
    }

    /// <summary>A write's turn: a user's ends when its transaction has begun, a background one when it has ended.</summary>
    public sealed class Turn(TaskCompletionSource? background) : IDisposable
    {
        private int _done;

        /// <summary>A user's transaction has begun (or failed to): background writes may go again.</summary>
        public void Began()
        {
            if (background is null && Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.Decrement(ref _usersWaiting);
            }
        }

        /// <summary>Ends the turn; a background transaction's end lets the users' writes waiting for it go.</summary>
        public void Dispose()
        {
            Began();
            if (background is not null && Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.CompareExchange(ref _background, null, background);
                background.SetResult();
            }
        }
    }
}
