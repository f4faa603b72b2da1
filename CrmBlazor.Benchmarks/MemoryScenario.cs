using System.Diagnostics;
using CrmBlazor.Components.Pages.Deals;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.SignalR.Client;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// Scenario 3: server memory per open board. With the app running, boards are opened 100 and then 500 at a time and
/// the managed heap (after a full, compacting collection) and the working set are read; the cost of one board is the
/// slope between 100 and 500. These kinds of "board" are measured, from the most to the least complete: the rendered
/// page (<see cref="OpenBoard"/>: MainLayout with DealBoard), the same page in use (after a live move through each
/// column, so that every column has re-rendered), the DealBoard component rendered alone, the layout shell alone (MainLayout
/// around an empty page), the board's data
/// alone (a BoardState, a dispatcher and a subscription, as the page holds them), and a signed-in SignalR connection
/// (the transport a circuit also holds; client and server ends both live in this process, so that figure is an upper
/// bound for the server's share).
/// </summary>
internal static class MemoryScenario
{
    public const int First = 100;
    public const int Second = 500;

    public sealed record Measurement(string Kind, int Boards, long ManagedBytes, long WorkingSetBytes);

    public sealed record Result(IReadOnlyList<Measurement> Measurements, int CardsPerBoard, int Columns, string Exceptions, string Components);

    public static async Task<Result> RunAsync()
    {
        Console.WriteLine($"[memory] starting the app, opening {First} then {Second} boards of each kind");
        await using var app = await CrmApp.StartAsync();
        var services = app.Services;
        var boards = services.GetRequiredService<DealBoardService>();
        var live = services.GetRequiredService<ILiveUpdates>();
        var pipelineId = (await services.GetRequiredService<PipelineService>().GetPipelinesAsync()).Single(p => p.IsDefault).Id;
        // Full columns: every column has more deals than a page, so each board shows a full page per column.
        await DealGenerator.FillColumnsAsync(services.GetRequiredService<IDbContextFactory<CrmDbContext>>(), pipelineId, boards.PageSize);
        var sample = (await boards.GetBoardAsync(pipelineId))!;
        var cardsPerBoard = sample.Columns.Sum(c => c.Cards.Count);

        var measurements = new List<Measurement>();
        var principal = await OpenBoard.PrincipalAsync(services, "anna@demo.crm");

        // 1. Rendered pages: the layout with the board, the same in use (after live moves), the board component alone, the layout alone.
        var pages = new List<OpenBoard>();
        var exceptions = 0;
        string? firstException = null;
        var components = "";
        foreach (var (kind, layout, board, inUse) in new[] { ("page", true, true, false), ("page in use", true, true, true), ("board", false, true, false), ("layout", true, false, false) })
        {
            await MeasureAsync(kind, async count =>
            {
                while (pages.Count < count)
                {
                    pages.Add(await OpenBoard.OpenAsync(services, principal, app.BaseAddress, pipelineId, layout, board));
                }
                if (inUse)
                {
                    await MoveThroughEveryColumnAsync(services, pipelineId, await app.UserIdAsync("manager@demo.crm"), pages);
                }
            });
            exceptions += pages.Sum(p => p.Renderer.Exceptions);
            firstException ??= pages.FirstOrDefault(p => p.Renderer.FirstException is not null)?.Renderer.FirstException!.Message;
            if (pages[0].Renderer.ComponentTypes() is { } types)
            {
                components += $"{kind}: {types.Count} components ({string.Join(", ", types.GroupBy(t => t.Name).OrderByDescending(g => g.Count()).Take(6).Select(g => $"{g.Key} {g.Count()}"))}). ";
            }
            if (pages[0].Renderer.FrameBytesByType() is { Count: > 0 } frames)
            {
                components += $"{kind}: render-tree frames ({System.Runtime.CompilerServices.Unsafe.SizeOf<Microsoft.AspNetCore.Components.RenderTree.RenderTreeFrame>()} bytes each) {frames.Sum(f => f.FrameBytes) / 1024.0:0.0} KB ({string.Join(", ", frames.Take(8).Select(f => $"{f.Type} x{f.Count} {f.FrameBytes / 1024.0:0.0}"))}). ";
            }
            foreach (var page in pages)
            {
                await page.DisposeAsync();
            }
            pages.Clear();
        }
        var exceptionText = exceptions == 0 ? "none" : $"{exceptions}, first: {firstException}";

        // 2. The board's data and live wiring alone.
        var states = new List<(BoardState State, Dispatcher Dispatcher, IDisposable Subscription)>();
        await MeasureAsync("data", async count =>
        {
            while (states.Count < count)
            {
                var dispatcher = Dispatcher.CreateDefault();
                BoardState? state = null;
                var subscription = live.Subscribe(LiveTopics.Pipeline(pipelineId), change => dispatcher.InvokeAsync(() =>
                {
                    if (change is DealChanged deal)
                    {
                        state?.Apply(deal);
                    }
                }));
                state = new BoardState((await boards.GetBoardAsync(pipelineId))!);
                states.Add((state, dispatcher, subscription));
            }
        });
        foreach (var (_, _, subscription) in states)
        {
            subscription.Dispose();
        }
        states.Clear();

        // 3. Signed-in SignalR connections watching the pipeline.
        var cookies = await app.SignInAsync("anna@demo.crm");
        var connections = new List<HubConnection>();
        var hub = new Uri(app.BaseAddress, "hubs/crm");
        await MeasureAsync("connection", async count =>
        {
            while (connections.Count < count)
            {
                var batch = await Task.WhenAll(Enumerable.Range(0, Math.Min(20, count - connections.Count)).Select(async _ =>
                {
                    var connection = new HubConnectionBuilder().WithUrl(hub, o => o.Cookies = cookies).Build();
                    await connection.StartAsync();
                    await connection.InvokeAsync("WatchPipeline", pipelineId);
                    return connection;
                }));
                connections.AddRange(batch);
            }
        });
        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        return new Result(measurements, cardsPerBoard, sample.Columns.Count, exceptionText, components.TrimEnd());

        async Task MeasureAsync(string kind, Func<int, Task> openUpTo)
        {
            measurements.Add(Read(kind, 0));
            await openUpTo(First);
            measurements.Add(Read(kind, First));
            await openUpTo(Second);
            measurements.Add(Read(kind, Second));
            // A pause to take a heap dump in (what the rest of a board's memory is): CRM_BENCH_MEMORY_HOLD_SECONDS.
            if (int.TryParse(Environment.GetEnvironmentVariable("CRM_BENCH_MEMORY_HOLD_SECONDS"), out var hold) && hold > 0)
            {
                Console.WriteLine($"[memory] {Second} of \"{kind}\" open: holding {hold} s for a heap dump (dotnet-gcdump collect -p {Environment.ProcessId})");
                await Task.Delay(TimeSpan.FromSeconds(hold));
            }
        }
    }

    /// <summary>
    /// A manager moves the top card of each column to the top of the next open one, one move at a time, each when every page has
    /// handled it, then waits until the pages' notices of those moves have gone: afterwards every column of every page
    /// has re-rendered once, as on a board in use, and Blazor keeps each column's previous render tree beside the current.
    /// </summary>
    private static async Task MoveThroughEveryColumnAsync(IServiceProvider services, int pipelineId, string managerId, IReadOnlyList<OpenBoard> pages)
    {
        var live = services.GetRequiredService<ILiveUpdates>();
        var boards = services.GetRequiredService<DealBoardService>();
        var deals = services.GetRequiredService<DealService>();
        var manager = Actor.Create(managerId, "Marta", CrmRoles.Manager);
        var columns = (await boards.GetBoardAsync(pipelineId))!.Columns.Count;
        for (var i = 0; i < columns; i++)
        {
            var board = (await boards.GetBoardAsync(pipelineId))!;
            var card = board.Columns[i].Cards[0];
            var handled = 0;
            var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var probes = pages.Select(page => page.Probe(live, pipelineId, change =>
            {
                if (change.DealId == card.Id && Interlocked.Increment(ref handled) == pages.Count)
                {
                    all.TrySetResult();
                }
            })).ToList();
            // To the top of the next open column, so that it stays among the cards every page shows. Won and lost columns
            // are only left (a reopen), never entered: winning or losing is CloseAsync, with its result.
            var target = Enumerable.Range(1, columns).Select(step => board.Columns[(i + step) % columns])
                .First(c => c.Stage.Kind == StageKind.Open);
            var moved = await deals.MoveAsync(new MoveDeal(card.Id, target.Stage.Id, card.Version, AfterDealId: null, BeforeDealId: target.Cards[0].Id), manager);
            if (!moved.IsOk)
            {
                throw new InvalidOperationException($"Move failed: {moved.Status} {moved.MessageKey}");
            }
            await all.Task.WaitAsync(TimeSpan.FromSeconds(60));
            probes.ForEach(probe => probe.Dispose());
        }
        var timeout = Stopwatch.StartNew();
        while (pages.Any(page => page.Snackbars.ShownSnackbars.Any()))
        {
            if (timeout.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException("The pages' notices of the moves did not go away.");
            }
            await Task.Delay(100);
        }
    }

    private static Measurement Read(string kind, int boards)
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return new Measurement(kind, boards, managed, process.WorkingSet64);
    }
}
