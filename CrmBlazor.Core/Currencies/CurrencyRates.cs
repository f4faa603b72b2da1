namespace CrmBlazor.Core.Currencies;

/// <summary>A total over several currencies in the base currency. <see cref="MissingRates"/> names currencies left out for want of a rate.</summary>
public sealed record BaseTotal(string Currency, decimal Amount, IReadOnlyList<string> MissingRates)
{
    public bool IsComplete => MissingRates.Count == 0;
}

/// <summary>
/// The currencies as they are on one day: the base currency, each currency's decimals and its rate on that day (the
/// latest rate valid from that day or earlier). Totals are converted with these rates: today's rate, decision 029.
/// Immutable; a board or report keeps the one it loaded and loads a new one on <see cref="CurrenciesChanged"/>.
/// </summary>
public sealed class CurrencyRates
{
    private readonly Dictionary<string, (int Decimals, bool IsActive, decimal? Rate)> _currencies;

    public CurrencyRates(string baseCode, DateOnly day, IEnumerable<(string Code, int Decimals, bool IsActive, decimal? Rate)> currencies)
    {
        BaseCode = baseCode;
        Day = day;
        _currencies = new(StringComparer.Ordinal);
        foreach (var (code, decimals, isActive, rate) in currencies)
        {
            _currencies[code] = (decimals, isActive, code == baseCode ? 1m : rate);
        }
        ActiveCodes = [.. _currencies.Where(c => c.Value.IsActive || c.Key == baseCode).Select(c => c.Key)];
    }

    /// <summary>The configured <c>Crm:Currencies</c> (the first is the base), without rates: a database whose currencies were never set up.</summary>
    public static CurrencyRates FromOptions(IReadOnlyList<string> codes, DateOnly day) =>
        new(codes.Count > 0 ? codes[0] : "PLN", day, codes.Select(c => (c, CurrencyDecimals.Standard(c), true, (decimal?)null)));

    public string BaseCode { get; }
    public DateOnly Day { get; }
    /// <summary>Codes new records may use, in the settings' order, the base first when it was first there.</summary>
    public IReadOnlyList<string> ActiveCodes { get; }

    public bool IsKnown(string? code) => code is not null && _currencies.ContainsKey(code);

    public int DecimalsOf(string currency) => _currencies.TryGetValue(currency, out var c) ? c.Decimals : CurrencyDecimals.Of(currency);

    /// <summary>Units of the base currency one unit of <paramref name="currency"/> is worth on <see cref="Day"/>; null without a rate.</summary>
    public decimal? RateOf(string currency) =>
        currency == BaseCode ? 1m : _currencies.TryGetValue(currency, out var c) ? c.Rate : null;

    /// <summary><paramref name="amount"/> in <paramref name="to"/>, rounded to its decimals (half away from zero); null when a rate is missing.</summary>
    public decimal? Convert(decimal amount, string from, string to)
    {
        if (from == to)
        {
            return amount;
        }
        if (RateOf(from) is not { } fromRate || RateOf(to) is not { } toRate)
        {
            return null;
        }
        return decimal.Round(amount * fromRate / toRate, DecimalsOf(to), MidpointRounding.AwayFromZero);
    }

    /// <summary>The sum of <paramref name="totals"/> in the base currency; currencies without a rate are left out and named.</summary>
    public BaseTotal ToBase(IEnumerable<MoneyTotal> totals)
    {
        var sum = 0m;
        var missing = new List<string>();
        foreach (var total in totals)
        {
            if (RateOf(total.Currency) is { } rate)
            {
                sum += total.Amount * rate;
            }
            else if (total.Amount != 0)
            {
                missing.Add(total.Currency);
            }
        }
        return new BaseTotal(BaseCode, decimal.Round(sum, DecimalsOf(BaseCode), MidpointRounding.AwayFromZero), missing);
    }

    /// <summary>True when <paramref name="totals"/> hold a currency other than the base one: only then is a base total worth showing beside them.</summary>
    public bool NeedsBaseTotal(IEnumerable<MoneyTotal> totals) => totals.Any(t => t.Amount != 0 && t.Currency != BaseCode);
}
