using Ganss.Xss;
using Markdig;

namespace CrmBlazor.Core.Mail;

/// <summary>
/// The simple formatting of an outgoing body: what the user types is Markdown (<c>**bold**</c>, <c>*italic*</c>,
/// <c>- </c> and <c>1. </c> lists, <c>[text](https://…)</c> links). It is sent as multipart/alternative: the typed text as
/// the plain-text part (Markdown reads as plain text), and its HTML, made by Markdig with raw HTML disabled and then
/// cleaned by an HtmlSanitizer that keeps only paragraphs, emphasis, lists, links (http, https, mailto) and line breaks.
/// </summary>
public static class MailFormatting
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseSoftlineBreakAsHardlineBreak().Build();

    private static readonly HtmlSanitizer Sanitizer = NewSanitizer();

    /// <summary>The sanitized HTML of a Markdown body (empty for an empty body).</summary>
    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }
        return Sanitizer.Sanitize(Markdown.ToHtml(markdown.Replace("\r\n", "\n"), Pipeline)).Trim();
    }

    /// <summary>The plain-text part: the typed text itself, with normalised line ends.</summary>
    public static string ToText(string? markdown) => (markdown ?? "").Replace("\r\n", "\n").TrimEnd();

    private static HtmlSanitizer NewSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedTags.Clear();
        foreach (var tag in new[] { "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "code", "blockquote" })
        {
            sanitizer.AllowedTags.Add(tag);
        }
        sanitizer.AllowedAttributes.Clear();
        sanitizer.AllowedAttributes.Add("href");
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.AllowedAtRules.Clear();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.UriAttributes.Add("href");
        return sanitizer;
    }
}
