namespace Xnai.RagStub.Search;

/// <summary>
/// Answers a question from the index: ranks passages with BM25, decides honestly whether any is relevant, and hands
/// the ranking to the <see cref="IAnswerComposer"/>, which writes the answer and picks the sources.
/// </summary>
public sealed class KnowledgeRetriever(KnowledgeIndex index, IAnswerComposer composer)
{
    /// <summary>The answer given when no passage is relevant.</summary>
    public const string NoMatchAnswer =
        "I could not find a relevant passage in the knowledge base for that question, so I would rather not guess. "
        + "Try other words, or ask about circuit breakers, fallbacks, runbooks, metrics, the API, voice or deployment.";

    // Share of the query's weight (by IDF) the best passage must contain to count as a match.
    internal const double MinCoverage = 0.2;

    // Ranked passages read per source asked for.
    private const int CandidatesPerSource = 4;

    /// <summary>The composer that turns ranked passages into the answer.</summary>
    public IAnswerComposer Composer => composer;

    /// <summary>The index this retriever reads.</summary>
    public KnowledgeIndex Index => index;

    /// <summary>Ranks passages for <paramref name="query"/> with BM25 and composes the answer.</summary>
    public RetrievalResult Ask(string query, int topK)
    {
        query = composer.Question(query);
        var terms = index.QueryTerms(query);
        var hits = index.Search(terms, topK * CandidatesPerSource);
        return IsMatch(terms, hits) ? composer.Compose(query, terms, hits, topK) : RetrievalResult.NoMatch;
    }

    /// <summary>True when the best BM25 hit holds enough of the query's weight to be worth answering from.</summary>
    internal bool IsMatch(IReadOnlyList<string> terms, IReadOnlyList<SearchHit> bm25Hits) => CoverageOf(terms, bm25Hits) >= MinCoverage;

    /// <summary>Share of the query's IDF weight held by the best BM25 hit (0 when there is none): BM25's own confidence.</summary>
    internal double CoverageOf(IReadOnlyList<string> terms, IReadOnlyList<SearchHit> bm25Hits) =>
        bm25Hits.Count == 0 ? 0 : Coverage(Weighted(terms), index.TermsOf(bm25Hits[0]).AllTerms);

    // Term id → IDF weight; terms no passage contains still weigh in the coverage (they are what is missing).
    private (int Id, double Weight)[] Weighted(IReadOnlyList<string> terms) =>
        [.. terms.Select(t => (Id: index.TermId(t), Weight: index.Idf(t)))];

    private static double Coverage((int Id, double Weight)[] terms, int[] present)
    {
        double total = 0, matched = 0;
        foreach (var (id, weight) in terms)
        {
            total += weight;
            matched += Contains(present, id) ? weight : 0;
        }

        return total == 0 ? 0 : matched / total;
    }

    private static bool Contains(int[] sortedIds, int id) => id >= 0 && Array.BinarySearch(sortedIds, id) >= 0;
}
