using System.Globalization;

namespace CrmBlazor.Components.Shared;

/// <summary>The text colour, white or near-black, that reads best on a background the user chose (a stage's colour).</summary>
public static class ReadableText
{
    public const string Light = "#ffffff";
    public const string Dark = "#111418";

    /// <summary>White or near-black, whichever contrasts more with <paramref name="background"/> (#rgb or #rrggbb); white when it is not a hex colour.</summary>
    public static string On(string? background)
    {
        if (Luminance(background) is not { } luminance)
        {
            return Light;
        }
        var withWhite = 1.05 / (luminance + 0.05);
        var withDark = (luminance + 0.05) / (Luminance(Dark)!.Value + 0.05);
        return withWhite >= withDark ? Light : Dark;
    }

    /// <summary>The WCAG relative luminance of a #rgb or #rrggbb colour.</summary>
    private static double? Luminance(string? hex)
    {
        var digits = hex?.Trim().TrimStart('#') ?? "";
        if (digits.Length == 3)
        {
            digits = string.Concat(digits.Select(c => $"{c}{c}"));
        }
        if (digits.Length != 6 || !int.TryParse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb))
        {
            return null;
        }
        static double Channel(int value)
        {
            var c = value / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(rgb >> 16 & 0xff) + 0.7152 * Channel(rgb >> 8 & 0xff) + 0.0722 * Channel(rgb & 0xff);
    }
}
