using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmBlazor.Tests.Infrastructure;

#pragma warning disable BL0006 // Counting a component's render tree frames is what this renderer is for.

/// <summary>
/// Renders one component outside bunit and counts the frames of its render tree: the size Blazor keeps in memory for
/// it (in a pooled array of the next power of two) for as long as the component lives.
/// </summary>
public sealed class RenderTreeFrames(IServiceProvider services) : Renderer(services, NullLoggerFactory.Instance)
{
    public override Dispatcher Dispatcher { get; } = Dispatcher.CreateDefault();

    public static async Task<int> CountAsync<T>(IServiceProvider services, IDictionary<string, object?> parameters) where T : IComponent
    {
        using var renderer = new RenderTreeFrames(services);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var id = renderer.AssignRootComponentId(renderer.InstantiateComponent(typeof(T)));
            await renderer.RenderRootComponentAsync(id, ParameterView.FromDictionary(parameters));
            return renderer.GetCurrentRenderTreeFrames(id).Count;
        });
    }

    protected override void HandleException(Exception exception) => throw exception;

    protected override Task UpdateDisplayAsync(in RenderBatch renderBatch) => Task.CompletedTask;
}
