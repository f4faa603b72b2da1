using System.Globalization;

namespace CrmBlazor.Components.Layout;

/// <summary>
/// A counter of what needs the user's attention, hidden at zero, red while some of it is overdue; <c>data-counter</c>
/// names it for tests from outside. It is markup, not a component: the shell shows five of them in every open page, and
/// each component there cost every page a few kilobytes. The element around it (a link, a button) stays when it changes.
/// </summary>
public static class CounterBadge
{
    /// <param name="name">The counter's name (<c>data-counter</c>).</param>
    /// <param name="value">What it counts.</param>
    /// <param name="overdue">How many of <paramref name="value"/> are overdue.</param>
    /// <param name="label">What a screen reader says for it, if not only the number.</param>
    public static MarkupString Markup(string name, int value, int overdue = 0, string? label = null)
    {
        var css = (value == 0, overdue > 0) switch
        {
            (false, false) => "crm-counter",
            (true, false) => "crm-counter zero",
            (false, true) => "crm-counter overdue",
            (true, true) => "crm-counter zero overdue",
        };
        var aria = label is null ? "" : $" aria-label=\"{HtmlText.Encode(label)}\"";
        return new MarkupString(string.Create(CultureInfo.InvariantCulture,
            $"<span class=\"{css}\" data-counter=\"{HtmlText.Encode(name)}\" data-overdue=\"{overdue}\"{aria}>{value}</span>"));
    }
}
