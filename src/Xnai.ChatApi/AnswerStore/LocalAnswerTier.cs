namespace Xnai.ChatApi.AnswerStore;

/// <summary>
/// The in-process tier: the newest <see cref="LastGoodAnswersOptions.LocalMaxEntries"/> answers this replica wrote, with
/// their vectors. It serves when Redis is down as well; when full, the oldest answer is dropped. Thread-safe.
/// </summary>
public sealed class LocalAnswerTier(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (StoredAnswer Entry, float[]? Vector)> _entries = new(StringComparer.Ordinal);

    public int Capacity { get; } = capacity;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Keeps <paramref name="entry"/> under <paramref name="key"/>, replacing an older answer to the same query.</summary>
    public void Put(string key, StoredAnswer entry, float[]? vector)
    {
        lock (_gate)
        {
            _entries[key] = (entry, vector);
            if (_entries.Count > Capacity)
            {
                // O(capacity) on overflow only; the tier is small by design.
                var oldest = _entries.MinBy(e => e.Value.Entry.AnsweredAt).Key;
                _entries.Remove(oldest);
            }
        }
    }

    public StoredAnswer? Get(string key)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(key, out var found) ? found.Entry : null;
        }
    }

    /// <summary>A copy of the entries that have a vector, for a semantic scan.</summary>
    public IReadOnlyList<(string Key, StoredAnswer Entry, float[] Vector)> WithVectors()
    {
        lock (_gate)
        {
            return [.. _entries.Where(e => e.Value.Vector is not null).Select(e => (e.Key, e.Value.Entry, e.Value.Vector!))];
        }
    }
}
