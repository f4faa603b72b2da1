using CrmBlazor.Live;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CrmBlazor.Tests.Live;

/// <summary>The notices of others' changes, on MudBlazor's own snackbar service (the one a circuit has).</summary>
public sealed class LiveNoticesTests : CrmComponentTest
{
    private ISnackbar Snackbar => Context.Services.GetRequiredService<ISnackbar>();
    private LiveNotices Notices => Context.Services.GetRequiredService<LiveNotices>();

    [Fact]
    public void ABurst_ShowsThreeNoticesAndOneThatSaysThereAreMore_NotOneEach()
    {
        for (var i = 1; i <= 40; i++)
        {
            Notices.Add($"Anna added the lead \"Lead {i}\"", Severity.Info);
        }

        Assert.Equal(["Anna added the lead \"Lead 1\"", "Anna added the lead \"Lead 2\"", "Anna added the lead \"Lead 3\"", "More changes from others arrived"],
            Snackbar.ShownSnackbars.Select(s => s.Message));
    }

    [Fact]
    public void ANoticeThatCloses_FreesItsPlaceForTheNextChange()
    {
        for (var i = 1; i <= 5; i++)
        {
            Notices.Add($"Change {i}", Severity.Info);
        }

        Snackbar.Remove(Snackbar.ShownSnackbars.First(s => s.Message == "Change 2"));
        Notices.Add("Change 6", Severity.Info);
        Notices.Add("Change 7", Severity.Info);

        Assert.Equal(["Change 1", "Change 3", "More changes from others arrived", "Change 6"], Snackbar.ShownSnackbars.Select(s => s.Message));
    }

    [Fact]
    public void TheSameTextTwice_IsShownTwice()
    {
        // Two changes may read alike ("Anna changed "Acme""); each is its own notice while there is room.
        Notices.Add("Anna changed \"Acme\"", Severity.Info);
        Notices.Add("Anna changed \"Acme\"", Severity.Info);

        Assert.Equal(2, Snackbar.ShownSnackbars.Count(s => s.Message == "Anna changed \"Acme\""));
    }
}
