namespace CrmBlazor.Components.Pages.Profile;

/// <summary>Makes, replaces or switches off the user's calendar feed link; a new link is shown once.</summary>
public sealed partial class CalendarFeedPanel(
    CalendarFeedService feeds, CurrentUser currentUser, NavigationManager navigation, ISnackbar snackbar, IStringLocalizer<SharedResource> L)
{
    private bool _on;
    private string? _url;

    protected override async Task OnInitializedAsync() => _on = await feeds.IsOnAsync(await currentUser.GetActorAsync());

    private async Task NewLinkAsync()
    {
        var secret = await feeds.NewSecretAsync(await currentUser.GetActorAsync());
        _url = $"{navigation.BaseUri}calendar/{secret}.ics";
        _on = true;
    }

    private async Task TurnOffAsync()
    {
        await feeds.TurnOffAsync(await currentUser.GetActorAsync());
        _on = false;
        _url = null;
        snackbar.Add(L["CalendarFeed.TurnedOff"], Severity.Info);
    }
}
