using Xnai.RagStub.Knowledge;

namespace Xnai.RagStub.Search;

/// <summary>One ranked passage.</summary>
/// <param name="Passage">The passage.</param>
/// <param name="Score">Its BM25 score for the query.</param>
public readonly record struct SearchHit(Passage Passage, float Score);
