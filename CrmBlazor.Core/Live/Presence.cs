namespace CrmBlazor.Core.Live;

/// <summary>What a user is doing at a place.</summary>
public enum PresenceActivity
{
    /// <summary>Has the page open.</summary>
    Viewing,

    /// <summary>Has a field of the element open for editing, not yet saved.</summary>
    Editing,

    /// <summary>Is dragging or carrying a board's card (its deal is the entry's subject).</summary>
    Moving,
}

/// <summary>One browser tab at one place (an element page or a board), on this server or another.</summary>
/// <param name="SeatId">The tab's seat, unique across servers.</param>
/// <param name="Subject">What the activity is about: the deal being moved on a board.</param>
public sealed record PresenceEntry(string SeatId, string UserId, string UserName, string Place, PresenceActivity Activity, int? Subject = null);

/// <summary>
/// What one server tells the others about its seats: the seats that joined or changed and those that left, or, in
/// the heartbeat (<paramref name="Full"/>), every seat it has, which replaces all its seats the receiver knew.
/// </summary>
public sealed record PresenceMessage(string ServerId, IReadOnlyList<PresenceEntry> Entries, IReadOnlyList<string> Left, bool Full);

/// <summary>The places presence is kept for.</summary>
public static class PresencePlaces
{
    public static string Element(ElementRef element) => $"presence:{LiveTopics.Element(element)}";

    public static string Board(int pipelineId) => $"presence:{LiveTopics.Pipeline(pipelineId)}";
}

/// <summary>
/// Who is looking at what, right now: every open element page and board holds a seat at its place, and every page at
/// a place is told when the seats there change. Kept in memory only, never in the database, and never through the
/// events of <see cref="ILiveUpdates"/> (they are the record of committed changes; presence is not one).
/// </summary>
/// <remarks>
/// Past one server, a relay hands <see cref="Sent"/> to the other servers and gives what they send to
/// <see cref="Receive"/>; each server sends all its seats every <see cref="Heartbeat"/>, and a seat of another server
/// not heard of for <see cref="RemoteLifetime"/> is dropped by <see cref="Expire"/>: a server that dies takes its
/// seats with it within that time. Thread-safe; watchers are called outside the registry's lock, on the caller's thread
/// (a seat's changes are made under the seat's own lock, so a seat left is never taken again by a late change).
/// </remarks>
public sealed class Presence(TimeProvider clock)
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1.5);
    public static readonly TimeSpan RemoteLifetime = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Seated> _seats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Action>> _watchers = new(StringComparer.Ordinal);

    /// <summary>This server, as its messages name it.</summary>
    public string ServerId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>A change of this server's seats, for the relay to the other servers.</summary>
    public event Action<PresenceMessage>? Sent;

    /// <summary>Takes a seat at <paramref name="place"/> for a tab of <paramref name="userId"/>; disposing it leaves.</summary>
    public PresenceSeat Join(string place, string userId, string userName) =>
        new(this, new PresenceEntry(Guid.NewGuid().ToString("N"), userId, userName, place, PresenceActivity.Viewing));

    /// <summary>Everyone at <paramref name="place"/>, on every server, by name.</summary>
    public IReadOnlyList<PresenceEntry> At(string place)
    {
        lock (_lock)
        {
            return _seats.Values.Where(s => s.Entry.Place == place).Select(s => s.Entry)
                .OrderBy(e => e.UserName, StringComparer.CurrentCultureIgnoreCase).ThenBy(e => e.SeatId, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Calls <paramref name="changed"/> whenever the seats at <paramref name="place"/> change, until disposed.</summary>
    public IDisposable Watch(string place, Action changed)
    {
        lock (_lock)
        {
            if (!_watchers.TryGetValue(place, out var list))
            {
                _watchers[place] = list = [];
            }
            list.Add(changed);
        }
        return new Unwatch(this, place, changed);
    }

    /// <summary>Every seat of this server, for the heartbeat.</summary>
    public PresenceMessage Snapshot()
    {
        lock (_lock)
        {
            return new PresenceMessage(ServerId, _seats.Values.Where(s => s.ServerId is null).Select(s => s.Entry).ToList(), [], Full: true);
        }
    }

    /// <summary>Applies what another server sent (its own messages, coming back, are ignored).</summary>
    public void Receive(PresenceMessage message)
    {
        if (message.ServerId == ServerId)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var places = new HashSet<string>(StringComparer.Ordinal);
        lock (_lock)
        {
            if (message.Full)
            {
                var kept = message.Entries.Select(e => e.SeatId).ToHashSet(StringComparer.Ordinal);
                foreach (var gone in _seats.Values.Where(s => s.ServerId == message.ServerId && !kept.Contains(s.Entry.SeatId)).ToList())
                {
                    _seats.Remove(gone.Entry.SeatId);
                    places.Add(gone.Entry.Place);
                }
            }
            foreach (var seatId in message.Left)
            {
                if (_seats.TryGetValue(seatId, out var seat) && seat.ServerId == message.ServerId)
                {
                    _seats.Remove(seatId);
                    places.Add(seat.Entry.Place);
                }
            }
            foreach (var entry in message.Entries)
            {
                if (_seats.TryGetValue(entry.SeatId, out var known) && known.ServerId is null)
                {
                    continue; // a seat id of this server: never taken over
                }
                if (known?.Entry != entry)
                {
                    places.Add(entry.Place);
                    if (known is not null)
                    {
                        places.Add(known.Entry.Place);
                    }
                }
                _seats[entry.SeatId] = new Seated(entry, message.ServerId, now);
            }
        }
        Notify(places);
    }

    /// <summary>Drops the seats of other servers not heard of for <see cref="RemoteLifetime"/>.</summary>
    public void Expire()
    {
        var oldest = clock.GetUtcNow() - RemoteLifetime;
        var places = new HashSet<string>(StringComparer.Ordinal);
        lock (_lock)
        {
            foreach (var stale in _seats.Values.Where(s => s.ServerId is not null && s.Seen < oldest).ToList())
            {
                _seats.Remove(stale.Entry.SeatId);
                places.Add(stale.Entry.Place);
            }
        }
        Notify(places);
    }

    internal void Set(PresenceEntry entry)
    {
        lock (_lock)
        {
            if (_seats.TryGetValue(entry.SeatId, out var known) && known.Entry == entry)
            {
                return;
            }
            _seats[entry.SeatId] = new Seated(entry, ServerId: null, clock.GetUtcNow());
        }
        Sent?.Invoke(new PresenceMessage(ServerId, [entry], [], Full: false));
        Notify([entry.Place]);
    }

    internal void Leave(PresenceEntry entry)
    {
        lock (_lock)
        {
            if (!_seats.Remove(entry.SeatId))
            {
                return;
            }
        }
        Sent?.Invoke(new PresenceMessage(ServerId, [], [entry.SeatId], Full: false));
        Notify([entry.Place]);
    }

    private void Notify(IEnumerable<string> places)
    {
        foreach (var place in places)
        {
            Action[] watchers;
            lock (_lock)
            {
                watchers = _watchers.TryGetValue(place, out var list) ? [.. list] : [];
            }
            foreach (var watcher in watchers)
            {
                watcher();
            }
        }
    }

    private sealed record Seated(PresenceEntry Entry, string? ServerId, DateTimeOffset Seen);

    private sealed class Unwatch(Presence owner, string place, Action changed) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }
            lock (owner._lock)
            {
                if (owner._watchers.TryGetValue(place, out var list) && list.Remove(changed) && list.Count == 0)
                {
                    owner._watchers.Remove(place);
                }
            }
        }
    }
}

/// <summary>
/// One tab's seat at a place: present from <see cref="Presence.Join"/> until disposed, away while its connection is
/// down (<see cref="Away"/>, <see cref="Back"/>), doing what <see cref="Set"/> last said.
/// </summary>
public sealed class PresenceSeat : IDisposable
{
    private readonly Presence _presence;
    private readonly Lock _lock = new();
    private PresenceEntry _entry;
    private bool _away;
    private bool _disposed;

    internal PresenceSeat(Presence presence, PresenceEntry entry)
    {
        _presence = presence;
        _entry = entry;
        presence.Set(entry);
    }

    /// <summary>This seat, as others see it.</summary>
    public PresenceEntry Entry
    {
        get
        {
            lock (_lock)
            {
                return _entry;
            }
        }
    }

    /// <summary>Says what the user is doing here now (and about what).</summary>
    public void Set(PresenceActivity activity, int? subject = null)
    {
        lock (_lock)
        {
            if (_disposed || (_entry.Activity == activity && _entry.Subject == subject))
            {
                return;
            }
            _entry = _entry with { Activity = activity, Subject = subject };
            if (!_away)
            {
                _presence.Set(_entry);
            }
        }
    }

    /// <summary>The tab's connection is down (closed, or dropped): others no longer see it until <see cref="Back"/>.</summary>
    public void Away()
    {
        lock (_lock)
        {
            if (!_disposed && !_away)
            {
                _away = true;
                _presence.Leave(_entry);
            }
        }
    }

    /// <summary>The tab's connection is back.</summary>
    public void Back()
    {
        lock (_lock)
        {
            if (!_disposed && _away)
            {
                _away = false;
                _presence.Set(_entry);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _disposed = true;
                _presence.Leave(_entry);
            }
        }
    }
}
