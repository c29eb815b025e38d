using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Xnai.ChatApi.AnswerStore;

/// <summary>
/// Decides whether a stored question may answer a new one during a knowledge-base outage (issue 30). A stored answer
/// is served only when the normalised queries are equal, or when their embeddings are close enough AND their key terms
/// (breaker and service names, metric names, numbers, endpoints, status codes) are the same: "how long does the redis
/// breaker stay open" must never get the voice breaker's answer, however similar the sentences look to the model.
/// </summary>
public static partial class AnswerMatcher
{
    /// <summary>
    /// Cosine similarity at or above which two questions with equal key terms count as the same. Measured on
    /// tests/Xnai.Tests/AnswerStore/pairs.json with all-MiniLM-L6-v2 (AnswerMatcherPairsTests, docs/answer-store.md):
    /// the key-term rule alone rejects all 32 near misses, but different questions about the same breaker reach 0.817
    /// ("how long does the rag_api breaker stay open" against "after how many consecutive failures does the rag_api
    /// breaker open"), so 0.80 had 1 false hit among the 960 cross pairs; 0.85 is the first step of the sweep with none,
    /// at a hit rate of 19/32 on the same-meaning pairs. A missed match costs an apology; a false one, a wrong answer.
    /// </summary>
    public const double DefaultSimilarityThreshold = 0.85;

    // Synonyms folded to one canonical key term, so "rag" and "rag_api" or "knowledge base" are the same service.
    private static readonly (string Pattern, string Term)[] Canonical =
    [
        (@"\b(rag_api|rag api|rag|knowledge base|knowledge-base)\b", "svc:rag"),
        (@"\b(redis|session store|session-store|cache)\b", "svc:redis"),
        (@"\b(voice_processing|voice processing|voice)\b", "svc:voice"),
        (@"\b(text-to-speech|text to speech|tts)\b", "voice:tts"),
        (@"\b(speech-to-text|speech to text|stt)\b", "voice:stt"),
        // The breaker's rules are named things too: the error-rate rule's answer is not the slow-call rule's.
        (@"\berror[- ]rate\b", "rule:error-rate"),
        (@"\bslow[- ]?call", "rule:slow-call"),
        (@"\bcircuit_breaker_[a-z_]+\b", "metric"),
        (@"/[a-z][a-z0-9_/\-]*", "path"),
        (@"\b\d+(\.\d+)?\b", "num"),
    ];

    /// <summary>Lower case, whitespace collapsed, trailing punctuation and "error-rate"/"error rate" hyphen differences removed.</summary>
    public static string Normalize(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var lower = query.Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);
        lower = NotWordRegex().Replace(lower, " ");
        return SpaceRegex().Replace(lower, " ").Trim();
    }

    /// <summary>The key terms of a query: canonical service names, metric names, endpoint paths and numbers.</summary>
    public static IReadOnlySet<string> KeyTerms(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = query.ToLower(CultureInfo.InvariantCulture);
        var terms = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (pattern, kind) in Canonical)
        {
            foreach (Match m in Regex.Matches(text, pattern, RegexOptions.CultureInvariant))
            {
                terms.Add(kind.StartsWith("svc:", StringComparison.Ordinal) || kind.StartsWith("voice:", StringComparison.Ordinal) || kind.StartsWith("rule:", StringComparison.Ordinal)
                    ? kind
                    : kind + ":" + m.Value.TrimEnd('/', '?', '.'));
            }
        }

        return terms;
    }

    /// <summary>True when the two queries name different key terms (different services, metrics, paths or numbers).</summary>
    public static bool KeyTermsDiffer(string a, string b) => !KeyTerms(a).SetEquals(KeyTerms(b));

    /// <summary>
    /// The decision: exact on the normalised query, else <paramref name="similarity"/> (cosine of unit vectors, null when
    /// the embedder is unavailable or timed out) at or above <paramref name="threshold"/> with equal key terms.
    /// </summary>
    public static MatchKind Match(string stored, string asked, double? similarity, double threshold = DefaultSimilarityThreshold)
    {
        if (string.Equals(Normalize(stored), Normalize(asked), StringComparison.Ordinal))
        {
            return MatchKind.Exact;
        }

        if (similarity is not { } s || s < threshold || KeyTermsDiffer(stored, asked))
        {
            return MatchKind.None;
        }

        return MatchKind.Semantic;
    }

    [GeneratedRegex(@"[^\p{L}\p{N}_/%]+")]
    private static partial Regex NotWordRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex SpaceRegex();
}

/// <summary>How a stored answer matched a new question.</summary>
public enum MatchKind
{
    /// <summary>No match: the caller falls back to today's apology.</summary>
    None,

    /// <summary>Same normalised query.</summary>
    Exact,

    /// <summary>Close embeddings and the same key terms.</summary>
    Semantic,
}
