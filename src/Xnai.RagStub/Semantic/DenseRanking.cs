namespace Xnai.RagStub.Semantic;

/// <summary>The query's cosine similarity to every passage, or none with the reason.</summary>
/// <param name="Similarities">Cosine similarity per passage ordinal; empty when the tier could not rank.</param>
/// <param name="Fallback">True when the tier should have ranked but could not (warming, failing, breaker open).</param>
public sealed record DenseRanking(float[] Similarities, bool Fallback = false)
{
    /// <summary>The tier is switched off by configuration: keyword-only by design, not a fallback.</summary>
    public static DenseRanking Disabled { get; } = new([], false);

    /// <summary>The tier is not available right now.</summary>
    public static DenseRanking Unavailable { get; } = new([], true);

    /// <summary>True when there is a ranking to fuse.</summary>
    public bool Ranked => Similarities.Length > 0;

    /// <summary>
    /// How far the best passage stands above the query's mean similarity over all passages. A question the corpus
    /// answers has one passage that stands out; an off-topic one is about as far from every passage (its absolute
    /// cosines vary with the wording more than this lift does).
    /// </summary>
    public double Lift()
    {
        if (Similarities.Length == 0)
        {
            return 0;
        }

        double sum = 0, best = double.MinValue;
        foreach (var similarity in Similarities)
        {
            sum += similarity;
            best = Math.Max(best, similarity);
        }

        return best - (sum / Similarities.Length);
    }
}
