using CrmBlazor.Core.Common;

namespace CrmBlazor.Tests.Core.Common;

public class RankTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData(null, "i")]
    [InlineData("i", null)]
    [InlineData("a", "b")]
    [InlineData("a", "a1")]
    [InlineData("az", "b")]
    [InlineData("0001", "0002")]
    [InlineData("y", "z")]
    [InlineData("zz", null)]
    [InlineData(null, "01")]
    public void Between_AnyTwoKeys_IsStrictlyBetween(string? before, string? after)
    {
        var key = Rank.Between(before, after);

        Assert.True(before is null || string.CompareOrdinal(before, key) < 0, $"{before} < {key}");
        Assert.True(after is null || string.CompareOrdinal(key, after) < 0, $"{key} < {after}");
        Assert.False(key.EndsWith('0'));
    }

    [Fact]
    public void Between_RepeatedInsertsAtOnePlace_StayOrdered()
    {
        var keys = new List<string> { Rank.Between(null, null) };
        for (var i = 0; i < 500; i++)
        {
            keys.Add(Rank.Between(keys[^1], null)); // at the bottom
            keys.Insert(0, Rank.Between(null, keys[0])); // at the top
            keys.Insert(keys.Count / 2, Rank.Between(keys[keys.Count / 2 - 1], keys[keys.Count / 2])); // in the middle
        }

        Assert.Equal(keys.OrderBy(k => k, StringComparer.Ordinal), keys);
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void Between_FiveHundredNewCardsOnTopOrBottom_KeysStayUnderTheRespreadLength()
    {
        string? top = null, bottom = null;
        for (var i = 0; i < 500; i++)
        {
            top = Rank.Between(null, top);
            bottom = Rank.Between(bottom, null);
        }

        Assert.True(top!.Length <= Rank.RespreadLength, top);
        Assert.True(bottom!.Length <= Rank.RespreadLength, bottom);
    }

    [Fact]
    public void Between_CrossedNeighbours_LandsAfterTheUpperOne()
    {
        var key = Rank.Between("m", "c");

        Assert.True(string.CompareOrdinal("m", key) < 0);
    }

    [Fact]
    public void Spread_ManyKeys_AreOrderedAndDistinct()
    {
        var keys = Rank.Spread(10_000);

        Assert.Equal(10_000, keys.Count);
        Assert.Equal(keys.OrderBy(k => k, StringComparer.Ordinal), keys);
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.DoesNotContain(keys, k => k.Length == 0 || k.EndsWith('0'));
    }
}
