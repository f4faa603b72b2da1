namespace CrmBlazor.Core.Catalog;

public static class CatalogRules
{
    public const int NameMaxLength = 200;
    public const int SkuMaxLength = 64;
    public const int DescriptionMaxLength = 4000;
    public const int UnitMaxLength = 20;
    public const int SectionNameMaxLength = 100;
    public const decimal MaxPrice = 1_000_000_000m;
}

public sealed record ProductInput
{
    public string Name { get; init; } = "";
    public string? Sku { get; init; }
    public string? Description { get; init; }
    public string Unit { get; init; } = "";
    public decimal Price { get; init; }
    public string Currency { get; init; } = "";
    public decimal TaxRate { get; init; }
    public int? SectionId { get; init; }
}

public sealed record ProductRow(
    int Id, string Name, string? Sku, string Unit, decimal Price, string Currency, decimal TaxRate, bool IsActive, int? SectionId, string? SectionName, int Version);

public sealed record ProductForEdit(int Id, int Version, bool IsActive, ProductInput Input);

/// <summary>What the catalog list sorts by.</summary>
public enum ProductSort
{
    Name,
    Sku,
    Section,
    Price,
    Unit,
    TaxRate,
    Active,
}

public sealed record ProductQuery
{
    public string? Search { get; init; }
    public int? SectionId { get; init; }
    public bool IncludeInactive { get; init; }
    public ProductSort SortBy { get; init; } = ProductSort.Name;
    public bool Descending { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 25;
}

public sealed record SectionView(int Id, string Name, int? ParentId, int ProductCount);
