namespace Xnai.RagStub.Semantic;

/// <summary>
/// The passage vectors once they are ready, published atomically by <see cref="SemanticIndexBuilder"/>: until then
/// <see cref="Vectors"/> is null and retrieval answers with BM25 alone.
/// </summary>
public sealed class SemanticIndex
{
    private volatile Snapshot _snapshot = new(SemanticTierState.Warming, null, 0, 0);

    /// <summary>The tier's state.</summary>
    public SemanticTierState State => _snapshot.State;

    /// <summary>The vectors, or null while not ready.</summary>
    public DenseVectors? Vectors => _snapshot.Vectors;

    /// <summary>Vectors computed by the last build (0 when everything came from the cache).</summary>
    public int Computed => _snapshot.Computed;

    /// <summary>Vectors reused from the disk cache by the last build.</summary>
    public int Reused => _snapshot.Reused;

    /// <summary>Makes <paramref name="vectors"/> the ones queries use.</summary>
    public void Publish(DenseVectors vectors, int computed, int reused)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        _snapshot = new(SemanticTierState.Ready, vectors, computed, reused);
    }

    /// <summary>Marks the build failed; vectors published earlier (if any) stay in use.</summary>
    public void MarkFailed() => _snapshot = _snapshot with { State = _snapshot.Vectors is null ? SemanticTierState.Failed : SemanticTierState.Ready };

    /// <summary>Marks the tier switched off by configuration.</summary>
    public void MarkDisabled() => _snapshot = new(SemanticTierState.Disabled, null, 0, 0);

    private sealed record Snapshot(SemanticTierState State, DenseVectors? Vectors, int Computed, int Reused);
}
