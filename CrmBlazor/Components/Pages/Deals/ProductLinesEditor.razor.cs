namespace CrmBlazor.Components.Pages.Deals;

/// <summary>
/// A deal's product lines: add from the catalog (search as you type) or typed in place, edit quantities, prices,
/// discounts and tax; totals and validation come from Core (<see cref="DealTotals"/>) as the user types, and
/// messages show in the cell that caused them. Saving replaces the lines through <see cref="DealService.SaveProductsAsync"/>.
/// </summary>
public sealed partial class ProductLinesEditor(
    DealService deals, ProductService catalog, CurrencyService currencies, CurrentUser currentUser, IStringLocalizer<SharedResource> L)
{
    private List<LineForm> _rows = [];
    private DealTotalsView _totals = DealTotals.Compute([], "PLN");
    private FieldErrors _errors = FieldErrors.None;
    private IReadOnlyList<FieldError> _serverErrors = [];
    private MudAutocomplete<ProductRow>? _picker;
    private ProductRow? _picked;
    private DealProducts? _shown;
    private string? _message;
    /// <summary>How the last product added from the catalog in another currency was priced (converted, or no rate).</summary>
    private string? _priceNote;
    private bool _saving;
    private bool _dirty;

    /// <summary>The saved lines and the deal version they belong to.</summary>
    [Parameter, EditorRequired]
    public DealProducts Saved { get; set; } = default!;

    [Parameter]
    public bool ReadOnly { get; set; }

    [Parameter]
    public bool CanSaveToCatalog { get; set; }

    [Parameter]
    public EventCallback<DealProducts> OnSaved { get; set; }

    private string Currency => Saved.Currency;

    protected override void OnParametersSet()
    {
        // New saved lines from the page (after a save, or another user's change) replace the form unless it has unsaved edits.
        if (!ReferenceEquals(_shown, Saved) && !_dirty)
        {
            _shown = Saved;
            _rows = Saved.Lines.Select(LineForm.From).ToList();
            _serverErrors = [];
            Recompute();
            _dirty = false;
        }
    }

    private static string F(int index, string field) => $"Lines[{index}].{field}";

    private void Recompute()
    {
        var inputs = _rows.Select(r => r.ToInput()).ToList();
        _totals = DealTotals.Compute(inputs, Currency);
        _errors = new FieldErrors([.. DealTotals.Validate(inputs, Currency), .. _serverErrors]);
        _dirty = true;
    }

    private async Task<IEnumerable<ProductRow>> SearchAsync(string? text, CancellationToken ct) => await catalog.SearchAsync(text, 15, ct);

    private async Task AddFromCatalogAsync(ProductRow? product)
    {
        if (product is null)
        {
            return;
        }
        // A price in another currency converts at today's rate (decision 029); without a rate the user types it.
        var price = product.Price;
        _priceNote = null;
        if (product.Currency != Currency)
        {
            var rates = await currencies.RatesAsync();
            var converted = rates.Convert(product.Price, product.Currency, Currency);
            price = converted ?? 0;
            _priceNote = converted is { } c
                ? L["Currency.PriceConverted", product.Name, Format.Exact(product.Price, product.Currency), Format.Exact(c, Currency), rates.Day.ToDateTime(TimeOnly.MinValue)]
                : L["Currency.PriceNoRate", product.Name, product.Currency, Currency];
        }
        _rows.Add(new LineForm
        {
            ProductId = product.Id,
            Sku = product.Sku,
            Name = product.Name,
            Unit = product.Unit,
            Quantity = 1,
            UnitPrice = price,
            TaxRate = product.TaxRate,
        });
        _serverErrors = [];
        Recompute();
        _picked = null;
        if (_picker is not null)
        {
            await _picker.ClearAsync();
        }
    }

    private void AddTyped()
    {
        _rows.Add(new LineForm { Quantity = 1, Unit = L["Line.DefaultUnit"].Value, TaxRate = 23 });
        _serverErrors = [];
        Recompute();
    }

    private void Remove(LineForm row)
    {
        _rows.Remove(row);
        _serverErrors = [];
        Recompute();
    }

    private async Task SaveAsync()
    {
        _saving = true;
        _message = null;
        try
        {
            var result = await deals.SaveProductsAsync(
                new SaveDealProducts(Saved.DealId, Saved.Version, _rows.Select(r => r.ToInput()).ToList()), await currentUser.GetActorAsync());
            if (result.IsOk)
            {
                _dirty = false;
                _shown = null;
                await OnSaved.InvokeAsync(result.Value!);
                return;
            }
            _serverErrors = result.Errors;
            _errors = new FieldErrors([.. DealTotals.Validate(_rows.Select(r => r.ToInput()).ToList(), Currency), .. _serverErrors]);
            _message = result.Status switch
            {
                ResultStatus.Invalid => null,
                ResultStatus.Conflict => L["Line.Conflict"].Value,
                _ => L[result.MessageKey ?? "Error.Unexpected"].Value,
            };
        }
        catch (Exception ex) when (Transient.IsDatabaseFailure(ex))
        {
            _message = L["Error.Unexpected"].Value;
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>One editable row.</summary>
    private sealed class LineForm
    {
        public int? ProductId { get; set; }
        public string? Sku { get; set; }
        public string Name { get; set; } = "";
        public string Unit { get; set; } = "";
        public decimal Quantity { get; set; }
        public decimal UnitPrice { get; set; }
        public DiscountKind DiscountKind { get; set; }
        public decimal DiscountValue { get; set; }
        public decimal TaxRate { get; set; }
        public bool SaveToCatalog { get; set; }

        public static LineForm From(ProductLineInput l) => new()
        {
            ProductId = l.ProductId, Name = l.Name, Unit = l.Unit, Quantity = l.Quantity, UnitPrice = l.UnitPrice,
            DiscountKind = l.DiscountKind, DiscountValue = l.DiscountValue, TaxRate = l.TaxRate,
        };

        public ProductLineInput ToInput() => new()
        {
            ProductId = ProductId, Name = Name ?? "", Unit = Unit ?? "", Quantity = Quantity, UnitPrice = UnitPrice,
            DiscountKind = DiscountKind, DiscountValue = DiscountValue, TaxRate = TaxRate, SaveToCatalog = SaveToCatalog,
        };
    }
}
