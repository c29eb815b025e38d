using System.Numerics;
using System.Runtime.InteropServices;

namespace Xnai.RagStub.Semantic;

/// <summary>
/// Unit-length passage vectors in one flat array (ordinal-major), searched by brute force: 10,000 passages of 384
/// dimensions is under 4 M multiply-adds, a millisecond or two, so an approximate index would buy nothing here.
/// </summary>
public sealed class DenseVectors
{
    private readonly float[] _matrix;

    /// <summary>Copies <paramref name="vectors"/> (one per passage ordinal, all of the same length).</summary>
    public DenseVectors(IReadOnlyList<float[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        Count = vectors.Count;
        Dimensions = Count == 0 ? 0 : vectors[0].Length;
        _matrix = new float[Count * Dimensions];
        for (var i = 0; i < Count; i++)
        {
            if (vectors[i].Length != Dimensions)
            {
                throw new ArgumentException($"Vector {i} has {vectors[i].Length} dimensions, expected {Dimensions}.", nameof(vectors));
            }

            vectors[i].CopyTo(_matrix, i * Dimensions);
        }
    }

    /// <summary>Number of passages.</summary>
    public int Count { get; }

    /// <summary>Length of every vector.</summary>
    public int Dimensions { get; }

    /// <summary>The <paramref name="topN"/> most similar passages to the unit-length <paramref name="query"/>, best first.</summary>
    public IReadOnlyList<DenseHit> Search(ReadOnlySpan<float> query, int topN)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(topN, 1);
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"The query has {query.Length} dimensions, the passages {Dimensions}.", nameof(query));
        }

        // A min-heap of the best N seen so far: memory stays O(N) whatever the corpus size.
        var best = new PriorityQueue<int, float>(topN + 1);
        for (var ordinal = 0; ordinal < Count; ordinal++)
        {
            var similarity = Dot(query, _matrix.AsSpan(ordinal * Dimensions, Dimensions));
            if (best.Count < topN)
            {
                best.Enqueue(ordinal, similarity);
            }
            else if (best.TryPeek(out _, out var worst) && similarity > worst)
            {
                best.DequeueEnqueue(ordinal, similarity);
            }
        }

        var hits = new DenseHit[best.Count];
        for (var i = hits.Length - 1; i >= 0; i--)
        {
            best.TryDequeue(out var ordinal, out var similarity);
            hits[i] = new DenseHit(ordinal, similarity);
        }

        return hits;
    }

    /// <summary>Dot product of two equal-length spans, vectorised.</summary>
    internal static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        for (; i < va.Length; i++)
        {
            sum += va[i] * vb[i];
        }

        var total = Vector.Sum(sum);
        for (i *= Vector<float>.Count; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }
}
