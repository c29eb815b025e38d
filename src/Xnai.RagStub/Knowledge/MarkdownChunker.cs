using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Xnai.RagStub.Knowledge;

/// <summary>
/// Cuts a Markdown or plain-text document into passages: one per heading section, split further at
/// block boundaries when a section is long. The document is read through Markdig's CommonMark syntax
/// tree, so a list, a code block or a table is a passage's content the way a reader sees it: each
/// paragraph, list item, table row or code line becomes one line of the passage text (sentence
/// extraction never runs two items together), and markup is gone except code spans, which keep their
/// backticks because the answers quote names in code font.
/// </summary>
internal static class MarkdownChunker
{
    /// <summary>Passages grow block by block up to about this many characters.</summary>
    internal const int TargetPassageChars = 900;

    // Pipe tables are the one extension the knowledge base uses; everything else is CommonMark.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    public static KnowledgeDocument Chunk(string id, string content)
    {
        var reader = new Reader();
        foreach (var block in Markdown.Parse(content, Pipeline))
        {
            reader.Read(block);
        }

        var sections = reader.Sections;
        var title = reader.Title ?? TitleFromPlainText(sections[0].Units) ?? TitleFromFileName(id);
        var passages = sections
            .SelectMany(s => Group(s.Units).Select(text => new Passage(id, title, s.Heading, text)))
            .ToList();
        return new KnowledgeDocument(id, title, passages);
    }

    private sealed record Section(string Heading, List<string> Units);

    // Walks the block tree in reading order; the first level-1 heading is the title, every other heading
    // opens a section, and each leaf block adds its units to the current section.
    private sealed class Reader
    {
        public string? Title { get; private set; }

        public List<Section> Sections { get; } = [new(string.Empty, [])];

        private List<string> Units => Sections[^1].Units;

        public void Read(Block block)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    var text = InlineText(heading.Inline);
                    if (Title is null && heading.Level == 1)
                    {
                        Title = text;
                    }
                    else
                    {
                        Sections.Add(new Section(text, []));
                    }

                    break;

                case ParagraphBlock paragraph:
                    Add(InlineText(paragraph.Inline));
                    break;

                case Table table:
                    // One line per row, cells joined by a dash: a row reads as a statement ("redis — 15 s").
                    foreach (var row in table.OfType<TableRow>())
                    {
                        var cells = row.OfType<TableCell>()
                            .Select(cell => string.Join(' ', cell.OfType<ParagraphBlock>().Select(p => InlineText(p.Inline))))
                            .Where(cell => cell.Length > 0);
                        Add(string.Join(" — ", cells));
                    }

                    break;

                case CodeBlock code:
                    // Commands and config stay verbatim, one unit per line (fenced or indented).
                    foreach (var line in code.Lines.Lines.Take(code.Lines.Count))
                    {
                        Add(line.Slice.ToString().Trim());
                    }

                    break;

                case ContainerBlock container:
                    // Lists, list items and quotes: their paragraphs and nested blocks in order.
                    foreach (var child in container)
                    {
                        Read(child);
                    }

                    break;

                // Raw HTML, thematic breaks and link definitions show no text of their own.
            }
        }

        private void Add(string unit)
        {
            if (unit.Length > 0)
            {
                Units.Add(unit);
            }
        }
    }

    private static string InlineText(ContainerInline? inline)
    {
        if (inline is null)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        Append(text, inline);
        return CollapseWhitespace(text);
    }

    private static void Append(StringBuilder text, Inline inline)
    {
        switch (inline)
        {
            case LiteralInline literal:
                text.Append(literal.Content.AsSpan());
                break;
            case CodeInline code:
                text.Append('`').Append(code.Content).Append('`');
                break;
            case LineBreakInline:
                text.Append(' ');
                break;
            case AutolinkInline autolink:
                text.Append(autolink.Url);
                break;
            case HtmlEntityInline entity:
                text.Append(entity.Transcoded.AsSpan());
                break;
            case ContainerInline container:
                // Emphasis, links (their label) and images (their alt text).
                foreach (var child in container)
                {
                    Append(text, child);
                }

                break;

            // Raw inline HTML is markup, not text.
        }
    }

    private static string CollapseWhitespace(StringBuilder text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text.ToString().AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                if (result.Length > 0 && result[^1] != ' ')
                {
                    result.Append(' ');
                }
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    // A plain-text file's short first line, alone in its paragraph, reads as its title.
    private static string? TitleFromPlainText(List<string> units)
    {
        if (units.Count > 1 && units[0].Length <= 80 && !units[0].EndsWith('.'))
        {
            var title = units[0];
            units.RemoveAt(0);
            return title;
        }

        return null;
    }

    private static string TitleFromFileName(string id)
    {
        var name = Path.GetFileNameWithoutExtension(id).Replace('-', ' ').Replace('_', ' ').Trim();
        return name.Length == 0 ? id : char.ToUpperInvariant(name[0]) + name[1..];
    }

    private static IEnumerable<string> Group(List<string> units)
    {
        var current = new StringBuilder();
        foreach (var unit in units.SelectMany(SplitLong))
        {
            if (current.Length > 0 && current.Length + unit.Length > TargetPassageChars)
            {
                yield return current.ToString();
                current.Clear();
            }

            if (current.Length > 0)
            {
                current.Append('\n');
            }

            current.Append(unit);
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    // A wall of text without blank lines (common in .txt files) is split at sentence ends.
    private static IEnumerable<string> SplitLong(string unit)
    {
        if (unit.Length <= TargetPassageChars * 3 / 2)
        {
            yield return unit;
            yield break;
        }

        var current = new StringBuilder();
        foreach (var sentence in Sentences.Split(unit))
        {
            if (current.Length > 0 && current.Length + sentence.Length > TargetPassageChars)
            {
                yield return current.ToString();
                current.Clear();
            }

            current.Append(current.Length > 0 ? " " : string.Empty).Append(sentence);
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }
}
