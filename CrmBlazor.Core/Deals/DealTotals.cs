namespace CrmBlazor.Core.Deals;

/// <summary>One product line as the calculator needs it.</summary>
public sealed record ProductLineInput
{
    /// <summary>The line's id when it was already saved (informational; lines are replaced as a whole).</summary>
    public int? Id { get; init; }
    public int? ProductId { get; init; }
    public string Name { get; init; } = "";
    public string Unit { get; init; } = "";
    public decimal Quantity { get; init; } = 1;
    public decimal UnitPrice { get; init; }
    public DiscountKind DiscountKind { get; init; }
    public decimal DiscountValue { get; init; }
    public decimal TaxRate { get; init; }
    /// <summary>For a line typed in place: also add it to the catalog (admins and managers).</summary>
    public bool SaveToCatalog { get; init; }
}

public sealed record LineTotal(decimal Gross, decimal Discount, decimal Net, decimal Tax, decimal Total);

public sealed record DealTotalsView(string Currency, IReadOnlyList<LineTotal> Lines, decimal Subtotal, decimal Discount, decimal Net, decimal Tax, decimal Total);

/// <summary>
/// The money of a deal's product lines, in decimal arithmetic, rounded half away from zero to the currency's
/// decimals (<see cref="CurrencyDecimals"/>) line by line, so the sums are the sums of what each line shows:
/// gross = quantity × unit price; discount = a percent of gross or an amount off the line; net = gross − discount;
/// tax = net × rate; total = net + tax. Prices are net (VAT is added on top).
/// </summary>
public static class DealTotals
{
    public const decimal MaxQuantity = 1_000_000m;

    public static DealTotalsView Compute(IReadOnlyList<ProductLineInput> lines, string currency)
    {
        var computed = lines.Select(l => Line(l, currency)).ToList();
        return new DealTotalsView(
            currency,
            computed,
            computed.Sum(l => l.Gross),
            computed.Sum(l => l.Discount),
            computed.Sum(l => l.Net),
            computed.Sum(l => l.Tax),
            computed.Sum(l => l.Total));
    }

    public static LineTotal Line(ProductLineInput line, string currency)
    {
        var gross = CurrencyDecimals.Round(line.Quantity * line.UnitPrice, currency);
        var discount = line.DiscountKind == DiscountKind.Percent
            ? CurrencyDecimals.Round(gross * line.DiscountValue / 100m, currency)
            : CurrencyDecimals.Round(line.DiscountValue, currency);
        // An invalid discount (over the line's value) is reported by Validate; here it only cannot make a line negative.
        discount = Math.Clamp(discount, 0, Math.Max(gross, 0));
        var net = gross - discount;
        var tax = CurrencyDecimals.Round(net * line.TaxRate / 100m, currency);
        return new LineTotal(gross, discount, net, tax, net + tax);
    }

    /// <summary>Field errors of each line, named <c>Lines[i].Field</c>, so they show next to the row and cell that caused them.</summary>
    public static IReadOnlyList<FieldError> Validate(IReadOnlyList<ProductLineInput> lines, string currency, int maxLines = DealRules.MaxProductLines)
    {
        var v = new Validator();
        if (lines.Count > maxLines)
        {
            v.Add("Lines", "Validation.TooMany", maxLines);
        }
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var f = $"Lines[{i}].";
            v.Required(f + nameof(ProductLineInput.Name), line.Name).MaxLength(f + nameof(ProductLineInput.Name), line.Name, Catalog.CatalogRules.NameMaxLength)
                .Required(f + nameof(ProductLineInput.Unit), line.Unit).MaxLength(f + nameof(ProductLineInput.Unit), line.Unit, Catalog.CatalogRules.UnitMaxLength);
            if (line.Quantity <= 0)
            {
                v.Add(f + nameof(ProductLineInput.Quantity), "Validation.Positive");
            }
            else if (line.Quantity > MaxQuantity)
            {
                v.Add(f + nameof(ProductLineInput.Quantity), "Validation.TooLarge");
            }
            else if (decimal.Round(line.Quantity, 3) != line.Quantity)
            {
                v.Add(f + nameof(ProductLineInput.Quantity), "Validation.MaxDecimals", 3);
            }
            if (line.UnitPrice < 0)
            {
                v.Add(f + nameof(ProductLineInput.UnitPrice), "Validation.NotNegative");
            }
            else if (line.UnitPrice > Catalog.CatalogRules.MaxPrice)
            {
                v.Add(f + nameof(ProductLineInput.UnitPrice), "Validation.TooLarge");
            }
            else if (decimal.Round(line.UnitPrice, 4) != line.UnitPrice)
            {
                v.Add(f + nameof(ProductLineInput.UnitPrice), "Validation.MaxDecimals", 4);
            }
            if (line.TaxRate is < 0 or > 100 || decimal.Round(line.TaxRate, 2) != line.TaxRate)
            {
                v.Add(f + nameof(ProductLineInput.TaxRate), "Validation.Percent");
            }
            if (line.DiscountKind == DiscountKind.Percent)
            {
                if (line.DiscountValue is < 0 or > 100 || decimal.Round(line.DiscountValue, 2) != line.DiscountValue)
                {
                    v.Add(f + nameof(ProductLineInput.DiscountValue), "Validation.Percent");
                }
            }
            else if (line.DiscountValue < 0)
            {
                v.Add(f + nameof(ProductLineInput.DiscountValue), "Validation.NotNegative");
            }
            else if (!CurrencyDecimals.Fits(line.DiscountValue, currency))
            {
                v.Add(f + nameof(ProductLineInput.DiscountValue), "Validation.MaxDecimals", CurrencyDecimals.Of(currency));
            }
            else if (line.Quantity > 0 && line.UnitPrice >= 0 && line.DiscountValue > CurrencyDecimals.Round(line.Quantity * line.UnitPrice, currency))
            {
                v.Add(f + nameof(ProductLineInput.DiscountValue), "Deal.DiscountOverLine");
            }
        }
        if (v.IsValid)
        {
            TotalWithinCap(v, lines, currency);
        }
        return v.Errors;
    }

    /// <summary>
    /// A deal's amount from its lines is capped as a typed amount is (<see cref="DealRules.MaxAmount"/>): a line whose
    /// own total is over it, or the first line with which the running total goes over it, gets the message.
    /// </summary>
    private static void TotalWithinCap(Validator v, IReadOnlyList<ProductLineInput> lines, string currency)
    {
        var running = 0m;
        for (var i = 0; i < lines.Count; i++)
        {
            var total = Line(lines[i], currency).Total;
            running += total;
            if (total > DealRules.MaxAmount)
            {
                v.Add($"Lines[{i}].{nameof(ProductLineInput.Quantity)}", "Deal.LineTotalTooLarge", DealRules.MaxAmount);
                return;
            }
            if (running > DealRules.MaxAmount)
            {
                v.Add($"Lines[{i}].{nameof(ProductLineInput.Quantity)}", "Deal.LinesTotalTooLarge", DealRules.MaxAmount);
                return;
            }
        }
    }
}
