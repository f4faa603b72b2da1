namespace CrmBlazor.Core.Catalog;

/// <summary>A product or service of the catalog. Deactivated products stay on the deals that have them but cannot be added anew.</summary>
public class Product : AuditedEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Sku { get; set; }
    public string? Description { get; set; }
    /// <summary>Unit of measure as the user writes it ("pcs", "h", "szt.", "kg").</summary>
    public required string Unit { get; set; }
    /// <summary>Net unit price, in <see cref="Currency"/>.</summary>
    public decimal Price { get; set; }
    public required string Currency { get; set; }
    /// <summary>VAT rate in percent (23 for 23 %).</summary>
    public decimal TaxRate { get; set; }
    public bool IsActive { get; set; } = true;
    public int? SectionId { get; set; }
    public ProductSection? Section { get; set; }
}

/// <summary>A catalog section (category), optionally inside another one.</summary>
public class ProductSection
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int? ParentId { get; set; }
    public int Sort { get; set; }
}
