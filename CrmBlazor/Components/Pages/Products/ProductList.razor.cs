using System.Globalization;

namespace CrmBlazor.Components.Pages.Products;

/// <summary>
/// The product catalog: search, section and inactive filters and the sort of every column, all in the address
/// (<see cref="ListAddress"/>: <c>q</c>, <c>section</c>, <c>inactive</c>, <c>sort</c>, <c>desc</c>), so a reload, a link
/// or a saved view shows the same list; sorted and paged in SQL. Anyone's change to the catalog reloads the page shown.
/// </summary>
public sealed partial class ProductList
{
    private MudTable<ProductRow>? _table;
    private readonly AddressSort<ProductSort> _sort = new(ProductSort.Name);
    private Func<TableState, CancellationToken, Task<TableData<ProductRow>>>? _load;
    private IReadOnlyList<SectionView> _sections = [];
    private string? _search;
    private int? _sectionId;
    private bool _includeInactive;
    private bool _canManage;
    private bool _canAdd;
    private LiveView? _live;

    /// <summary>Whether the search or the section narrows the list (showing inactive products too widens it).</summary>
    private bool Filtered => !string.IsNullOrWhiteSpace(_search) || _sectionId is not null;

    protected override async Task OnInitializedAsync()
    {
        ReadAddress(); // before the first render: the table starts in the address's sort
        // Anyone's change to the catalog reloads the page shown and the sections' counts.
        _live = LiveViews.For(InvokeAsync, DispatchExceptionAsync);
        _live.WatchReload(LiveTopics.Products, async () =>
        {
            _sections = await Catalog.GetSectionsAsync();
            await ReloadAsync();
            StateHasChanged();
        });
        Navigation.LocationChanged += OnLocationChanged;
        var actor = await CurrentUser.GetActorAsync();
        _canManage = AccessPolicy.MayManageCatalog(actor);
        _canAdd = AccessPolicy.MayAddToCatalog(actor);
        _sections = await Catalog.GetSectionsAsync();
    }

    /// <summary>
    /// The filters and sort from the address (a reload, a link, a saved view; <c>search</c> is where search everywhere
    /// opens a product). A sort that changed there makes a new table (<see cref="AddressSort{TSort}"/>).
    /// </summary>
    private void ReadAddress()
    {
        var address = ListAddress.Of(Navigation.Uri);
        _search = address.Get("q") ?? address.Get("search");
        _sectionId = address.Int("section");
        _includeInactive = address.Get("inactive") is "1" or "true";
        if (_sort.Read(address))
        {
            _load = _sort.Loader<TableState, TableData<ProductRow>>(LoadAsync, new() { Items = [], TotalItems = 0 });
        }
    }

    private void OnLocationChanged(object? sender, Microsoft.AspNetCore.Components.Routing.LocationChangedEventArgs e) =>
        _ = InvokeAsync(async () =>
        {
            if (new Uri(e.Location).AbsolutePath.TrimEnd('/').EndsWith("/products", StringComparison.Ordinal))
            {
                await ReloadAsync();
                StateHasChanged(); // the filters show the address's (Clear filters, a saved view, back)
            }
        });

    private string Address(bool withFilters = true) => ListAddress.Path("products", new Dictionary<int, string?>(),
        [("q", withFilters ? _search : null), ("section", withFilters ? _sectionId?.ToString(CultureInfo.InvariantCulture) : null),
            ("inactive", _includeInactive ? "1" : null), .. _sort.Pairs()]);

    private void Go(Action change)
    {
        change();
        Navigation.NavigateTo(Address(), replace: true);
    }

    private void ClearFilters() => Navigation.NavigateTo(Address(withFilters: false), replace: true);

    private async Task<TableData<ProductRow>> LoadAsync(TableState state, CancellationToken ct)
    {
        if (state.SortDirection != SortDirection.None
            && _sort.Clicked(AddressSort<ProductSort>.Parse(state.SortLabel), state.SortDirection == SortDirection.Descending))
        {
            // A header was clicked: the sort goes to the address too.
            Navigation.NavigateTo(Address(), replace: true);
        }
        var page = await Catalog.ListAsync(new ProductQuery
        {
            Search = _search, SectionId = _sectionId, IncludeInactive = _includeInactive, SortBy = _sort.By ?? ProductSort.Name, Descending = _sort.Descending,
            Skip = state.Page * state.PageSize, Take = state.PageSize,
        }, ct);
        return new TableData<ProductRow> { Items = page.Items, TotalItems = page.Total };
    }

    private void SearchChanged(string? text) => Go(() => _search = text);

    private void SectionChanged(int? sectionId) => Go(() => _sectionId = sectionId);

    private void InactiveChanged(bool include) => Go(() => _includeInactive = include);

    /// <summary>Reads the address again and the page shown: a new table when the address brought another sort.</summary>
    private async Task ReloadAsync()
    {
        var key = _sort.Key;
        ReadAddress();
        if (key != _sort.Key)
        {
            StateHasChanged(); // a new table, in the address's sort, loads itself
            return;
        }
        if (_table is not null)
        {
            await _table.ReloadServerData();
        }
    }

    private async Task EditAsync(ProductRow? product)
    {
        var parameters = new DialogParameters<ProductEditDialog> { { d => d.ProductId, product?.Id }, { d => d.Sections, _sections } };
        var dialog = await Dialogs.ShowAsync<ProductEditDialog>(product is null ? L["Products.New"] : L["Products.Edit"], parameters, EditDialogs.Options);
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(L["Common.Saved"], Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task SetActiveAsync(ProductRow product, bool active)
    {
        var result = await Catalog.SetActiveAsync(product.Id, product.Version, active, await CurrentUser.GetActorAsync());
        if (!result.IsOk)
        {
            Snackbar.Add(L[result.MessageKey ?? "Error.Unexpected"], Severity.Warning);
        }
        await ReloadAsync();
    }

    private async Task AddSectionAsync()
    {
        var dialog = await Dialogs.ShowAsync<SectionDialog>(L["Products.NewSection"], new DialogParameters<SectionDialog> { { d => d.Sections, _sections } }, EditDialogs.Options);
        if (await dialog.Result is { Canceled: false })
        {
            _sections = await Catalog.GetSectionsAsync();
        }
    }

    public void Dispose()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        _live?.Dispose();
    }
}
