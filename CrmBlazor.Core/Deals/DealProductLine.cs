namespace CrmBlazor.Core.Deals;

/// <summary>
/// One product on a deal, from the catalog (<see cref="ProductId"/>) or typed in place. Holds what the user entered;
/// the money it comes to is computed by <see cref="DealTotals"/> in the deal's currency.
/// </summary>
public class DealProductLine
{
    public int Id { get; set; }
    public int DealId { get; set; }
    public Deal? Deal { get; set; }
    public int? ProductId { get; set; }
    public Product? Product { get; set; }
    public required string Name { get; set; }
    public required string Unit { get; set; }
    public decimal Quantity { get; set; }
    /// <summary>Net price of one unit.</summary>
    public decimal UnitPrice { get; set; }
    public DiscountKind DiscountKind { get; set; }
    /// <summary>Percent (10 for 10 %) or an amount off the whole line, per <see cref="DiscountKind"/>.</summary>
    public decimal DiscountValue { get; set; }
    /// <summary>VAT rate in percent.</summary>
    public decimal TaxRate { get; set; }
    public int Sort { get; set; }
}

public enum DiscountKind
{
    Percent,
    Amount,
}
