using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace CrmBlazor.Components.Shared;

/// <summary>Text put into markup that a component builds as a string (a <see cref="MarkupString"/>): always through here.</summary>
public static class HtmlText
{
    // Letters of every script stay as they are (HtmlEncoder.Default would write "ł" as "&#x142;"); <, >, &, quotes are encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The text encoded for an element's content or a quoted attribute's value.</summary>
    public static string Encode(string text) => Encoder.Encode(text);
}
