using System.Security.Claims;
using CrmBlazor.Components.Layout;
using CrmBlazor.Components.Pages.Deals;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// One user's open deal board, the stand-in for a Blazor Server circuit showing <c>/deals</c>: a DI scope of its own
/// (a circuit's scope: CurrentUser, ConnectionState, MudBlazor's services...), signed in as that user, in which a
/// <see cref="PageRenderer"/> renders the real <c>MainLayout</c> with the real <c>DealBoard</c> page in it. The page loads
/// its board through DealBoardService, keeps a BoardState and subscribes to ILiveUpdates itself, exactly as in the app;
/// live events re-render it on its own dispatcher. What is missing is the circuit's transport: render batches are not
/// serialized or sent to a browser, and JavaScript interop answers at once.
/// </summary>
internal sealed class OpenBoard : IAsyncDisposable
{
    private readonly AsyncServiceScope _scope;
    private readonly PageRenderer _renderer;

    private OpenBoard(AsyncServiceScope scope, PageRenderer renderer)
    {
        _scope = scope;
        _renderer = renderer;
    }

    public PageRenderer Renderer => _renderer;

    /// <summary>The page's snackbar service (its notices of other users' changes).</summary>
    public ISnackbar Snackbars => _scope.ServiceProvider.GetRequiredService<ISnackbar>();

    /// <summary>With the <see cref="QueuedLiveUpdates"/> what-if: the queue of the page's own subscription.</summary>
    private QueuedLiveUpdates.SerialQueue? PageQueue { get; set; }

    public static async Task<ClaimsPrincipal> PrincipalAsync(IServiceProvider services, string email)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No user {email}.");
        return await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<CrmUser>>().CreateAsync(user);
    }

    /// <param name="withLayout">False renders DealBoard without MainLayout (with only the MudPopoverProvider it needs).</param>
    /// <param name="withBoard">False renders MainLayout around an empty page: what the shell alone costs.</param>
    public static Task<OpenBoard> OpenAsync(IServiceProvider services, ClaimsPrincipal user, Uri baseAddress, int pipelineId, bool withLayout = true, bool withBoard = true) =>
        OpenPageAsync(services, user, baseAddress, $"deals?pipeline={pipelineId}", withBoard ? typeof(DealBoard) : null, withLayout);

    /// <summary>Another page the same way (the real MainLayout around it): for example the lead list, <c>leads</c>.</summary>
    public static async Task<OpenBoard> OpenPageAsync(IServiceProvider services, ClaimsPrincipal user, Uri baseAddress, string relativeUrl, Type? pageType, bool withLayout = true)
    {
        var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        ((IHostEnvironmentAuthenticationStateProvider)provider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(user)));
        ((IHostEnvironmentNavigationManager)provider.GetRequiredService<NavigationManager>())
            .Initialize(baseAddress.ToString(), new Uri(baseAddress, relativeUrl).ToString());

        var renderer = new PageRenderer(provider, provider.GetRequiredService<ILoggerFactory>());
        var board = new OpenBoard(scope, renderer);
        RenderFragment page = builder =>
        {
            if (!withLayout)
            {
                // The one part of the layout the board cannot do without: its card menus register with it.
                builder.OpenComponent<MudPopoverProvider>(0);
                builder.CloseComponent();
            }
            if (pageType is not null)
            {
                builder.OpenComponent(1, pageType);
                builder.CloseComponent();
            }
        };
        await renderer.RenderRootAsync<LayoutView>(new Dictionary<string, object?>
        {
            [nameof(LayoutView.Layout)] = withLayout ? typeof(MainLayout) : null,
            [nameof(LayoutView.ChildContent)] = page,
        });
        board.PageQueue = (services.GetRequiredService<ILiveUpdates>() as QueuedLiveUpdates)?.LastQueue;
        return board;
    }

    /// <summary>
    /// Calls <paramref name="seen"/> on this board's dispatcher for every event of the pipeline, normally after the page
    /// has handled it: subscribed after the page, so its drain is queued after the page's and the dispatcher (first in,
    /// first out) usually runs the page's batch first. Not guaranteed: the page's drain first asks the access policy
    /// (cached), so on a busy machine the probe can now and then record an arrival a little early.
    /// With the <see cref="QueuedLiveUpdates"/> what-if it shares the page's queue, for the same reason.
    /// </summary>
    public IDisposable Probe(ILiveUpdates live, int pipelineId, Action<DealChanged> seen)
    {
        Task Handler(CrmEvent change) => change is DealChanged deal ? _renderer.Dispatcher.InvokeAsync(() => seen(deal)) : Task.CompletedTask;
        var topic = LiveTopics.Pipeline(pipelineId);
        return live is QueuedLiveUpdates queued && PageQueue is not null
            ? queued.Subscribe(topic, Handler, PageQueue)
            : live.Subscribe(topic, Handler);
    }

    public async ValueTask DisposeAsync()
    {
        await _renderer.CloseAsync();
        await _scope.DisposeAsync();
    }
}
