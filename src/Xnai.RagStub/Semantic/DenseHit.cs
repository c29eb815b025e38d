namespace Xnai.RagStub.Semantic;

/// <summary>A passage ranked by meaning.</summary>
/// <param name="Ordinal">Position of the passage in the index.</param>
/// <param name="Similarity">Cosine similarity of the passage to the query, -1..1.</param>
/// <param name="Score">
/// What the ranking orders by: <see cref="Similarity"/> plus the document-context share times the query's mean
/// similarity to the passage's whole document (equal to <see cref="Similarity"/> when no context is asked for).
/// </param>
public readonly record struct DenseHit(int Ordinal, float Similarity, float Score);
