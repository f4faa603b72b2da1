using System.Globalization;
using System.Text.RegularExpressions;

namespace CrmBlazor.Components.Elements;

/// <summary>
/// Money the timeline stored as text ("2653.48 PLN": invariant digits, as many decimals as the currency has, its code)
/// shown in the reader's culture ("2 653,48 PLN" in Polish). Anything else is shown as stored.
/// </summary>
public static partial class StoredMoney
{
    public static string? Show(string? stored)
    {
        if (stored is null || StoredForm().Match(stored) is not { Success: true } match
            || !decimal.TryParse(match.Groups["amount"].Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
        {
            return stored;
        }
        var decimals = match.Groups["fraction"].Success ? match.Groups["fraction"].Length - 1 : 0;
        return $"{amount.ToString("N" + decimals, CultureInfo.CurrentCulture)} {match.Groups["currency"].Value}";
    }

    [GeneratedRegex(@"^(?<amount>-?\d+(?<fraction>\.\d+)?) (?<currency>[A-Z]{3})$", RegexOptions.CultureInvariant)]
    private static partial Regex StoredForm();
}
