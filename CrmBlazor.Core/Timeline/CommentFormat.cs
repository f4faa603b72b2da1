using System.Text.RegularExpressions;

namespace CrmBlazor.Core.Timeline;

/// <summary>
/// The simple formatting comments may use, stored as typed: <c>**bold**</c>, <c>*italic*</c>, <c>`code`</c>,
/// lines starting with <c>- </c> as a bulleted list, blank lines between paragraphs, and http(s) links. Parsing
/// yields plain text runs with styles, never markup, so a page renders a comment as text whatever it contains.
/// </summary>
public static partial class CommentFormat
{
    public static IReadOnlyList<CommentBlock> Parse(string? text)
    {
        var blocks = new List<CommentBlock>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return blocks;
        }
        List<IReadOnlyList<CommentRun>>? lines = null;
        var listItem = false;
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            var isItem = line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("* ", StringComparison.Ordinal);
            if (line.Length == 0 || (lines is not null && isItem != listItem))
            {
                Flush();
            }
            if (line.Length == 0)
            {
                continue;
            }
            lines ??= [];
            listItem = isItem;
            lines.Add(Inline(isItem ? line[2..].TrimStart() : line));
        }
        Flush();
        return blocks;

        void Flush()
        {
            if (lines is { Count: > 0 })
            {
                blocks.Add(new CommentBlock(listItem, lines));
            }
            lines = null;
        }
    }

    /// <summary>The runs of one line: bold, italic and code spans, links, and plain text between them.</summary>
    public static IReadOnlyList<CommentRun> Inline(string line)
    {
        var runs = new List<CommentRun>();
        var at = 0;
        foreach (Match match in Spans().Matches(line))
        {
            if (match.Index > at)
            {
                runs.Add(new CommentRun(line[at..match.Index]));
            }
            if (match.Groups["bold"].Success)
            {
                runs.Add(new CommentRun(match.Groups["bold"].Value, Bold: true));
            }
            else if (match.Groups["italic"].Success)
            {
                runs.Add(new CommentRun(match.Groups["italic"].Value, Italic: true));
            }
            else if (match.Groups["code"].Success)
            {
                runs.Add(new CommentRun(match.Groups["code"].Value, Code: true));
            }
            else
            {
                runs.Add(new CommentRun(match.Value, Link: match.Value));
            }
            at = match.Index + match.Length;
        }
        if (at < line.Length)
        {
            runs.Add(new CommentRun(line[at..]));
        }
        return runs;
    }

    [GeneratedRegex(@"\*\*(?<bold>[^*\n]+?)\*\*|(?<![\w*])\*(?<italic>[^*\s][^*\n]*?)\*(?![\w*])|`(?<code>[^`\n]+)`|https?://[^\s<>""']+[^\s<>""'.,;:!?)\]]")]
    private static partial Regex Spans();
}

/// <summary>A paragraph (its lines) or a bulleted list (its items).</summary>
public sealed record CommentBlock(bool IsList, IReadOnlyList<IReadOnlyList<CommentRun>> Lines);

/// <summary>A run of plain text with its style; <see cref="Link"/> is an http(s) address.</summary>
public sealed record CommentRun(string Text, bool Bold = false, bool Italic = false, bool Code = false, string? Link = null);
