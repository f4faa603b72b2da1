namespace CrmBlazor.Live;

/// <summary>
/// The notices a page shows for what others changed (a lead another user added, a lead a web form made): at most
/// <see cref="Slots"/> of them at a time, shown or waiting, for the whole circuit; past that one notice says more
/// changes arrived, and the page itself shows them. Without the bound a burst (a web form's visitors, an import by
/// hand) queued a notice per change: MudBlazor shows five at a time for seconds each, so they piled up by the thousand,
/// stale long after, and every new one was compared with all of them.
/// </summary>
/// <remarks>
/// Each notice takes a free slot: a snackbar key (<c>live-notice-0</c>...) that MudBlazor refuses while a snackbar with
/// that key is shown or waiting, so a slot frees itself when its notice closes, however it closes. Scoped: one per
/// circuit, like the snackbar service; used on the renderer.
/// </remarks>
public sealed class LiveNotices(ISnackbar snackbar, IStringLocalizer<SharedResource> localizer)
{
    /// <summary>How many notices of others' changes a user has at a time, besides the one that says there are more.</summary>
    public const int Slots = 3;

    private const string MoreKey = "live-notice-more";
    private static readonly string[] SlotKeys = [.. Enumerable.Range(0, Slots).Select(i => $"live-notice-{i}")];

    /// <summary>Shows <paramref name="message"/> in a free slot, or the "more changes" notice when none is free.</summary>
    public void Add(string message, Severity severity, Action<SnackbarOptions>? configure = null)
    {
        foreach (var key in SlotKeys)
        {
            if (snackbar.Add(message, severity, Prevent(configure), key) is not null)
            {
                return;
            }
        }
        snackbar.Add(localizer["Live.MoreChanges"].Value, Severity.Info, Prevent(null), MoreKey);
    }

    private static Action<SnackbarOptions> Prevent(Action<SnackbarOptions>? configure) => options =>
    {
        configure?.Invoke(options);
        options.DuplicatesBehavior = SnackbarDuplicatesBehavior.Prevent;
    };
}
