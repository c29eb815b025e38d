namespace Xnai.RagStub.Search;

/// <summary>How a query's passages were ranked (the wire values are <c>keyword</c> and <c>hybrid</c>).</summary>
public enum RetrievalMode
{
    /// <summary>BM25 alone.</summary>
    Keyword,

    /// <summary>BM25 and dense similarity, fused by reciprocal rank.</summary>
    Hybrid,
}
