using System.Security.Claims;
using Bunit;
using CrmBlazor.Core;
using CrmBlazor.Live;
using CrmBlazor.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// The one bunit setup: MudBlazor services with no transitions, loose JS interop, the app's localization, a popover
/// provider, and optionally the Core services over a real SQLite <see cref="TestDatabase"/>.
/// </summary>
public abstract class CrmComponentTest : IAsyncLifetime
{
    private TestDatabase? _database;

    protected CrmComponentTest()
    {
        // Waits are for conditions, never for time: bunit's one second is a deadline a busy two-core machine can miss
        // (a real database write sits between the click and the render), not a performance goal.
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
            options.PopoverOptions.CheckForPopoverProvider = false;
        });
        Context.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        Context.Services.AddTransient<MudLocalizer, CrmBlazor.Localization.CrmMudLocalizer>();
        Context.Services.AddSingleton<TimeProvider>(Clock);
        Context.Services.AddScoped<ConnectionState>();
        Context.Services.AddScoped<LiveViews>();
        Context.Services.AddScoped<LiveNotices>();
        Context.Services.AddSingleton(new CrmBlazor.Core.Live.Presence(Clock));
        Context.Services.AddScoped<CurrentUser>();
        Context.Services.AddSingleton<CrmBlazor.Components.Pages.Deals.CardMarkupCache>();
        // The framework's service in the app; element pages keep what a user typed in it (KeptTyping).
        Context.AddBunitPersistentComponentState();
    }

    protected BunitContext Context { get; } = new();
    protected TestClock Clock { get; } = new();

    /// <summary>Signs the component's user in with the claims the app's cookie carries.</summary>
    protected void SignIn(Actor actor)
    {
        var auth = Context.AddAuthorization();
        auth.SetAuthorized(actor.DisplayName);
        auth.SetRoles([.. actor.Roles]);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, actor.UserId), new Claim(CrmClaimsPrincipalFactory.DisplayNameClaim, actor.DisplayName));
    }

    /// <summary>Makes the Core services of <paramref name="db"/> the ones components get.</summary>
    protected void UseDatabase(TestDatabase db)
    {
        Context.Services.AddSingleton(db.Live);
        Context.Services.AddSingleton<CrmBlazor.Core.Live.ILiveUpdates>(db.Live);
        Context.Services.AddSingleton(db.Deals);
        Context.Services.AddSingleton(db.Boards);
        Context.Services.AddSingleton(db.Get<CrmBlazor.Core.Currencies.CurrencyService>());
        Context.Services.AddSingleton(db.Get<CrmBlazor.Core.Pipelines.PipelineService>());
        Context.Services.AddSingleton(db.Get<CrmBlazor.Core.Companies.CompanyService>());
        Context.Services.AddSingleton(db.Get<CrmBlazor.Core.Contacts.ContactService>());
        Context.Services.AddSingleton(db.Get<CrmBlazor.Core.Leads.LeadService>());
        Context.Services.AddSingleton(db.Get<CrmBlazor.Core.Leads.LeadOptionService>());
        Context.Services.AddSingleton(db.Get<CrmBlazor.Core.CustomFields.CustomFieldService>());
        Context.Services.AddSingleton(db.Get<CrmBlazor.Core.SavedViews.SavedViewService>());
        Context.Services.AddSingleton(db.Get<CrmBlazor.Core.Leads.LeadConversionService>());
        Context.Services.AddSingleton(db.Get<CrmBlazor.Core.Common.DuplicateFinder>());
        Context.Services.AddSingleton(db.Get<CrmBlazor.Core.Identity.UserDirectory>());
        Context.Services.AddSingleton(db.Get<IOptions<CrmOptions>>());
        Context.Services.AddSingleton(db.Get<CrmTime>());
        Context.Services.AddSingleton(db.Get<CrmBlazor.Core.Activities.ActivityService>());
        Context.Services.AddSingleton(db.Get<CrmBlazor.Core.Activities.CounterService>());
        Context.Services.AddSingleton(db.Get<CrmBlazor.Core.Timeline.TimelineService>());
        Context.Services.AddSingleton(db.Get<AccessProfiles>());
        Context.Services.AddSingleton(db.Get<RecordAccess>());
        Context.Services.AddScoped<CounterState>();
    }

    /// <summary>A new database whose Core services components get; disposed with the test.</summary>
    protected TestDatabase UseNewDatabase()
    {
        _database = new TestDatabase();
        UseDatabase(_database);
        return _database;
    }

    protected IRenderedComponent<MudPopoverProvider> RenderPopoverProvider() => Context.Render<MudPopoverProvider>();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
