using System.Text;
using Xnai.RagStub.Knowledge;

namespace Xnai.RagStub.Search;

/// <summary>
/// Answers a question from the index: ranks passages, decides honestly whether any is relevant,
/// and builds an extractive answer from the best sentences of the top passages.
/// </summary>
public sealed class KnowledgeRetriever(KnowledgeIndex index)
{
    /// <summary>The answer given when no passage is relevant.</summary>
    public const string NoMatchAnswer =
        "I could not find a relevant passage in the knowledge base for that question, so I would rather not guess. "
        + "Try other words, or ask about circuit breakers, fallbacks, runbooks, metrics, the API, voice or deployment.";

    // Share of the query's weight (by IDF) the best passage must contain to count as a match.
    internal const double MinCoverage = 0.2;

    private const int MaxAnswerSentences = 3;
    private const int MaxAnswerChars = 600;
    private const int SnippetChars = 240;

    /// <summary>The index this retriever reads.</summary>
    public KnowledgeIndex Index => index;

    /// <summary>Ranks passages for <paramref name="query"/> and composes the answer.</summary>
    public RetrievalResult Ask(string query, int topK)
    {
        var terms = index.QueryTerms(query);
        var hits = index.Search(terms, topK);
        if (hits.Count == 0 || Coverage(terms, hits[0].Passage) < MinCoverage)
        {
            return RetrievalResult.NoMatch;
        }

        var weights = terms.ToDictionary(t => t, index.Idf, StringComparer.Ordinal);
        var scored = hits.Select((hit, rank) => ScoreSentences(hit, rank, hits[0].Score, weights)).ToList();
        var sources = hits.Select((hit, rank) => new RetrievedPassage(hit.Passage, hit.Score, Snippet(scored[rank]))).ToList();
        return new RetrievalResult(Compose(scored), sources);
    }

    private double Coverage(IReadOnlyList<string> terms, Passage passage)
    {
        var present = XnaiAnalyzer.Tokens(index.Analyzer, KnowledgeIndex.BodyField, KnowledgeIndex.IndexedBody(passage))
            .ToHashSet(StringComparer.Ordinal);
        double total = 0, matched = 0;
        foreach (var term in terms)
        {
            var weight = index.Idf(term);
            total += weight;
            matched += present.Contains(term) ? weight : 0;
        }

        return total == 0 ? 0 : matched / total;
    }

    private List<ScoredSentence> ScoreSentences(SearchHit hit, int rank, float topScore, Dictionary<string, double> weights)
    {
        var relative = hit.Score / topScore;
        return Sentences.Split(hit.Passage.Text).Select((sentence, position) =>
        {
            var tokens = XnaiAnalyzer.Tokens(index.Analyzer, KnowledgeIndex.BodyField, sentence).ToHashSet(StringComparer.Ordinal);
            var weight = tokens.Sum(t => weights.GetValueOrDefault(t));
            // Fragments ("Example:", a bare command) rarely answer anything on their own.
            var shape = tokens.Count < 4 ? 0.5 : 1.0;
            return new ScoredSentence(sentence, rank, position, weight * relative * shape);
        }).ToList();
    }

    private static string Compose(List<List<ScoredSentence>> scored)
    {
        var candidates = scored.SelectMany(s => s).Where(s => s.Score > 0).OrderByDescending(s => s.Score).ToList();
        if (candidates.Count == 0)
        {
            // The match was on a title or heading only: the passage's opening is the best we have.
            candidates = scored[0].Take(2).ToList();
        }

        var best = candidates[0].Score;
        var chosen = new List<ScoredSentence>();
        var length = 0;
        foreach (var candidate in candidates)
        {
            if (chosen.Count == MaxAnswerSentences || (chosen.Count > 0 && candidate.Score < best * 0.35))
            {
                break;
            }

            if (chosen.Any(c => string.Equals(c.Text, candidate.Text, StringComparison.OrdinalIgnoreCase))
                || (chosen.Count > 0 && length + candidate.Text.Length > MaxAnswerChars))
            {
                continue;
            }

            chosen.Add(candidate);
            length += candidate.Text.Length + 1;
        }

        // Read in document order: passage rank first, then the order the sentences appear in.
        var answer = new StringBuilder();
        foreach (var sentence in chosen.OrderBy(s => s.Rank).ThenBy(s => s.Position))
        {
            answer.Append(answer.Length > 0 ? " " : string.Empty).Append(Terminated(sentence.Text));
        }

        return answer.ToString();
    }

    private static string Terminated(string sentence)
    {
        var text = sentence.TrimEnd(':', ';', ',', ' ');
        var open = text.Length > 0 && (char.IsLetterOrDigit(text[^1]) || text[^1] is '`' or ')' or '"');
        return open ? text + "." : text;
    }

    // The snippet starts at the passage's best sentence so the caller sees why it matched.
    private static string Snippet(List<ScoredSentence> sentences)
    {
        if (sentences.Count == 0)
        {
            return string.Empty;
        }

        var best = sentences.MaxBy(s => s.Score)!;
        var start = best.Score > 0 ? best.Position : 0;
        var text = string.Join(" ", sentences.Skip(start).Select(s => s.Text));
        if (text.Length <= SnippetChars)
        {
            return (start > 0 ? "…" : string.Empty) + text;
        }

        var cut = text.LastIndexOf(' ', SnippetChars);
        return (start > 0 ? "…" : string.Empty) + text[..(cut > SnippetChars / 2 ? cut : SnippetChars)].TrimEnd(',', ';', ':') + "…";
    }

    private sealed record ScoredSentence(string Text, int Rank, int Position, double Score);
}
