using Xnai.RagStub.Search;

namespace Xnai.RagStub.Semantic;

/// <summary>
/// Unit-length vectors of every passage's sentences (the passage's sentences in reading order, passages by ordinal),
/// in one flat array, built at ingestion beside the passage vectors and cached with them. A question's similarity to a
/// sentence is then one dot product on the hot path (<see cref="For"/>).
/// </summary>
public sealed class SentenceVectors
{
    private readonly float[] _matrix;
    private readonly int[] _starts;

    /// <summary>
    /// Copies <paramref name="vectors"/>: passage <c>p</c>'s sentences are <c>vectors[starts[p] .. starts[p + 1])</c>
    /// (<paramref name="starts"/> has one entry more than there are passages).
    /// </summary>
    public SentenceVectors(IReadOnlyList<float[]> vectors, IReadOnlyList<int> starts)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(starts);
        if (starts.Count == 0 || starts[^1] != vectors.Count)
        {
            throw new ArgumentException($"The last start must be the vector count ({vectors.Count}).", nameof(starts));
        }

        Dimensions = vectors.Count == 0 ? 0 : vectors[0].Length;
        _matrix = new float[vectors.Count * Dimensions];
        for (var i = 0; i < vectors.Count; i++)
        {
            if (vectors[i].Length != Dimensions)
            {
                throw new ArgumentException($"Vector {i} has {vectors[i].Length} dimensions, expected {Dimensions}.", nameof(vectors));
            }

            vectors[i].CopyTo(_matrix, i * Dimensions);
        }

        _starts = [.. starts];
    }

    /// <summary>Length of every vector.</summary>
    public int Dimensions { get; }

    /// <summary>The sentences' similarity to the unit-length <paramref name="question"/> vector.</summary>
    public ISentenceMeaning For(float[] question)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (question.Length != Dimensions)
        {
            throw new ArgumentException($"The question has {question.Length} dimensions, the sentences {Dimensions}.", nameof(question));
        }

        return new Meaning(this, question);
    }

    private float? Similarity(float[] question, int ordinal, int position)
    {
        if (ordinal < 0 || ordinal + 1 >= _starts.Length || position < 0 || _starts[ordinal] + position >= _starts[ordinal + 1])
        {
            return null;
        }

        return DenseVectors.Dot(question, _matrix.AsSpan((_starts[ordinal] + position) * Dimensions, Dimensions));
    }

    private sealed class Meaning(SentenceVectors vectors, float[] question) : ISentenceMeaning
    {
        public float? Similarity(int ordinal, int position) => vectors.Similarity(question, ordinal, position);
    }
}
