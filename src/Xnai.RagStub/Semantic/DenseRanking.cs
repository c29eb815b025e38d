namespace Xnai.RagStub.Semantic;

/// <summary>A dense ranking, or none with the reason.</summary>
/// <param name="Hits">Passages best first; empty when the tier could not rank.</param>
/// <param name="Fallback">True when the tier should have ranked but could not (warming, failing, breaker open).</param>
/// <param name="Specificity">
/// How far the most similar passage stands above the query's mean similarity to the whole corpus (0 when there is no
/// ranking). Raw cosine is a poor "is this on topic" signal because its baseline moves with the query — short or
/// generic questions are similar to everything — so the relevance gate reads this difference instead.
/// </param>
/// <param name="Reason">Why there is no ranking when the tier chose not to rank (e.g. <see cref="SemanticTierBusyException.Reason"/>); null otherwise.</param>
public sealed record DenseRanking(IReadOnlyList<DenseHit> Hits, bool Fallback = false, float Specificity = 0, string? Reason = null)
{
    /// <summary>The tier is switched off by configuration: keyword-only by design, not a fallback.</summary>
    public static DenseRanking Disabled { get; } = new([], false);

    /// <summary>The tier is not available right now.</summary>
    public static DenseRanking Unavailable { get; } = new([], true);

    /// <summary>The encoder was too busy to answer this query within its deadline: keyword-only, counted as shed.</summary>
    public static DenseRanking Shed { get; } = new([], true, 0, SemanticTierBusyException.Reason);

    /// <summary>True when there is a ranking to fuse.</summary>
    public bool Ranked => Hits.Count > 0;
}
