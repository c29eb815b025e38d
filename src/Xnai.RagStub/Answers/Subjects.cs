using System.Text.RegularExpressions;
using Xnai.RagStub.Knowledge;

namespace Xnai.RagStub.Answers;

/// <summary>
/// Which dependency a question or a sentence is about (rag_api, redis, voice_processing), in the words people use for
/// each. "How long does the redis breaker stay open?" must not be answered from the voice breaker's document, and a
/// follow-up ("and the redis one? …", the new message first, then the previous one) is about the subject it names first.
/// </summary>
internal static partial class Subjects
{
    /// <summary>The subject the question names first (the current message comes before its context), or null.</summary>
    public static string? Of(string question)
    {
        var first = Pattern().Match(question);
        return first.Success ? Name(first) : null;
    }

    /// <summary>Every subject <paramref name="text"/> names.</summary>
    public static HashSet<string> Named(string text)
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in Pattern().Matches(text))
        {
            named.Add(Name(match));
        }

        return named;
    }

    /// <summary>
    /// True when <paramref name="sentence"/> is about another subject than <paramref name="subject"/>: it names others and
    /// not this one, or, naming none, its document's title does.
    /// </summary>
    public static bool Differs(string? subject, string sentence, Passage passage)
    {
        if (subject is null)
        {
            return false;
        }

        var named = Named(sentence);
        if (named.Count == 0)
        {
            named = Named(passage.DocumentTitle);
        }

        return named.Count > 0 && !named.Contains(subject);
    }

    /// <summary><paramref name="text"/> with every subject it names replaced by the words people use for <paramref name="subject"/>.</summary>
    public static string Replace(string text, string subject)
    {
        var words = subject switch { "rag_api" => "knowledge base", "redis" => "Redis", _ => "voice" };
        return Pattern().Replace(text, words);
    }

    private static string Name(Match match) =>
        match.Groups["rag"].Success ? "rag_api" : match.Groups["redis"].Success ? "redis" : "voice_processing";

    [GeneratedRegex(
        @"(?<rag>\brag(_api)?\b|\bknowledge[ -]base\b)|(?<redis>\bredis\b|\bsession store\b)|(?<voice>\bvoice(_processing)?\b|\bspeech\b|\bspoken\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
