using Xnai.RagStub.Knowledge;

namespace Xnai.RagStub.Search;

/// <summary>Which document each passage belongs to, as dense numbers, so per-document sums are array lookups.</summary>
internal sealed class PassageDocuments
{
    private readonly int[] _documentOf;

    public PassageDocuments(IReadOnlyList<Passage> passages)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        _documentOf = new int[passages.Count];
        for (var ordinal = 0; ordinal < passages.Count; ordinal++)
        {
            if (!numbers.TryGetValue(passages[ordinal].DocumentId, out var number))
            {
                number = numbers.Count;
                numbers.Add(passages[ordinal].DocumentId, number);
            }

            _documentOf[ordinal] = number;
        }

        Count = numbers.Count;
    }

    /// <summary>Number of documents.</summary>
    public int Count { get; }

    /// <summary>Number of passages.</summary>
    public int PassageCount => _documentOf.Length;

    /// <summary>The document number of the passage at <paramref name="ordinal"/>.</summary>
    public int Of(int ordinal) => _documentOf[ordinal];
}
