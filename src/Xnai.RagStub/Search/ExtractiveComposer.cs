using System.Text;

namespace Xnai.RagStub.Search;

/// <summary>
/// The composer that shipped before issue 28, kept as the baseline the answer set and the benchmarks compare against:
/// the best-scoring sentences (query-term IDF weight times passage score) of the best document's top passages, in
/// document order, without citations. Sources are documents: the best passage of each of the top K documents.
/// </summary>
public sealed class ExtractiveComposer(KnowledgeIndex index) : IAnswerComposer
{
    private const int MaxAnswerSentences = 3;

    // Passages of the best document the answer may draw on.
    private const int MaxAnswerPassages = 3;
    private const int MaxAnswerChars = 600;
    private const int SnippetChars = 240;

    /// <inheritdoc />
    public RetrievalResult Compose(string question, IReadOnlyList<string> terms, IReadOnlyList<SearchHit> ranked, int topK, bool matchedByMeaning = false)
    {
        if (ranked.Count == 0)
        {
            return RetrievalResult.NoMatch;
        }

        var weighted = Weighted(terms);
        var best = ranked[0].Score;
        List<ScoredSentence> Scored(SearchHit hit, int rank) => ScoreSentences(index.TermsOf(hit), best > 0 ? hit.Score / best : 1, rank, weighted);

        var answer = ranked.Where(h => h.Passage.DocumentId == ranked[0].Passage.DocumentId).Take(MaxAnswerPassages).Select(Scored).ToList();
        var sources = ranked.DistinctBy(h => h.Passage.DocumentId, StringComparer.Ordinal).Take(topK)
            .Select((hit, rank) => new RetrievedPassage(hit.Passage, hit.Score, Snippet(Scored(hit, rank))))
            .ToList();
        return new RetrievalResult(Compose(answer), sources);
    }

    private (int Id, double Weight)[] Weighted(IReadOnlyList<string> terms) =>
        [.. terms.Select(t => (Id: index.TermId(t), Weight: index.Idf(t)))];

    private static List<ScoredSentence> ScoreSentences(PassageTerms passage, double relative, int rank, (int Id, double Weight)[] terms)
    {
        var sentences = new List<ScoredSentence>(passage.Sentences.Length);
        for (var position = 0; position < passage.Sentences.Length; position++)
        {
            var present = passage.SentenceTerms[position];
            var weight = 0.0;
            foreach (var (id, termWeight) in terms)
            {
                weight += Contains(present, id) ? termWeight : 0;
            }

            // Fragments ("Example:", a bare command) rarely answer anything on their own.
            var shape = present.Length < 4 ? 0.5 : 1.0;
            sentences.Add(new ScoredSentence(passage.Sentences[position], rank, position, weight * relative * shape));
        }

        return sentences;
    }

    private static bool Contains(int[] sortedIds, int id) => id >= 0 && Array.BinarySearch(sortedIds, id) >= 0;

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
