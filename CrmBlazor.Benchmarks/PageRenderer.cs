using System.Collections;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.Extensions.Logging;

namespace CrmBlazor.Benchmarks;

#pragma warning disable BL0006 // A renderer is the one place that must use the render tree types.

/// <summary>
/// Renders real components the way a Blazor Server circuit's renderer does, minus the browser: its own
/// <see cref="Dispatcher.CreateDefault">default dispatcher</see> (the circuit's single-threaded synchronization context),
/// interactive renderer info, and a display update that completes at once (a circuit's completes when the browser
/// acknowledges the batch), so after-render callbacks run as they do in a circuit. Render batches are counted, not sent.
/// </summary>
internal sealed class PageRenderer(IServiceProvider services, ILoggerFactory loggerFactory) : Renderer(services, loggerFactory)
{
    private static readonly RendererInfo Interactive = new("Server", isInteractive: true);
    private int _exceptions;

    public override Dispatcher Dispatcher { get; } = Dispatcher.CreateDefault();

    protected override RendererInfo RendererInfo => Interactive;

    public int Batches { get; private set; }
    public long UpdatedComponents { get; private set; }
    public int Exceptions => _exceptions;
    public Exception? FirstException { get; private set; }

    /// <summary>Renders <typeparamref name="T"/> as a root component and waits until it and its children are done loading.</summary>
    public Task RenderRootAsync<T>(IDictionary<string, object?> parameters) where T : IComponent =>
        Dispatcher.InvokeAsync(async () =>
        {
            var component = InstantiateComponent(typeof(T));
            var id = AssignRootComponentId(component);
            await RenderRootComponentAsync(id, ParameterView.FromDictionary(parameters));
        });

    protected override void HandleException(Exception exception)
    {
        if (Interlocked.Increment(ref _exceptions) == 1)
        {
            FirstException = exception;
        }
    }

    /// <summary>When set, counts the components each batch re-rendered by type (for one board; it costs a lookup per render).</summary>
    public Dictionary<string, long>? RendersByType { get; set; }

    protected override Task UpdateDisplayAsync(in RenderBatch renderBatch)
    {
        Batches++;
        UpdatedComponents += renderBatch.UpdatedComponents.Count;
        if (RendersByType is { } byType)
        {
            for (var i = 0; i < renderBatch.UpdatedComponents.Count; i++)
            {
                var name = GetComponentState(renderBatch.UpdatedComponents.Array[i].ComponentId).Component.GetType().Name;
                byType[name] = byType.GetValueOrDefault(name) + 1;
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// The types of the live components, for the report (how heavy a page is). Read from the renderer's private
    /// component table, so it is null if a future Blazor renames it.
    /// </summary>
    public IReadOnlyList<Type>? ComponentTypes()
    {
        var table = typeof(Renderer).GetField("_componentStateById", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(this) as IDictionary;
        return table?.Values.OfType<ComponentState>().Select(c => c.Component.GetType()).ToList();
    }

    /// <summary>
    /// Per component type: how many live components, and the bytes of the render-tree frame arrays they hold (the
    /// current tree, the previous one kept for the next diff, and the parameters' snapshot). Read by reflection from the
    /// renderer's private fields, so it is empty if a future Blazor renames them. Diagnostic only.
    /// </summary>
    public IReadOnlyList<(string Type, int Count, long FrameBytes)> FrameBytesByType()
    {
        var table = typeof(Renderer).GetField("_componentStateById", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(this) as IDictionary;
        var frameSize = System.Runtime.CompilerServices.Unsafe.SizeOf<RenderTreeFrame>();
        var result = new Dictionary<string, (int Count, long Bytes)>();
        foreach (var state in table?.Values.OfType<ComponentState>() ?? [])
        {
            var bytes = FrameArrays(state, depth: 0).Sum(a => (long)a.Length) * frameSize;
            var name = state.Component.GetType().Name;
            var (count, total) = result.GetValueOrDefault(name);
            result[name] = (count + 1, total + bytes);
        }
        return [.. result.Select(r => (r.Key, r.Value.Count, r.Value.Bytes)).OrderByDescending(r => r.Bytes)];
    }

    // The RenderTreeFrame[] arrays reachable from a component's state through its builders (a few levels of fields;
    // not into other components' states, such as the parent's).
    private static IEnumerable<RenderTreeFrame[]> FrameArrays(object owner, int depth)
    {
        for (var type = owner.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            {
                var value = field.GetValue(owner);
                if (value is RenderTreeFrame[] frames)
                {
                    yield return frames;
                }
                else if (depth < 3 && value is not null && !field.FieldType.IsValueType && field.FieldType != typeof(string)
                    && (field.FieldType.Namespace?.StartsWith("Microsoft.AspNetCore.Components", StringComparison.Ordinal) ?? false)
                    && value is not IComponent && value is not Renderer && value is not ComponentState)
                {
                    foreach (var inner in FrameArrays(value, depth + 1))
                    {
                        yield return inner;
                    }
                }
            }
        }
    }

    /// <summary>Disposes the components (the page unsubscribes from live updates) on the renderer's dispatcher.</summary>
    public ValueTask CloseAsync() => DisposeAsync();
}
