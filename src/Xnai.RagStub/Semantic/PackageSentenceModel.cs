using SentenceTransformers;

namespace Xnai.RagStub.Semantic;

/// <summary>
/// The package's own encoder (curiosity-ai SentenceTransformers): used for arctic-embed-xs, and as the baseline
/// <see cref="MiniLmOnnxModel"/> is compared with in tests and benchmarks.
/// </summary>
public sealed class PackageSentenceModel(ISentenceEncoder encoder) : ISentenceModel
{
    /// <inheritdoc />
    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var vectors = encoder.Encode([.. texts], cancellationToken);
        foreach (var vector in vectors)
        {
            SentenceEmbedder.Normalize(vector);
        }

        return vectors;
    }

    /// <inheritdoc />
    public void Dispose() => (encoder as IDisposable)?.Dispose();
}
