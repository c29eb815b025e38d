namespace Xnai.RagStub.Semantic;

/// <summary>Where the semantic tier stands; read by retrieval, health and metrics.</summary>
public enum SemanticTierState
{
    /// <summary>Passage vectors are being loaded or computed; queries are answered with BM25 alone.</summary>
    Warming,

    /// <summary>Vectors are ready: queries are hybrid unless the tier's breaker is open.</summary>
    Ready,

    /// <summary>Building the vectors failed (for example the model would not load); retried in the background.</summary>
    Failed,

    /// <summary>Switched off by configuration.</summary>
    Disabled,
}
