using System.Globalization;

namespace CrmBlazor.Components.Shared;

public static class Format
{
    /// <summary>
    /// A user's avatar text: the first letters of the first and last word of their name ("Marta Kowalska" is "MK",
    /// "Piotr" is "P"), upper case; null for no name.
    /// </summary>
    public static string? Initials(string? name)
    {
        var words = name?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words is not { Length: > 0 })
        {
            return null;
        }
        var first = char.ToUpper(words[0][0], CultureInfo.CurrentCulture);
        return words.Length == 1 ? first.ToString() : string.Concat(first, char.ToUpper(words[^1][0], CultureInfo.CurrentCulture));
    }

    /// <summary>An amount in the user's number format with its ISO currency code: "12 500 PLN", "99.50 EUR".</summary>
    public static string Money(decimal amount, string currency) =>
        $"{amount.ToString(decimal.Truncate(amount) == amount ? "N0" : "N2", CultureInfo.CurrentCulture)} {currency}";

    /// <summary>An amount with exactly its currency's decimals ("4,167.25 PLN", "2,127 JPY"): how totals are shown.</summary>
    public static string Exact(decimal amount, string currency) =>
        $"{amount.ToString("N" + CrmBlazor.Core.Common.CurrencyDecimals.Of(currency), CultureInfo.CurrentCulture)} {currency}";

    /// <summary>How long ago <paramref name="since"/> was, in the largest sensible unit ("5 min", "3 h", "12 d").</summary>
    public static string Elapsed(IStringLocalizer localizer, DateTime since, DateTime now) => Elapsed(localizer, ElapsedUnits(since, now));

    /// <summary>The words for an age already worked out by <see cref="ElapsedUnits"/>.</summary>
    public static string Elapsed(IStringLocalizer localizer, (ElapsedUnit Unit, int Count) age) => age switch
    {
        (ElapsedUnit.JustNow, _) => localizer["Time.JustNow"],
        (ElapsedUnit.Minutes, var n) => localizer["Time.Minutes", n],
        (ElapsedUnit.Hours, var n) => localizer["Time.Hours", n],
        (_, var n) => localizer["Time.Days", n],
    };

    /// <summary>
    /// What <c>Elapsed</c> says, as numbers: its text changes exactly when these do, so a view can keep the text
    /// until then instead of formatting it again.
    /// </summary>
    public static (ElapsedUnit Unit, int Count) ElapsedUnits(DateTime since, DateTime now)
    {
        var span = now - DateTime.SpecifyKind(since, DateTimeKind.Utc);
        return span switch
        {
            { TotalMinutes: < 1 } => (ElapsedUnit.JustNow, 0),
            { TotalHours: < 1 } => (ElapsedUnit.Minutes, (int)span.TotalMinutes),
            { TotalDays: < 1 } => (ElapsedUnit.Hours, (int)span.TotalHours),
            _ => (ElapsedUnit.Days, (int)span.TotalDays),
        };
    }
}

/// <summary>The unit <c>Format.Elapsed</c> counts in.</summary>
public enum ElapsedUnit
{
    JustNow,
    Minutes,
    Hours,
    Days,
}
