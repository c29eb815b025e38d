using Xnai.RagStub.Knowledge;

namespace Xnai.RagStub.Search;

/// <summary>One ranked passage.</summary>
/// <param name="Passage">The passage.</param>
/// <param name="Score">Its BM25 score for the query.</param>
/// <param name="Ordinal">Position of the passage in the index.</param>
public readonly record struct SearchHit(Passage Passage, float Score, int Ordinal);
