using Xnai.RagStub.Knowledge;

namespace Xnai.Tests.Rag;

[Trait("Category", "Unit")]
public sealed class MarkdownChunkerTests
{
    [Fact]
    public void Chunk_Headings_BecomeSectionsUnderTheDocumentTitle()
    {
        var document = MarkdownChunker.Chunk("doc.md", "# The title\n\nIntro text.\n\n## First\n\nAlpha.\n\n### Second\n\nBeta.\n");

        Assert.Equal("The title", document.Title);
        Assert.Equal(["", "First", "Second"], document.Passages.Select(p => p.Section));
        Assert.All(document.Passages, p => Assert.Equal("The title", p.DocumentTitle));
        Assert.Equal("Alpha.", document.Passages[1].Text);
    }

    [Fact]
    public void Chunk_ListItemsAndTableRows_EachBecomeOneLine()
    {
        var document = MarkdownChunker.Chunk("doc.md", "# T\n\n- one\n- **two** [link](http://x)\n\n| a | b |\n| --- | --- |\n| 1 | c |\n");

        Assert.Equal("one\ntwo link\na — b\n1 — c", document.Passages.Single().Text);
    }

    [Fact]
    public void Chunk_WrappedParagraph_IsJoinedAndCodeFenceKeptVerbatim()
    {
        var document = MarkdownChunker.Chunk("doc.md", "# T\n\nA sentence\nwrapped here.\n\n```\ndotnet run --project x\n```\n");

        Assert.Equal("A sentence wrapped here.\ndotnet run --project x", document.Passages.Single().Text);
    }

    [Fact]
    public void Chunk_LongSection_SplitsAtParagraphs()
    {
        var paragraphs = Enumerable.Range(0, 12).Select(i => $"Paragraph {i} " + new string('x', 200) + ".");
        var document = MarkdownChunker.Chunk("doc.md", "# T\n\n## S\n\n" + string.Join("\n\n", paragraphs));

        Assert.True(document.Passages.Count > 1);
        Assert.All(document.Passages, p => Assert.True(p.Text.Length <= MarkdownChunker.TargetPassageChars + 250));
        Assert.All(document.Passages, p => Assert.Equal("S", p.Section));
    }

    [Fact]
    public void Chunk_PlainText_ShortFirstLineIsTheTitle()
    {
        var document = MarkdownChunker.Chunk("notes/ops.txt", "Operations notes\n\nRestart the service when it hangs.");

        Assert.Equal("Operations notes", document.Title);
        Assert.Equal("Restart the service when it hangs.", document.Passages.Single().Text);
    }

    [Fact]
    public void Chunk_NoTitle_UsesTheFileName()
    {
        var document = MarkdownChunker.Chunk("redis_tips.txt", "Redis restarts in under a second. Clients reconnect by themselves.");

        Assert.Equal("Redis tips", document.Title);
    }

    [Fact]
    public void Chunk_WallOfText_IsSplitAtSentenceEnds()
    {
        var text = string.Join(" ", Enumerable.Range(0, 60).Select(i => $"Sentence number {i} says something useful."));
        var document = MarkdownChunker.Chunk("wall.txt", text);

        Assert.True(document.Passages.Count > 1);
        Assert.All(document.Passages, p => Assert.EndsWith(".", p.Text));
    }

    [Fact]
    public void Chunk_SetextHeadingsAndNestedLists_ReadAsAReaderSeesThem()
    {
        var document = MarkdownChunker.Chunk("doc.md", "Title\n=====\n\nSection\n-------\n\n- outer\n  - inner\n- first part\n\n  second part of the same item\n");

        Assert.Equal("Title", document.Title);
        Assert.Equal("Section", document.Passages.Single().Section);
        Assert.Equal("outer\ninner\nfirst part\nsecond part of the same item", document.Passages.Single().Text);
    }

    [Fact]
    public void Chunk_InlineMarkup_IsRemovedButCodeSpansKeepTheirBackticks()
    {
        var document = MarkdownChunker.Chunk("doc.md", "# T\n\nSet *one* and _two_ to \\* &amp; read `Retry-After`<br> from <https://x.example>.\n");

        Assert.Equal("Set one and two to * & read `Retry-After` from https://x.example.", document.Passages.Single().Text);
    }

    [Fact]
    public void Chunk_IndentedCodeAndQuotes_HashLinesInCodeAreNotHeadings()
    {
        var document = MarkdownChunker.Chunk("doc.md", "# T\n\n## S\n\n    # restart redis\n    redis-server --port 6380\n\n> Quoted\n> advice.\n");

        Assert.Equal("S", document.Passages.Single().Section);
        Assert.Equal("# restart redis\nredis-server --port 6380\nQuoted advice.", document.Passages.Single().Text);
    }
}
