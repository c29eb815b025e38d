using Xnai.RagStub.Knowledge;

namespace Xnai.RagStub.Search;

/// <summary>An answer and the passages it came from, best first; empty sources when nothing matched.</summary>
/// <param name="Answer">The answer, each sentence ending in its citation marker (<c>[1]</c> = the first source), or <see cref="KnowledgeRetriever.NoMatchAnswer"/>.</param>
/// <param name="Sources">Ranked passages.</param>
public sealed record RetrievalResult(string Answer, IReadOnlyList<RetrievedPassage> Sources)
{
    /// <summary>The honest "nothing relevant" result.</summary>
    public static RetrievalResult NoMatch { get; } = new(KnowledgeRetriever.NoMatchAnswer, []);

    /// <summary>True when at least one passage matched.</summary>
    public bool Matched => Sources.Count > 0;

    /// <summary>How the passages were ranked.</summary>
    public RetrievalMode Retrieval { get; init; } = RetrievalMode.Keyword;

    /// <summary>True when the answer is keyword-only because the semantic tier was not available (warming, failing, breaker open).</summary>
    public bool SemanticFallback { get; init; }

    /// <summary>Why the answer is keyword-only when the tier chose not to rank this query (e.g. "semantic tier busy"); null otherwise.</summary>
    public string? RetrievalReason { get; init; }
}

/// <summary>A ranked passage with its score and a snippet starting at its best sentence.</summary>
/// <param name="Passage">The passage.</param>
/// <param name="Score">BM25 score, or the fused reciprocal-rank score in hybrid retrieval.</param>
/// <param name="Snippet">Readable excerpt, at most about 240 characters.</param>
public sealed record RetrievedPassage(Passage Passage, float Score, string Snippet)
{
    /// <summary>The sentences of this source the answer quotes (what its citation marker points at); empty when none.</summary>
    public IReadOnlyList<string> Quoted { get; init; } = [];
}
