using System.Globalization;
using CrmBlazor.Api;
using CrmBlazor.Calendar;
using CrmBlazor.Core;
using CrmBlazor.Hubs;
using CrmBlazor.Exports;
using CrmBlazor.Health;
using CrmBlazor.Localization;
using CrmBlazor.WebForms;
using CrmBlazor.Import;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace CrmBlazor;

internal static class WebSetup
{
    public static readonly CultureInfo[] Cultures = [new("en"), new("pl")];

    /// <summary>
    /// The operator's settings file sits at the top of the repository and is copied beside the app at build time.
    /// It is the lowest layer: appsettings.{Environment}.json, environment variables and --Key=value override it.
    /// </summary>
    public static void AddTopLevelSettings(this ConfigurationManager configuration)
    {
        configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            Path = "appsettings.json",
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            Optional = true,
            ReloadOnChange = false,
        });
    }

    public static IServiceCollection AddCrmWeb(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        services.AddCrmCore(configuration, environment.ContentRootPath);
        services.AddCrmSecurityHeaders(configuration);
        services.AddCrmHealth(configuration);
        services.AddCrmTelemetry(configuration);
        services.AddOptions<CrmOptions>().PostConfigure<IConfiguration, IHostEnvironment>(
            (options, appConfiguration, hostEnvironment) => options.SeedDemoData = DemoDataSwitch.Resolve(appConfiguration, hostEnvironment));

        services.AddDataProtection().SetApplicationName("CrmBlazor").PersistKeysToDbContext<CrmDbContext>().ProtectKeysAtRest(configuration);
        services.AddRazorComponents().AddInteractiveServerComponents();
        // How long a circuit whose connection is gone is kept, and how long its state is kept after that for the page
        // to resume (decision 032); "Crm:Circuits" takes CircuitOptions' own names.
        services.Configure<CircuitOptions>(configuration.GetSection("Crm:Circuits"));
        // Brotli or gzip, at their fastest level, for what the server writes (pages, CSV); static files come
        // precompressed from MapStaticAssets in a published build. Off under HTTPS by default (BREACH): behind a proxy
        // that terminates TLS the app sees HTTP and compresses.
        services.AddResponseCompression();
        services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            options.SnackbarConfiguration.VisibleStateDuration = 4000;
            options.SnackbarConfiguration.ShowTransitionDuration = 150;
            options.SnackbarConfiguration.HideTransitionDuration = 150;
        });
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        // The framework's localizers, each behind a cache of what it found (CachedStringLocalizerFactory).
        services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        services.AddSingleton<IStringLocalizerFactory>(sp => new CachedStringLocalizerFactory(sp.GetRequiredService<ResourceManagerStringLocalizerFactory>()));
        services.AddTransient<MudLocalizer, CrmMudLocalizer>();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture("en");
            options.SupportedCultures = Cultures;
            options.SupportedUICultures = Cultures;
            options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });

        services.AddCascadingAuthenticationState();
        services.AddOptions<CrmSignInOptions>().Bind(configuration.GetSection(CrmSignInOptions.Section));
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<CrmSignInOptions>>(
            (options, signIn) => options.ValidationInterval = signIn.Value.RevalidationInterval);
        services.AddSignInRateLimiting();
        services.AddCrmWebForms(configuration);
        services.AddCalendarFeed();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.AccessDeniedPath = "/account/login";
            options.Cookie.Name = "crm.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            // Hubs and APIs answer 401/403; only pages redirect to the sign-in form.
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        });
        services.AddIdentityCore<CrmUser>(options => CrmIdentity.Configure(options, configuration))
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CrmDbContext>()
            .AddSignInManager<CrmSignInManager>()
            .AddClaimsPrincipalFactory<CrmClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        // Delivers what other servers and processes commit, from the outbox (decision 022).
        services.AddHostedService<LiveOutboxFollower>();
        // Our hub only: Blazor's own circuit hub is left to the revalidating provider, which sends the page to the
        // sign-in form. Ending the circuit's connection first stranded the page, reconnecting to a hub that now
        // refuses it.
        var signalR = services.AddSignalR().AddHubOptions<CrmHub>(options => options.AddFilter<SecurityStampHubFilter>());
        if (configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
        {
            // Scale-out: every server reads every server's changes from the outbox, woken by the relay, and hands them
            // to its own pages and hub connections (decisions 003, 022); the backplane is kept for hub messages sent to groups, of which
            // live events are no longer any (decision 011).
            signalR.AddStackExchangeRedis(redis, options => options.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("crm"));
            services.AddSingleton<StackExchange.Redis.IConnectionMultiplexer>(_ => StackExchange.Redis.ConnectionMultiplexer.Connect(redis));
            // The state of a circuit closed after a drop goes to Redis (HybridCache over it, which Blazor uses when
            // registered), so the page resumes on whichever server its connection reaches next (decision 032).
            services.AddStackExchangeRedisCache(_ => { });
            services.AddOptions<RedisCacheOptions>().Configure<StackExchange.Redis.IConnectionMultiplexer>((options, multiplexer) =>
            {
                options.ConnectionMultiplexerFactory = () => Task.FromResult(multiplexer);
                options.InstanceName = "crm:";
            });
            services.AddHybridCache();
            services.AddSingleton(LiveRelayKey.From(configuration));
            services.AddHostedService<RedisLiveRelay>();
            services.AddHostedService<RedisPresenceRelay>();
        }
        // In front of the manager chosen above, for the forwarder's writes to this server's own connections.
        HubConnections.Register(services);
        services.AddSingleton<HubAudience>();
        // Cards' texts as HTML, shared by every open board (one entry per card, language and age shown).
        services.AddSingleton<CrmBlazor.Components.Pages.Deals.CardMarkupCache>();
        services.AddHostedService<HubEventForwarder>();
        services.AddHostedService<HubSessionSweeper>();

        services.AddScoped<CurrentUser>();
        services.AddScoped<CounterState>();
        services.AddScoped<CrmBlazor.Components.Pages.Activities.ActivityCompletion>();
        services.AddHostedService<DeadlineWatcher>();
        services.AddHostedService<ReminderWatcher>();
        services.AddHostedService<CrmBlazor.Maintenance.HourlyMaintenance>();
        services.AddHostedService<CrmBlazor.Maintenance.FunnelRollupCompaction>();
        services.AddHostedService<CrmBlazor.Import.ImportWorker>();
        services.AddHostedService<CrmBlazor.Mail.MailReaderWorker>();
        services.AddHostedService<CrmBlazor.Webhooks.WebhookSender>();
        services.AddScoped<ConnectionState>();
        services.AddScoped<LiveViews>();
        services.AddScoped<LiveNotices>();
        services.AddScoped<CircuitHandler>(sp => sp.GetRequiredService<ConnectionState>());
        // A stopping server asks its pages to pause, so they resume elsewhere, or here after the restart (decision 032).
        services.AddSingleton<CircuitPauseOnStop>();
        services.AddHostedService(sp => sp.GetRequiredService<CircuitPauseOnStop>());
        services.AddScoped<CircuitHandler, CircuitPauseOnStop.Tracker>();
        services.AddCrmApi(configuration);
        return services;
    }

    /// <summary>
    /// Compresses responses, except Blazor's and the hub's connections (<c>/_blazor</c>, <c>/hubs</c>): their WebSocket
    /// frames are compressed by the WebSocket itself, and a long-polling or server-sent-events response must reach the
    /// browser as it is written, not when a compressor's buffer fills.
    /// </summary>
    public static void UseCrmResponseCompression(this WebApplication app) =>
        app.UseWhen(
            context => !context.Request.Path.StartsWithSegments("/_blazor") && !context.Request.Path.StartsWithSegments("/hubs"),
            branch => branch.UseResponseCompression());

    public static void MapCrmEndpoints(this WebApplication app)
    {
        app.MapHub<CrmHub>(CrmHub.Path);
        app.MapAccountEndpoints();
        app.MapReportEndpoints();
        app.MapCrmHealth();
        app.MapWebFormEndpoints();
        app.MapCrmApi();
        app.MapListExportEndpoints();
        app.MapImportEndpoints();
        app.MapCalendarFeed();
        CrmBlazor.Mail.MailEndpoints.MapMailEndpoints(app);
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/hubs") || path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi"))
        {
            // A bare status for machines: no sign-in page, and no "not found" page re-executed in its place.
            context.HttpContext.SkipStatusPages();
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
