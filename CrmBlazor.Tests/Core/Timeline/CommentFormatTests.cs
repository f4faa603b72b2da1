namespace CrmBlazor.Tests.Core.Timeline;

public class CommentFormatTests
{
    [Fact]
    public void Parse_BoldItalicCodeAndLinks_BecomeStyledTextRuns()
    {
        var block = Assert.Single(CommentFormat.Parse("Call **Anna** *today* about `PO-17`, see https://example.com/offer."));

        Assert.False(block.IsList);
        Assert.Equal(
            [new("Call "), new("Anna", Bold: true), new(" "), new("today", Italic: true), new(" about "), new("PO-17", Code: true), new(", see "),
                new("https://example.com/offer", Link: "https://example.com/offer"), new CommentRun(".")],
            Assert.Single(block.Lines));
    }

    [Fact]
    public void Parse_ParagraphsAndBulletedLists_AreBlocks()
    {
        var blocks = CommentFormat.Parse("Agenda:\n- prices\n- dates\n\nThanks\nAnna");

        Assert.Equal([false, true, false], blocks.Select(b => b.IsList));
        Assert.Equal(["prices", "dates"], blocks[1].Lines.Select(l => Assert.Single(l).Text));
        Assert.Equal(2, blocks[2].Lines.Count);
    }

    [Fact]
    public void Parse_Markup_StaysPlainText()
    {
        const string evil = "<img src=x onerror=alert(1)> <b>bold?</b> javascript:alert(1)";

        var run = Assert.Single(Assert.Single(Assert.Single(CommentFormat.Parse(evil)).Lines));

        Assert.Equal(new CommentRun(evil), run);
    }

    [Theory]
    [InlineData("2*3*4 stays", "2*3*4 stays")]
    [InlineData("a ** b", "a ** b")]
    public void Parse_StarsThatAreNotEmphasis_StayAsTyped(string text, string expected) =>
        Assert.Equal(expected, string.Concat(Assert.Single(Assert.Single(CommentFormat.Parse(text)).Lines).Select(r => r.Text)));
}
