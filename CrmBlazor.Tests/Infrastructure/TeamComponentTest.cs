using Bunit;
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
}
