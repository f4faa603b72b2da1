using System.Globalization;
using System.Text;

namespace CrmBlazor.Core.Search;

/// <summary>
/// How text is folded for the search index and for what a user types, the same way on both sides: lower case, no
/// diacritics ("Zając" and "zajac" are one word), and a phone number also as its digits alone, so "601 234",
/// "601-234" and "+48601234" find +48 601 234 567.
/// </summary>
public static class SearchText
{
    /// <summary>The shortest term the trigram indexes look up; shorter terms are checked on the candidates only.</summary>
    public const int MinIndexedLength = 3;

    /// <summary><paramref name="value"/> in lower case without diacritics (ł and ø too, which Unicode does not decompose).</summary>
    public static string Fold(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "";
        }
        var decomposed = value.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.NonSpacingMark:
                case UnicodeCategory.SpacingCombiningMark:
                case UnicodeCategory.EnclosingMark:
                    continue;
                case UnicodeCategory.Control:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                    folded.Append(' ');
                    continue;
            }
            folded.Append(c switch
            {
                'ł' => 'l',
                'ø' => 'o',
                'đ' => 'd',
                'ß' => 's',
                'æ' => 'a',
                'œ' => 'o',
                'ı' => 'i',
                _ => c,
            });
        }
        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>The digits of <paramref name="phone"/> ("+48 601 234 567" → "48601234567").</summary>
    public static string Digits(string? phone) => phone is null ? "" : new string(phone.Where(char.IsAsciiDigit).ToArray());

    /// <summary>
    /// An index document: each value folded on a line of its own (so no term spans two fields), each phone as its
    /// digits (the national number is a run of them: "601234" is found in "48601234567").
    /// </summary>
    public static string Document(IEnumerable<string?> values, IEnumerable<string?> phones, int maxLength = 8000) => Document(values, phones, [], maxLength);

    /// <summary>
    /// <see cref="Document(IEnumerable{string}, IEnumerable{string}, int)"/> followed by <paramref name="more"/> (an
    /// element's comments), each folded on a line of its own: what does not fit in <paramref name="maxLength"/> is cut
    /// from the end, so the element's own fields always stay.
    /// </summary>
    public static string Document(IEnumerable<string?> values, IEnumerable<string?> phones, IEnumerable<string?> more, int maxLength = 8000)
    {
        var lines = values.Select(Fold).Where(v => v.Length > 0).ToList();
        foreach (var phone in phones)
        {
            var digits = Digits(phone);
            if (digits.Length > 0)
            {
                lines.Add(digits);
            }
        }
        lines.AddRange(more.Select(Fold).Where(v => v.Length > 0));
        var text = string.Join('\n', lines.Distinct());
        return text.Length <= maxLength ? text : text[..maxLength];
    }

    /// <summary>
    /// What the user typed as the terms every match must contain: folded words, or, when it reads as a phone number
    /// (digits with spaces, dashes, dots, brackets, a plus), one term of its digits.
    /// </summary>
    public static IReadOnlyList<string> Terms(string? query)
    {
        var folded = Fold(query);
        if (folded.Length == 0)
        {
            return [];
        }
        if (LooksLikePhone(folded))
        {
            var digits = Digits(folded);
            return [digits.StartsWith("00", StringComparison.Ordinal) ? digits[2..] : digits];
        }
        return folded.Split((char[])[' ', '\t', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct().Take(8).ToList();
    }

    private static bool LooksLikePhone(string text) =>
        text.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '.' or '(' or ')' or '+' or '/') && Digits(text).Length >= 2;

    /// <summary>The terms as an FTS5 query: each a quoted string (a substring, for the trigram tokenizer), all required.</summary>
    public static string Fts5Query(IEnumerable<string> terms) =>
        string.Join(' ', terms.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
}
