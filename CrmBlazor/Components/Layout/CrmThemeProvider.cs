using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.RenderTree;

namespace CrmBlazor.Components.Layout;

/// <summary>
/// <see cref="MudThemeProvider"/> whose style sheets (some 12,000 characters of theme variables) are one string for the
/// whole process instead of a copy in every open page: what the base renders is built as usual, then swapped for the
/// equal string already held, if there is one (a theme in light and dark makes two). Everything else (dark mode,
/// watching the system's preference) is MudBlazor's own.
/// </summary>
public sealed class CrmThemeProvider : MudThemeProvider
{
    private static readonly ConcurrentDictionary<string, string> Shared = new(StringComparer.Ordinal);

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (RenderBaseAsMarkup() is { } styles)
        {
            builder.AddMarkupContent(0, Shared.Count < 16 ? Shared.GetOrAdd(styles, styles) : styles);
        }
        else
        {
            base.BuildRenderTree(builder);
        }
    }

#pragma warning disable BL0006 // Reading the base's frames is how this stays MudBlazor's markup, whatever the version renders.
    /// <summary>The base's output as one string, or null if it renders more than markup (then it renders itself).</summary>
    private string? RenderBaseAsMarkup()
    {
        using var scratch = new RenderTreeBuilder();
        base.BuildRenderTree(scratch);
        var frames = scratch.GetFrames();
        var markup = new StringBuilder();
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames.Array[i];
            switch (frame.FrameType)
            {
                case RenderTreeFrameType.Markup:
                    markup.Append(frame.MarkupContent);
                    break;
                case RenderTreeFrameType.Text:
                    markup.Append(WebUtility.HtmlEncode(frame.TextContent));
                    break;
                default:
                    return null;
            }
        }
        return markup.ToString();
    }
#pragma warning restore BL0006
}
