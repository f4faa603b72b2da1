namespace CrmBlazor.Core.Currencies;

/// <summary>
/// A currency the team works in (ISO 4217 code and its decimals). Exactly one is the base currency: totals over
/// several currencies are shown in it. An inactive currency stays on the records that use it but is not offered for
/// new ones. Decision 029.
/// </summary>
public class Currency : IVersioned
{
    public int Id { get; set; }
    /// <summary>Three upper-case letters (ISO 4217), unique.</summary>
    public required string Code { get; set; }
    /// <summary>Minor units: how many decimal places an amount has (0 for JPY, 3 for KWD).</summary>
    public int Decimals { get; set; }
    public bool IsActive { get; set; } = true;
    public bool IsBase { get; set; }
    public int Sort { get; set; }
    public int Version { get; set; }
    public List<ExchangeRate> Rates { get; set; } = [];
}

/// <summary>
/// What one unit of a currency is worth in the base currency from <see cref="ValidFrom"/> on (until the next rate of
/// the same currency). Typed by an admin or imported from a file.
/// </summary>
public class ExchangeRate : IVersioned
{
    public int Id { get; set; }
    public int CurrencyId { get; set; }
    public Currency? Currency { get; set; }
    public DateOnly ValidFrom { get; set; }
    /// <summary>Units of the base currency for one unit of this one (for example 4.2817 PLN for 1 EUR); above 0.</summary>
    public decimal Rate { get; set; }
    public int Version { get; set; }
}

public static class CurrencyRules
{
    public const int MaxDecimals = 4;
    /// <summary>Rates keep eight decimals (1 JPY = 0.02654321 PLN).</summary>
    public const int RateDecimals = 8;
    public const decimal MaxRate = 1_000_000m;

    public static bool IsCode(string? code) => code is { Length: 3 } && code.All(c => c is >= 'A' and <= 'Z');

    public static string Normalize(string? code) => (code ?? "").Trim().ToUpperInvariant();
}

public sealed record CurrencyInput
{
    public string Code { get; init; } = "";
    public int Decimals { get; init; } = 2;
    public bool IsActive { get; init; } = true;
}

public sealed record ExchangeRateInput
{
    public DateOnly ValidFrom { get; init; }
    public decimal Rate { get; init; }
}

public sealed record CurrencyView(int Id, string Code, int Decimals, bool IsActive, bool IsBase, int Version, decimal? RateToday, int InUse);

public sealed record ExchangeRateView(int Id, int CurrencyId, string Code, DateOnly ValidFrom, decimal Rate, int Version);

/// <summary>What an import of rates did: rows added, rows that replaced a rate of the same day, and each bad line.</summary>
public sealed record RateImportResult(int Added, int Replaced, IReadOnlyList<FieldError> Errors);

/// <summary>The currencies, the base currency or their rates changed: forms, boards, the funnel and reports read them again.</summary>
public sealed record CurrenciesChanged : CrmEvent
{
    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Topics => [LiveTopics.Currencies];
}
