using PhoneNumbers;

namespace CrmBlazor.Core.Common;

/// <summary>Phone numbers in one international form (E.164, "+48221234567"), by Google's libphonenumber.</summary>
public static class PhoneNumberFormat
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// The E.164 form of <paramref name="input"/>, read as a number of <paramref name="defaultRegion"/> (ISO 3166 code)
    /// unless it starts with + or 00; null when it is not a valid number.
    /// </summary>
    public static string? Normalize(string? input, string defaultRegion)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }
        var text = input.Trim();
        if (text.StartsWith("00", StringComparison.Ordinal))
        {
            text = "+" + text[2..];
        }
        try
        {
            var number = Util.Parse(text, defaultRegion);
            return Util.IsValidNumber(number) ? Util.Format(number, PhoneNumbers.PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>
    /// The ways <paramref name="e164"/> may have been written down: E.164, the international and national display
    /// forms, and its digits with and without the country code (what a GDPR erasure looks for in free text).
    /// </summary>
    public static IReadOnlyList<string> WrittenForms(string e164)
    {
        try
        {
            var number = Util.Parse(e164, null);
            var national = Util.GetNationalSignificantNumber(number);
            return [.. new[]
            {
                e164, Util.Format(number, PhoneNumbers.PhoneNumberFormat.INTERNATIONAL), Util.Format(number, PhoneNumbers.PhoneNumberFormat.NATIONAL),
                e164.TrimStart('+'), national,
            }.Where(f => f.Count(char.IsAsciiDigit) >= 6).Distinct()];
        }
        catch (NumberParseException)
        {
            return [e164];
        }
    }

    /// <summary>A readable international form for display ("+48 22 123 45 67"); the input when it cannot be read.</summary>
    public static string Display(string e164)
    {
        try
        {
            return Util.Format(Util.Parse(e164, null), PhoneNumbers.PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }
}
