using CrmBlazor.Components.Shared;
using MudBlazor;

namespace CrmBlazor.Tests.Components.Shared;

/// <summary>A list's sort in its address and its grid's key (decision 028).</summary>
public sealed class AddressSortTests
{
    private static ListAddress At(string query) => ListAddress.Of($"http://localhost/products{query}");

    [Fact]
    public void Read_TheAddressSort_NewKeyOnlyWhenItChanged()
    {
        var sort = new AddressSort<ProductSort>(ProductSort.Name);

        Assert.True(sort.Read(At("?q=x")));
        Assert.Equal(((ProductSort?)ProductSort.Name, false, 1), (sort.By, sort.Descending, sort.Key));
        Assert.False(sort.Read(At("?q=other")));
        Assert.True(sort.Read(At("?sort=PRICE&desc=1")));
        Assert.Equal(((ProductSort?)ProductSort.Price, true, 2), (sort.By, sort.Descending, sort.Key));
        Assert.Equal(SortDirection.Descending, sort.Initial(ProductSort.Price));
        Assert.Equal(SortDirection.None, sort.Initial(ProductSort.Name));
        Assert.True(sort.Read(At("?sort=nonsense")));
        Assert.Equal(((ProductSort?)ProductSort.Name, false), (sort.By, sort.Descending));
    }

    [Fact]
    public void Clicked_AnotherColumnOrDirection_IsAClick_TheSameIsNot_AndGoesToTheAddress()
    {
        var sort = new AddressSort<ProductSort>(ProductSort.Name);
        sort.Read(At(""));

        Assert.False(sort.Clicked(ProductSort.Name, descending: false));
        Assert.False(sort.Clicked(AddressSort<ProductSort>.Parse("not a column"), descending: true));
        Assert.Equal(new (string, string?)[] { ("sort", null), ("desc", null) }, sort.Pairs());
        Assert.True(sort.Clicked(AddressSort<ProductSort>.Parse("taxrate"), descending: true));
        Assert.Equal(new (string, string?)[] { ("sort", "taxrate"), ("desc", "1") }, sort.Pairs());
        Assert.Equal(1, sort.Key); // a click keeps its grid
        Assert.False(sort.Read(At("?sort=taxrate&desc=1")));
    }

    [Fact]
    public async Task Loader_OfAnOlderGrid_GivesNothing()
    {
        var sort = new AddressSort<ActivityListSort>();
        sort.Read(At(""));
        Assert.Null(sort.By);
        var loads = 0;
        var older = sort.Loader<int, string>((_, _) => Task.FromResult($"load {++loads}"), "nothing");

        Assert.Equal("load 1", await older(0, default));
        sort.Read(At("?sort=subject"));
        var current = sort.Loader<int, string>((_, _) => Task.FromResult($"load {++loads}"), "nothing");

        Assert.Equal("nothing", await older(0, default));
        Assert.Equal("load 2", await current(0, default));
    }
}
