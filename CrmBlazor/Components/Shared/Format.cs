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
    public static string Elapsed(IStringLocalizer localizer, DateTime since, DateTime now)
    {
        var span = now - DateTime.SpecifyKind(since, DateTimeKind.Utc);
        return span switch
        {
            { TotalMinutes: < 1 } => localizer["Time.JustNow"],
            { TotalHours: < 1 } => localizer["Time.Minutes", (int)span.TotalMinutes],
            { TotalDays: < 1 } => localizer["Time.Hours", (int)span.TotalHours],
            _ => localizer["Time.Days", (int)span.TotalDays],
        };
    }
}
