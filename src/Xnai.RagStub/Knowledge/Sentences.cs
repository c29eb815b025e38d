using System.Text.RegularExpressions;

namespace Xnai.RagStub.Knowledge;

/// <summary>Splits passage text into sentences: every line, then every sentence end within a line.</summary>
internal static partial class Sentences
{
    public static IEnumerable<string> Split(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(line => EndPattern().Split(line))
            .Select(s => s.Trim())
            .Where(s => s.Length > 0);

    // A period, question or exclamation mark, then space, then something that starts a sentence.
    // "e.g. the" and "5.5 s" do not split: the next character is lowercase or there is no space.
    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z0-9`""'(])")]
    private static partial Regex EndPattern();
}
