using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// A component test over a real SQLite database of its own with the team of <see cref="CoreTest"/> (the test pipeline,
/// Anna and Piotr in sales, Marta the manager), <see cref="SignedIn"/> signed in and a popover provider rendered.
/// </summary>
public abstract class TeamComponentTest : CrmComponentTest
{
    protected TeamComponentTest() => Db = UseNewDatabase();

    protected TestDatabase Db { get; }
    protected TestPipeline Pipeline { get; private set; } = default!;
    protected Actor Anna { get; private set; } = default!;
    protected Actor Piotr { get; private set; } = default!;
    protected Actor Manager { get; private set; } = default!;
    protected IRenderedComponent<MudPopoverProvider> Popovers { get; private set; } = default!;

    /// <summary>Who the rendered components act for; Anna unless a test class says otherwise.</summary>
    protected virtual Actor SignedIn => Anna;

    public override async Task InitializeAsync()
    {
        Pipeline = await Db.AddPipelineAsync();
        Anna = await Db.AddUserAsync("Anna", CrmRoles.Sales);
        Piotr = await Db.AddUserAsync("Piotr", CrmRoles.Sales);
        Manager = await Db.AddUserAsync("Marta", CrmRoles.Manager);
        SignIn(SignedIn);
        Popovers = RenderPopoverProvider();
    }

    /// <summary>
    /// Waits until a cell of the grid <paramref name="cells"/> shows <paramref name="utc"/> as the team's wall clock
    /// (Crm:TimeZone, Europe/Warsaw here), and checks no cell shows the server's when the two zones differ.
    /// </summary>
    protected void ShowsTeamTime<T>(IRenderedComponent<T> page, string cells, DateTime utc) where T : IComponent
    {
        var time = Db.Get<CrmTime>();
        var team = time.ToLocal(utc).ToString("g", CultureInfo.CurrentCulture);
        page.WaitForAssertion(() => Assert.Contains(page.FindAll(cells), td => td.TextContent.Trim() == team), TimeSpan.FromSeconds(10));
        if (TimeZoneInfo.Local.GetUtcOffset(utc) != time.Zone.GetUtcOffset(utc))
        {
            var server = DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToLocalTime().ToString("g", CultureInfo.CurrentCulture);
            Assert.DoesNotContain(page.FindAll(cells), td => td.TextContent.Trim() == server);
        }
    }
}
