using CrmBlazor.Components.Pages.Deals;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Components.Deals;

/// <summary>The deal list beside the kanban, over a real database.</summary>
public sealed class DealListComponentTests : TeamComponentTest
{
    public DealListComponentTests() => Context.Services.AddSingleton(Db.Get<ListColumnService>());

    [Fact]
    public async Task CreatedColumn_ShowsTheTeamsTimeZone_NotTheServers()
    {
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Zoned deal", 100m);
        ShowsTeamTime(Context.Render<DealList>(), "[data-testid=deals-grid] tbody td", Db.Clock.Now.UtcDateTime);
    }
}
