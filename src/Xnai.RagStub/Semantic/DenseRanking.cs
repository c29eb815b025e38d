namespace Xnai.RagStub.Semantic;

/// <summary>A dense ranking, or none with the reason.</summary>
/// <param name="Hits">Passages best first; empty when the tier could not rank.</param>
/// <param name="Fallback">True when the tier should have ranked but could not (warming, failing, breaker open).</param>
/// <param name="Specificity">
/// How far the most similar passage stands above the query's mean similarity to the whole corpus (0 when there is no
/// ranking). Raw cosine is a poor "is this on topic" signal because its baseline moves with the query — short or
/// generic questions are similar to everything — so the relevance gate reads this difference instead.
/// </param>
public sealed record DenseRanking(IReadOnlyList<DenseHit> Hits, bool Fallback = false, float Specificity = 0)
{
    /// <summary>The tier is switched off by configuration: keyword-only by design, not a fallback.</summary>
    public static DenseRanking Disabled { get; } = new([], false);

    /// <summary>The tier is not available right now.</summary>
    public static DenseRanking Unavailable { get; } = new([], true);

    /// <summary>True when there is a ranking to fuse.</summary>
    public bool Ranked => Hits.Count > 0;
}
