using System.Collections.Concurrent;

namespace CrmBlazor.Components.Layout;

/// <summary>
/// A MudBlazor icon as the same <c>&lt;svg&gt;</c> markup <c>MudIcon</c> renders, but as one markup frame whose text is
/// built once for the whole process: the shell is in every open page, and a <c>MudIcon</c> is a component per icon.
/// </summary>
internal static class SvgIcon
{
    public const string Default = "mud-icon-root mud-svg-icon mud-icon-size-medium";
    public const string NavLink = "mud-icon-root mud-icon-default mud-svg-icon mud-icon-size-medium mud-nav-link-icon mud-nav-link-icon-default";

    private static readonly ConcurrentDictionary<(string Icon, string Class), MarkupString> Markup = new();
    private static readonly ConcurrentDictionary<(string Icon, string Text), MarkupString> Labels = new();

    public static MarkupString Of(string icon, string cssClass = Default) =>
        Markup.GetOrAdd((icon, cssClass), key =>
            new MarkupString($"""<svg class="{key.Class}" focusable="false" viewBox="0 0 24 24" aria-hidden="true" role="img">{key.Icon}</svg>"""));

    /// <summary>
    /// A MudButton's label with its start icon (<c>mud-button-label</c>, as MudButton renders it with <c>StartIcon</c>) for a
    /// button written out as an element, once per icon and text (the resources' words, in each language).
    /// </summary>
    public static MarkupString ButtonLabel(string icon, string text) =>
        Labels.GetOrAdd((icon, text), key => new MarkupString(
            $"""<span class="mud-button-label"><span class="mud-button-icon-start mud-button-icon-size-medium">{Of(key.Icon).Value}</span>{HtmlText.Encode(key.Text)}</span>"""));
}
