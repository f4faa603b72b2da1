using System.Globalization;
using Bunit;
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
        var time = Db.Get<CrmTime>();
        var createdAt = Db.Clock.Now.UtcDateTime;
        var team = time.ToLocal(createdAt).ToString("g", CultureInfo.CurrentCulture);
        var list = Context.Render<DealList>();

        // Crm:TimeZone is Europe/Warsaw here, the test machine's zone usually UTC: the list shows Warsaw's wall clock.
        list.WaitForAssertion(() => Assert.Contains(list.FindAll("[data-testid=deals-grid] tbody td"), td => td.TextContent.Trim() == team), TimeSpan.FromSeconds(10));
        if (TimeZoneInfo.Local.GetUtcOffset(createdAt) != time.Zone.GetUtcOffset(createdAt))
        {
            var server = DateTime.SpecifyKind(createdAt, DateTimeKind.Utc).ToLocalTime().ToString("g", CultureInfo.CurrentCulture);
            Assert.DoesNotContain(list.FindAll("[data-testid=deals-grid] tbody td"), td => td.TextContent.Trim() == server);
        }
    }
}
