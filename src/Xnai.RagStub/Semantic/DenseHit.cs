namespace Xnai.RagStub.Semantic;

/// <summary>A passage ranked by cosine similarity.</summary>
/// <param name="Ordinal">Position of the passage in the index.</param>
/// <param name="Similarity">Cosine similarity to the query, -1..1.</param>
public readonly record struct DenseHit(int Ordinal, float Similarity);
