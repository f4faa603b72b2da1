using System.Text.Json;

namespace CrmBlazor.Live;

/// <summary>
/// Keeps an element page's fields current without losing what its user typed: when another user saves a newer version,
/// the fields reload, unless this user has unsaved changes; then <see cref="SavedBy"/> names who saved, for the page
/// to say so (and offer a reload), and this user's save would be refused as a conflict rather than overwrite theirs.
/// </summary>
/// <remarks>Made in the page's <c>OnInitialized</c> and followed before the page loads, so no save is missed.</remarks>
public sealed class ElementFieldsWatch : IDisposable
{
    private readonly LiveWatch _watch;
    private readonly Func<int?> _shownVersion;
    private readonly Func<object?> _typed;
    private readonly Func<Task> _load;
    private readonly Action _changed;
    private string? _loaded;
    private string? _lastSavedBy;
    private bool _force;

    /// <param name="live">The page's live view.</param>
    /// <param name="shownVersion">The version of the element the fields show (null while none is loaded).</param>
    /// <param name="typed">What the fields hold now, as the input the page would save (compared by value).</param>
    /// <param name="load">Loads the element into the fields (and calls <see cref="Loaded"/>).</param>
    /// <param name="changed">Re-renders the page (its <c>StateHasChanged</c>).</param>
    public ElementFieldsWatch(LiveView live, Func<int?> shownVersion, Func<object?> typed, Func<Task> load, Action changed)
    {
        _shownVersion = shownVersion;
        _typed = typed;
        _load = load;
        _changed = changed;
        _watch = live.WatchReload([], ReloadOrWarnAsync, IsNewer);
    }

    /// <summary>Who saved a newer version while this user had unsaved changes; null otherwise.</summary>
    public string? SavedBy { get; private set; }

    /// <summary>Watches <paramref name="element"/>, then loads it (the page's first load, or another element's).</summary>
    public Task FollowAndLoadAsync(ElementRef element)
    {
        _watch.Follow(LiveTopics.Element(element));
        return ReloadAsync();
    }

    /// <summary>Loads the element into the fields now, whatever was typed (after the user's own save, or when they ask for the other user's).</summary>
    public Task ReloadAsync()
    {
        _force = true;
        return _watch.ReloadAsync();
    }

    /// <summary>Called by the page's load once the fields show the element, so later edits can be told apart.</summary>
    public void Loaded()
    {
        _loaded = Snapshot();
        SavedBy = null;
    }

    private bool IsNewer(CrmEvent change)
    {
        // The element's topic also carries its activities and comments, with versions of their own.
        var version = change switch
        {
            ElementChanged saved => saved.Version,
            DealChanged deal => deal.Version,
            LeadChanged lead => lead.Version,
            ElementHidden => int.MaxValue, // no longer readable: the page loads again and says so
            _ => (int?)null,
        };
        if (version is null || version <= (_shownVersion() ?? int.MaxValue))
        {
            return false;
        }
        _lastSavedBy = change.ActorName;
        return true;
    }

    private async Task ReloadOrWarnAsync()
    {
        var force = _force;
        _force = false;
        if (!force && _loaded is not null && Snapshot() != _loaded)
        {
            SavedBy = _lastSavedBy ?? "";
        }
        else
        {
            await _load();
        }
        _changed();
    }

    private string Snapshot() => JsonSerializer.Serialize(_typed());

    public void Dispose() => _watch.Dispose();
}
