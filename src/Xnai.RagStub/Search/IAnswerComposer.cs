namespace Xnai.RagStub.Search;

/// <summary>
/// Turns a ranking into the answer: the sentences that answer <c>question</c>, each citing its source, and the sources
/// (documents) the reader can open. Implemented outside Search (<c>Xnai.RagStub.Answers</c>) so the retrievers only
/// rank and the dependency runs one way.
/// </summary>
public interface IAnswerComposer
{
    /// <summary>
    /// The question the ranking and the answer are for, read from <paramref name="query"/> as the caller sent it (a
    /// follow-up and its context, say). The retrievers rank what this returns; by default the query itself.
    /// </summary>
    string Question(string query) => query;

    /// <summary>The answer to <paramref name="question"/> from <paramref name="ranked"/> (best first), with up to <paramref name="topK"/> sources.</summary>
    /// <param name="question">The question as asked (with any conversation context the caller put in it).</param>
    /// <param name="terms">The question's analysed terms, as the ranking used them.</param>
    /// <param name="ranked">Ranked passages, best first; never empty when the retriever found a match.</param>
    /// <param name="topK">How many sources to return at most.</param>
    /// <param name="matchedByMeaning">
    /// True when the retriever's meaning-based gate already judged the question answerable (the hybrid ranking's best
    /// passage stands out from the corpus by meaning): a paraphrase that shares few words with the answering sentence is
    /// then still answered from the best document, not declined for want of shared words.
    /// </param>
    RetrievalResult Compose(string question, IReadOnlyList<string> terms, IReadOnlyList<SearchHit> ranked, int topK, bool matchedByMeaning = false);
}
