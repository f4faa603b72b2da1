using System.Text.RegularExpressions;

namespace CrmBlazor.Core.Mail;

/// <summary>A template or a message after its placeholders were filled: what could not be filled is left as typed and named.</summary>
public sealed record FilledText(string Text, IReadOnlyList<string> Unresolved);

/// <summary>
/// The placeholders of e-mail templates, written <c>{{element.name}}</c>: the element's name, its contact's and company's,
/// the deal's title and amount, and the sending user's name, e-mail and signature. One without a value (an unknown
/// name, a deal's amount on a lead, an empty signature) stays in the text and is reported, so it is never sent unnoticed.
/// </summary>
public static partial class MailPlaceholders
{
    public const string ElementName = "element.name";
    public const string ContactFirstName = "contact.firstName";
    public const string ContactLastName = "contact.lastName";
    public const string ContactName = "contact.name";
    public const string CompanyName = "company.name";
    public const string DealTitle = "deal.title";
    public const string DealAmount = "deal.amount";
    public const string UserName = "user.name";
    public const string UserEmail = "user.email";
    public const string UserSignature = "user.signature";

    public static readonly IReadOnlyList<string> Known =
        [ElementName, ContactFirstName, ContactLastName, ContactName, CompanyName, DealTitle, DealAmount, UserName, UserEmail, UserSignature];

    [GeneratedRegex(@"\{\{\s*([^{}\s]*)\s*\}\}")]
    private static partial Regex Pattern();

    /// <summary>The placeholders written in a text, as typed (without braces), in order, once each.</summary>
    public static IReadOnlyList<string> In(string? text) =>
        string.IsNullOrEmpty(text) ? [] : [.. Pattern().Matches(text).Select(m => m.Groups[1].Value).Distinct()];

    /// <summary>The placeholders of a text that are not among <see cref="Known"/> (names compare case-insensitively).</summary>
    public static IReadOnlyList<string> Unknown(string? text) =>
        [.. In(text).Where(name => !Known.Contains(name, StringComparer.OrdinalIgnoreCase))];

    /// <summary>Fills the placeholders that have a (non-empty) value; the others stay and are reported as <c>{{name}}</c>.</summary>
    public static FilledText Fill(string? text, IReadOnlyDictionary<string, string?> values)
    {
        var unresolved = new List<string>();
        var filled = Pattern().Replace(text ?? "", match =>
        {
            var name = match.Groups[1].Value;
            var key = Known.FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (key is not null && values.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value;
            }
            var shown = "{{" + name + "}}";
            if (!unresolved.Contains(shown))
            {
                unresolved.Add(shown);
            }
            return match.Value;
        });
        return new FilledText(filled, unresolved);
    }

    /// <summary>The placeholders still in a text about to be sent, as <c>{{name}}</c>.</summary>
    public static IReadOnlyList<string> Left(string? text) => [.. In(text).Select(n => "{{" + n + "}}")];
}
