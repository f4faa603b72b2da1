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

    [Theory]
    // Between two keys whose first digits are far apart: the digit in the middle of the gap.
    [InlineData("a", "k", "f")]
    [InlineData("a", "c", "b")]
    [InlineData("1", "3", "2")]
    [InlineData("ab", "ak", "ag")]       // after their common prefix
    // Adjacent first digits: the upper key's first digit when that is shorter than the upper key, else one digit more.
    [InlineData("a", "b1", "b")]
    [InlineData("a", "b", "ai")]
    // At the top (new deals): one digit down at the first digit that can go down, else one character more.
    [InlineData(null, "i", "h")]
    [InlineData(null, "2x", "1")]
    [InlineData(null, "1", "0i")]
    [InlineData(null, "01", "00i")]
    // At the bottom: one digit up at the first digit that is not the last, else one character more.
    [InlineData("h", null, "i")]
    [InlineData("zy", null, "zz")]
    [InlineData("zz", null, "zzi")]
    [InlineData(null, null, "i")]
    public void Between_KnownNeighbours_GivesTheShortKeyItsRulesDescribe(string? before, string? after, string expected)
    {
        Assert.Equal(expected, Rank.Between(before, after));
    }

    [Theory]
    [InlineData("m", "m")]
    [InlineData("m", "c")]
    [InlineData("m1", "m")]
    public void Between_EqualOrCrossedNeighbours_LandsJustAfterTheUpperOneAsAtTheBottom(string before, string after)
    {
        Assert.Equal(Rank.Between(before, null), Rank.Between(before, after));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 1)]       // 36 one-digit keys hold 8 with four slots each (9 gaps × 4 = 36)
    [InlineData(9, 2)]
    [InlineData(323, 2)]     // 36² = 1296 = 324 gaps × 4
    [InlineData(324, 3)]
    public void Spread_UsesTheShortestKeysThatLeaveFourSlotsPerKey(int count, int length)
    {
        var keys = Rank.Spread(count);

        Assert.Equal(count, keys.Count);
        Assert.Equal(length, keys.Max(k => k.Length));
        Assert.Equal(keys.OrderBy(k => k, StringComparer.Ordinal), keys);
        Assert.Equal(count, keys.Distinct().Count());
    }

    [Theory]
    [InlineData(5)]
    [InlineData(100)]
    [InlineData(2_000)]
    public void Spread_LeavesRoomBetweenAndAroundEveryKey_WithoutLongerKeys(int count)
    {
        var keys = Rank.Spread(count);
        var length = keys.Max(k => k.Length);

        var between = keys.Zip(keys.Skip(1), Rank.Between).Prepend(Rank.Between(null, keys[0])).Append(Rank.Between(keys[^1], null)).ToList();

        Assert.All(between, k => Assert.True(k.Length <= length, $"{k} is longer than {length}"));
        var all = keys.Concat(between).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2 * count + 1, all.Distinct().Count());
        Assert.Equal(between[0], all[0]);
        Assert.Equal(between[^1], all[^1]);
    }
}
