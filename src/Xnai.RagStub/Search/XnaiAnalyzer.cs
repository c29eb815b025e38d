using System.Text.RegularExpressions;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace Xnai.RagStub.Search;

/// <summary>
/// English analysis (possessives, stop words, Porter stemming) with question words added to the stop set:
/// "how do I …" would otherwise match every passage that says "how" and hide an honest no-match.
/// </summary>
internal static partial class XnaiAnalyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private static readonly string[] QuestionWords =
    [
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how",
        "do", "does", "did", "doing", "done", "i", "me", "my", "we", "our", "us", "you", "your",
        "can", "could", "should", "would", "shall", "may", "might", "must", "has", "have", "had",
        "am", "been", "being", "about", "tell", "explain", "please", "so", "than", "too", "very", "its",
        "there", "here", "get", "gets", "got", "happens", "happen", "mean", "means", "many", "much",
    ];

    public static Analyzer Create()
    {
        var stopWords = new CharArraySet(Version, EnglishAnalyzer.DefaultStopSet.Count + QuestionWords.Length, ignoreCase: true);
        stopWords.UnionWith(EnglishAnalyzer.DefaultStopSet);
        stopWords.UnionWith(QuestionWords);
        return new EnglishAnalyzer(Version, stopWords);
    }

    /// <summary>The analysed terms of <paramref name="text"/>, in order, duplicates kept.</summary>
    public static List<string> Tokens(Analyzer analyzer, string field, string text)
    {
        var tokens = new List<string>();
        using var stream = analyzer.GetTokenStream(field, Expand(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add(term.ToString());
        }

        stream.End();
        return tokens;
    }

    /// <summary>
    /// Adds the parts of snake_case names after the name itself ("rag_api" → "rag_api rag api"):
    /// the tokenizer keeps "rag_api" whole, and people ask about "the RAG breaker".
    /// </summary>
    public static string Expand(string text) =>
        text.Contains('_', StringComparison.Ordinal) ? SnakeCasePattern().Replace(text, m => $"{m.Value} {m.Value.Replace('_', ' ')}") : text;

    /// <summary>Adds the words of CamelCase names after the name ("MaxBreakDuration" → "MaxBreakDuration Max Break Duration").</summary>
    public static string ExpandCamelCase(string text) =>
        CamelCasePattern().Replace(text, m => $"{m.Value} {CamelCaseBoundary().Replace(m.Value, " ")}");

    [GeneratedRegex(@"\b[A-Z]?[a-z]+(?:[A-Z][a-z]+)+\b")]
    private static partial Regex CamelCasePattern();

    [GeneratedRegex(@"(?<=[a-z])(?=[A-Z])")]
    private static partial Regex CamelCaseBoundary();

    [GeneratedRegex(@"\w+(?:_\w+)+")]
    private static partial Regex SnakeCasePattern();
}
