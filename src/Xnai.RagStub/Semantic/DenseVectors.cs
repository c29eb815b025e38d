using System.Numerics;
using System.Runtime.InteropServices;

namespace Xnai.RagStub.Semantic;

/// <summary>
/// Unit-length passage vectors in one flat array (ordinal-major), searched by brute force: 10,000 passages of 384
/// dimensions is under 4 M multiply-adds, a millisecond or two, so an approximate index would buy nothing here.
/// Optionally grouped by document: each document's centroid (the mean of its passages' vectors) is kept beside them,
/// so a query's mean similarity to a whole document costs one dot product, and the corpus centroid gives the query's
/// mean similarity to everything.
/// </summary>
public sealed class DenseVectors
{
    private readonly float[] _matrix;
    private readonly int[]? _groups;
    private readonly float[] _centroids;
    private readonly float[] _corpusCentroid;

    /// <summary>Copies <paramref name="vectors"/> (one per passage ordinal, all of the same length).</summary>
    /// <param name="vectors">One unit-length vector per passage ordinal.</param>
    /// <param name="groups">Optional document number (0..) of each passage; null when passages stand alone.</param>
    public DenseVectors(IReadOnlyList<float[]> vectors, IReadOnlyList<int>? groups = null)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        Count = vectors.Count;
        Dimensions = Count == 0 ? 0 : vectors[0].Length;
        if (groups is not null && groups.Count != Count)
        {
            throw new ArgumentException($"{groups.Count} group numbers for {Count} vectors.", nameof(groups));
        }

        _matrix = new float[Count * Dimensions];
        for (var i = 0; i < Count; i++)
        {
            if (vectors[i].Length != Dimensions)
            {
                throw new ArgumentException($"Vector {i} has {vectors[i].Length} dimensions, expected {Dimensions}.", nameof(vectors));
            }

            vectors[i].CopyTo(_matrix, i * Dimensions);
        }

        _corpusCentroid = new float[Dimensions];
        _groups = groups?.ToArray();
        var groupCount = _groups is { Length: > 0 } ? _groups.Max() + 1 : 0;
        _centroids = new float[groupCount * Dimensions];
        var members = new int[groupCount];
        for (var i = 0; i < Count; i++)
        {
            var vector = _matrix.AsSpan(i * Dimensions, Dimensions);
            Accumulate(_corpusCentroid, vector, Count);
            if (_groups is not null)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(_groups[i], nameof(groups));
                members[_groups[i]]++;
            }
        }

        for (var i = 0; _groups is not null && i < Count; i++)
        {
            Accumulate(_centroids.AsSpan(_groups[i] * Dimensions, Dimensions), _matrix.AsSpan(i * Dimensions, Dimensions), members[_groups[i]]);
        }
    }

    /// <summary>Number of passages.</summary>
    public int Count { get; }

    /// <summary>Length of every vector.</summary>
    public int Dimensions { get; }

    /// <summary>
    /// The <paramref name="topN"/> passages that best match the unit-length <paramref name="query"/>, best first, ordered
    /// by similarity plus <paramref name="documentContext"/> times the query's mean similarity to the passage's document
    /// (ignored when the vectors are not grouped); with the ranking's <see cref="DenseRanking.Specificity"/>.
    /// </summary>
    public DenseRanking Search(ReadOnlySpan<float> query, int topN, float documentContext = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(topN, 1);
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"The query has {query.Length} dimensions, the passages {Dimensions}.", nameof(query));
        }

        var context = _groups is null ? 0 : documentContext;
        var groupSimilarity = new float[context == 0 ? 0 : _centroids.Length / Math.Max(Dimensions, 1)];
        for (var group = 0; group < groupSimilarity.Length; group++)
        {
            groupSimilarity[group] = Dot(query, _centroids.AsSpan(group * Dimensions, Dimensions));
        }

        // A min-heap of the best N seen so far: memory stays O(N) whatever the corpus size.
        var best = new PriorityQueue<DenseHit, float>(topN + 1);
        var bestSimilarity = float.NegativeInfinity;
        for (var ordinal = 0; ordinal < Count; ordinal++)
        {
            var similarity = Dot(query, _matrix.AsSpan(ordinal * Dimensions, Dimensions));
            bestSimilarity = Math.Max(bestSimilarity, similarity);
            var score = context == 0 ? similarity : similarity + (context * groupSimilarity[_groups![ordinal]]);
            if (best.Count < topN)
            {
                best.Enqueue(new DenseHit(ordinal, similarity, score), score);
            }
            else if (best.TryPeek(out _, out var worst) && score > worst)
            {
                best.DequeueEnqueue(new DenseHit(ordinal, similarity, score), score);
            }
        }

        var hits = new DenseHit[best.Count];
        for (var i = hits.Length - 1; i >= 0; i--)
        {
            hits[i] = best.Dequeue();
        }

        var specificity = Count == 0 ? 0 : bestSimilarity - Dot(query, _corpusCentroid);
        return new DenseRanking(hits, Fallback: false, specificity);
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

    // Adds vector / count into a running mean.
    private static void Accumulate(Span<float> mean, ReadOnlySpan<float> vector, int count)
    {
        for (var d = 0; d < mean.Length; d++)
        {
            mean[d] += vector[d] / count;
        }
    }
}
