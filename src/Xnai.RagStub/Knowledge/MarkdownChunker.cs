using System.Text;
using System.Text.RegularExpressions;

namespace Xnai.RagStub.Knowledge;

/// <summary>
/// Cuts a Markdown or plain-text document into passages: one per heading section, split further at
/// paragraph boundaries when a section is long. Markup is removed; each paragraph or list item becomes
/// one line of the passage text, so sentence extraction never runs two items together.
/// </summary>
internal static partial class MarkdownChunker
{
    /// <summary>Passages grow paragraph by paragraph up to about this many characters.</summary>
    internal const int TargetPassageChars = 900;

    public static KnowledgeDocument Chunk(string id, string content)
    {
        var lines = content.ReplaceLineEndings("\n").Split('\n');
        string? title = null;
        var sections = new List<(string Heading, List<string> Units)> { (string.Empty, []) };
        var paragraph = new StringBuilder();
        var inCode = false;

        void Flush()
        {
            if (paragraph.Length > 0)
            {
                sections[^1].Units.Add(paragraph.ToString());
                paragraph.Clear();
            }
        }

        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                Flush();
                inCode = !inCode;
                continue;
            }

            if (inCode)
            {
                // Commands and config stay verbatim, one unit per line.
                if (line.Trim().Length > 0)
                {
                    sections[^1].Units.Add(line.Trim());
                }

                continue;
            }

            if (HeadingPattern().Match(line) is { Success: true } heading)
            {
                Flush();
                var text = Inline(heading.Groups[2].Value);
                if (title is null && heading.Groups[1].Length == 1)
                {
                    title = text;
                }
                else
                {
                    sections.Add((text, []));
                }

                continue;
            }

            if (line.Length == 0 || TableSeparatorPattern().IsMatch(line))
            {
                Flush();
                continue;
            }

            if (ListItemPattern().Match(line) is { Success: true } item)
            {
                Flush();
                paragraph.Append(Inline(item.Groups[1].Value));
                continue;
            }

            if (line.TrimStart().StartsWith('|'))
            {
                Flush();
                var cells = line.Trim().Trim('|').Split('|').Select(c => Inline(c.Trim())).Where(c => c.Length > 0);
                paragraph.Append(string.Join(" — ", cells));
                Flush();
                continue;
            }

            var body = Inline(line.TrimStart().TrimStart('>').Trim());
            if (paragraph.Length > 0)
            {
                paragraph.Append(' ');
            }

            paragraph.Append(body);
        }

        Flush();
        title ??= TitleFromPlainText(sections[0].Units) ?? TitleFromFileName(id);
        var passages = sections
            .SelectMany(s => Group(s.Units).Select(text => new Passage(id, title, s.Heading, text)))
            .ToList();
        return new KnowledgeDocument(id, title, passages);
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

    private static string Inline(string text)
    {
        text = LinkPattern().Replace(text, "$1");
        text = EmphasisPattern().Replace(text, "$2");
        return text.Trim();
    }

    [GeneratedRegex(@"^(#{1,6})\s+(.+?)\s*#*$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")]
    private static partial Regex ListItemPattern();

    [GeneratedRegex(@"^\s*\|?\s*:?-{3,}")]
    private static partial Regex TableSeparatorPattern();

    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"(\*\*|__)(.+?)\1")]
    private static partial Regex EmphasisPattern();
}
