namespace CrmBlazor.Core.Common;

/// <summary>
/// How many decimal places an amount in a currency has (ISO 4217 minor units), so totals round to what can be paid.
/// Currencies not listed have two.
/// </summary>
public static class CurrencyDecimals
{
    private static readonly Dictionary<string, int> Exceptions = new(StringComparer.OrdinalIgnoreCase)
    {
        // No minor unit in use.
        ["JPY"] = 0, ["KRW"] = 0, ["ISK"] = 0, ["CLP"] = 0, ["VND"] = 0, ["PYG"] = 0, ["UGX"] = 0, ["XAF"] = 0, ["XOF"] = 0,
        // Forints have fillér on paper (ISO says 2), but cash and invoices are in whole forints.
        ["HUF"] = 0,
        // Three decimals (fils, baisa).
        ["BHD"] = 3, ["KWD"] = 3, ["OMR"] = 3, ["JOD"] = 3, ["TND"] = 3, ["IQD"] = 3, ["LYD"] = 3,
    };

    /// <summary>The decimals the currency settings give (decision 029), read whenever the currencies are loaded; they come first.</summary>
    private static volatile IReadOnlyDictionary<string, int> _configured = new Dictionary<string, int>();

    public static int Of(string? currency) =>
        currency is null ? 2
        : _configured.TryGetValue(currency, out var set) ? set
        : Exceptions.TryGetValue(currency, out var decimals) ? decimals : 2;

    /// <summary>What ISO 4217 (and common practice) says, whatever the settings hold: the default for a new currency.</summary>
    public static int Standard(string? currency) => currency is not null && Exceptions.TryGetValue(currency, out var decimals) ? decimals : 2;

    /// <summary>Takes the decimals of the currency settings (called by <c>CurrencyService</c> each time it reads them).</summary>
    internal static void Use(IReadOnlyDictionary<string, int> configured) => _configured = configured;

    /// <summary>Rounds half away from zero (commercial rounding, as VAT invoices do) to the currency's decimals.</summary>
    public static decimal Round(decimal amount, string? currency) => decimal.Round(amount, Of(currency), MidpointRounding.AwayFromZero);

    public static bool Fits(decimal amount, string? currency) => decimal.Round(amount, Of(currency)) == amount;
}
